// Test support for the e-ID clients: a tiny HTTPS server that requires a client certificate, and
// throw-away PKIs made by @insyn/dev-pki. Not a simulator: each test scripts the replies it needs.
import fs from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  serverCa: string;
  serverCert: string;
  serverKey: string;
  rpCa: string;
  rpClientCert: string;
  rpClientKey: string;
  frejaJwsCert: string;
  frejaJwsKey: string;
}

/** Two independent PKIs (PEM texts): `trusted` is the one the client and server are set up with, `other` is an outsider. */
export async function makeTestPkis(): Promise<{ trusted: TestPki; other: TestPki; cleanup: () => void }> {
  const { ensureDevPki } = await import('@insyn/dev-pki');
  const dirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-pki-')), fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-pki-'))];
  const read = async (dir: string): Promise<TestPki> => {
    const files = await ensureDevPki(dir);
    const text = (file: string) => fs.readFileSync(file, 'utf8');
    return {
      serverCa: text(files.serverCa),
      serverCert: text(files.serverCert),
      serverKey: text(files.serverKey),
      rpCa: text(files.rpCa),
      rpClientCert: text(files.rpClientCert),
      rpClientKey: text(files.rpClientKey),
      frejaJwsCert: text(files.frejaJwsCert),
      frejaJwsKey: text(files.frejaJwsKey),
    };
  };
  const [trusted, other] = await Promise.all(dirs.map(read));
  return { trusted: trusted!, other: other!, cleanup: () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })) };
}

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
  /** CN of the client certificate the server accepted. */
  clientCn: string | undefined;
}

export interface Reply {
  status: number;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  contentType?: string;
}

/** What the server answers; `'hang'` never answers. */
export type Responder = (request: RecordedRequest) => Reply | 'hang';

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  respond: (responder: Responder) => void;
  close: () => Promise<void>;
}

/** An HTTPS server with `pki`'s server certificate that requires a client certificate from `pki`'s RP CA. */
export async function startFakeServer(pki: Pick<TestPki, 'serverCert' | 'serverKey' | 'rpCa'>): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let responder: Responder = () => ({ status: 500, body: { errorCode: 'internalError', details: 'no responder set' } });
  const server = https.createServer(
    { cert: pki.serverCert, key: pki.serverKey, ca: pki.rpCa, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
          clientCn: typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined,
        };
        requests.push(recorded);
        const reply = responder(recorded);
        if (reply === 'hang') return;
        const text = typeof reply.body === 'string' || reply.body === undefined ? (reply.body ?? '') : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
        res.end(text);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `https://127.0.0.1:${address.port}`,
    requests,
    respond: (r) => {
      responder = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
