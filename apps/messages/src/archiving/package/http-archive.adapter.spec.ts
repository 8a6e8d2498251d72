import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ArchiveReceiptMismatchError, PermanentArchiveError, RetryableArchiveError } from './archive-port.js';
import { HttpArchiveAdapter } from './http-archive.adapter.js';
import { buildSubmissionPackage } from './sip-builder.js';
import { submissionPackageInput } from './submission-package.fixtures.js';

const pkg = buildSubmissionPackage(submissionPackageInput(), { profile: 'FGS-1.2' });
const delivery = { objid: pkg.objid, zip: pkg.zip, sha256: pkg.sha256 };

interface Received {
  method?: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Behaviour = (req: Received, res: ServerResponse) => void;

describe('HttpArchiveAdapter', () => {
  let server: Server;
  let base: string;
  let behaviour: Behaviour;
  let last: Received | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        last = { method: req.method, headers: req.headers, body: Buffer.concat(chunks) };
        behaviour(last, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json =
    (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
  /** A receiver that hashes what it got, like a real one. */
  const honest: Behaviour = (req, res) =>
    json(201, { receiptId: 'r-1', sha256: createHash('sha256').update(req.body).digest('hex'), receivedAt: '2025-03-15T10:00:00.000Z' })(
      req,
      res,
    );
  const adapter = (timeoutMs = 2000) => new HttpArchiveAdapter(`${base}/archive`, { timeoutMs, headers: { authorization: 'Bearer t' } });

  it('POSTs the zip with content type, RFC 9530 Content-Digest and the extra headers, and returns the receipt', async () => {
    behaviour = honest;
    const receipt = await adapter().deliver(delivery);
    expect(receipt).toEqual({ receiptId: 'r-1', receivedAt: new Date('2025-03-15T10:00:00.000Z'), sha256: pkg.sha256 });
    expect(last!.method).toBe('POST');
    expect(last!.body.equals(pkg.zip)).toBe(true);
    expect(last!.headers['content-type']).toBe('application/zip');
    expect(last!.headers['content-digest']).toBe(`sha-256=:${createHash('sha256').update(pkg.zip).digest('base64')}:`);
    expect(last!.headers['authorization']).toBe('Bearer t');
  });

  it('accepts 200 and an upper-case hex sha256', async () => {
    behaviour = json(200, { receiptId: 'r-2', sha256: pkg.sha256.toUpperCase() });
    await expect(adapter().deliver(delivery)).resolves.toMatchObject({ receiptId: 'r-2', sha256: pkg.sha256 });
  });

  it('rejects a receipt whose sha256 differs', async () => {
    behaviour = json(201, { receiptId: 'r-3', sha256: 'a'.repeat(64) });
    await expect(adapter().deliver(delivery)).rejects.toThrow(ArchiveReceiptMismatchError);
    await expect(adapter().deliver(delivery)).rejects.toMatchObject({ reason: 'receipt-mismatch' });
  });

  it.each([
    ['a missing receiptId', { sha256: pkg.sha256 }],
    ['a non-hex sha256', { receiptId: 'r', sha256: 'zz' }],
    ['not an object', 'ok'],
  ])('rejects a malformed receipt (%s) as permanent', async (_label, body) => {
    behaviour = json(201, body);
    await expect(adapter().deliver(delivery)).rejects.toThrow(PermanentArchiveError);
  });

  it.each([500, 502, 503, 408, 429])('throws a retryable error on %i', async (status) => {
    behaviour = json(status, { error: 'x' });
    const error = await adapter()
      .deliver(delivery)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableArchiveError);
    expect(error).toMatchObject({ reason: `http-${status}` });
  });

  it('passes Retry-After on', async () => {
    behaviour = json(503, {}, { 'retry-after': '7' });
    await expect(adapter().deliver(delivery)).rejects.toMatchObject({ retryable: true, retryAfterMs: 7000 });
  });

  it.each([400, 401, 403, 404, 409, 413, 422])('throws a permanent error on %i', async (status) => {
    behaviour = json(status, { error: 'x' });
    const error = await adapter()
      .deliver(delivery)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentArchiveError);
    expect(error).not.toBeInstanceOf(RetryableArchiveError);
    expect(error).toMatchObject({ reason: `http-${status}` });
  });

  it('does not follow redirects', async () => {
    behaviour = (_req, res) => {
      res.writeHead(307, { location: 'https://elsewhere.example/archive' });
      res.end();
    };
    await expect(adapter().deliver(delivery)).rejects.toThrow(PermanentArchiveError);
  });

  it('times out as retryable', async () => {
    behaviour = () => undefined; // never answers
    await expect(adapter(100).deliver(delivery)).rejects.toThrow(/timed out after 100 ms/);
    await expect(adapter(100).deliver(delivery)).rejects.toMatchObject({ retryable: true, reason: 'timeout' });
  });

  it('treats a refused connection as retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await new HttpArchiveAdapter(`http://127.0.0.1:${port}/`, { timeoutMs: 1000 }).deliver(delivery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableArchiveError);
    expect(error).toMatchObject({ reason: 'ECONNREFUSED' });
  });

  it('refuses a sha256 that is not the zip’s before sending', async () => {
    last = undefined;
    behaviour = honest;
    await expect(adapter().deliver({ ...delivery, sha256: 'b'.repeat(64) })).rejects.toThrow(PermanentArchiveError);
    expect(last).toBeUndefined();
  });

  it('requires https except on loopback', () => {
    expect(() => new HttpArchiveAdapter('http://archive.example/', { timeoutMs: 1000 })).toThrow(/https/);
    expect(() => new HttpArchiveAdapter('https://archive.example/', { timeoutMs: 1000 })).not.toThrow();
  });
});
