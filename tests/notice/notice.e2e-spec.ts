import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Topics } from '@insyn/contracts';
import { createTestApp, eventually, followPages, KafkaProbe, publishNotice, TestTokens, useTestEnvironment } from '@insyn/testing';
import request from 'supertest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const seed = (file: string) => fs.readFileSync(path.join(ROOT, 'apps/notice/seed', file), 'utf8');
const UMEA = seed('umea-behandling-sakra-meddelanden.yaml');
const CONSENT = seed('consent-example.yaml');
const umeaId = (parse(UMEA) as { id: string }).id;
const consentId = (parse(CONSENT) as { id: string }).id;

const tokens = await TestTokens.create();
useTestEnvironment({ ...tokens.env, NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se' });
const { AppModule, SERVICE: NOTICE_SERVICE, factory, PublishedNotices } = await import('../../apps/notice/src/testing.js');

describe('notice service end to end (real Kafka and MongoDB)', () => {
  let app: INestApplication;
  let probe: KafkaProbe;
  let editor: string;
  const http = () => request(app.getHttpServer());
  const asEditor = (r: request.Test) => r.set('Authorization', `Bearer ${editor}`);

  beforeAll(async () => {
    probe = await KafkaProbe.start([Topics.NoticePublishedV1, Topics.NoticeWithdrawnV1]);
    app = await createTestApp(AppModule, NOTICE_SERVICE);
    editor = await tokens.official(['notice-editor']);
  });

  afterAll(async () => {
    await probe?.stop();
    await app?.close();
  });

  describe('the Umeå notice', () => {
    it('imports from YAML, publishes, and announces itself on Kafka with its full content', async () => {
      const created = await asEditor(http().post('/v1/notices').set('Content-Type', 'application/yaml').send(UMEA)).expect(201);
      expect(created.body).toMatchObject({ slug: umeaId, draftRevision: 1 });
      // The page is silent on third-country transfers and automated decisions: the author is told, nothing is refused.
      expect(created.body.warnings.map((w: { field: string }) => w.field)).toEqual(['thirdCountryTransfers', 'automatedDecisions']);
      const published = await publishNotice(app.getHttpServer(), umeaId, tokens);
      expect(published).toMatchObject({ slug: umeaId, version: 1 });

      const [event] = await probe.waitFor((all) => all.some((m) => m.topic === Topics.NoticePublishedV1 && m.key === umeaId));
      // The last one: the broker is shared, and an earlier run's event may be on the topic too.
      const message = probe
        .on(Topics.NoticePublishedV1)
        .filter((m) => m.key === umeaId)
        .at(-1)!;
      expect(event).toBeDefined();
      const envelope = message.json<{
        type: string;
        source: string;
        data: { slug: string; version: number; content: { title: { sv: string }; rights: unknown } };
      }>()!;
      expect(envelope).toMatchObject({ type: 'notice.published.v1', source: 'notice', data: { slug: umeaId, version: 1 } });
      expect(envelope.data.content.title.sv).toBe('Behandling, säkra meddelanden');
      expect(envelope.data.content.rights).toBeDefined();
      // The page prints no organisation number, so the event names no controller by one (none is invented).
      expect(envelope.data).not.toHaveProperty('controller');
    });

    it('reads as JSON with ETag and Cache-Control, and answers 304 to a matching If-None-Match', async () => {
      const res = await http()
        .get(`/v1/notices/${umeaId}`)
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
      expect(res.body).toMatchObject({ id: umeaId, version: 1 });
      await http().get(`/v1/notices/${umeaId}`).set('If-None-Match', res.headers.etag!).expect(304);
    });

    it('shows the rights that follow from its bases: objection under 6.1 e, portability and erasure only under the employment contract, never consent withdrawal', async () => {
      const { body } = await http().get(`/v1/notices/${umeaId}`).expect(200);
      const rights = body.rights as Record<string, { applies: boolean; appliesIn: string[]; basisCodes: string[] }>;
      const groups = (body.legalBasisGroups as { id: string; bases: { code: string }[] }[]).map((g) => ({
        id: g.id,
        codes: g.bases.map((b) => b.code),
      }));
      const withContract = groups.filter((g) => g.codes.includes('6.1.b')).map((g) => g.id);
      for (const always of ['access', 'rectification', 'restriction']) expect(rights[always]!.applies).toBe(true);
      expect(rights['withdraw-consent']!.applies).toBe(false);
      expect(rights.objection!.applies).toBe(true);
      expect(rights.objection!.basisCodes).toEqual(['6.1.e']);
      // Art. 20 and 17 do not reach processing for a public task or a legal obligation (6.1 e, 6.1 c).
      expect(rights.portability!.appliesIn).toEqual(withContract);
      expect(rights.erasure!.appliesIn).toEqual(withContract);
    });

    it('renders as an accessible Swedish page that says everything the seed page says', async () => {
      const res = await http()
        .get(`/v1/notices/${umeaId}`)
        .set('Accept', 'text/html')
        .expect(200)
        .expect('Content-Type', /text\/html/);
      const html = res.text;
      expect(html).toMatch(/^<!doctype html>\s*<html lang="sv">/);
      expect(html.match(/<h1[ >]/g)).toHaveLength(1);
      expect(html).not.toMatch(/<table/);
      expect(html).toContain('<main id="main">');
      const text = html
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ');
      for (const phrase of [
        'Behandling, säkra meddelanden',
        'Syftet med behandlingen',
        'Namn',
        'Personnummer',
        'IP-nummer',
        'Tjänstetelefon',
        'Uppgift om sekretessmarkering',
        'Vårdnadshavare',
        'Närstående',
        'Förtroendevalda',
        'Allmänhet',
        'personuppgiftsbiträden',
        '2018:218',
        '2001:453',
        '1993:387',
        '2001:454',
        '2001:637',
        '2008:355',
        '2009:400',
        'Artikel 6.1 e',
        'Artikel 6.1 b',
        'Artikel 6.1 c',
        'Artikel 9.2 h',
        'Artikel 9.2 g',
        'Artikel 9.2 b',
        'teknikochfastighet@umea.se',
        'dataskyddsombud@umea.se',
        'Eric Lindström',
        '090-16 32 15',
        '901 84',
        'gallringsregler',
        'Integritetsskyddsmyndigheten',
        'www.imy.se',
        'Publicerad',
        'Rätt att invända mot behandlingen',
      ]) {
        expect(text).toContain(phrase);
      }
      // Nothing the page does not say: no "no" for the statements it is silent on, IMY named once.
      expect(text).not.toContain('utanför EU/EES');
      expect(text).not.toContain('enbart automatiskt');
      expect(text).not.toContain('(IMY) (IMY)');
    });

    it('renders in English with the language marked, and falls back to Swedish with lang="sv" only where untranslated', async () => {
      const res = await http().get(`/v1/notices/${umeaId}?format=html&lang=en`).expect(200);
      expect(res.text).toMatch(/<html lang="en">/);
      expect(res.text).toContain('Purpose of the processing');
      expect(res.text).toContain('Your rights');
      expect(res.text).toContain('hreflang="sv"');
    });

    it('is machine-readable JSON-LD with the W3C Data Privacy Vocabulary', async () => {
      const res = await http()
        .get(`/v1/notices/${umeaId}`)
        .set('Accept', 'application/ld+json')
        .expect(200)
        .expect('Content-Type', /application\/ld\+json/);
      const doc = JSON.parse(res.text) as Record<string, unknown>;
      expect(doc['@type']).toBe('dpv:Process');
      expect((doc['@context'] as Record<string, string>).dpv).toBe('https://w3id.org/dpv#');
      const ids = (key: string) => (doc[key] as { '@id'?: string }[]).map((x) => x['@id']);
      expect(ids('dpv:hasLegalBasis')).toEqual(expect.arrayContaining(['eu-gdpr:A6-1-e', 'eu-gdpr:A6-1-c', 'eu-gdpr:A9-2-h']));
      expect(ids('dpv:hasPersonalData')).toEqual(expect.arrayContaining(['pd:Name', 'pd:OfficialID', 'pd:IPAddress']));
      expect(ids('dpv:hasRight')).toEqual(expect.arrayContaining(['eu-gdpr:A15', 'eu-gdpr:A21', 'eu-gdpr:A77']));
      // Portability holds only where the employment contract (6.1 b) is the basis: on that part, not on the whole.
      expect(ids('dpv:hasRight')).not.toContain('eu-gdpr:A20');
      const parts = doc['dct:hasPart'] as { 'dpv:hasLegalBasis': { '@id': string }[]; 'dpv:hasRight': { '@id': string }[] }[];
      const contractPart = parts.find((p) => p['dpv:hasLegalBasis'].some((b) => b['@id'] === 'eu-gdpr:A6-1-b'))!;
      expect(contractPart['dpv:hasRight'].map((r) => r['@id'])).toContain('eu-gdpr:A20');
      expect(doc['dpv:hasDataController']).toMatchObject({ '@type': 'dpv:DataController' });
      expect((doc['dpv:hasStorageCondition'] as unknown[]).length).toBeGreaterThan(0);
      expect((doc['dpv:hasDataSubject'] as unknown[]).length).toBeGreaterThan(5);
    });

    it('exports back to YAML that imports to the same notice', async () => {
      const res = await http()
        .get(`/v1/notices/${umeaId}?format=yaml`)
        .expect(200)
        .expect('Content-Type', /application\/yaml/);
      const exported = parse(res.text) as Record<string, unknown>;
      const original = parse(UMEA) as Record<string, unknown>;
      const { version: _v, publishedAt: _p, ...exportedRest } = exported;
      const { version: _ov, publishedAt: _op, ...originalRest } = original;
      expect(exportedRest).toEqual(originalRest);
    });
  });

  describe('a notice based on consent', () => {
    it('shows withdrawal of consent and portability', async () => {
      await asEditor(http().post('/v1/notices').set('Content-Type', 'application/yaml').send(CONSENT)).expect(201);
      await publishNotice(app.getHttpServer(), consentId, tokens);
      const { body } = await http().get(`/v1/notices/${consentId}`).expect(200);
      expect(body.rights['withdraw-consent'].applies).toBe(true);
      expect(body.rights.portability.applies).toBe(true);
      const html = (await http().get(`/v1/notices/${consentId}?format=html`).expect(200)).text;
      expect(html).toContain('Rätt att när som helst återkalla ditt samtycke');
      expect(html).toContain('Rätt till dataportabilitet');
    });
  });

  describe('a processor organisation with its own data categories and a per-group data map', () => {
    const PROCESSOR = seed('processor-example.yaml');
    const processorId = (parse(PROCESSOR) as { id: string }).id;

    it('publishes with no warnings, announces its roles and map on Kafka, and shows them on the page and in the JSON-LD', async () => {
      const created = await asEditor(http().post('/v1/notices').set('Content-Type', 'application/yaml').send(PROCESSOR)).expect(201);
      expect(created.body.warnings).toEqual([]);
      await publishNotice(app.getHttpServer(), processorId, tokens);

      await probe.waitFor((all) => all.some((m) => m.topic === Topics.NoticePublishedV1 && m.key === processorId));
      const envelope = probe
        .on(Topics.NoticePublishedV1)
        .filter((m) => m.key === processorId)
        .at(-1)!
        .json<{ data: { controller: unknown; content: { roles: unknown[]; legalBasisGroups: { dataCategories?: string[] }[] } } }>()!;
      expect(envelope.data.controller).toEqual({ name: 'Exempelförbundet', organisationNumber: '222000-1115' });
      expect(envelope.data.content.roles).toHaveLength(2);
      expect(envelope.data.content.legalBasisGroups[0]!.dataCategories).toContain('arendeuppgifter');

      const html = (await http().get(`/v1/notices/${processorId}?format=html`).expect(200)).text;
      const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      for (const phrase of [
        'Personuppgiftsbiträde för Exempelkommun, Grannkommun, Region Exempel',
        'Den personuppgiftsansvarige du har kontakt med',
        'Gäller: Invånare som lämnar in ärenden Personuppgifter: Namn, Personnummer, Mejladress, Uppgifter i ärendet, Bifogade handlingar',
        'Arkivering i allmänhetens intresse',
        'Begrepp och allmän information',
        'Personuppgifterna överförs inte till något land utanför EU/EES.',
      ]) {
        expect(text).toContain(phrase);
      }
      const doc = (await http().get(`/v1/notices/${processorId}?format=jsonld`).expect(200)).body as Record<string, unknown>;
      const erasure = (doc['dct:hasPart'] as { 'dpv:hasRight': Record<string, unknown>[] }[])[1]!['dpv:hasRight'].find(
        (r) => r['@id'] === 'eu-gdpr:A17',
      );
      expect(erasure?.['insyn:limitation']).toEqual([expect.objectContaining({ 'insyn:effect': 'limit' })]);
    });
  });

  describe('the notice format for authors', () => {
    it('serves the JSON Schema of a notice, which the OpenAPI request bodies reference', async () => {
      const res = await http()
        .get('/v1/schemas/notice.json')
        .expect(200)
        .expect('Content-Type', /application\/schema\+json/);
      const schema = JSON.parse(res.text) as { $id: string; properties: Record<string, unknown>; required: string[] };
      expect(schema.$id).toBe('https://insyn.example.se/v1/schemas/notice.json');
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['roles', 'customDataCategories', 'archiving', 'definitions']));
      expect(schema.required).toContain('legalBasisGroups');
      const openapi = (await http().get('/openapi.json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      };
      expect(JSON.stringify(openapi.paths['/v1/notices']!.post)).toContain('"$ref":"#/components/schemas/Notice"');
      expect(Object.keys(openapi.components.schemas.Notice!.properties)).toEqual(Object.keys(schema.properties));
    });
  });

  describe('a notice written in Swedish only', () => {
    const slug = 'bara-svenska';
    const swedishOnly = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(swedishOnly)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (k === 'en' ? [] : [[k, swedishOnly(x)]])))
          : v;

    it('offers no English; asked for English it is a Swedish page with a note in English marked lang="en"', async () => {
      const notice = { ...(swedishOnly(parse(CONSENT)) as Record<string, unknown>), id: slug, languages: ['sv'] };
      await asEditor(http().post('/v1/notices').send(notice)).expect(201);
      await publishNotice(app.getHttpServer(), slug, tokens);

      const negotiated = await http().get(`/v1/notices/${slug}`).set('Accept', 'text/html').set('Accept-Language', 'en').expect(200);
      expect(negotiated.text).toMatch(/<html lang="sv">/);
      expect(negotiated.text).not.toContain('In English');
      expect(negotiated.text).not.toContain('hreflang="en"');
      expect(negotiated.text).not.toContain('class="language-note"');

      const asked = await http().get(`/v1/notices/${slug}?format=html&lang=en`).expect(200);
      expect(asked.text).toMatch(/<html lang="sv">/);
      expect(asked.text).toContain('<h2 id="purpose">Syftet med behandlingen</h2>');
      expect(asked.text).toContain('<p class="language-note" role="note" lang="en">This notice is published in Swedish only');
    });
  });

  describe('lifecycle', () => {
    const slug = 'livscykel-exempel';

    it('keeps every version readable, compares two, and refuses to publish an unchanged draft', async () => {
      const v1 = factory.notice({ id: slug });
      await asEditor(http().post('/v1/notices').send(v1)).expect(201);
      await publishNotice(app.getHttpServer(), slug, tokens);
      await asEditor(http().post(`/v1/notices/${slug}/publish`)).expect(409);

      const draft = await asEditor(http().get(`/v1/notices/${slug}/draft`)).expect(200);
      const changed = {
        ...v1,
        title: { sv: 'Behandling, ändrad', en: 'Processing, changed' },
        dataCategories: [{ code: 'name' }],
        legalBasisGroups: [...v1.legalBasisGroups, { id: 'avtal', context: { sv: 'Avtal', en: 'Contract' }, bases: [{ code: '6.1.b' }] }],
      };
      await asEditor(http().put(`/v1/notices/${slug}/draft`).set('If-Match', draft.headers.etag!).send(changed)).expect(200);
      await asEditor(http().put(`/v1/notices/${slug}/draft`).set('If-Match', draft.headers.etag!).send(changed)).expect(412);
      await publishNotice(app.getHttpServer(), slug, tokens);

      expect((await http().get(`/v1/notices/${slug}`).expect(200)).body).toMatchObject({ version: 2, title: { sv: 'Behandling, ändrad' } });
      const old = await http().get(`/v1/notices/${slug}/versions/1`).expect(200);
      expect(old.body).toMatchObject({ version: 1, title: v1.title });
      expect(old.headers['cache-control']).toContain('immutable');
      const versions = await http().get(`/v1/notices/${slug}/versions`).expect(200);
      expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      const compared = await http().get(`/v1/notices/${slug}/compare?from=1&to=2`).expect(200);
      expect(compared.body.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'title.sv', kind: 'changed', before: v1.title.sv, after: 'Behandling, ändrad' }),
          expect.objectContaining({ path: 'version', kind: 'changed', before: 1, after: 2 }),
          // By identity and in words: the data category that was removed, not "dataCategories.1".
          expect.objectContaining({
            path: 'dataCategories[email]',
            kind: 'removed',
            description: 'data category "email" (Mejladress) was removed',
          }),
          expect.objectContaining({ path: 'legalBasisGroups[avtal]', kind: 'added', description: 'legal-basis group "avtal" was added' }),
        ]),
      );
      expect(compared.body.changes.map((c: { path: string }) => c.path)).not.toContain('dataCategories.1');
    });

    it('withdraws a notice: gone from the list, versions still readable, event on Kafka', async () => {
      // The reason is required: no body, or an empty reason, is a 400 naming the field, and nothing changes.
      for (const req of [
        asEditor(http().post(`/v1/notices/${slug}/withdraw`)),
        asEditor(http().post(`/v1/notices/${slug}/withdraw`).send({ reason: '' })),
      ]) {
        const refused = await req.expect(400).expect('Content-Type', /application\/problem\+json/);
        expect((refused.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['reason']);
      }
      await http().get(`/v1/notices/${slug}`).expect(200);
      await asEditor(http().post(`/v1/notices/${slug}/withdraw`).send({ reason: 'Behandlingen har upphört' })).expect(200);
      await http().get(`/v1/notices/${slug}`).expect(404);
      await http().get(`/v1/notices/${slug}/versions/2`).expect(200);
      const list = await http().get('/v1/notices').expect(200);
      expect(list.body.notices.map((n: { id: string }) => n.id)).not.toContain(slug);
      await probe.waitFor((all) => all.some((m) => m.topic === Topics.NoticeWithdrawnV1 && m.key === slug));
      await asEditor(http().post(`/v1/notices/${slug}/withdraw`).send({ reason: 'Igen' })).expect(409);
    });

    it('lists published notices filtered by controller and by activity', async () => {
      // By organisation number where the notice gives one, by name where it gives none (Umeå's page prints none).
      const consent = (await http().get(`/v1/notices/${consentId}`).expect(200)).body as { controller: { organisationNumber: string } };
      const byNumber = await http().get(`/v1/notices?controller=${consent.controller.organisationNumber}`).expect(200);
      expect(byNumber.body.notices.map((n: { id: string }) => n.id)).toContain(consentId);
      const byName = await http()
        .get(`/v1/notices?controller=${encodeURIComponent('Umeå')}`)
        .expect(200);
      expect(byName.body.notices.map((n: { id: string }) => n.id)).toContain(umeaId);
      expect(byName.body.notices.find((n: { id: string }) => n.id === umeaId)).not.toHaveProperty('controller.organisationNumber');
      const byActivity = await http().get('/v1/notices?activity=meddelanden').expect(200);
      expect(byActivity.body.notices.map((n: { id: string }) => n.id)).toContain(umeaId);
      expect(byActivity.body.notices.map((n: { id: string }) => n.id)).not.toContain('livscykel-exempel');
      expect((await http().get('/v1/notices?activity=finns-inte-alls').expect(200)).body.notices).toEqual([]);
      expect((await http().get('/v1/notices?controller=000000-0000').expect(200)).body.notices).toEqual([]);
      await http()
        .get('/v1/notices?activity=' + 'x'.repeat(101))
        .expect(400);
    });
  });

  describe('who may write', () => {
    it('needs a token (401), of an editor or a system with notice:write (403 otherwise)', async () => {
      const body = factory.notice({ id: 'behorighet-exempel' });
      const unauthenticated = await http().post('/v1/notices').send(body).expect(401);
      expect(unauthenticated.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(unauthenticated.headers['www-authenticate']).toBe('Bearer realm="insyn"');
      await http().post('/v1/notices').set('Authorization', 'Bearer not-a-token').send(body).expect(401);
      const citizen = await tokens.citizen('a'.repeat(43));
      await http().post('/v1/notices').set('Authorization', `Bearer ${citizen}`).send(body).expect(403);
      const reader = await tokens.client(['notice:read']);
      await http().post('/v1/notices').set('Authorization', `Bearer ${reader}`).send(body).expect(403);
      const otherRole = await tokens.official(['messages-reader']);
      await http().post('/v1/notices').set('Authorization', `Bearer ${otherRole}`).send(body).expect(403);
      const expired = await tokens.mint({ sub: 'x', kind: 'official', roles: ['notice-editor'] }, { expiresIn: '-1m' });
      await http().post('/v1/notices').set('Authorization', `Bearer ${expired}`).send(body).expect(401);
      const foreign = await (await TestTokens.create()).official(['notice-editor']);
      await http().post('/v1/notices').set('Authorization', `Bearer ${foreign}`).send(body).expect(401);
      const system = await tokens.client(['notice:write']);
      await http().post('/v1/notices').set('Authorization', `Bearer ${system}`).send(body).expect(201);
    });

    it('lets the DPO read the record of processing activities as JSON and CSV, and nobody anonymous', async () => {
      await http().get('/v1/ropa').expect(401);
      const dpo = await tokens.official(['dpo']);
      const json = await http().get('/v1/ropa').set('Authorization', `Bearer ${dpo}`).expect(200);
      const entry = (json.body.activities as { id: string; purposes: string[]; legalBases: string[]; specialCategories: boolean }[]).find(
        (a) => a.id === umeaId,
      )!;
      expect(entry.purposes.length).toBeGreaterThan(0);
      expect(entry.specialCategories).toBe(true);
      expect(entry.legalBases.join(' ')).toContain('2018:218');
      const csv = await http()
        .get('/v1/ropa?format=csv')
        .set('Authorization', `Bearer ${dpo}`)
        .expect(200)
        .expect('Content-Type', /text\/csv/);
      expect(csv.text.split('\r\n')[0]).toContain('id,version,publishedAt,status,name,controller');
      expect(csv.text).toContain(umeaId);
    });
  });

  describe('bad input: a 4xx problem naming the field, and nothing stored', () => {
    const cases: [string, (n: Record<string, unknown>) => Record<string, unknown>, string][] = [
      [
        'an unknown legal-basis code',
        (n) => ({ ...n, legalBasisGroups: [{ id: 'g', context: { sv: 'x', en: 'x' }, bases: [{ code: '6.1.x' }] }] }),
        'legalBasisGroups[0].bases[0].code',
      ],
      ['a special category without an art. 9 condition', (n) => ({ ...n, dataCategories: [{ code: 'health' }] }), 'dataCategories'],
      [
        'a malformed controller email',
        (n) => ({ ...n, controller: { ...(n.controller as object), contact: { email: 'inte en adress' } } }),
        'controller.contact.email',
      ],
      ['an unknown language', (n) => ({ ...n, languages: ['sv', 'fi'] }), 'languages'],
      ['an oversized field', (n) => ({ ...n, title: { sv: 'x'.repeat(5000), en: 'x' } }), 'title.sv'],
      ['an unknown field', (n) => ({ ...n, secretBackdoor: true }), 'secretBackdoor'],
    ];

    it.each(cases)('%s', async (_what, mutate, field) => {
      const id = `dalig-${field
        .replace(/[^a-z]/gi, '')
        .toLowerCase()
        .slice(0, 30)}`;
      const res = await asEditor(
        http()
          .post('/v1/notices')
          .send(mutate({ ...factory.notice({ id }) })),
      ).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, type: expect.stringContaining('validation') });
      expect((res.body.errors as { field: string }[]).map((e) => e.field).some((f) => f.startsWith(field))).toBe(true);
      await asEditor(http().get(`/v1/notices/${id}/draft`)).expect(404);
    });

    it('a draft may be incomplete: stored with what it lacks named, and refused at publish (422) naming every missing field', async () => {
      const id = 'ofullstandigt-utkast';
      const { purposes: _p, retention: _r, ...rest } = factory.notice({ id });
      const draft = { ...rest, controller: { ...rest.controller, contact: {} } };
      const created = await asEditor(http().post('/v1/notices').send(draft)).expect(201);
      expect(created.body.missing.map((v: { field: string }) => v.field)).toEqual(['controller.contact', 'purposes', 'retention']);
      const refused = await asEditor(http().post(`/v1/notices/${id}/publish`)).expect(422);
      expect(refused.body.detail).toBe('The draft is not complete: controller.contact, purposes, retention are missing; see errors.');
      expect((refused.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['controller.contact', 'purposes', 'retention']);
      await http().get(`/v1/notices/${id}`).expect(404);
    });

    it('answers in Swedish to Accept-Language: sv, saying so in Content-Language; in English otherwise, as before', async () => {
      const id = 'svenska-meddelanden';
      const art9 = { ...factory.notice({ id }), dataCategories: [{ code: 'health' }] };
      const sv = await asEditor(http().post('/v1/notices').set('Accept-Language', 'sv-SE,sv;q=0.9,en;q=0.8').send(art9)).expect(400);
      expect(sv.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(sv.headers['content-language']).toBe('sv');
      expect(sv.body.detail).toBe('Behandlingsinformationen har fält som inte är rätt ifyllda; se errors.');
      expect(sv.body.errors).toContainEqual({
        field: 'dataCategories[0].code',
        messages: [
          '"health" är känsliga personuppgifter (art. 9) men ingen rättslig grund har ett undantag enligt artikel 9.2 i dataskyddsförordningen',
        ],
      });
      const en = await asEditor(http().post('/v1/notices').send(art9)).expect(400);
      expect(en.headers['content-language']).toBe('en');
      expect(en.body.errors).toContainEqual({
        field: 'dataCategories[0].code',
        messages: ['"health" is a special category (GDPR art. 9) but no legal basis has an art. 9.2 condition'],
      });

      // A saved draft's warnings and missing fields, and publishing's 422, in the language asked for too.
      const { purposes: _p, thirdCountryTransfers: _t, ...incomplete } = factory.notice({ id });
      const created = await asEditor(http().post('/v1/notices').set('Accept-Language', 'sv').send(incomplete)).expect(201);
      expect(created.headers['content-language']).toBe('sv');
      expect(created.body.missing).toEqual([{ field: 'purposes', messages: ['måste fyllas i'] }]);
      expect(created.body.warnings[0].messages[0]).toMatch(
        /^behandlingsinformationen säger inget om överföring till länder utanför EU\/EES/,
      );
      const saved = await asEditor(
        http().put(`/v1/notices/${id}/draft`).set('If-Match', '"1"').set('Accept-Language', 'en').send(incomplete),
      ).expect(200);
      expect(saved.headers['content-language']).toBe('en');
      expect(saved.body.missing).toEqual([{ field: 'purposes', messages: ['is required'] }]);
      const refused = await asEditor(http().post(`/v1/notices/${id}/publish`).set('Accept-Language', 'sv')).expect(422);
      expect(refused.headers['content-language']).toBe('sv');
      expect(refused.body.detail).toBe('Utkastet är inte komplett: purposes saknas; se errors.');
      expect(refused.body.errors).toEqual([{ field: 'purposes', messages: ['måste fyllas i'] }]);
    });

    it('malformed YAML points at the line', async () => {
      const res = await asEditor(
        http().post('/v1/notices').set('Content-Type', 'application/yaml').send('id: a\ntitle: [unclosed\n'),
      ).expect(400);
      expect(res.body.errors[0].field).toMatch(/^line \d+, column \d+$/);
      expect(res.body.errors[0].messages[0]).toMatch(/^Flow sequence in block collection/);
      expect(res.body.detail).toBe('The YAML could not be read.');

      const sv = await asEditor(
        http().post('/v1/notices').set('Content-Type', 'application/yaml').set('Accept-Language', 'sv').send('id: a\ntitle: [unclosed\n'),
      ).expect(400);
      expect(sv.headers['content-language']).toBe('sv');
      expect(sv.body.detail).toBe('YAML-texten kunde inte läsas.');
      expect(sv.body.errors).toEqual([{ field: res.body.errors[0].field, messages: [expect.stringContaining('varje [ ha sin ]')] }]);
    });

    it('malformed JSON, an unsupported media type and an oversized body get problems too', async () => {
      const bad = await asEditor(http().post('/v1/notices').set('Content-Type', 'application/json').send('{"id": ')).expect(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      await asEditor(http().post('/v1/notices').set('Content-Type', 'text/plain').send('hello')).expect(415);
      const huge = await asEditor(
        http()
          .post('/v1/notices')
          .send({ id: 'x', padding: 'x'.repeat(600_000) }),
      ).expect(413);
      expect(huge.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('unknown notices, versions and formats', async () => {
      await http().get('/v1/notices/finns-inte').expect(404);
      await http().get(`/v1/notices/${umeaId}/versions/99`).expect(404);
      await http().get(`/v1/notices/${umeaId}/versions/abc`).expect(400);
      await http().get(`/v1/notices/${umeaId}?format=pdf`).expect(400);
      await http().get(`/v1/notices/${umeaId}`).set('Accept', 'image/png').expect(406);
      await http().get(`/v1/notices/${umeaId}/compare?from=1`).expect(400);
    });
  });

  describe('a second instance', () => {
    it('answers the newest version once the publish event reaches it, and lists the withdrawal once that reaches it', async () => {
      const other = await createTestApp(AppModule, NOTICE_SERVICE);
      try {
        const slug = 'andra-instansen';
        await asEditor(
          http()
            .post('/v1/notices')
            .send(factory.notice({ id: slug })),
        ).expect(201);
        await publishNotice(app.getHttpServer(), slug, tokens);
        await eventually(
          async () => ((await request(other.getHttpServer()).get(`/v1/notices/${slug}`)).status === 200 ? true : undefined),
          20_000,
          'the other instance',
        );
        const draft = await asEditor(http().get(`/v1/notices/${slug}/draft`)).expect(200);
        await asEditor(
          http()
            .put(`/v1/notices/${slug}/draft`)
            .set('If-Match', draft.headers.etag!)
            .send(factory.notice({ id: slug, title: { sv: 'Ny titel', en: 'New title' } })),
        ).expect(200);
        await publishNotice(app.getHttpServer(), slug, tokens);
        await eventually(
          async () =>
            ((await request(other.getHttpServer()).get(`/v1/notices/${slug}`)).body as { version?: number }).version === 2 || undefined,
          20_000,
          'version 2 on the other instance',
        );
        // A withdrawal reaches it too, and its list of changes tells of it; so does its store after a reload.
        await asEditor(http().post(`/v1/notices/${slug}/withdraw`).send({ reason: 'Behandlingen har upphört' })).expect(200);
        const changes = async () =>
          (
            (await request(other.getHttpServer()).get(`/v1/notices?activity=${slug}&since=2000-01-01T00:00:00Z`).expect(200)).body as {
              notices: { id: string; status: string; version: number; withdrawnAt?: string }[];
            }
          ).notices;
        const seen = await eventually(
          async () => {
            const listed = await changes();
            return listed[0]?.status === 'withdrawn' ? listed : undefined;
          },
          20_000,
          'the withdrawal on the other instance',
        );
        expect(seen).toEqual([expect.objectContaining({ id: slug, status: 'withdrawn', version: 2 })]);
        await other.get(PublishedNotices).reload();
        expect(await changes()).toEqual(seen);
      } finally {
        await other.close();
      }
    });
  });

  it('pages the published notices by id: Link followed to the end gives each once, keeping the filter; bad paging input is a 400', async () => {
    const slugs = [
      'sidindelning-exempel-a',
      'sidindelning-exempel-b',
      'sidindelning-exempel-c',
      'sidindelning-exempel-d',
      'sidindelning-exempel-e',
    ];
    for (const slug of slugs) {
      await asEditor(
        http()
          .post('/v1/notices')
          .set('Content-Type', 'application/yaml')
          .send(UMEA.replace(`id: ${umeaId}`, `id: ${slug}`)),
      ).expect(201);
      await publishNotice(app.getHttpServer(), slug, tokens);
    }
    const ids = (body: { notices: { id: string }[] }) => body.notices.map((n) => n.id);
    await eventually(async () => {
      const listed = ids((await http().get('/v1/notices?activity=sidindelning').expect(200)).body);
      return listed.length === slugs.length ? true : undefined;
    });
    const { pages, links } = await followPages<{ notices: { id: string }[] }>(
      (url) => http().get(url).expect(200),
      '/v1/notices?activity=sidindelning&limit=2',
    );
    expect(pages.map(ids)).toEqual([slugs.slice(0, 2), slugs.slice(2, 4), slugs.slice(4)]);
    for (const link of links) expect(link).toMatch(/^<\/v1\/notices\?cursor=[A-Za-z0-9_-]+&limit=2>; rel="next"$/);
    // Unfiltered, the whole list pages too: every notice once, in id order.
    const whole = ids((await http().get('/v1/notices').expect(200)).body);
    const all = await followPages<{ notices: { id: string }[] }>((url) => http().get(url).expect(200), '/v1/notices?limit=3');
    expect(all.pages.flatMap(ids)).toEqual(whole);
    expect([...whole].sort()).toEqual(whole);

    const cursor = /cursor=([^&>]+)/.exec(links[0]!)![1]!;
    const fieldsOf = async (url: string) => ((await http().get(url).expect(400)).body.errors as { field: string }[]).map((e) => e.field);
    expect(await fieldsOf('/v1/notices?cursor=bm90LWEtY3Vyc29y')).toEqual(['cursor']);
    expect(await fieldsOf(`/v1/notices?cursor=${cursor}&activity=annat`)).toEqual(['activity']);
    expect(await fieldsOf('/v1/notices?limit=201')).toEqual(['limit']);
  });

  it('lists what changed after `since`, oldest change first: a new version and a withdrawal come; Link keeps since; bad since or the other order’s cursor is a 400', async () => {
    type Summary = { id: string; version: number; status: string; changedAt: string; withdrawnAt?: string; href: string };
    const [a, b, c] = ['sedan-exempel-a', 'sedan-exempel-b', 'sedan-exempel-c'] as const;
    for (const slug of [a, b, c]) {
      await asEditor(
        http()
          .post('/v1/notices')
          .send(factory.notice({ id: slug })),
      ).expect(201);
      await publishNotice(app.getHttpServer(), slug, tokens);
    }
    const list = async (url: string) => (await http().get(url).expect(200)).body as { notices: Summary[] };
    const changedAfter = async (since: string, limit = '') =>
      (await list(`/v1/notices?activity=sedan-exempel&since=${encodeURIComponent(since)}${limit}`)).notices;
    const ids = (notices: Summary[]) => notices.map((n) => n.id);

    // Published one after the other: oldest change first, each with the instant it changed.
    const first = await changedAfter('2000-01-01T00:00:00Z');
    expect(ids(first)).toEqual([a, b, c]);
    for (const n of first) {
      expect(n).toMatchObject({ status: 'published', version: 1, href: `/v1/notices/${n.id}` });
      expect(new Date(n.changedAt).toISOString()).toBe(n.changedAt);
    }
    // Strictly after: the notice changed at `since` itself is not listed again.
    const since = first[0]!.changedAt;
    expect(ids(await changedAfter(since))).toEqual([b, c]);
    const newest = first.at(-1)!.changedAt;
    expect(await changedAfter(newest)).toEqual([]);

    // A new version of a, then b withdrawn: both come after the newest change seen, in that order.
    const draft = await asEditor(http().get(`/v1/notices/${a}/draft`)).expect(200);
    const changed = { ...factory.notice({ id: a }), title: { sv: 'Sedan, ändrad', en: 'Since, changed' } };
    await asEditor(http().put(`/v1/notices/${a}/draft`).set('If-Match', draft.headers.etag!).send(changed)).expect(200);
    await publishNotice(app.getHttpServer(), a, tokens);
    await asEditor(http().post(`/v1/notices/${b}/withdraw`).send({ reason: 'Behandlingen har upphört' })).expect(200);
    const later = await changedAfter(newest);
    expect(later.map((n) => [n.id, n.status, n.version])).toEqual([
      [a, 'published', 2],
      [b, 'withdrawn', 1],
    ]);
    expect(later[0]!.changedAt > newest).toBe(true);
    expect(later[1]).toMatchObject({ withdrawnAt: later[1]!.changedAt, href: `/v1/notices/${b}/versions/1` });
    // Without `since`, a withdrawn notice is not listed, as before.
    expect(ids((await list('/v1/notices?activity=sedan-exempel')).notices)).toEqual([a, c]);

    // Paged: Link followed to the end gives each change once, in order; the cursor keeps `since` (and the order).
    const { pages, links } = await followPages<{ notices: Summary[] }>(
      (url) => http().get(url).expect(200),
      `/v1/notices?activity=sedan-exempel&since=${encodeURIComponent(since)}&limit=1`,
    );
    expect(pages.map((p) => ids(p.notices))).toEqual([[c], [a], [b]]);
    expect(links).toHaveLength(2);
    const cursorOf = (link: string) => /cursor=([^&>]+)/.exec(link)![1]!;
    for (const link of links) {
      expect(link).toMatch(/^<\/v1\/notices\?cursor=[A-Za-z0-9_-]+&limit=1>; rel="next"$/);
      const kept = JSON.parse(Buffer.from(cursorOf(link), 'base64url').toString('utf8')) as { f: Record<string, string> };
      expect(kept.f).toEqual({ activity: 'sedan-exempel', since: new Date(since).toISOString() });
    }
    // The same `since` given beside its cursor is fine, written otherwise too; a different one is a 400 naming it.
    const sinceOtherwise = new Date(new Date(since).getTime()).toISOString().replace('Z', '+00:00');
    await http()
      .get(`/v1/notices?cursor=${cursorOf(links[0]!)}&limit=1&since=${encodeURIComponent(sinceOtherwise)}`)
      .expect(200);

    const fieldsOf = async (url: string) => {
      const refused = await http()
        .get(url)
        .expect(400)
        .expect('Content-Type', /application\/problem\+json/);
      return (refused.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await fieldsOf('/v1/notices?since=yesterday')).toEqual(['since']);
    expect(await fieldsOf('/v1/notices?since=2026-13-01T00:00:00Z')).toEqual(['since']);
    expect(await fieldsOf(`/v1/notices?cursor=${cursorOf(links[0]!)}&since=2000-01-01T00:00:00Z`)).toEqual(['since']);
    // A cursor of the list by id is refused by the list of changes.
    const byId = await http().get('/v1/notices?activity=sedan-exempel&limit=1').expect(200);
    expect(await fieldsOf(`/v1/notices?cursor=${cursorOf(byId.headers.link!)}&since=${encodeURIComponent(since)}`)).toEqual(['cursor']);
  });

  it('answers /health with MongoDB and Kafka up, and /metrics', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { mongodb: { status: 'up' }, kafka: { status: 'up' } } });
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.text).toContain('insyn_outbox_published_total');
    expect(metrics.text).toContain('insyn_http_request_duration_seconds');
  });
});
