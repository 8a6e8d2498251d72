/**
 * Every message the notice domain gives an author (validation problems and warnings), in English and
 * Swedish, keyed by id. A message is made with `say(id, params)` and written out in a language only when
 * it is answered (`textOf`), so a message cannot exist in one language only: `both` takes the two texts
 * with the same parameters, and an entry without its Swedish or English text does not compile.
 *
 * The English texts are the service's historical ones (API clients and tests match them); the Swedish
 * ones are for the municipality's officials, in the words Swedish law and the portal use.
 */

/** The languages the notice service answers its messages in; English is the default for machines. */
export const MESSAGE_LANGUAGES = ['en', 'sv'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

type Text<P> = (p: P) => string;

/** One message in both languages; `missing` marks a message that says something is absent, not wrong. */
export interface Definition<P> {
  readonly en: Text<P>;
  readonly sv: Text<P>;
  readonly missing: boolean;
}

/** A message with parameters, written in both languages from the same ones. */
function both<P>(en: Text<P>, sv: Text<P>, opts: { missing?: boolean } = {}): Definition<P> {
  return { en, sv, missing: opts.missing === true };
}

/** A message without parameters. */
function fixed(en: string, sv: string, opts: { missing?: boolean } = {}): Definition<void> {
  return both<void>(
    () => en,
    () => sv,
    opts,
  );
}

const list = (values: readonly unknown[], lang: MessageLanguage): string =>
  values.join(', ') || (lang === 'sv' ? '(inga ännu)' : '(none yet)');

/** Who must be reachable: the controller, the data protection officer, the supervisory authority. */
export type ContactParty = 'controller' | 'dpo' | 'supervisory-authority';
const PARTY: Record<ContactParty, { en: string; sv: string }> = {
  controller: { en: 'the controller', sv: 'den personuppgiftsansvarige' },
  dpo: { en: 'the data protection officer', sv: 'dataskyddsombudet' },
  'supervisory-authority': { en: 'the supervisory authority', sv: 'tillsynsmyndigheten' },
};

export const NOTICE_MESSAGES = {
  // -- The shape of a notice (validation-kit.ts) --------------------------------------------------
  required: fixed('is required', 'måste fyllas i', { missing: true }),
  notObject: fixed('must be an object', 'måste vara en grupp av fält, inte ett enskilt värde'),
  unknownField: fixed('is not a known field', 'är inget fält som behandlingsinformationen har'),
  notString: fixed('must be a non-empty string', 'måste vara en text som inte är tom'),
  tooLong: both<{ length: number; max: number }>(
    (p) => `is ${p.length} characters long; at most ${p.max} are allowed`,
    (p) => `är ${p.length} tecken lång; högst ${p.max} tecken är tillåtna`,
  ),
  noMatch: both<{ pattern: string }>(
    (p) => `does not match ${p.pattern}`,
    (p) => `har inte rätt form (${p.pattern})`,
  ),
  notLocalised: fixed(
    'must be localised text, e.g. { sv: "...", en: "..." }',
    'måste vara en text per språk, t.ex. { sv: "...", en: "..." }',
  ),
  unknownLanguage: both<{ language: string; allowed: readonly string[] }>(
    (p) => `unknown language "${p.language}"; only ${p.allowed.join(' and ')} are allowed`,
    (p) => `okänt språk "${p.language}"; bara ${p.allowed.join(' och ')} är tillåtna`,
  ),
  swedishRequired: fixed('Swedish text is required', 'texten på svenska måste fyllas i'),
  englishRequired: fixed(
    'English text is required because the notice declares the language "en"',
    'texten på engelska måste fyllas i, eftersom behandlingsinformationen anger att den finns på engelska ("en")',
  ),
  notInteger: both<{ min: number; max: number }>(
    (p) => `must be a whole number from ${p.min} to ${p.max}`,
    (p) => `måste vara ett heltal från ${p.min} till ${p.max}`,
  ),
  notBoolean: fixed('must be true or false', 'måste vara ja eller nej (true eller false)'),
  notOneOf: both<{ allowed: readonly string[] }>(
    (p) => `must be one of ${p.allowed.join(', ')}`,
    (p) => `måste vara något av ${p.allowed.join(', ')}`,
  ),
  notList: fixed('must be a list', 'måste vara en lista'),
  tooManyItems: both<{ count: number; max: number }>(
    (p) => `has ${p.count} items; at most ${p.max} are allowed`,
    (p) => `har ${p.count} rader; högst ${p.max} är tillåtna`,
  ),
  atLeastOneItem: fixed('must have at least one item', 'måste ha minst en rad', { missing: true }),
  atLeastItems: both<{ min: number }>(
    (p) => `must have at least ${p.min} items`,
    (p) => `måste ha minst ${p.min} rader`,
  ),
  orgnrFormat: fixed('must be a Swedish organisation number, NNNNNN-NNNN', 'måste vara ett svenskt organisationsnummer, NNNNNN-NNNN'),
  orgnrPersonnummer: fixed(
    'looks like a personnummer, not an organisation number (third digit below 2)',
    'ser ut som ett personnummer, inte ett organisationsnummer (den tredje siffran är lägre än 2)',
  ),
  orgnrCheckDigit: fixed('has a wrong check digit', 'har fel kontrollsiffra'),

  // -- What a text field must look like ----------------------------------------------------------
  slugExample: fixed(
    'must be a lowercase slug, e.g. "sakra-meddelanden"',
    'får bara innehålla små bokstäver a–z, siffror och bindestreck, t.ex. "sakra-meddelanden"',
  ),
  slug: fixed('must be a lowercase slug', 'får bara innehålla små bokstäver a–z, siffror och bindestreck'),
  retentionRuleRef: fixed(
    'must be a reference without spaces, e.g. "gallring-sakra-meddelanden"',
    'måste vara en hänvisning utan mellanslag, t.ex. "gallring-sakra-meddelanden"',
  ),
  postalCode: fixed('must be a Swedish postcode, "NNN NN"', 'måste vara ett svenskt postnummer, "NNN NN"'),
  phone: fixed('must be a phone number, e.g. "090-16 32 15"', 'måste vara ett telefonnummer, t.ex. "090-16 32 15"'),
  email: fixed('must be an email address', 'måste vara en e-postadress'),
  webUrl: fixed(
    'must be an http(s) URL, e.g. "https://www.imy.se"',
    'måste vara en webbadress (http eller https), t.ex. "https://www.imy.se"',
  ),
  date: fixed('must be a date, YYYY-MM-DD', 'måste vara ett datum, ÅÅÅÅ-MM-DD'),
  sfsNumber: fixed('must be an SFS number, YYYY:N, e.g. "2018:218"', 'måste vara ett SFS-nummer, ÅÅÅÅ:N, t.ex. "2018:218"'),
  sectionLetter: fixed('must be one lowercase letter, as in "21 a §"', 'måste vara en liten bokstav, som i "21 a §"'),
  gdprArticle: fixed('must be a GDPR article, e.g. "17.3.b"', 'måste vara en artikel i dataskyddsförordningen, t.ex. "17.3.b"'),
  countryCode: fixed(
    'must be an ISO 3166-1 alpha-2 code, e.g. "US"',
    'måste vara en landskod med två bokstäver enligt ISO 3166-1, t.ex. "US"',
  ),

  // -- The notice's parts (notice.validation.ts) --------------------------------------------------
  noticeNotObject: fixed('a notice must be an object', 'behandlingsinformationen måste vara en grupp av fält'),
  listedTwice: both<{ value: string }>(
    (p) => `"${p.value}" is listed twice`,
    (p) => `"${p.value}" står två gånger`,
  ),
  swedishFirst: fixed('Swedish (sv) is required and must come first', 'svenska (sv) måste finnas med och stå först'),
  unknownDataCategory: both<{ code: string; codes: readonly string[] }>(
    (p) => `unknown data category "${p.code}"; use one of ${p.codes.join(', ')}, or define it under customDataCategories`,
    (p) =>
      `okänd personuppgiftskategori "${p.code}"; använd någon av ${p.codes.join(', ')}, eller lägg till den under egna personuppgiftskategorier (customDataCategories)`,
  ),
  duplicateSubjectId: both<{ id: string }>(
    (p) => `another data subject category already has the id "${p.id}"`,
    (p) => `en annan kategori av registrerade har redan id:t "${p.id}"`,
  ),
  needsEmailOrPhone: both<{ who: ContactParty }>(
    (p) => `${PARTY[p.who].en} needs at least an email address or a phone number`,
    (p) => `för ${PARTY[p.who].sv} behövs minst en e-postadress eller ett telefonnummer`,
    { missing: true },
  ),
  needsAnyContact: both<{ who: ContactParty }>(
    (p) => `${PARTY[p.who].en} needs at least one way to be reached (address, phone, email or web)`,
    (p) => `för ${PARTY[p.who].sv} behövs minst ett sätt att nå den (postadress, telefon, e-post eller webbplats)`,
    { missing: true },
  ),
  organisationsOnlyFor: fixed(
    'applies only to the roles processor (whom it processes for) and joint-controller (the others)',
    'gäller bara rollerna personuppgiftsbiträde (för vem biträdet behandlar uppgifterna) och gemensamt personuppgiftsansvarig (de andra ansvariga)',
  ),
  categoryInCodeList: both<{ code: string }>(
    (p) => `"${p.code}" is in the code list already; name it in dataCategories without defining it`,
    (p) =>
      `"${p.code}" finns redan i kodlistan; ange den under personuppgifter som behandlas (dataCategories) utan att lägga till den som egen kategori`,
  ),
  definedTwice: both<{ code: string }>(
    (p) => `"${p.code}" is defined twice`,
    (p) => `"${p.code}" är tillagd två gånger`,
  ),
  notASubjectId: both<{ value: string; known: readonly string[] }>(
    (p) => `"${p.value}" is not the id of one of the notice's dataSubjectCategories; use one of ${list(p.known, 'en')}`,
    (p) =>
      `"${p.value}" är inte id:t för någon av behandlingsinformationens kategorier av registrerade; använd någon av ${list(p.known, 'sv')}`,
  ),
  notACategoryCode: both<{ value: string; known: readonly string[] }>(
    (p) => `"${p.value}" is not a code listed in the notice's dataCategories; use one of ${list(p.known, 'en')}`,
    (p) =>
      `"${p.value}" är inte koden för någon av personuppgiftskategorierna som behandlingsinformationen anger att den behandlar; använd någon av ${list(p.known, 'sv')}`,
  ),
  sectionRequired: fixed(
    'is required when a point or a section letter is given',
    'måste fyllas i när en punkt eller en paragrafbokstav anges',
    { missing: true },
  ),
  lawCitation: fixed(
    'must cite the law: an SFS provision ({ sfs: "2018:218", ... }) or a GDPR article ({ gdpr: "17.3.b", ... })',
    'måste hänvisa till lagrummet: en bestämmelse i SFS ({ sfs: "2018:218", ... }) eller en artikel i dataskyddsförordningen ({ gdpr: "17.3.b", ... })',
  ),
  duplicateGroupId: both<{ id: string }>(
    (p) => `another group already has the id "${p.id}"`,
    (p) => `ett annat sammanhang har redan id:t "${p.id}"`,
  ),
  unknownBasisCode: both<{ code: string }>(
    (p) => `unknown legal-basis code "${p.code}"; use 6.1.a–6.1.f, 9.2.a–9.2.j or 10`,
    (p) => `okänd kod för rättslig grund "${p.code}"; använd 6.1.a–6.1.f, 9.2.a–9.2.j eller 10`,
  ),
  basisListedTwice: both<{ code: string }>(
    (p) => `"${p.code}" is listed twice in this group`,
    (p) => `"${p.code}" står två gånger i det här sammanhanget`,
  ),
  consentOnly: fixed(
    'applies only to a group that rests on consent (a basis 6.1.a or 9.2.a)',
    'gäller bara ett sammanhang där den rättsliga grunden är samtycke (6.1.a eller 9.2.a)',
  ),
  inEea: both<{ country: string }>(
    (p) => `"${p.country}" is in the EU/EEA, so this is not a third-country transfer`,
    (p) => `"${p.country}" ligger inom EU/EES, så det här är ingen överföring till tredjeland`,
  ),
  complaintToImy: fixed(
    'must include the right to complain to the supervisory authority (to: supervisory-authority)',
    'måste ta med rätten att klaga hos tillsynsmyndigheten (till: tillsynsmyndigheten, supervisory-authority)',
  ),
  imyCode: fixed(
    'must be "IMY": Integritetsskyddsmyndigheten supervises Swedish controllers',
    'måste vara "IMY": Integritetsskyddsmyndigheten är tillsynsmyndighet för svenska personuppgiftsansvariga',
  ),

  // -- Rules of law (notice.legal-rules.ts) -------------------------------------------------------
  needsArt6: fixed(
    'needs at least one GDPR art. 6.1 basis (6.1.a–6.1.f)',
    'minst en rättslig grund enligt artikel 6.1 i dataskyddsförordningen (6.1.a–6.1.f) behövs',
    { missing: true },
  ),
  art9WithoutArt6: fixed(
    'has an art. 9.2 condition but no art. 6.1 basis; art. 9.2 only lifts the ban on special categories, the processing needs a lawful basis under art. 6.1 (6.1.a–6.1.f) in the same group',
    'har ett undantag enligt artikel 9.2 men ingen rättslig grund enligt artikel 6.1; artikel 9.2 häver bara förbudet mot att behandla känsliga personuppgifter, behandlingen behöver också en rättslig grund enligt artikel 6.1 (6.1.a–6.1.f) i samma sammanhang',
  ),
  art9WithoutCondition: both<{ code: string }>(
    (p) => `"${p.code}" is a special category (GDPR art. 9) but no legal basis has an art. 9.2 condition`,
    (p) =>
      `"${p.code}" är känsliga personuppgifter (art. 9) men ingen rättslig grund har ett undantag enligt artikel 9.2 i dataskyddsförordningen`,
  ),
  art10WithoutBasis: both<{ code: string }>(
    (p) => `"${p.code}" is offence data (GDPR art. 10) but no legal basis cites art. 10`,
    (p) =>
      `"${p.code}" är uppgifter om lagöverträdelser (art. 10) men ingen rättslig grund hänvisar till artikel 10 i dataskyddsförordningen`,
  ),
  personnummerJustification: fixed(
    'is required when personnummer or samordningsnummer is processed (3 kap. 10 § lag (2018:218))',
    'måste fyllas i när personnummer eller samordningsnummer behandlas (3 kap. 10 § lagen (2018:218) med kompletterande bestämmelser till EU:s dataskyddsförordning)',
    { missing: true },
  ),

  // -- Exceptions to rights (rights.ts) -----------------------------------------------------------
  unknownRight: both<{ right: string; rights: readonly string[] }>(
    (p) => `unknown right "${p.right}"; use one of ${p.rights.join(', ')}`,
    (p) => `okänd rättighet "${p.right}"; använd någon av ${p.rights.join(', ')}`,
  ),
  overrideEffect: fixed(
    'an override can only "remove" or "limit" a right; it can never add one',
    'ett undantag kan bara ta bort ("remove") eller begränsa ("limit") en rättighet, aldrig ge en ny',
  ),
  unknownGroupId: both<{ id: string }>(
    (p) => `no legal-basis group has the id "${p.id}"`,
    (p) => `inget sammanhang med rättsliga grunder har id:t "${p.id}"`,
  ),
  overrideLaw: fixed(
    'an override must cite the law that allows it (an SFS citation or a GDPR article)',
    'ett undantag måste hänvisa till lagrummet som tillåter det (en bestämmelse i SFS eller en artikel i dataskyddsförordningen)',
  ),
  overrideReason: fixed('an override must give its reason in Swedish', 'ett undantag måste ange skälet på svenska'),
  withdrawalNotRestrictable: fixed(
    'withdrawal of consent (GDPR art. 7.3) cannot be restricted: art. 23 does not cover it',
    'rätten att återkalla samtycke (art. 7.3) kan inte begränsas: artikel 23 i dataskyddsförordningen omfattar den inte',
  ),
  nothingToLimit: both<{ right: string; groupId?: string }>(
    (p) =>
      `no legal basis ${p.groupId === undefined ? 'in this notice' : `in group "${p.groupId}"`} gives the right "${p.right}", so there is nothing to limit; an override can never add a right`,
    (p) =>
      `ingen rättslig grund ${p.groupId === undefined ? 'i den här behandlingsinformationen' : `i sammanhanget "${p.groupId}"`} ger rättigheten "${p.right}", så det finns inget att begränsa; ett undantag kan aldrig ge en rättighet`,
  ),

  // -- Warnings (notice.warnings.ts): what GDPR expects a notice to say --------------------------
  silentOnTransfers: fixed(
    'the notice says nothing about transfers outside the EU/EEA, which GDPR art. 13.1 f expects; list them, or write [] to say there are none (nothing is shown until you do)',
    'behandlingsinformationen säger inget om överföring till länder utanför EU/EES, vilket artikel 13.1 f i dataskyddsförordningen förutsätter; ange överföringarna, eller ange en tom lista ([]) för att säga att det inte finns några (inget visas förrän du gör det)',
  ),
  silentOnAutomatedDecisions: fixed(
    'the notice says nothing about automated decision-making, which GDPR art. 13.2 f expects; describe the decisions, or write [] to say there are none (nothing is shown until you do)',
    'behandlingsinformationen säger inget om automatiserat beslutsfattande, vilket artikel 13.2 f i dataskyddsförordningen förutsätter; beskriv besluten, eller ange en tom lista ([]) för att säga att det inte finns några (inget visas förrän du gör det)',
  ),

  // -- A draft as the API receives it (usecases/notice-input.ts, the editors' controller) ---------
  idMustBe: both<{ id: string }>(
    (p) => `id must be ${p.id}, the notice being edited`,
    (p) => `id:t måste vara ${p.id}, den behandlingsinformation som redigeras`,
  ),
  emptyYaml: fixed('the YAML document is empty', 'YAML-dokumentet är tomt'),
  yamlUnreadable: fixed('The YAML could not be read.', 'YAML-texten kunde inte läsas.'),
  notAnEtag: fixed('must be the draft ETag, e.g. "3"', 'måste vara utkastets ETag, t.ex. "3"'),
  // -- A problem's detail about a whole draft (usecases/notice-input.ts) -------------------------
  draftInvalid: fixed(
    'The notice has invalid fields; see errors.',
    'Behandlingsinformationen har fält som inte är rätt ifyllda; se errors.',
  ),
  draftCannotPublish: fixed('The draft cannot be published as it is; see errors.', 'Utkastet kan inte publiceras som det är; se errors.'),
  draftIncomplete: both<{ fields: readonly string[] }>(
    (p) => `The draft is not complete: ${p.fields.join(', ')} ${p.fields.length === 1 ? 'is' : 'are'} missing; see errors.`,
    (p) => `Utkastet är inte komplett: ${p.fields.join(', ')} saknas; se errors.`,
  ),
} as const satisfies Record<string, Definition<never>>;

export type MessageId = keyof typeof NOTICE_MESSAGES;
type ParamsOf<K extends MessageId> = (typeof NOTICE_MESSAGES)[K] extends Definition<infer P> ? P : never;

/** A message as found: its id and parameters, written out in a language by `textOf`. */
export interface Message<K extends MessageId = MessageId> {
  readonly id: K;
  readonly params: ParamsOf<K>;
}

/** The message `id` with its parameters (the type says which, for both languages). */
export function say<K extends MessageId>(id: K, ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]): Message<K> {
  return { id, params: params[0] as ParamsOf<K> };
}

/** The message in a language. */
export function textOf(message: Message, lang: MessageLanguage): string {
  const definition = NOTICE_MESSAGES[message.id] as Definition<unknown>;
  return definition[lang](message.params);
}

/** Whether the message says something is missing (a draft may lack it), not that something is wrong. */
export function isMissing(message: Message): boolean {
  return NOTICE_MESSAGES[message.id].missing;
}
