// The gallringsprotokoll in the retention service, over real HTTP and MongoDB: entries appended through
// the ledger (as gallring runs will), read in pages, verified, exported as CSV and PDF; a changed entry is
// found by verification; concurrent appends stay one chain.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, followPages, TestTokens, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';

const tokens = await TestTokens.create();
const { db } = useTestEnvironment(tokens.env);
const { AppModule, SERVICE, ProtocolLedger, PROTOCOL_COLLECTION, protocolDraft } = await import('../../apps/retention/src/testing.js');

interface Entry {
  seq: number;
  hash: string;
  previousHash: string;
}

/** A response body as one Buffer, whatever its content type. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('gallringsprotokoll end to end (real MongoDB)', () => {
  let app: INestApplication;
  let raw: mongoose.Connection;
  let archivist: string;
  const get = (path: string, token: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
  const ledger = () => app.get(ProtocolLedger);

  beforeAll(async () => {
    app = await createTestApp(AppModule, SERVICE);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    archivist = await tokens.official(['archivist']);
  });

  afterAll(async () => {
    await raw?.close();
    await app?.close();
  });

  it('appends a chain, pages it, verifies it and exports it as CSV and PDF', async () => {
    const appended = [];
    for (let n = 1; n <= 3; n++) appended.push(await ledger().append(protocolDraft(n)));
    expect(appended.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(appended[1]!.previousHash).toBe(appended[0]!.hash);

    const verified = await get('/v1/protocol/verify', archivist).expect(200);
    expect(verified.body).toEqual({ ok: true, length: 3, head: appended[2]!.hash });

    const first = await get('/v1/protocol?limit=2', archivist).expect(200);
    expect((first.body as { entries: Entry[] }).entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.body).toMatchObject({ nextFromSeq: 3 });
    const second = await get('/v1/protocol?fromSeq=3&limit=2', archivist).expect(200);
    expect(second.body).toEqual({ entries: [JSON.parse(JSON.stringify(appended[2]))], nextFromSeq: null });
    await get('/v1/protocol?limit=501', archivist).expect(400);

    const csv = await get('/v1/protocol.csv', archivist).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="gallringsprotokoll-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (csv.body as Buffer).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\uFEFFLöpnummer,Körning,/);
    expect(lines[3]).toContain(appended[2]!.hash);

    const pdf = await get('/v1/protocol.pdf', archivist).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="gallringsprotokoll-.*\.pdf"$/);
    expect((pdf.body as Buffer).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect((pdf.body as Buffer).toString('latin1')).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
  });

  it('finds an entry changed in the database', async () => {
    const entries = raw.collection<{ _id: number; counts: { candidates: number } }>(PROTOCOL_COLLECTION);
    const original = await entries.findOne({ _id: 2 });
    await entries.updateOne({ _id: 2 }, { $set: { 'counts.candidates': original!.counts.candidates + 1 } });
    try {
      const res = await get('/v1/protocol/verify', archivist).expect(200);
      expect(res.body).toEqual({ ok: false, firstBrokenSeq: 2, reason: 'hash-mismatch' });
    } finally {
      await entries.updateOne({ _id: 2 }, { $set: { 'counts.candidates': original!.counts.candidates } });
    }
    expect((await get('/v1/protocol/verify', archivist).expect(200)).body).toMatchObject({ ok: true, length: 3 });
  });

  it('lets retention admins, the DPO, archivists and retention:read systems read; others get 403', async () => {
    for (const token of [
      await tokens.official(['retention-admin']),
      await tokens.official(['dpo']),
      await tokens.client(['retention:read'], 'archive-system'),
    ]) {
      await get('/v1/protocol/verify', token).expect(200);
    }
    const citizen = await tokens.citizen('citizen-test-key');
    for (const path of ['/v1/protocol', '/v1/protocol/verify', '/v1/protocol.csv', '/v1/protocol.pdf']) {
      await get(path, citizen).expect(403);
    }
    await get('/v1/protocol', await tokens.official(['registrator'])).expect(403);
    await get('/v1/protocol', await tokens.client(['retention:hold'], 'case-system')).expect(403);
    await request(app.getHttpServer()).get('/v1/protocol').expect(401);
  });

  it('keeps one chain under concurrent appends', async () => {
    const appended = await Promise.all([4, 5, 6, 7, 8].map((n) => ledger().append(protocolDraft(n))));
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8]);

    const res = await get('/v1/protocol/verify', archivist).expect(200);
    const head = appended.find((e) => e.seq === 8)!.hash;
    expect(res.body).toEqual({ ok: true, length: 8, head });
  });

  it('pages by Link as every list does: followed to the end, each entry once in seq order; fromSeq still works; bad paging input is a 400', async () => {
    const whole = ((await get('/v1/protocol', archivist).expect(200)).body as { entries: Entry[] }).entries.map((e) => e.seq);
    expect(whole).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const { pages, links } = await followPages<{ entries: Entry[]; nextFromSeq: number | null }>(
      (url) => get(url, archivist).expect(200),
      '/v1/protocol?limit=3',
    );
    expect(pages.map((p) => p.entries.map((e) => e.seq))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
    expect(pages.map((p) => p.nextFromSeq)).toEqual([4, 7, null]);
    for (const link of links) expect(link).toMatch(/^<\/v1\/protocol\?cursor=[A-Za-z0-9_-]+&limit=3>; rel="next"$/);
    const fromSix = await get('/v1/protocol?fromSeq=6&limit=2', archivist).expect(200);
    expect((fromSix.body as { entries: Entry[] }).entries.map((e) => e.seq)).toEqual([6, 7]);
    expect(fromSix.headers.link).toMatch(/^<\/v1\/protocol\?cursor=/);

    const cursor = /cursor=([^&>]+)/.exec(links[0]!)![1]!;
    const fieldsOf = async (url: string) =>
      ((await get(url, archivist).expect(400)).body.errors as { field: string }[]).map((e) => e.field);
    expect(await fieldsOf('/v1/protocol?cursor=bm90LWEtY3Vyc29y')).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/protocol?cursor=${cursor}&fromSeq=2`)).toEqual(['fromSeq']);
    expect(await fieldsOf('/v1/protocol?limit=201')).toEqual(['limit']);
  });
});
