import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ConsentChangedV1Event, validatePayload } from '@insyn/contracts';
import { EventFactory, type MessagingOptions, type OutboxRelay } from '@insyn/messaging';
import type { Clock, IdGenerator } from '@insyn/platform';
import { problemOf, strictFake } from '@insyn/testing';
import type { NoticeTermsRepository } from '../../../notices/persistence/notice-terms.repository.js';
import type { ConsentIndex } from '../../check/consent-index.js';
import { changeOf, type Consent, newConsent } from '../../domain/consent.js';
import type { ConsentsRepository } from '../../persistence/consents.repository.js';
import type { ConsentSignatureProof } from '../../signature/consent-signature.js';
import { type ConsentSignatures, signatureProblem } from '../../signature/consent-signatures.js';
import { ConsentWriter } from '../consent-writer.js';
import { citizen, smsTerms, SUBJECT } from '../use-case-fakes.js';
import { GiveConsentUseCase } from './give-consent.usecase.js';

const now = new Date('2026-03-01T10:00:00Z');
const PROOF: ConsentSignatureProof = {
  provider: 'bankid',
  orderRef: 'order-1',
  signedAt: '2026-03-01T09:59:30.000Z',
  signedTextDigest: 'digest-of-the-text',
  evidenceDigest: 'digest-of-the-evidence',
  assertionId: 'assertion-1',
  assertion: 'a.b.c',
  sealedEvidence: 'v1.sealed',
};
const SIGNATURE = { assertion: 'a.b.c', evidence: { provider: 'bankid' as const, signature: 'PD94', ocspResponse: 'MIIH' } };
const signedTerms = () => {
  const t = smsTerms();
  return { ...t, consentPurposes: [{ ...t.consentPurposes[0]!, signature: 'required' as const }] };
};
const clock: Clock = { now: () => now };

describe('GiveConsentUseCase', () => {
  let terms = smsTerms();
  let existing: Consent | null;
  let insert: jest.Mock<ConsentsRepository['insert']>;
  let append: jest.Mock<ConsentsRepository['append']>;
  let findForPurpose: jest.Mock<ConsentsRepository['findForPurpose']>;
  let enqueued: jest.Mock<OutboxRelay['enqueued']>;
  let apply: jest.Mock<ConsentIndex['apply']>;
  let verify: jest.Mock<ConsentSignatures['verify']>;
  let claim: jest.Mock<ConsentSignatures['claim']>;
  let release: jest.Mock<ConsentSignatures['release']>;
  let useCase: GiveConsentUseCase;

  beforeEach(() => {
    terms = smsTerms();
    existing = null;
    insert = jest.fn<ConsentsRepository['insert']>().mockImplementation((_consent, event) => Promise.resolve([event]));
    append = jest.fn<ConsentsRepository['append']>().mockImplementation((...args) => Promise.resolve([args[4]]));
    findForPurpose = jest.fn<ConsentsRepository['findForPurpose']>().mockImplementation(() => Promise.resolve(existing));
    enqueued = jest.fn<OutboxRelay['enqueued']>().mockResolvedValue(undefined);
    apply = jest.fn<ConsentIndex['apply']>();
    let n = 0;
    const ids: IdGenerator = { next: () => `id-00000${++n}` };
    const events = new EventFactory({ service: 'rights' } as MessagingOptions, clock, ids);
    const consents = strictFake<ConsentsRepository>('ConsentsRepository', { insert, append, findForPurpose });
    const notices = strictFake<NoticeTermsRepository>('NoticeTermsRepository', {
      current: (slug) => Promise.resolve(slug === terms.slug ? terms : null),
    });
    const writer = new ConsentWriter(consents, ids, events, { enqueued } as unknown as OutboxRelay, { apply } as unknown as ConsentIndex);
    verify = jest.fn<ConsentSignatures['verify']>().mockResolvedValue(PROOF);
    claim = jest.fn<ConsentSignatures['claim']>().mockResolvedValue(undefined);
    release = jest.fn<ConsentSignatures['release']>().mockResolvedValue(undefined);
    const signatures = strictFake<ConsentSignatures>('ConsentSignatures', { verify, claim, release });
    useCase = new GiveConsentUseCase(consents, notices, writer, signatures, clock);
  });

  it('stores a new consent with its first change: the notice version, the text shown, when, and how the person signed in', async () => {
    const { consent, changed } = await useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'en' });
    expect(changed).toBe(true);
    expect(insert).toHaveBeenCalledTimes(1);
    const [stored] = insert.mock.calls[0]!;
    expect(stored).toBe(consent);
    expect(stored).toMatchObject({
      consentId: 'id-000001',
      subjectKey: SUBJECT,
      state: 'given',
      sequence: 1,
      noticeVersion: 1,
      language: 'en',
    });
    expect(stored.history).toEqual([
      expect.objectContaining({
        sequence: 1,
        state: 'given',
        at: now,
        notice: { slug: 'sms-avisering', noticeId: 'sms-avisering', version: 1, title: terms.title },
        purpose: { id: 'sms-avisering', basis: '6.1.a', title: { sv: 'Sms-avisering', en: 'SMS alerts' } },
        text: { sv: 'Ditt samtycke.', en: 'Your consent.' },
        language: 'en',
        method: { provider: 'bankid', loa: 3, sessionId: 'session-0001' },
      }),
    ]);
    expect(enqueued).toHaveBeenCalledWith('consents', 'id-000001', [insert.mock.calls[0]![1]]); // the outbox the insert left
    expect(apply).toHaveBeenCalledWith(expect.objectContaining({ consentId: 'id-000001', state: 'given', sequence: 1 }));
  });

  it('puts consent.changed.v1 on the outbox in the same write: keyed by consent id, the subject key, no text and no session', async () => {
    await useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' });
    const entry = insert.mock.calls[0]![1];
    expect(entry).toMatchObject({ topic: 'consent.changed.v1', key: 'id-000001' });
    const envelope = JSON.parse(entry.value) as { subjectKey: string; data: Record<string, unknown> };
    expect(envelope.subjectKey).toBe(SUBJECT);
    expect(envelope.data).toMatchObject({
      consentId: 'id-000001',
      subjectKey: SUBJECT,
      notice: { slug: 'sms-avisering', version: 1 },
      purpose: { id: 'sms-avisering', basis: '6.1.a' },
      state: 'given',
      sequence: 1,
      language: 'sv',
      method: { provider: 'bankid', loa: 3 },
      changedAt: now.toISOString(),
    });
    expect(validatePayload(ConsentChangedV1Event, envelope.data)).toEqual([]);
    expect(entry.value).not.toContain('Ditt samtycke');
    expect(entry.value).not.toContain('session-0001');
  });

  it('changes nothing when the consent is given already to the same wording (idempotent)', async () => {
    existing = newConsent('consent-1', SUBJECT, changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'sv', citizen().method, now));
    const { consent, changed } = await useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' });
    expect(changed).toBe(false);
    expect(consent).toBe(existing);
    expect(insert).not.toHaveBeenCalled();
    expect(append).not.toHaveBeenCalled();
    expect(enqueued).not.toHaveBeenCalled();
  });

  it('records a new change under the new version when the wording changed since it was given', async () => {
    const v1 = smsTerms({}, { sv: 'Gammal text.', en: 'Old text.' });
    existing = newConsent('consent-1', SUBJECT, changeOf(1, 'given', v1, v1.consentPurposes[0]!, 'sv', citizen().method, now));
    terms = smsTerms({ version: 2 });
    const { consent, changed } = await useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' });
    expect(changed).toBe(true);
    expect(append).toHaveBeenCalledWith(
      'consent-1',
      SUBJECT,
      1,
      expect.objectContaining({ sequence: 2, state: 'given' }),
      expect.anything(),
    );
    expect(consent).toMatchObject({ sequence: 2, noticeVersion: 2, history: [{ sequence: 1 }, { sequence: 2 }] });
  });

  it('gives again after a withdrawal: the same consent, the next change', async () => {
    const given = newConsent('consent-1', SUBJECT, changeOf(1, 'given', terms, terms.consentPurposes[0]!, 'sv', citizen().method, now));
    existing = { ...given, state: 'withdrawn', sequence: 2 };
    await useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' });
    expect(append).toHaveBeenCalledWith(
      'consent-1',
      SUBJECT,
      2,
      expect.objectContaining({ sequence: 3, state: 'given' }),
      expect.anything(),
    );
  });

  it('reads again when another request created the consent at the same moment (a double click)', async () => {
    insert.mockImplementation((consent) => {
      existing = consent;
      return Promise.resolve(null);
    });
    const { changed } = await useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' });
    expect(changed).toBe(false);
    expect(findForPurpose).toHaveBeenCalledTimes(2);
    expect(enqueued).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown or withdrawn notice', { notice: 'okand', purpose: 'sms-avisering', language: 'sv' as const }, 404, 'notice-not-found'],
    [
      'a purpose the notice does not rest on consent',
      { notice: 'sms-avisering', purpose: 'handlaggning', language: 'sv' as const },
      422,
      'not-a-consent-purpose',
    ],
  ])('refuses %s and writes nothing', async (_, input, status, type) => {
    const problem = await problemOf(useCase.execute(citizen(), input));
    expect(problem).toMatchObject({ status, problemType: type });
    expect(insert).not.toHaveBeenCalled();
    expect(append).not.toHaveBeenCalled();
  });

  it('refuses English when the notice has no English text for the purpose', async () => {
    terms = smsTerms({}, { sv: 'Bara svenska.' });
    const problem = await problemOf(useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'en' }));
    expect(problem).toMatchObject({ status: 422, problemType: 'language-not-available' });
    expect(insert).not.toHaveBeenCalled();
  });

  describe('a purpose whose notice asks for a BankID signature', () => {
    beforeEach(() => {
      terms = signedTerms();
    });

    it('refuses giving without a signature, with nothing stored and nothing verified', async () => {
      const problem = await problemOf(useCase.execute(citizen(), { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' }));
      expect(problem).toMatchObject({ status: 422, problemType: 'signature-required' });
      expect(verify).not.toHaveBeenCalled();
      expect(insert).not.toHaveBeenCalled();
    });

    it('verifies the signature over exactly the text in the language shown, claims it once, and keeps the proof with the change', async () => {
      const input = { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'en' as const, signature: SIGNATURE };
      const { consent } = await useCase.execute(citizen(), input);
      expect(verify).toHaveBeenCalledWith(SUBJECT, 'Your consent.', SIGNATURE);
      expect(claim).toHaveBeenCalledWith(PROOF, SUBJECT);
      expect(consent.history[0]!.signature).toEqual(PROOF);
      const envelope = JSON.parse(insert.mock.calls[0]![1].value) as { data: Record<string, unknown> };
      expect(envelope.data).toMatchObject({ signedWith: 'bankid' });
      expect(validatePayload(ConsentChangedV1Event, envelope.data)).toEqual([]);
      expect(insert.mock.calls[0]![1].value).not.toContain('a.b.c');
      expect(release).not.toHaveBeenCalled();
    });

    it('stores nothing when the signature is refused (another person’s, another text, replayed)', async () => {
      verify.mockRejectedValue(signatureProblem('not-yours'));
      const input = { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' as const, signature: SIGNATURE };
      expect(await problemOf(useCase.execute(citizen(), input))).toMatchObject({ status: 403, problemType: 'signature-not-yours' });
      verify.mockResolvedValue(PROOF);
      claim.mockRejectedValue(Object.assign(signatureProblem('invalid'), { problemType: 'signature-replayed' }));
      await problemOf(useCase.execute(citizen(), input));
      expect(insert).not.toHaveBeenCalled();
      expect(release).not.toHaveBeenCalled();
    });

    it('gives the signature back when nothing changed (given already) or the write failed', async () => {
      insert.mockImplementation((consent) => {
        existing = consent;
        return Promise.resolve(null);
      });
      const input = { notice: 'sms-avisering', purpose: 'sms-avisering', language: 'sv' as const, signature: SIGNATURE };
      expect((await useCase.execute(citizen(), input)).changed).toBe(false);
      expect(release).toHaveBeenCalledWith(PROOF);
      insert.mockRejectedValue(new Error('database down'));
      existing = null;
      await expect(useCase.execute(citizen(), input)).rejects.toThrow('database down');
      expect(release).toHaveBeenCalledTimes(2);
    });
  });
});
