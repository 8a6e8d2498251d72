// A municipal case-management system's integration with Insyn, on @insyn/client: copy it and put your
// case system's calls where the comments say. It
//   1. listens for webhooks and verifies each one's signature (a citizen replied),
//   2. registers that listener as its unit's webhook (unless INSYN_WEBHOOK_SECRET says it already is),
//   3. opens a conversation with a citizen about a case, with an Idempotency-Key so a retry opens one,
//   4. lists the conversations changed since a time, page by page, following Link,
// and waits for webhooks until stopped (Ctrl-C), when it removes the webhook it registered.
// README.md says how to run it against `npm start`.
import {
  createInsynClient,
  idempotencyKey,
  InsynProblemError,
  pages,
  unwrap,
  verifyWebhook,
  WebhookVerificationError,
  type MessageReceivedEvent,
} from '@insyn/client';
import http from 'node:http';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`${name} is not set (see examples/case-system/README.md)`);
  return value;
}

const config = {
  identityUrl: env('INSYN_IDENTITY_URL', 'http://127.0.0.1:3002'),
  messagesUrl: env('INSYN_MESSAGES_URL', 'http://127.0.0.1:3003'),
  clientId: env('INSYN_CLIENT_ID', 'dev-console'),
  clientSecret: env('INSYN_CLIENT_SECRET'),
  /** Where this system listens for webhooks, and the URL Insyn is told (behind a proxy they differ). */
  webhookPort: Number(env('INSYN_WEBHOOK_PORT', '4040')),
  webhookUrl: process.env.INSYN_WEBHOOK_URL,
  /** A webhook registered before: its secret (from your secret store). Without it one is registered now. */
  webhookSecret: process.env.INSYN_WEBHOOK_SECRET,
  /** The citizen to write to, and the case it is about; without a personnummer no conversation is opened. */
  personnummer: process.env.INSYN_PERSONNUMMER,
  caseReference: env('INSYN_CASE_REFERENCE', 'KS 2026/1234'),
  /** The last sync's largest changedAt; by default a day ago. */
  since: env('INSYN_SINCE', new Date(Date.now() - 86_400_000).toISOString()),
};

const insyn = createInsynClient({
  services: { identity: config.identityUrl, messages: config.messagesUrl },
  credentials: { clientId: config.clientId, clientSecret: config.clientSecret },
});

// 1. The webhook receiver. The signature covers the body's exact bytes: read it raw, verify, then parse.
let webhookSecret = config.webhookSecret;
const seenEvents = new Set<string>();
const receiver = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/insyn/webhooks') return void res.writeHead(404).end();
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    if (!webhookSecret) return void res.writeHead(503).end(); // not registered yet: Insyn tries again later
    verifyWebhook<MessageReceivedEvent>(body, req.headers, webhookSecret).then(
      (event) => {
        // Delivery is at least once: an event seen before is answered 2xx and not acted on again.
        if (!seenEvents.has(event.id)) {
          seenEvents.add(event.id);
          // Your case system: note the reply on the case, e.g. fetch the conversation and file the message.
          console.log(`reply in ${event.data.conversationId} (case ${event.data.caseReference ?? '-'}) at ${event.data.receivedAt}`);
        }
        res.writeHead(204).end();
      },
      (err: unknown) => {
        console.warn(`webhook refused: ${err instanceof WebhookVerificationError ? err.reason : String(err)}`);
        res.writeHead(err instanceof WebhookVerificationError ? 400 : 500).end();
      },
    );
  });
});
await new Promise<void>((resolve) => receiver.listen(config.webhookPort, resolve));
console.log(`listening for webhooks on port ${config.webhookPort}`);

try {
  // 2. Register the webhook for the client's unit; the secret is shown this once (store it as a secret).
  let registeredId: string | undefined;
  if (!webhookSecret) {
    const url = config.webhookUrl ?? `http://127.0.0.1:${config.webhookPort}/insyn/webhooks`;
    const webhook = await unwrap(insyn.messages.POST('/v1/webhooks', { body: { url } }));
    webhookSecret = webhook.secret;
    registeredId = webhook.webhookId;
    console.log(`registered webhook ${webhook.webhookId} for unit ${webhook.unit}`);
  }

  // 3. Open a conversation about the case. Make the key once per conversation and keep it with the work
  // (e.g. on the case): if the answer is lost, the same request with the same key opens no second one.
  if (config.personnummer) {
    const key = idempotencyKey();
    const { data, error, response } = await insyn.messages.POST('/v1/conversations', {
      params: { header: { 'Idempotency-Key': key } },
      body: {
        personnummer: config.personnummer,
        subject: 'Ett meddelande i ditt ärende',
        body: 'Hej! Vi har ett besked i ditt ärende. Logga in för att läsa det.',
        caseReference: config.caseReference,
      },
    });
    if (error) throw new InsynProblemError(response.status, error, response);
    console.log(`opened conversation ${data.conversationId} for case ${config.caseReference}`);
  }

  // 4. Everything that changed since the last sync, oldest change first, following Link to the end.
  let latest = config.since;
  let count = 0;
  for await (const page of pages((next) =>
    insyn.messages.GET('/v1/conversations', { params: { query: next ?? { since: config.since, limit: 50 } } }),
  )) {
    for (const conversation of page) {
      count++;
      // Your case system: update the case this conversation belongs to.
      console.log(
        `  ${conversation.conversationId}  ${conversation.caseReference ?? '-'}  ${conversation.status}  changed ${conversation.changedAt}`,
      );
      if (conversation.changedAt > latest) latest = conversation.changedAt;
    }
  }
  console.log(`${count} conversation(s) changed since ${config.since}; next time sync from ${latest} (INSYN_SINCE)`);

  console.log('waiting for webhooks (Ctrl-C to stop)');
  process.once('SIGINT', () => {
    const remove = registeredId
      ? insyn.messages
          .DELETE('/v1/webhooks/{webhookId}', { params: { path: { webhookId: registeredId } } })
          .then(() => console.log('webhook removed'))
      : Promise.resolve();
    void remove.finally(() => receiver.close());
  });
} catch (err) {
  receiver.close();
  throw err;
}
