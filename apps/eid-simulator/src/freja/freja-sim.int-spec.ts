import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import type { RunningSimulator } from '../simulator.js';

interface Reply {
  status: number;
  body: string;
}

let sim: RunningSimulator;
let tls: { ca: Buffer; cert: Buffer; key: Buffer };

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');

/** POST over the mutually authenticated listener, the way Freja's Java client does (text body, JSON content type). */
function frejaPost(method: string, body: string, opts: { clientCert?: boolean; contentType?: string } = {}): Promise<Reply> {
  const url = new URL(`${sim.tlsUrl}/authentication/1.0/${method}`);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: tls.ca,
        ...(opts.clientCert === false ? {} : { cert: tls.cert, key: tls.key }),
        headers: { 'Content-Type': opts.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const json = (r: Reply) => JSON.parse(r.body) as Record<string, unknown>;

beforeAll(async () => {
  Object.assign(process.env, {
    PKI_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'freja-sim-int-')),
    PORT: '0',
    TLS_PORT: '0',
    NODE_ENV: 'test',
    DOCS_ENABLED: 'false',
  });
  const { startSimulator } = await import('../simulator.js');
  sim = await startSimulator();
  tls = {
    ca: fs.readFileSync(sim.pki.serverCa),
    cert: fs.readFileSync(sim.pki.rpClientCert),
    key: fs.readFileSync(sim.pki.rpClientKey),
  };
});

afterAll(async () => {
  await sim?.close();
});

describe('Freja eID simulator over mTLS', () => {
  it('runs init → approve (control API) → getOneResult APPROVED with a JWS that verifies against the published certificate', async () => {
    const init = await frejaPost(
      'initAuthentication',
      `initAuthRequest=${b64({
        userInfoType: 'SSN',
        userInfo: b64({ country: 'SE', ssn: '196802020575' }),
        minRegistrationLevel: 'EXTENDED',
        attributesToReturn: [{ attribute: 'BASIC_USER_INFO' }, { attribute: 'SSN' }],
      })}`,
    );
    expect(init.status).toBe(200);
    const { authRef } = json(init) as { authRef: string };
    expect(authRef).toEqual(expect.any(String));

    const pending = await frejaPost('getOneResult', `getOneAuthResultRequest=${b64({ authRef })}`);
    expect(json(pending)).toEqual({ authRef, status: 'STARTED' });

    const approve = await fetch(`${sim.httpUrl}/control/freja/orders/${encodeURIComponent(authRef)}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(approve.status).toBe(200);

    const done = json(await frejaPost('getOneResult', `getOneAuthResultRequest=${b64({ authRef })}`));
    expect(done).toMatchObject({ authRef, status: 'APPROVED', requestedAttributes: { ssn: { ssn: '196802020575', country: 'SE' } } });

    const certPem = await (await fetch(`${sim.httpUrl}/control/freja/jws-certificate`)).text();
    const details = done.details as string;
    const { x5t } = (await (await fetch(`${sim.httpUrl}/control/freja/jws-certificate/x5t`)).json()) as { x5t: string };
    expect(decodeProtectedHeader(details)).toEqual({ alg: 'RS256', x5t });
    const { payload } = await compactVerify(details, await importX509(certPem, 'RS256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      authRef,
      status: 'APPROVED',
      requestedAttributes: { basicUserInfo: { name: 'Carl', surname: 'Celsing' } },
    });
  });

  it('refuses a caller without a client certificate with 401 in Freja’s error shape', async () => {
    const reply = await frejaPost('initAuthentication', `initAuthRequest=${b64({ userInfoType: 'INFERRED', userInfo: 'N/A' })}`, {
      clientCert: false,
    });
    expect(reply.status).toBe(401);
    expect(json(reply)).toMatchObject({ code: 1008 });
  });

  it('refuses the RP API on the plain HTTP listener', async () => {
    const reply = await fetch(`${sim.httpUrl}/authentication/1.0/getOneResult`, {
      method: 'POST',
      body: `getOneAuthResultRequest=${b64({ authRef: 'x' })}`,
    });
    expect(reply.status).toBe(401);
  });

  it('answers broken bodies with Freja codes, not the JSON parser’s 400 problem', async () => {
    const notBase64 = await frejaPost('initAuthentication', 'initAuthRequest=%%%');
    expect(notBase64.status).toBe(400);
    expect(json(notBase64)).toMatchObject({ code: 1000 });
    const badJson = await frejaPost('initAuthentication', `initAuthRequest=${Buffer.from('{nope').toString('base64')}`);
    expect(json(badJson)).toMatchObject({ code: 1010 });
    const formEncoded = await frejaPost('getOneResult', `getOneAuthResultRequest=${encodeURIComponent(b64({ authRef: 'unknown' }))}`, {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(formEncoded.status).toBe(400);
    expect(json(formEncoded)).toMatchObject({ code: 1100 });
  });

  it('cancels with 204, then reports RP_CANCELED; getResults lists the caller’s orders', async () => {
    const { authRef } = json(
      await frejaPost('initAuthentication', `initAuthRequest=${b64({ userInfoType: 'INFERRED', userInfo: 'N/A' })}`),
    ) as {
      authRef: string;
    };
    const cancel = await frejaPost('cancel', `cancelAuthRequest=${b64({ authRef })}`);
    expect(cancel.status).toBe(204);
    expect(cancel.body).toBe('');
    expect(json(await frejaPost('getOneResult', `getOneAuthResultRequest=${b64({ authRef })}`)).status).toBe('RP_CANCELED');
    expect(json(await frejaPost('cancel', `cancelAuthRequest=${b64({ authRef })}`))).toMatchObject({ code: 1100 });
    const all = json(await frejaPost('getResults', `getAuthResultsRequest=${b64({ includePrevious: 'ALL' })}`));
    expect(all.authenticationResults).toEqual(expect.arrayContaining([{ authRef, status: 'RP_CANCELED' }]));
  });

  it('plays a scenario set through the control API and registers with the phone page registry', async () => {
    const set = await fetch(`${sim.httpUrl}/control/freja/scenario`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statuses: ['DELIVERED_TO_MOBILE', 'REJECTED'], orders: 1 }),
    });
    expect(set.status).toBe(200);
    const { authRef } = json(
      await frejaPost('initAuthentication', `initAuthRequest=${b64({ userInfoType: 'INFERRED', userInfo: 'N/A' })}`),
    ) as {
      authRef: string;
    };
    expect(json(await frejaPost('getOneResult', `getOneAuthResultRequest=${b64({ authRef })}`)).status).toBe('DELIVERED_TO_MOBILE');
    expect(json(await frejaPost('getOneResult', `getOneAuthResultRequest=${b64({ authRef })}`)).status).toBe('REJECTED');

    const bad = await fetch(`${sim.httpUrl}/control/freja/scenario`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statuses: ['MAYBE'] }),
    });
    expect(bad.status).toBe(400);
  });
});
