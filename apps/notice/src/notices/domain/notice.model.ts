/**
 * A processing notice (behandling): what a controller tells data subjects under GDPR art. 13 and 14,
 * as structured data. One object is one version; a published version is never edited, a change is a
 * new version with the same `id` and the next `version` number.
 *
 * Plain types only: this file has no Nest, Mongo or validation code, so the HTML page, the JSON-LD
 * export, the admin API and the seed files can all share it. `notice.validation.ts` checks a plain
 * object (for example parsed YAML) against these types; `rights.ts` computes the rights to show.
 */

/** Languages a notice may be written in. Swedish is the official language (språklagen 2009:600), so it comes first and is always required. */
export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text in every language of the notice: Swedish always, English when the notice declares `en`. */
export interface Localised {
  sv: string;
  en?: string;
}

// ---------------------------------------------------------------------------------------------
// Legal bases
// ---------------------------------------------------------------------------------------------

/** GDPR art. 6.1 a–f: the lawful bases. Every processing needs at least one. */
export const ART6_CODES = ['6.1.a', '6.1.b', '6.1.c', '6.1.d', '6.1.e', '6.1.f'] as const;
/** GDPR art. 9.2 a–j: the conditions that lift the ban on special categories (känsliga personuppgifter). */
export const ART9_CODES = ['9.2.a', '9.2.b', '9.2.c', '9.2.d', '9.2.e', '9.2.f', '9.2.g', '9.2.h', '9.2.i', '9.2.j'] as const;
/** GDPR art. 10: personal data on criminal convictions and offences (lagöverträdelser). */
export const ART10_CODE = '10';

export type Art6Code = (typeof ART6_CODES)[number];
export type Art9Code = (typeof ART9_CODES)[number];
export type Art10Code = typeof ART10_CODE;
export type LegalBasisCode = Art6Code | Art9Code | Art10Code;

export const LEGAL_BASIS_CODES: readonly LegalBasisCode[] = [...ART6_CODES, ...ART9_CODES, ART10_CODE];

/**
 * A provision in Swedish law, cited the way SFS does: `2 kap. 2 § 1 p. lag (2018:218)`.
 * `sfs` is the SFS number `YYYY:N`; the rest narrows it down. Sections can carry a letter
 * (`21 a §` LSS), which is why the letter is its own field rather than making `section` a string.
 */
export interface SfsCitation {
  sfs: string;
  chapter?: number;
  section?: number;
  sectionLetter?: string;
  point?: number;
  /** The law's name as the notice writes it, e.g. "lag med kompletterande bestämmelser till EU:s dataskyddsförordning". */
  label: Localised;
}

/** A provision of the GDPR itself, written `article.paragraph.point`, e.g. `9.3` or `17.3.b`. */
export interface GdprCitation {
  gdpr: string;
  label: Localised;
}

export type LawCitation = SfsCitation | GdprCitation;

export function isSfsCitation(citation: LawCitation): citation is SfsCitation {
  return 'sfs' in citation;
}

/** A condition or safeguard the notice says is met, e.g. art. 9.3 professional secrecy under OSL. */
export interface Safeguard {
  text: Localised;
  law: LawCitation[];
}

/**
 * One legal basis: a GDPR code plus the national provisions it rests on. Art. 6.1 c and e, and most
 * of art. 9.2, only work together with Union or national law (art. 6.3), hence `national`.
 */
export interface LegalBasis {
  code: LegalBasisCode;
  national?: SfsCitation[];
  /** What the notice says about this basis in its own words, e.g. "t.ex. vid medarbetarsamtal". */
  description?: Localised;
  safeguards?: Safeguard[];
}

/**
 * Bases that apply in one context. A notice covering several activities (social services, health
 * care, the employer role) states different bases for each, and the rights a person has differ with
 * them, so the context is kept rather than flattening everything into one list.
 */
export interface LegalBasisGroup {
  /** Stable slug, referenced by rights overrides. */
  id: string;
  context: Localised;
  bases: LegalBasis[];
  /** How consent to this group's purpose is given; only on a group that rests on consent (art. 6.1 a or 9.2 a). */
  consent?: ConsentCollection;
  /**
   * Whether this group's processing is carried out by automated means (art. 20.1 b, on which portability
   * depends), where it differs from the notice's `automatedMeans` (e.g. paper files in one context).
   */
  automatedMeans?: boolean;
  /** Whom this group's bases cover: ids of the notice's `dataSubjectCategories`; absent: not said per group. */
  dataSubjects?: string[];
  /** Which data this group's bases cover: codes of the notice's `dataCategories`; absent: not said per group. */
  dataCategories?: string[];
}

/**
 * `required`: the person gives consent by signing its exact text with e-ID (BankID), so the controller
 * keeps a signature as evidence (art. 7.1) beside the sign-in; `none` (the default when `consent` is
 * absent): consent is one step while signed in. Withdrawing never needs a signature (art. 7.3).
 */
export const CONSENT_SIGNATURES = ['none', 'required'] as const;
export type ConsentSignature = (typeof CONSENT_SIGNATURES)[number];

/** The GDPR codes a consent purpose rests on: a group with one of them is a purpose a person consents to. */
export const CONSENT_BASIS_CODES: readonly LegalBasisCode[] = ['6.1.a', '9.2.a'];

export interface ConsentCollection {
  signature: ConsentSignature;
}

// ---------------------------------------------------------------------------------------------
// Parties and contacts
// ---------------------------------------------------------------------------------------------

export interface PostalAddress {
  /** Addressee lines above the postcode, e.g. ["Umeå kommun", "Teknik- och fastighetsförvaltningen"]. */
  lines: string[];
  postalCode: string;
  city: string;
}

/** Ways to reach someone. Validation requires at least an email or a phone for the controller. */
export interface Contact {
  address?: PostalAddress;
  phone?: string;
  email?: string;
  web?: string;
}

/** The personuppgiftsansvarig: in a municipality normally a nämnd, acting under the kommun's number. */
export interface Controller {
  name: Localised;
  /** Swedish organisationsnummer, `NNNNNN-NNNN`, when the notice gives one (never invented). */
  organisationNumber?: string;
  contact: Contact;
}

/** The data protection officer (dataskyddsombud), art. 13.1 b. */
export interface DpoContact extends Contact {
  personName?: string;
  title?: Localised;
}

/**
 * Where a question or complaint goes. Routes point at parties already described in the notice;
 * `your-controller` is "the controller you are in contact with", for an organisation that processes on
 * behalf of others (a processor sends the person to the controller that engaged it).
 */
export const CONTACT_TARGETS = ['controller', 'dpo', 'processing-unit', 'supervisory-authority', 'your-controller'] as const;
export type ContactTarget = (typeof CONTACT_TARGETS)[number];

/**
 * The part the organisation plays in this processing (art. 4.7, 4.8, 26). An organisation can have
 * several: controller of its own processing and processor for the municipalities and regions it serves.
 */
export const ORGANISATION_ROLES = ['controller', 'processor', 'joint-controller'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

export interface RoleStatement {
  role: OrganisationRole;
  /** For `processor`, the controllers it processes for; for `joint-controller`, the other controllers. */
  organisations?: Localised[];
  /** The notice's own words about the role, e.g. which processing it covers. */
  description?: Localised;
}

export interface ContactRoute {
  to: ContactTarget;
  /** When to use this route, in the notice's own words. */
  text: Localised;
}

/** For a Swedish controller the supervisory authority is always IMY (Integritetsskyddsmyndigheten). */
export interface SupervisoryAuthority extends Contact {
  code: 'IMY';
  name: Localised;
}

export interface NoticeContacts {
  questions: ContactRoute[];
  complaints: ContactRoute[];
  supervisoryAuthority: SupervisoryAuthority;
}

// ---------------------------------------------------------------------------------------------
// Data, subjects, recipients
// ---------------------------------------------------------------------------------------------

/**
 * A category from the code list in `dataCategories.ts`, or one of the notice's own `customDataCategories`;
 * the flags (art. 9, art. 10, personnummer) come from there.
 */
export interface DataCategoryEntry {
  code: string;
  /** What the notice adds to the code list's label, e.g. "inkl. uppgift om bank, kontonummer". */
  note?: Localised;
}

export interface DataSubjectCategory {
  /** A slug, so a legal-basis group can say it covers this category (`legalBasisGroups[].dataSubjects`). */
  id?: string;
  label: Localised;
}

/**
 * A data category the code list does not have, defined by the notice itself with its label and flags.
 * Its code must not be one of the code list's.
 */
export interface CustomDataCategory {
  code: string;
  label: Localised;
  /** A special category under GDPR art. 9.1 (needs an art. 9.2 condition). */
  art9?: boolean;
  /** Criminal convictions and offences under GDPR art. 10 (needs an art. 10 basis). */
  art10?: boolean;
  /** Personnummer or samordningsnummer (needs `personnummerJustification`). */
  personnummer?: boolean;
}

/**
 * Archiving in the public interest (art. 89; arkivlagen (1990:782), tryckfrihetsförordningen): allmänna
 * handlingar are kept for the archive, so the right to erasure is limited by art. 17.3 d without a
 * hand-written override.
 */
export interface ArchivingStatement {
  text: Localised;
  /** The provisions that require the archiving, e.g. 3 § arkivlagen (1990:782). */
  law: LawCitation[];
}

/** A term the notice explains (what a personuppgift is, what the GDPR is), shown in its own section. */
export interface Definition {
  term: Localised;
  text: Localised;
}

export const RECIPIENT_KINDS = ['processor', 'public-authority', 'third-party', 'joint-controller'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface Recipient {
  kind: RecipientKind;
  name: Localised;
  description?: Localised;
}

/** The art. 44–49 instrument a transfer outside the EU/EEA rests on. */
export const TRANSFER_SAFEGUARDS = ['adequacy-decision', 'standard-contractual-clauses', 'binding-corporate-rules', 'derogation'] as const;
export type TransferSafeguard = (typeof TRANSFER_SAFEGUARDS)[number];

export interface ThirdCountryTransfer {
  /** ISO 3166-1 alpha-2 code of a country outside the EU/EEA. */
  country: string;
  safeguard: TransferSafeguard;
  description: Localised;
}

/** Art. 14.2 f: where the data come from when not from the person. */
export interface DataSource {
  description: Localised;
  publiclyAvailable?: boolean;
}

/** Art. 13.2 a: how long data are kept. `retentionRuleRef` points at a rule in the retention service. */
export interface RetentionStatement {
  text: Localised;
  retentionRuleRef?: string;
}

/** Art. 13.2 f / 22: automated decisions, their logic and their consequences for the person. */
export interface AutomatedDecision {
  description: Localised;
  logic: Localised;
  consequences: Localised;
}

// ---------------------------------------------------------------------------------------------
// Rights
// ---------------------------------------------------------------------------------------------

/** Rights a notice can show, in GDPR article order apart from consent withdrawal (art. 7.3) last. */
export const RIGHT_CODES = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'withdraw-consent'] as const;
export type RightCode = (typeof RIGHT_CODES)[number];

/**
 * An override can only take away: `remove` means the right does not apply in its scope, `limit` that
 * it applies with a restriction the reason explains. There is deliberately no effect that adds a
 * right; `rights.ts` rejects anything else.
 */
export const OVERRIDE_EFFECTS = ['remove', 'limit'] as const;
export type OverrideEffect = (typeof OVERRIDE_EFFECTS)[number];

export interface RightsOverride {
  right: RightCode;
  effect: OverrideEffect;
  /** Limit only within this legal-basis group; without it the override covers the whole notice. */
  groupId?: string;
  /** The provision that allows the limitation, e.g. 5 kap. 1 § lag (2018:218) or GDPR 17.3.b. */
  law: LawCitation;
  reason: Localised;
}

// ---------------------------------------------------------------------------------------------
// The notice
// ---------------------------------------------------------------------------------------------

export interface Notice {
  /** Stable slug shared by all versions. */
  id: string;
  version: number;
  /** Date (YYYY-MM-DD) the controller published this version; absent while it is a draft. */
  publishedAt?: string;
  /** Where the controller publishes the notice, when it exists outside Insyn. */
  sourceUrl?: string;
  /** Languages the notice is written in; Swedish first. */
  languages: Language[];

  title: Localised;
  /** Short introduction shown under the title. */
  summary?: Localised;
  controller: Controller;
  /** The organisation's roles in this processing; absent: it is the controller (art. 13.1 a). */
  roles?: RoleStatement[];
  dpo: DpoContact;
  purposes: Localised[];

  /** The notice's own one-paragraph summary of why the processing is lawful. */
  legalBasisSummary?: Localised;
  legalBasisGroups: LegalBasisGroup[];
  /** Why personnummer is used: 3 kap. 10 § lag (2018:218) allows it only when clearly justified. */
  personnummerJustification?: Localised;

  /** Categories the code list lacks, defined here and named by their code in `dataCategories`. */
  customDataCategories?: CustomDataCategory[];
  dataCategories: DataCategoryEntry[];
  /** Categories the notice explicitly says are NOT processed (the Umeå page: "sekretessmarkering - nej"). */
  excludedDataCategories?: DataCategoryEntry[];
  dataSubjectCategories: DataSubjectCategory[];
  recipients: Recipient[];
  thirdCountryTransfers?: ThirdCountryTransfer[];
  sources?: DataSource[];
  retention: RetentionStatement[];
  /** Archiving in the public interest; limits erasure (art. 17.3 d). */
  archiving?: ArchivingStatement;

  /**
   * Whether the processing is carried out by automated (electronic) means. Art. 20.1 b makes the right
   * to data portability depend on it. Not the same as automated decision-making (art. 22).
   */
  automatedMeans: boolean;
  automatedDecisions?: AutomatedDecision[];

  contacts: NoticeContacts;
  rightsOverrides?: RightsOverride[];
  /** Definitions and general information (what a personuppgift is, what the GDPR is). */
  definitions?: Definition[];
}
