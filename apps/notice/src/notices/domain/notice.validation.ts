import { DATA_CATEGORIES, findDataCategory } from './dataCategories.js';
import {
  CONSENT_BASIS_CODES,
  CONSENT_SIGNATURES,
  CONTACT_TARGETS,
  LANGUAGES,
  LEGAL_BASIS_CODES,
  type Notice,
  ORGANISATION_ROLES,
  RECIPIENT_KINDS,
  TRANSFER_SAFEGUARDS,
} from './notice.model.js';
import { checkLegalRules } from './notice.legal-rules.js';
import { type ContactParty, type MessageLanguage, say } from './notice.messages.js';
import {
  at,
  Checker,
  EEA_COUNTRIES,
  EMAIL,
  GDPR_ARTICLE,
  isPlainObject,
  isRealDate,
  isWebUrl,
  LIMITS,
  organisationNumberProblem,
  PHONE,
  inLanguage,
  type MessageViolation,
  type PlainObject,
  POSTAL_CODE,
  SFS_NUMBER,
  SLUG,
  type Violation,
  Violations,
} from './validation-kit.js';

export type { MessageViolation, Violation } from './validation-kit.js';

/**
 * Validates a notice given as a plain object (parsed YAML, a JSON body) and returns every problem
 * found, never throwing, with its messages in `lang` (English unless asked otherwise). An empty list
 * means the object is a `Notice`. Structure is checked first; the legal rules (art. 9 data needs an
 * art. 9.2 condition, and so on) run on whatever is usable.
 */
export function validateNotice(input: unknown, lang: MessageLanguage = 'en'): Violation[] {
  return inLanguage(noticeViolations(input), lang);
}

/** `validateNotice`'s problems before they are written out in a language: each message by id and parameters. */
export function noticeViolations(input: unknown): MessageViolation[] {
  const violations = new Violations();
  if (!isPlainObject(input)) return [{ field: '', messages: [say('noticeNotObject')] }];

  const languages = checkLanguages(violations, input.languages);
  const c = new Checker(violations, languages);
  c.object('', input, NOTICE_KEYS);

  c.string('id', input.id, { max: LIMITS.id, pattern: SLUG, hint: say('slugExample') });
  c.integer('version', input.version, { min: 1, max: 1_000_000 });
  const publishedAt = c.string('publishedAt', input.publishedAt, { optional: true });
  if (publishedAt !== undefined && !isRealDate(publishedAt)) c.report('publishedAt', say('date'));
  webUrl(c, 'sourceUrl', input.sourceUrl);

  c.localised('title', input.title);
  c.localised('summary', input.summary, { optional: true });
  checkController(c, input.controller);
  checkRoles(c, input.roles);
  checkContact(c, 'dpo', input.dpo, ['personName', 'title'], { needsEmailOrPhone: 'dpo' });
  c.list('purposes', input.purposes, (p, item) => c.localised(p, item), { min: 1 });

  c.localised('legalBasisSummary', input.legalBasisSummary, { optional: true });
  checkLegalBasisGroups(c, input.legalBasisGroups);
  c.localised('personnummerJustification', input.personnummerJustification, { optional: true });

  const customCodes = checkCustomDataCategories(c, input.customDataCategories);
  const categoryEntry = (p: string, item: unknown) => {
    const o = c.object(p, item, ['code', 'note']);
    const code = c.string(at(p, 'code'), o?.code, { max: LIMITS.id });
    if (code !== undefined && findDataCategory(code) === undefined && !customCodes.includes(code)) {
      c.report(at(p, 'code'), say('unknownDataCategory', { code, codes: [...DATA_CATEGORIES.map((d) => d.code), ...customCodes] }));
    }
    c.localised(at(p, 'note'), o?.note, { optional: true });
  };
  c.list('dataCategories', input.dataCategories, categoryEntry, { min: 1 });
  c.list('excludedDataCategories', input.excludedDataCategories, categoryEntry, { optional: true });
  const subjectIds = new Set<string>();
  c.list(
    'dataSubjectCategories',
    input.dataSubjectCategories,
    (p, item) => {
      const o = c.object(p, item, ['id', 'label']);
      const id = c.string(at(p, 'id'), o?.id, { optional: true, max: LIMITS.id, pattern: SLUG, hint: say('slug') });
      if (id !== undefined && subjectIds.has(id)) c.report(at(p, 'id'), say('duplicateSubjectId', { id }));
      if (id !== undefined) subjectIds.add(id);
      c.localised(at(p, 'label'), o?.label);
    },
    { min: 1 },
  );
  checkGroupDataMap(c, input, subjectIds);

  checkRecipientsAndTransfers(c, input);
  c.list(
    'sources',
    input.sources,
    (p, item) => {
      const o = c.object(p, item, ['description', 'publiclyAvailable']);
      c.localised(at(p, 'description'), o?.description);
      c.boolean(at(p, 'publiclyAvailable'), o?.publiclyAvailable, { optional: true });
    },
    { optional: true },
  );
  c.list(
    'retention',
    input.retention,
    (p, item) => {
      const o = c.object(p, item, ['text', 'retentionRuleRef']);
      c.localised(at(p, 'text'), o?.text);
      c.string(at(p, 'retentionRuleRef'), o?.retentionRuleRef, {
        optional: true,
        max: LIMITS.id,
        pattern: /^[A-Za-z0-9][\w.:/-]*$/,
        hint: say('retentionRuleRef'),
      });
    },
    { min: 1 },
  );

  c.boolean('automatedMeans', input.automatedMeans);
  c.list(
    'automatedDecisions',
    input.automatedDecisions,
    (p, item) => {
      const o = c.object(p, item, ['description', 'logic', 'consequences']);
      for (const key of ['description', 'logic', 'consequences']) c.localised(at(p, key), o?.[key]);
    },
    { optional: true },
  );

  checkContactRoutes(c, input.contacts);
  checkRightsOverrides(c, input.rightsOverrides);
  const archiving = c.object('archiving', input.archiving, ['text', 'law'], { optional: true });
  if (archiving !== undefined) {
    c.localised('archiving.text', archiving.text);
    c.list('archiving.law', archiving.law, (p, citation) => checkLawCitation(c, p, citation), { min: 1 });
  }
  c.list(
    'definitions',
    input.definitions,
    (p, item) => {
      const o = c.object(p, item, ['term', 'text']);
      c.localised(at(p, 'term'), o?.term);
      c.localised(at(p, 'text'), o?.text);
    },
    { optional: true },
  );

  checkLegalRules(c, input);
  return violations.list();
}

export class InvalidNoticeError extends Error {
  /** The violations in English (the error's message, the CLI); `found` has them by message id for other languages. */
  readonly violations: Violation[];

  constructor(readonly found: MessageViolation[]) {
    const violations = inLanguage(found);
    super(`Invalid notice: ${violations.map((v) => `${v.field || '(notice)'}: ${v.messages.join(', ')}`).join('; ')}`);
    this.name = 'InvalidNoticeError';
    this.violations = violations;
  }
}

/** Validates and returns the input as a `Notice`, or throws `InvalidNoticeError` with every violation. */
export function parseNotice(input: unknown): Notice {
  const violations = noticeViolations(input);
  if (violations.length > 0) throw new InvalidNoticeError(violations);
  return input as Notice;
}

export const NOTICE_KEYS = [
  'id',
  'version',
  'publishedAt',
  'sourceUrl',
  'languages',
  'title',
  'summary',
  'controller',
  'roles',
  'dpo',
  'purposes',
  'legalBasisSummary',
  'legalBasisGroups',
  'personnummerJustification',
  'customDataCategories',
  'dataCategories',
  'excludedDataCategories',
  'dataSubjectCategories',
  'recipients',
  'thirdCountryTransfers',
  'sources',
  'retention',
  'archiving',
  'automatedMeans',
  'automatedDecisions',
  'contacts',
  'rightsOverrides',
  'definitions',
] as const;

const CONTACT_KEYS = ['address', 'phone', 'email', 'web'] as const;

/** Returns the declared languages that are valid, so text checks know whether English is required. */
function checkLanguages(violations: Violations, value: unknown): string[] {
  const c = new Checker(violations, []);
  const valid: string[] = [];
  c.list(
    'languages',
    value,
    (p, item) => {
      const language = c.oneOf(p, item, LANGUAGES);
      if (language === undefined) return;
      if (valid.includes(language)) c.report(p, say('listedTwice', { value: language }));
      else valid.push(language);
    },
    { min: 1, max: LANGUAGES.length + 1 },
  );
  if (Array.isArray(value) && value[0] !== 'sv') c.report('languages', say('swedishFirst'));
  return valid;
}

function webUrl(c: Checker, path: string, value: unknown): void {
  const url = c.string(path, value, { optional: true, max: LIMITS.shortText });
  if (url !== undefined && !isWebUrl(url)) c.report(path, say('webUrl'));
}

function checkContact(
  c: Checker,
  path: string,
  value: unknown,
  extraKeys: readonly string[],
  rule: { needsEmailOrPhone?: ContactParty; needsAny?: ContactParty },
): PlainObject | undefined {
  const o = c.object(path, value, [...CONTACT_KEYS, ...extraKeys]);
  if (o === undefined) return undefined;
  const address = c.object(at(path, 'address'), o.address, ['lines', 'postalCode', 'city'], { optional: true });
  if (address !== undefined) {
    const a = at(path, 'address');
    c.list(at(a, 'lines'), address.lines, (p, line) => c.string(p, line), { min: 1, max: 5 });
    c.string(at(a, 'postalCode'), address.postalCode, { pattern: POSTAL_CODE, hint: say('postalCode') });
    c.string(at(a, 'city'), address.city);
  }
  c.string(at(path, 'phone'), o.phone, {
    optional: true,
    pattern: PHONE,
    hint: say('phone'),
  });
  c.string(at(path, 'email'), o.email, {
    optional: true,
    max: LIMITS.email,
    pattern: EMAIL,
    hint: say('email'),
  });
  webUrl(c, at(path, 'web'), o.web);
  if (o.personName !== undefined) c.string(at(path, 'personName'), o.personName);
  if (o.title !== undefined) c.localised(at(path, 'title'), o.title);

  // Art. 13.1 a–b: the person must be able to reach the controller and the DPO directly, not only by letter.
  if (rule.needsEmailOrPhone !== undefined && o.phone === undefined && o.email === undefined) {
    c.report(path, say('needsEmailOrPhone', { who: rule.needsEmailOrPhone }));
  }
  if (rule.needsAny !== undefined && CONTACT_KEYS.every((k) => o[k] === undefined)) {
    c.report(path, say('needsAnyContact', { who: rule.needsAny }));
  }
  return o;
}

function checkController(c: Checker, value: unknown): void {
  const o = c.object('controller', value, ['name', 'organisationNumber', 'contact']);
  c.localised('controller.name', o?.name);
  // Optional: some published notices print none, and Insyn never makes one up.
  const orgnr = c.string('controller.organisationNumber', o?.organisationNumber, { optional: true });
  const problem = orgnr === undefined ? undefined : organisationNumberProblem(orgnr);
  if (problem !== undefined) c.report('controller.organisationNumber', problem);
  if (o !== undefined) checkContact(c, 'controller.contact', o.contact, [], { needsEmailOrPhone: 'controller' });
}

/** `roles`: each role once; a processor names whom it processes for, a joint controller its co-controllers. */
function checkRoles(c: Checker, value: unknown): void {
  const seen = new Set<string>();
  c.list(
    'roles',
    value,
    (p, item) => {
      const o = c.object(p, item, ['role', 'organisations', 'description']);
      const role = c.oneOf(at(p, 'role'), o?.role, ORGANISATION_ROLES);
      if (role !== undefined && seen.has(role)) c.report(at(p, 'role'), say('listedTwice', { value: role }));
      if (role !== undefined) seen.add(role);
      const needsOrganisations = role === 'processor' || role === 'joint-controller';
      c.list(at(p, 'organisations'), o?.organisations, (op, org) => c.localised(op, org), {
        optional: !needsOrganisations,
        min: needsOrganisations ? 1 : 0,
      });
      if (role === 'controller' && o?.organisations !== undefined) {
        c.report(at(p, 'organisations'), say('organisationsOnlyFor'));
      }
      c.localised(at(p, 'description'), o?.description, { optional: true });
    },
    { optional: true, min: 1 },
  );
}

/** `customDataCategories`: codes of the notice's own, not clashing with the code list; returns the valid codes. */
function checkCustomDataCategories(c: Checker, value: unknown): string[] {
  const codes: string[] = [];
  c.list(
    'customDataCategories',
    value,
    (p, item) => {
      const o = c.object(p, item, ['code', 'label', 'art9', 'art10', 'personnummer']);
      const code = c.string(at(p, 'code'), o?.code, { max: LIMITS.id, pattern: SLUG, hint: say('slug') });
      if (code !== undefined && findDataCategory(code) !== undefined) {
        c.report(at(p, 'code'), say('categoryInCodeList', { code }));
      } else if (code !== undefined && codes.includes(code)) c.report(at(p, 'code'), say('definedTwice', { code }));
      else if (code !== undefined) codes.push(code);
      c.localised(at(p, 'label'), o?.label);
      for (const flag of ['art9', 'art10', 'personnummer']) c.boolean(at(p, flag), o?.[flag], { optional: true });
    },
    { optional: true },
  );
  return codes;
}

/** `legalBasisGroups[].dataSubjects` and `.dataCategories` name the notice's own subject ids and category codes. */
function checkGroupDataMap(c: Checker, input: PlainObject, subjectIds: Set<string>): void {
  if (!Array.isArray(input.legalBasisGroups)) return;
  const categoryCodes = new Set(
    (Array.isArray(input.dataCategories) ? input.dataCategories : []).map((d) => (isPlainObject(d) ? d.code : undefined)),
  );
  (input.legalBasisGroups as unknown[]).forEach((group, index) => {
    if (!isPlainObject(group)) return;
    const gp = `legalBasisGroups[${index}]`;
    const names = (key: string, known: Set<unknown>, id: 'notASubjectId' | 'notACategoryCode') =>
      c.list(
        at(gp, key),
        group[key],
        (p, ref) => {
          const r = c.string(p, ref, { max: LIMITS.id });
          if (r !== undefined && !known.has(r))
            c.report(
              p,
              say(id, { value: r, known: [...known].map((k) => (typeof k === 'string' || typeof k === 'number' ? String(k) : '')) }),
            );
        },
        { optional: true, min: 1 },
      );
    names('dataSubjects', subjectIds, 'notASubjectId');
    names('dataCategories', categoryCodes, 'notACategoryCode');
  });
}

function checkSfsCitation(c: Checker, path: string, value: unknown): void {
  const o = c.object(path, value, ['sfs', 'chapter', 'section', 'sectionLetter', 'point', 'label']);
  if (o === undefined) return;
  c.string(at(path, 'sfs'), o.sfs, { pattern: SFS_NUMBER, hint: say('sfsNumber') });
  for (const key of ['chapter', 'section', 'point']) c.integer(at(path, key), o[key], { optional: true, min: 1, max: 999 });
  c.string(at(path, 'sectionLetter'), o.sectionLetter, {
    optional: true,
    pattern: /^[a-z]$/,
    hint: say('sectionLetter'),
  });
  if (o.section === undefined && (o.point !== undefined || o.sectionLetter !== undefined)) {
    c.report(at(path, 'section'), say('sectionRequired'));
  }
  c.localised(at(path, 'label'), o.label);
}

/** Either an SFS citation or a GDPR article: the two ways a notice may cite the law. */
function checkLawCitation(c: Checker, path: string, value: unknown): void {
  if (isPlainObject(value) && 'gdpr' in value) {
    const o = c.object(path, value, ['gdpr', 'label']);
    c.string(at(path, 'gdpr'), o?.gdpr, { pattern: GDPR_ARTICLE, hint: say('gdprArticle') });
    c.localised(at(path, 'label'), o?.label);
  } else if (isPlainObject(value) && 'sfs' in value) {
    checkSfsCitation(c, path, value);
  } else {
    c.report(path, say('lawCitation'));
  }
}

function checkLegalBasisGroups(c: Checker, value: unknown): void {
  const groupIds = new Set<string>();
  c.list(
    'legalBasisGroups',
    value,
    (gp, group) => {
      const g = c.object(gp, group, ['id', 'context', 'bases', 'consent', 'automatedMeans', 'dataSubjects', 'dataCategories']);
      c.boolean(at(gp, 'automatedMeans'), g?.automatedMeans, { optional: true });
      const id = c.string(at(gp, 'id'), g?.id, { max: LIMITS.id, pattern: SLUG, hint: say('slug') });
      if (id !== undefined && groupIds.has(id)) c.report(at(gp, 'id'), say('duplicateGroupId', { id }));
      if (id !== undefined) groupIds.add(id);
      c.localised(at(gp, 'context'), g?.context);

      const codes = new Set<string>();
      c.list(
        at(gp, 'bases'),
        g?.bases,
        (bp, basis) => {
          const b = c.object(bp, basis, ['code', 'national', 'description', 'safeguards']);
          const code = c.string(at(bp, 'code'), b?.code, { max: 10 });
          if (code !== undefined && !(LEGAL_BASIS_CODES as readonly string[]).includes(code)) {
            c.report(at(bp, 'code'), say('unknownBasisCode', { code }));
          } else if (code !== undefined && codes.has(code)) {
            c.report(at(bp, 'code'), say('basisListedTwice', { code }));
          }
          if (code !== undefined) codes.add(code);
          c.list(at(bp, 'national'), b?.national, (np, citation) => checkSfsCitation(c, np, citation), { optional: true });
          c.localised(at(bp, 'description'), b?.description, { optional: true });
          c.list(
            at(bp, 'safeguards'),
            b?.safeguards,
            (sp, safeguard) => {
              const s = c.object(sp, safeguard, ['text', 'law']);
              c.localised(at(sp, 'text'), s?.text);
              c.list(at(sp, 'law'), s?.law, (lp, citation) => checkLawCitation(c, lp, citation), { min: 1 });
            },
            { optional: true },
          );
        },
        { min: 1 },
      );
      checkConsentCollection(c, gp, g?.consent, codes);
    },
    { min: 1 },
  );
}

/** `consent: { signature }` on a legal-basis group: only where the group rests on consent. */
function checkConsentCollection(c: Checker, groupPath: string, value: unknown, codes: Set<string>): void {
  const path = at(groupPath, 'consent');
  const o = c.object(path, value, ['signature'], { optional: true });
  if (o === undefined) return;
  c.oneOf(at(path, 'signature'), o.signature, CONSENT_SIGNATURES);
  if (!CONSENT_BASIS_CODES.some((code) => codes.has(code))) c.report(path, say('consentOnly'));
}

function checkRecipientsAndTransfers(c: Checker, input: PlainObject): void {
  c.list('recipients', input.recipients, (p, item) => {
    const o = c.object(p, item, ['kind', 'name', 'description']);
    c.oneOf(at(p, 'kind'), o?.kind, RECIPIENT_KINDS);
    c.localised(at(p, 'name'), o?.name);
    c.localised(at(p, 'description'), o?.description, { optional: true });
  });
  c.list(
    'thirdCountryTransfers',
    input.thirdCountryTransfers,
    (p, item) => {
      const o = c.object(p, item, ['country', 'safeguard', 'description']);
      const country = c.string(at(p, 'country'), o?.country, {
        pattern: /^[A-Z]{2}$/,
        hint: say('countryCode'),
      });
      if (country !== undefined && EEA_COUNTRIES.has(country)) {
        c.report(at(p, 'country'), say('inEea', { country }));
      }
      c.oneOf(at(p, 'safeguard'), o?.safeguard, TRANSFER_SAFEGUARDS);
      c.localised(at(p, 'description'), o?.description);
    },
    { optional: true },
  );
}

function checkContactRoutes(c: Checker, value: unknown): void {
  const o = c.object('contacts', value, ['questions', 'complaints', 'supervisoryAuthority']);
  if (o === undefined) return;
  const route = (p: string, item: unknown) => {
    const r = c.object(p, item, ['to', 'text']);
    c.oneOf(at(p, 'to'), r?.to, CONTACT_TARGETS);
    c.localised(at(p, 'text'), r?.text);
  };
  c.list('contacts.questions', o.questions, route, { min: 1 });
  const complaints = c.list('contacts.complaints', o.complaints, route, { min: 1 });
  // Art. 13.2 d: the notice must tell people they can complain to the supervisory authority.
  if (complaints !== undefined && !complaints.some((r) => isPlainObject(r) && r.to === 'supervisory-authority')) {
    c.report('contacts.complaints', say('complaintToImy'));
  }
  const sa = checkContact(c, 'contacts.supervisoryAuthority', o.supervisoryAuthority, ['code', 'name'], {
    needsAny: 'supervisory-authority',
  });
  if (sa !== undefined && sa.code !== 'IMY') {
    c.report('contacts.supervisoryAuthority.code', say('imyCode'));
  }
  c.localised('contacts.supervisoryAuthority.name', sa?.name);
}

/** Shape only; whether an override is allowed at all is decided by `overrideProblems` in `checkLegalRules`. */
function checkRightsOverrides(c: Checker, value: unknown): void {
  c.list(
    'rightsOverrides',
    value,
    (p, item) => {
      const o = c.object(p, item, ['right', 'effect', 'groupId', 'law', 'reason']);
      if (o === undefined) return;
      if (o.law !== undefined) checkLawCitation(c, at(p, 'law'), o.law);
      if (o.reason !== undefined) c.localised(at(p, 'reason'), o.reason);
    },
    { optional: true },
  );
}
