// A consent the notice asks to be signed, end to end on the real Kafka broker and MongoDB, with the BankID
// simulator: the identity service's sign order over the exact text (QR, the phone approves), the sign
// assertion it returns verified by the rights service against identity's JWKS, the signature kept with the
// consent change and named in the signed receipt; and everything that must be refused: no signature, a
// signature over another text, another person's assertion, the same assertion twice, a signature made on
// another person's phone, Freja, another person's sign order. Withdrawing needs no signature (art. 7.3).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedTextDigest, signEvidenceDigest } from '@insyn/auth';
import { Topics } from '@insyn/contracts';
import { eventually, KafkaProbe } from '@insyn/testing';
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { portalSystem } from '../portal/portal-harness.js';
import { publishNotice } from '../rights/rights-harness.js';

const ANNA = '199908072391';
const BRITT = '195006262546';
const SIGNED = 'sms-amnesrad';

const system = await portalSystem();

interface SignView {
  orderId: string;
  status: string;
  hintCode?: string;
  message: { sv: string; en: string };
  textDigest: string;
  qr?: { content: string; svg: string };
  result?: { assertion: string; evidence: { provider: 'bankid'; signature: string; ocspResponse: string }; completedAt: string };
}
interface Problem {
  type: string;
  status: number;
  detail?: string;
}

const call = async <T>(base: string, path: string, token: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
};
const identity = <T>(path: string, token: string, init?: { method?: string; body?: unknown }) =>
  call<T>(system.identityUrl, path, token, init);
const rights = <T>(path: string, token: string, init?: { method?: string; body?: unknown }) => call<T>(system.rightsUrl, path, token, init);

/** A citizen signed in with BankID through the identity API: her access token. */
async function citizenToken(personalNumber: string): Promise<string> {
  const start = await fetch(`${system.identityUrl}/v1/logins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'bankid', method: 'qr' }),
  });
  const cookie = start.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const { loginId } = (await start.json()) as { loginId: string };
  await system.approveBankId(personalNumber);
  await eventually(
    async () => {
      const poll = await fetch(`${system.identityUrl}/v1/logins/${loginId}`, { headers: { cookie } });
      return ((await poll.json()) as { status: string }).status === 'complete' ? true : undefined;
    },
    20_000,
    'the sign-in to complete',
  );
  const session = await fetch(`${system.identityUrl}/v1/logins/${loginId}/session`, { method: 'POST', headers: { cookie } });
  return ((await session.json()) as { accessToken: string }).accessToken;
}

/** Starts a sign order as `token`, has `signer` approve it on the phone, and polls until it ends. */
async function sign(token: string, text: string, signer: string): Promise<SignView> {
  const started = await identity<SignView>('/v1/sign-orders', token, { method: 'POST', body: { method: 'qr', text } });
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ status: 'pending', textDigest: signedTextDigest(text) });
  expect(started.body.qr?.svg).toContain('<svg');
  await system.approveBankId(signer);
  return eventually(
    async () => {
      const poll = await identity<SignView>(`/v1/sign-orders/${started.body.orderId}`, token);
      return poll.body.status === 'pending' ? undefined : poll.body;
    },
    20_000,
    'the sign order to end',
  );
}

describe('a consent given with a BankID signature (identity sign order → rights)', () => {
  let anna: string;
  let britt: string;
  let slug: string;
  let textSv: string;
  let textEn: string;
  let signed: SignView;
  let consentId: string;
  let probe: KafkaProbe;

  const give = (token: string, body: Record<string, unknown>) =>
    rights<Problem & { id: string; changed: boolean; state: string }>('/v1/consents/give', token, {
      method: 'POST',
      body: { notice: slug, purpose: SIGNED, ...body },
    });
  const signature = (view: SignView) => ({ assertion: view.result!.assertion, evidence: view.result!.evidence });

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.ConsentChangedV1]);
    slug = await publishNotice('consent-example');
    anna = await citizenToken(ANNA);
    britt = await citizenToken(BRITT);
    const offered = await eventually(
      async () => {
        const list = await rights<{
          purposes: { notice: { slug: string }; purpose: { id: string; signature: string; text: { sv: string; en: string } } }[];
        }>('/v1/consents', anna);
        return list.body.purposes.find((p) => p.notice.slug === slug && p.purpose.id === SIGNED);
      },
      30_000,
      'the consent-based notice to reach the rights service',
    );
    expect(offered.purpose.signature).toBe('required');
    ({ sv: textSv, en: textEn } = offered.purpose.text);
  });

  afterAll(async () => {
    await probe?.stop();
    await system.stop();
  });

  it('refuses giving without a signature where the notice asks for one, and stores nothing', async () => {
    const res = await give(anna, { language: 'sv' });
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/signature-required$/);
    expect((await rights<{ purposes: { purpose: { id: string }; status: string }[] }>('/v1/consents', anna)).body.purposes).toContainEqual(
      expect.objectContaining({ purpose: expect.objectContaining({ id: SIGNED }), status: 'not-given' }),
    );
  });

  it('signs the exact text with BankID: an assertion by identity’s key over her subject key, the text and the evidence', async () => {
    signed = await sign(anna, textSv, ANNA);
    expect(signed).toMatchObject({ status: 'complete', message: { sv: 'Du har skrivit under.' } });
    const { assertion, evidence } = signed.result!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: 'ES256', typ: 'sign-assertion+jwt' });
    const jwks = (await (await fetch(`${system.identityUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload } = await compactVerify(assertion, createLocalJWKSet(jwks));
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown> & { sign: Record<string, string> };
    expect(claims).toMatchObject({ iss: system.identityUrl, aud: 'insyn-rights', sign: { provider: 'bankid' } });
    expect(claims.sub).toMatch(/^sk1_/);
    expect(claims.sign.textDigest).toBe(signedTextDigest(textSv));
    expect(claims.sign.evidenceDigest).toBe(signEvidenceDigest(evidence));
    // BankID's signature is over the text shown (usrVisibleData, base64 in the signed XML).
    const xml = Buffer.from(evidence.signature, 'base64').toString('utf8');
    expect(xml).toContain(Buffer.from(textSv, 'utf8').toString('base64'));
    // An assertion is no access token: the rights service refuses it as a bearer.
    expect((await rights('/v1/consents', assertion)).status).toBe(401);
  });

  it('refuses a signature over another text (the other language) and evidence that is not the one signed', async () => {
    const english = await give(anna, { language: 'en', signature: signature(signed) });
    expect(english.status).toBe(422);
    expect(english.body.type).toMatch(/signature-text-mismatch$/);
    const forged = {
      ...signature(signed),
      evidence: { ...signed.result!.evidence, ocspResponse: `${signed.result!.evidence.ocspResponse}AA` },
    };
    const evidence = await give(anna, { language: 'sv', signature: forged });
    expect(evidence.status).toBe(422);
    expect(evidence.body.type).toMatch(/signature-evidence-mismatch$/);
    const tampered = await give(anna, {
      language: 'sv',
      signature: { ...signature(signed), assertion: `${signed.result!.assertion.slice(0, -4)}AAAA` },
    });
    expect(tampered.status).toBe(422);
    expect(tampered.body.type).toMatch(/signature-invalid$/);
  });

  it('refuses another person’s assertion, even over the same text', async () => {
    const brittSigned = await sign(britt, textSv, BRITT);
    expect(brittSigned.status).toBe('complete');
    const res = await give(anna, { language: 'sv', signature: signature(brittSigned) });
    expect(res.status).toBe(403);
    expect(res.body.type).toMatch(/signature-not-yours$/);
  });

  it('gives the consent with her signature, kept in the history and named in the receipt, announced as signed', async () => {
    const res = await give(anna, { language: 'sv', signature: signature(signed) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'given', changed: true });
    consentId = res.body.id;
    const history = await rights<{ changes: { state: string; signed?: Record<string, string> }[] }>(
      `/v1/consents/${consentId}/history`,
      anna,
    );
    expect(history.body.changes[0]!.signed).toMatchObject({
      provider: 'bankid',
      signedTextDigest: signedTextDigest(textSv),
      evidenceDigest: signEvidenceDigest(signed.result!.evidence),
    });
    expect(JSON.stringify(history.body)).not.toContain(signed.result!.evidence.signature);

    const receipt = await fetch(`${system.rightsUrl}/v1/consents/${consentId}/receipt`, { headers: { authorization: `Bearer ${anna}` } });
    const jws = (await receipt.text()).trim();
    const verdict = (await (
      await fetch(`${system.rightsUrl}/v1/receipts/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt: jws }),
      })
    ).json()) as { valid: boolean; receipt: Record<string, unknown> };
    expect(verdict.valid).toBe(true);
    expect(verdict.receipt).toMatchObject({
      consentStatus: 'given',
      collectionMethod: { method: 'web form, signed in with Swedish e-ID, text signed with BankID' },
      consentSignature: {
        provider: 'bankid',
        signedTextDigest: signedTextDigest(textSv),
        evidenceDigest: signEvidenceDigest(signed.result!.evidence),
        assertionId: decodeJwt(signed.result!.assertion).jti,
      },
    });
    expect(jws).not.toContain(signed.result!.evidence.signature.slice(0, 40));

    await probe.waitFor((messages) => messages.some((m) => m.topic === Topics.ConsentChangedV1 && m.key === consentId));
    const event = probe.messages.find((m) => m.key === consentId)!;
    expect(event.json<{ data: Record<string, unknown> }>()!.data).toMatchObject({ state: 'given', signedWith: 'bankid' });
    expect(event.value).not.toContain(signed.result!.evidence.signature.slice(0, 40));
  });

  it('withdraws without a signature (art. 7.3), and refuses the same assertion to give it again (replay)', async () => {
    const withdrawn = await rights<{ state: string }>('/v1/consents/withdraw', anna, {
      method: 'POST',
      body: { notice: slug, purpose: SIGNED, language: 'sv' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    const replay = await give(anna, { language: 'sv', signature: signature(signed) });
    expect(replay.status).toBe(409);
    expect(replay.body.type).toMatch(/signature-replayed$/);
    const again = await sign(anna, textEn, ANNA);
    const given = await give(anna, { language: 'en', signature: signature(again) });
    expect(given.status).toBe(200);
    expect(given.body.state).toBe('given');
  });

  it('ends a sign order signed on another person’s phone as failed, with no assertion', async () => {
    const view = await sign(anna, textSv, BRITT);
    expect(view).toMatchObject({ status: 'failed', hintCode: 'signerMismatch' });
    expect(view.message.sv).toContain('en annan persons BankID');
    expect(view.result).toBeUndefined();
  });

  it('refuses Freja, an unsignable text, another person’s sign order, and cancels at BankID', async () => {
    const freja = await identity<Problem>('/v1/sign-orders', anna, {
      method: 'POST',
      body: { provider: 'freja', method: 'qr', text: textSv },
    });
    expect(freja.status).toBe(422);
    expect(freja.body.type).toMatch(/sign\/bankid-only$/);
    const long = await identity<Problem>('/v1/sign-orders', anna, { method: 'POST', body: { method: 'qr', text: 'å'.repeat(600) } });
    expect(long.status).toBe(422);
    const started = await identity<SignView>('/v1/sign-orders', anna, { method: 'POST', body: { method: 'qr', text: textSv } });
    expect((await identity(`/v1/sign-orders/${started.body.orderId}`, britt)).status).toBe(404);
    expect((await identity(`/v1/sign-orders/${started.body.orderId}`, britt, { method: 'DELETE' })).status).toBe(404);
    const cancelled = await identity<SignView>(`/v1/sign-orders/${started.body.orderId}`, anna, { method: 'DELETE' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await identity('/v1/sign-orders', '', { method: 'POST', body: { method: 'qr', text: textSv } })).status).toBe(401);
  });
});
