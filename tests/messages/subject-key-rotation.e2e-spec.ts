// Rotating SUBJECT_KEY_SECRET without losing a citizen's conversations (ADR 0025, issue 11), end to end with
// real Kafka and MongoDB: conversations are stored under secret A; messages restarts with B current and A
// previous, and the citizen (her token names her by her B key and carries her A key) still sees them; the
// re-keying moves them to B (one person it cannot find stays under A, and says so); after a restart with B
// alone, she still sees every conversation the re-keying moved.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { SubjectKeyRing } from '@insyn/person';
import { createTestApp, eventually, KafkaProbe, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { messagesEnvironment } from './messages-env.js';

const A = 'subject-key-rotation-e2e-secret-A-0000000';
const B = 'subject-key-rotation-e2e-secret-B-1111111';
const ANNA = '199908072391';
/** Born outside the birth years this test lets the re-keying search: it cannot find her, so she stays under A. */
const BRITT = '195006262546';
// The re-keying searches one birth year here (the whole space takes minutes of a core; ADR 0025).
const BIRTH_YEARS = { fromYear: 1999, toYear: 1999 };
const before = new SubjectKeyRing({ current: A });
const during = new SubjectKeyRing({ current: B, generation: 2, previous: [A], birthYears: BIRTH_YEARS });
const after = new SubjectKeyRing({ current: B, generation: 2 });

const tokens = await TestTokens.create();
const UNIT = `soc-rotation-${uniqueSuffix()}`;
// The app's environment names A; each boot below replaces the subject-key secrets it derives from it.
const { db } = useTestEnvironment(messagesEnvironment({ [UNIT]: { name: 'Individ- och familjeomsorgen' } }, A, tokens.env));
const { AppModule, SERVICE, RekeySubjectsUseCase, AnswerRightsRequest } = await import('../../apps/messages/src/testing.js');

describe('rotating SUBJECT_KEY_SECRET: a citizen keeps her conversations (real Kafka and MongoDB)', () => {
  let app: INestApplication | undefined;
  let raw: mongoose.Connection;
  let probe: KafkaProbe;
  let system: string;
  const ids = { anna: '', britt: '', annaNew: '' };
  /** Messages as it runs with these subject-key secrets (a restart with other settings). */
  const boot = async (ring: SubjectKeyRing) => {
    app = await createTestApp(AppModule, SERVICE, { overrides: [[SubjectKeyRing, ring]] });
    return app;
  };
  const http = () => request(app!.getHttpServer());
  const as = (token: string) => ({
    get: (url: string) => http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) => http().post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  /** Her token as identity issues it with these secrets: `sub` her current key, `sub_prev` the previous ones. */
  const citizen = (ring: SubjectKeyRing, pnr: string) => {
    const [sub, ...previous] = ring.keysOf(pnr);
    return tokens.mint({ sub: sub!, ...(previous.length ? { sub_prev: previous } : {}), kind: 'citizen', loa: 3, idp: 'bankid' });
  };
  const listed = async (token: string) =>
    ((await as(token).get('/v1/conversations').expect(200)).body as { conversationId: string }[]).map((c) => c.conversationId).sort();
  const stored = async (id: string) =>
    (await raw.collection<{ _id: string; subjectKey: string }>('conversations').findOne({ _id: id }))?.subjectKey;
  const open = async (pnr: string, subject: string) =>
    (
      (await as(system).post('/v1/conversations', { personnummer: pnr, subject, body: 'Hej!' }).expect(201)).body as {
        conversationId: string;
      }
    ).conversationId;

  /**
   * Messages' part for a data-subject request opened during the rotation (rights.request.opened.v1 naming her
   * by her B key and, in `previousSubjectKeys`, her A key): the conversation ids it lists.
   */
  const answered = async (subjectKey: string, previousSubjectKeys: string[]) => {
    const requestId = `req-${uniqueSuffix()}${uniqueSuffix()}`;
    const now = new Date();
    await app!.get(AnswerRightsRequest).execute({
      requestId,
      kind: 'access',
      subjectKey,
      ...(previousSubjectKeys.length ? { previousSubjectKeys } : {}),
      openedAt: now.toISOString(),
      dueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    });
    const eventId = await eventually(
      async () => (await raw.collection('rights_answers').findOne({ _id: requestId } as never))?.eventId as string | undefined,
      30_000,
      'the answer to be stored',
    );
    const part = () => probe.on(Topics.RightsRequestPartV1).find((m) => m.json<{ id: string }>()?.id === eventId);
    await probe.waitFor(() => part() !== undefined, 30_000);
    return [...(part()!.value ?? '').matchAll(/"conversationId":"([^"]+)"/g)].map((m) => m[1]);
  };

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.RightsRequestPartV1]);
    raw = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: db }).asPromise();
    system = await tokens.mint({ sub: 'case-system', kind: 'client', scope: 'messages:send messages:read', unit: UNIT });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await probe?.stop();
    await raw?.close();
  });

  it('before: conversations are stored under secret A', async () => {
    await boot(before);
    ids.anna = await open(ANNA, 'Kallelse till möte');
    ids.britt = await open(BRITT, 'Beslut');
    expect(await stored(ids.anna)).toBe(before.of(ANNA));
    expect(await listed(await citizen(before, ANNA))).toEqual([ids.anna]);
  });

  it('during: she still sees what A keyed, new conversations get B, and the re-keying moves hers to B', async () => {
    await boot(during);
    const anna = await citizen(during, ANNA);
    const britt = await citizen(during, BRITT);
    ids.annaNew = await open(ANNA, 'Ny kallelse');
    expect(await stored(ids.annaNew)).toBe(after.of(ANNA));
    expect(await listed(anna)).toEqual([ids.anna, ids.annaNew].sort());
    // Britt's stays under A (the re-keying cannot find her here): found by the key her token carries from A.
    expect(await listed(britt)).toEqual([ids.britt]);
    await as(britt).get(`/v1/conversations/${ids.britt}`).expect(200);
    // Without her A key (a token that names her by B alone), Britt's conversation under A is not hers.
    await as(await citizen(after, BRITT))
      .get(`/v1/conversations/${ids.britt}`)
      .expect(404);
    // A data-subject request opened now tells the services her A key too: her registerutdrag has it.
    expect(await answered(after.of(BRITT), [before.of(BRITT)])).toContain(ids.britt);
    expect(await answered(after.of(BRITT), [])).not.toContain(ids.britt);

    // The re-keying (it also starts in the background at boot; running it again changes nothing more).
    const report = await app!.get(RekeySubjectsUseCase).execute();
    expect(report.left).toBe(1);
    expect(await stored(ids.anna)).toBe(after.of(ANNA));
    expect(await stored(ids.britt)).toBe(before.of(BRITT));
    expect(await app!.get(RekeySubjectsUseCase).execute()).toMatchObject({ rewritten: 0, left: 1 });
    // What the operator watches before removing A (docs/operations/runbooks.md).
    expect((await http().get('/metrics').expect(200)).text).toMatch(/^insyn_subject_keys_previous_left\{store="conversations"\} 1$/m);
    expect(await listed(anna)).toEqual([ids.anna, ids.annaNew].sort());
  });

  it('after: with B alone, she sees every conversation the re-keying moved', async () => {
    await boot(after);
    expect(await listed(await citizen(after, ANNA))).toEqual([ids.anna, ids.annaNew].sort());
    await as(await citizen(after, ANNA))
      .get(`/v1/conversations/${ids.anna}`)
      .expect(200);
  });
});
