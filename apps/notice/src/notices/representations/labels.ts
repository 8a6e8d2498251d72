import type {
  Art6Code,
  ContactTarget,
  Language,
  LegalBasisCode,
  Localised,
  OrganisationRole,
  RecipientKind,
  RightCode,
  TransferSafeguard,
} from '../domain/notice.model.js';

type Dict<K extends string> = Record<K, Record<Language, string>>;

/** Headings and phrases of the public page, in the order a reader meets them. */
export const TEXT = {
  skip: { sv: 'Hoppa till innehållet', en: 'Skip to content' },
  /** The link to the page in another language the notice is written in, named in that language. */
  inLanguage: { sv: 'På svenska', en: 'In English' },
  /** Said in the language asked for, above a page the notice does not have in it (shown in Swedish). */
  notInLanguage: {
    sv: 'Den här informationen finns inte på svenska.',
    en: 'This notice is published in Swedish only, so it is shown in Swedish.',
  },
  languageNav: { sv: 'Språk', en: 'Language' },
  purpose: { sv: 'Syftet med behandlingen', en: 'Purpose of the processing' },
  dataCategories: { sv: 'Typ av personuppgifter', en: 'Types of personal data' },
  notProcessed: { sv: 'Behandlas inte', en: 'Not processed' },
  special: { sv: 'känslig personuppgift, artikel 9', en: 'special category, article 9' },
  offence: { sv: 'uppgift om lagöverträdelse, artikel 10', en: 'criminal offence data, article 10' },
  dataSubjects: { sv: 'Kategorier av registrerade', en: 'Categories of data subjects' },
  legalBasis: { sv: 'Laglig grund', en: 'Legal basis' },
  personnummer: { sv: 'Varför vi behandlar personnummer', en: 'Why we process personal identity numbers' },
  safeguards: { sv: 'Villkor och skyddsåtgärder', en: 'Conditions and safeguards' },
  consentSigned: {
    sv: 'Du ger samtycket genom att signera texten med BankID. Att ta tillbaka det kräver ingen signatur.',
    en: 'You give this consent by signing its text with BankID. Withdrawing it needs no signature.',
  },
  recipients: { sv: 'Mottagare', en: 'Recipients' },
  transfers: { sv: 'Överföring till land utanför EU/EES', en: 'Transfers outside the EU/EEA' },
  noTransfers: {
    sv: 'Personuppgifterna överförs inte till något land utanför EU/EES.',
    en: 'The personal data are not transferred outside the EU/EEA.',
  },
  sources: { sv: 'Varifrån uppgifterna kommer', en: 'Where the data come from' },
  retention: { sv: 'Hur länge sparar vi dina personuppgifter?', en: 'How long do we keep your personal data?' },
  automated: { sv: 'Automatiserade beslut', en: 'Automated decisions' },
  noAutomated: {
    sv: 'Inga beslut fattas enbart automatiskt i den här behandlingen.',
    en: 'No decisions are made by automated means alone in this processing.',
  },
  logic: { sv: 'Logiken', en: 'The logic' },
  consequences: { sv: 'Följder för dig', en: 'Consequences for you' },
  rights: { sv: 'Dina rättigheter', en: 'Your rights' },
  rightsIntro: {
    sv: 'Vilka rättigheter du har beror på den lagliga grunden för behandlingen. För den här behandlingen gäller:',
    en: 'Which rights you have depends on the legal basis of the processing. For this processing:',
  },
  rightsNotApplicable: { sv: 'Gäller inte för den här behandlingen', en: 'Does not apply to this processing' },
  onlyIn: { sv: 'gäller för', en: 'applies to' },
  limited: { sv: 'Begränsning', en: 'Limitation' },
  groupSubjects: { sv: 'Gäller', en: 'Covers' },
  groupData: { sv: 'Personuppgifter', en: 'Personal data' },
  archiving: { sv: 'Arkivering i allmänhetens intresse', en: 'Archiving in the public interest' },
  roles: { sv: 'Vår roll i behandlingen', en: 'Our role in the processing' },
  definitions: { sv: 'Begrepp och allmän information', en: 'Definitions and general information' },
  contacts: { sv: 'Vem kan du vända dig till?', en: 'Who can you contact?' },
  complaints: { sv: 'Synpunkter och klagomål', en: 'Comments and complaints' },
  controller: { sv: 'Personuppgiftsansvarig', en: 'Controller' },
  orgNumber: { sv: 'Organisationsnummer', en: 'Organisation number' },
  dpo: { sv: 'Dataskyddsombud', en: 'Data protection officer' },
  phone: { sv: 'Telefon', en: 'Phone' },
  email: { sv: 'E-post', en: 'Email' },
  web: { sv: 'Webbplats', en: 'Website' },
  postal: { sv: 'Postadress', en: 'Postal address' },
  published: { sv: 'Publicerad', en: 'Published' },
  version: { sv: 'Version', en: 'Version' },
  otherFormats: { sv: 'Andra format', en: 'Other formats' },
  allVersions: { sv: 'Alla versioner', en: 'All versions' },
  sourcePage: { sv: 'Den personuppgiftsansvariges egen sida', en: "The controller's own page" },
  governingRule: { sv: 'Gallringsregel', en: 'Retention rule' },
  rulePeriod: { sv: 'Hur länge', en: 'How long' },
  ruleAction: { sv: 'Vad som händer', en: 'What happens' },
  ruleDecision: { sv: 'Gallringsbeslut', en: 'Retention decision (gallringsbeslut)' },
  decisionReference: { sv: 'diarienummer', en: 'reference' },
  note: { sv: 'Observera', en: 'Note' },
  ruleUnknown: {
    sv: 'Uppgiften hänvisar till gallringsregeln {ref}, som inte är känd här. Därför kan vi inte visa vilken regel och vilket gallringsbeslut som styr den.',
    en: 'This statement refers to the retention rule {ref}, which is not known here, so we cannot show which rule and decision govern it.',
  },
  ruleState: { sv: 'Status', en: 'Status' },
  /** A retired rule (ADR 0024), on its own line of the rule; `{date}` is the Swedish calendar day it was retired. */
  ruleRetiredSince: { sv: 'Avvecklad sedan {date}', en: 'Retired since {date}' },
  /** What a retired rule means for the reader: nothing is deleted under it any more, so the stated period does not hold. */
  ruleRetired: {
    sv: 'Gallringsregeln {ref} avvecklades {date} och styr inte längre gallringen. Uppgifterna raderas inte längre enligt den, så tiden som anges här gäller inte längre.',
    en: 'The retention rule {ref} was retired on {date} and no longer governs deletion. The data are no longer deleted under it, so the period stated here no longer applies.',
  },
} satisfies Dict<string>;

export const ART6_LABELS: Dict<Art6Code> = {
  '6.1.a': { sv: 'Samtycke', en: 'Consent' },
  '6.1.b': { sv: 'Avtal', en: 'Contract' },
  '6.1.c': { sv: 'Rättslig förpliktelse', en: 'Legal obligation' },
  '6.1.d': { sv: 'Grundläggande intressen av vikt för den registrerade', en: 'Vital interests' },
  '6.1.e': { sv: 'Allmänt intresse eller myndighetsutövning', en: 'Public interest or official authority' },
  '6.1.f': { sv: 'Berättigat intresse', en: 'Legitimate interests' },
};

const ART9_LABELS: Record<string, Record<Language, string>> = {
  '9.2.a': { sv: 'uttryckligt samtycke', en: 'explicit consent' },
  '9.2.b': { sv: 'arbetsrätt, social trygghet och socialt skydd', en: 'employment, social security and social protection law' },
  '9.2.c': { sv: 'grundläggande intressen av vikt', en: 'vital interests' },
  '9.2.d': { sv: 'ideella organisationers verksamhet', en: 'not-for-profit bodies' },
  '9.2.e': { sv: 'uppgifter som den registrerade offentliggjort', en: 'data made public by the data subject' },
  '9.2.f': { sv: 'rättsliga anspråk', en: 'legal claims' },
  '9.2.g': { sv: 'viktigt allmänt intresse', en: 'substantial public interest' },
  '9.2.h': { sv: 'hälso- och sjukvård, social omsorg', en: 'health or social care' },
  '9.2.i': { sv: 'folkhälsa', en: 'public health' },
  '9.2.j': { sv: 'arkiv, forskning och statistik', en: 'archiving, research and statistics' },
};

/** "Artikel 6.1 e – Allmänt intresse …" */
export function basisLabel(code: LegalBasisCode, lang: Language): string {
  const article = lang === 'sv' ? 'Artikel' : 'Article';
  const [a, p, letter] = code.split('.');
  const ref = letter ? `${article} ${a}.${p} ${letter} GDPR` : `${article} ${code} GDPR`;
  if (code in ART6_LABELS) return `${ref} – ${ART6_LABELS[code as Art6Code][lang]}`;
  if (code in ART9_LABELS)
    return `${ref} – ${lang === 'sv' ? 'känsliga personuppgifter' : 'special categories'}: ${ART9_LABELS[code]![lang]}`;
  return `${ref} – ${lang === 'sv' ? 'uppgifter om lagöverträdelser' : 'criminal offence data'}`;
}

export const RIGHT_LABELS: Dict<RightCode> = {
  access: { sv: 'Rätt att få tillgång till dina uppgifter (registerutdrag)', en: 'Right of access to your data' },
  rectification: { sv: 'Rätt till rättelse', en: 'Right to rectification' },
  erasure: { sv: 'Rätt till radering', en: 'Right to erasure' },
  restriction: { sv: 'Rätt till begränsning av behandlingen', en: 'Right to restriction of processing' },
  portability: { sv: 'Rätt till dataportabilitet (överföring)', en: 'Right to data portability' },
  objection: { sv: 'Rätt att invända mot behandlingen', en: 'Right to object' },
  'withdraw-consent': { sv: 'Rätt att när som helst återkalla ditt samtycke', en: 'Right to withdraw your consent at any time' },
};

/**
 * What the law itself attaches to a right wherever it applies, said under it on the page and carried in
 * the JSON-LD: the objection is not absolute (art. 21.1).
 */
export const RIGHT_CAVEATS: Partial<Record<RightCode, { article: string; text: Record<Language, string> }>> = {
  objection: {
    article: '21.1',
    text: {
      sv: 'Om du invänder får vi fortsätta behandlingen bara om vi kan visa tvingande berättigade skäl som väger tyngre än dina intressen, rättigheter och friheter, eller om den behövs för att fastställa, göra gällande eller försvara rättsliga anspråk.',
      en: 'If you object, we may continue the processing only if we can show compelling legitimate grounds that override your interests, rights and freedoms, or if it is needed to establish, exercise or defend legal claims.',
    },
  },
};

export const CONTACT_TARGET_LABELS: Dict<ContactTarget> = {
  controller: { sv: 'Personuppgiftsansvarig', en: 'The controller' },
  dpo: { sv: 'Dataskyddsombudet', en: 'The data protection officer' },
  'processing-unit': { sv: 'Verksamheten som behandlar uppgifterna', en: 'The unit processing the data' },
  'supervisory-authority': { sv: 'Tillsynsmyndigheten', en: 'The supervisory authority' },
  'your-controller': { sv: 'Den personuppgiftsansvarige du har kontakt med', en: 'The controller you are in contact with' },
};

/** A role, and how the organisations it names are introduced. */
export const ROLE_LABELS: Record<OrganisationRole, Record<Language, { role: string; organisations: string }>> = {
  controller: { sv: { role: 'Personuppgiftsansvarig', organisations: '' }, en: { role: 'Controller', organisations: '' } },
  processor: {
    sv: { role: 'Personuppgiftsbiträde', organisations: 'för' },
    en: { role: 'Processor', organisations: 'on behalf of' },
  },
  'joint-controller': {
    sv: { role: 'Gemensamt personuppgiftsansvarig', organisations: 'med' },
    en: { role: 'Joint controller', organisations: 'with' },
  },
};

export const RECIPIENT_KIND_LABELS: Dict<RecipientKind> = {
  processor: { sv: 'Personuppgiftsbiträde', en: 'Processor' },
  'public-authority': { sv: 'Myndighet', en: 'Public authority' },
  'third-party': { sv: 'Tredje part', en: 'Third party' },
  'joint-controller': { sv: 'Gemensamt personuppgiftsansvarig', en: 'Joint controller' },
};

export const TRANSFER_LABELS: Dict<TransferSafeguard> = {
  'adequacy-decision': { sv: 'beslut om adekvat skyddsnivå', en: 'adequacy decision' },
  'standard-contractual-clauses': { sv: 'standardavtalsklausuler', en: 'standard contractual clauses' },
  'binding-corporate-rules': { sv: 'bindande företagsbestämmelser', en: 'binding corporate rules' },
  derogation: { sv: 'undantag för särskilda situationer (artikel 49)', en: 'derogation for specific situations (article 49)' },
};

/** Text in the reader's language; Swedish (marked as such) when the notice has no translation. */
export function pick(text: Localised | undefined, lang: Language): { text: string; lang: Language } {
  if (!text) return { text: '', lang };
  if (lang === 'en' && text.en) return { text: text.en, lang: 'en' };
  return { text: text.sv, lang: 'sv' };
}
