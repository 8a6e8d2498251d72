import { DATA_CATEGORIES } from './dataCategories.js';
import {
  CONSENT_SIGNATURES,
  CONTACT_TARGETS,
  LANGUAGES,
  LEGAL_BASIS_CODES,
  ORGANISATION_ROLES,
  OVERRIDE_EFFECTS,
  RECIPIENT_KINDS,
  RIGHT_CODES,
  TRANSFER_SAFEGUARDS,
} from './notice.model.js';

/**
 * The notice format as a JSON Schema (the subset OpenAPI 3.0 also reads: type, properties, required,
 * items, enum, pattern, anyOf, additionalProperties), built from the model's code lists. It serves
 * editors (a YAML language server validates and completes a notice as it is written), the OpenAPI
 * request bodies, and docs/notices.md, which is generated from these descriptions. `validateNotice`
 * stays the authority: it also checks the rules that span fields (art. 9 data needs an art. 9.2 basis).
 */
export type SchemaNode = {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  minItems?: number;
  enum?: readonly (string | number)[];
  pattern?: string;
  anyOf?: SchemaNode[];
};

const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';
const str = (description: string, extra: Partial<SchemaNode> = {}): SchemaNode => ({ type: 'string', description, ...extra });
const bool = (description: string): SchemaNode => ({ type: 'boolean', description });
const oneOf = (description: string, values: readonly string[]): SchemaNode => ({ type: 'string', enum: values, description });
const list = (description: string, items: SchemaNode, minItems?: number): SchemaNode => ({
  type: 'array',
  description,
  items,
  ...(minItems ? { minItems } : {}),
});
function object(description: string, properties: Record<string, SchemaNode>, required: string[] = []): SchemaNode {
  return { type: 'object', description, properties, ...(required.length ? { required } : {}), additionalProperties: false };
}
const text = (description: string): SchemaNode =>
  object(
    `${description} Localised: \`sv\` always, \`en\` when the notice declares English.`,
    { sv: str('Swedish text.'), en: str('English text.') },
    ['sv'],
  );

const SFS = object(
  'A provision of Swedish law, cited as SFS does: `2 kap. 2 § 1 p. lag (2018:218)` is `{ sfs: "2018:218", chapter: 2, section: 2, point: 1, label }`.',
  {
    sfs: str('The SFS number, YYYY:N.', { pattern: '^\\d{4}:[1-9]\\d{0,3}$' }),
    chapter: { type: 'integer', description: 'Kapitel.' },
    section: { type: 'integer', description: 'Paragraf (§).' },
    sectionLetter: str('The letter of a section such as "21 a §".', { pattern: '^[a-z]$' }),
    point: { type: 'integer', description: 'Punkt; needs `section`.' },
    label: text("The law's name as the notice writes it."),
  },
  ['sfs', 'label'],
);
const GDPR = object(
  'A GDPR article, `article.paragraph.point`, e.g. `{ gdpr: "17.3.b", label }`.',
  {
    gdpr: str('The article.', { pattern: '^[1-9]\\d?(\\.[1-9]\\d?(\\.[a-z])?)?$' }),
    label: text('What it is about.'),
  },
  ['gdpr', 'label'],
);
const LAW: SchemaNode = { description: 'A citation: an SFS provision or a GDPR article.', anyOf: [SFS, GDPR] };

const CONTACT_PROPERTIES: Record<string, SchemaNode> = {
  address: object(
    'Postal address.',
    {
      lines: list('Addressee lines above the postcode.', str('A line.'), 1),
      postalCode: str('Swedish postcode, "NNN NN".', { pattern: '^\\d{3} ?\\d{2}$' }),
      city: str('City.'),
    },
    ['lines', 'postalCode', 'city'],
  ),
  phone: str('Phone number as written, e.g. "090-16 32 15".'),
  email: str('Email address.'),
  web: str('An http(s) URL.'),
};

const CATEGORY_CODE: SchemaNode = {
  description: `A code of the code list, or of the notice's own \`customDataCategories\`. The code list: ${DATA_CATEGORIES.map((c) => `\`${c.code}\``).join(', ')}.`,
  anyOf: [
    { type: 'string', enum: DATA_CATEGORIES.map((c) => c.code), description: 'A code of the code list.' },
    { type: 'string', pattern: SLUG, description: "A code of the notice's own customDataCategories." },
  ],
};
const CATEGORY_ENTRY = object(
  'A data category named by its code; its label and its art. 9 / art. 10 / personnummer flags come from the code list or the custom definition.',
  { code: CATEGORY_CODE, note: text('What the notice adds to the label, e.g. "inkl. uppgift om bank, kontonummer".') },
  ['code'],
);

const BASIS = object(
  'One legal basis: a GDPR code and the national provisions it rests on (art. 6.3).',
  {
    code: oneOf('6.1.a–f (lawful basis), 9.2.a–j (condition for special categories) or 10 (offence data).', LEGAL_BASIS_CODES),
    national: list('Swedish provisions the basis rests on.', SFS),
    description: text('What the notice says about this basis in its own words.'),
    safeguards: list(
      'Conditions and safeguards the notice says are met (e.g. art. 9.3).',
      object('A safeguard.', { text: text('The safeguard.'), law: list('The law it rests on.', LAW, 1) }, ['text', 'law']),
    ),
  },
  ['code'],
);

const GROUP = object(
  'Bases that apply in one context. Rights are derived per group; a group with an art. 9.2 condition needs its own art. 6.1 basis.',
  {
    id: str('Stable slug, referenced by rights overrides.', { pattern: SLUG }),
    context: text('The context, e.g. "Socialtjänst".'),
    bases: list('The bases.', BASIS, 1),
    consent: object('How consent to this purpose is given; only on a group with 6.1.a or 9.2.a.', {
      signature: oneOf('`required`: the person signs the consent text with BankID; `none` (default): one step.', CONSENT_SIGNATURES),
    }),
    automatedMeans: bool("Whether this group's processing is automated (art. 20.1 b), where it differs from the notice's."),
    dataSubjects: list("Whom this group covers: ids of the notice's dataSubjectCategories.", str('An id.', { pattern: SLUG }), 1),
    dataCategories: list("Which data this group covers: codes listed in the notice's dataCategories.", str('A code.'), 1),
  },
  ['id', 'context', 'bases'],
);

const ROUTE = object(
  "Where to turn, and when, in the notice's words.",
  {
    to: oneOf(
      'controller, dpo, processing-unit, supervisory-authority, or your-controller ("the controller you are in contact with", for a processor).',
      CONTACT_TARGETS,
    ),
    text: text('When to use this route.'),
  },
  ['to', 'text'],
);

/** The notice, field by field: the schema of `apps/notice/seed/*.yaml` and of the admin API's request bodies. */
export const NOTICE_SCHEMA: SchemaNode = object(
  'A processing notice (behandling): what a controller tells data subjects under GDPR art. 13 and 14.',
  {
    id: str('Stable slug shared by all versions; becomes the URL.', { pattern: SLUG }),
    version: { type: 'integer', description: 'Set by the service when it publishes; leave it out of a draft.' },
    publishedAt: str('Set by the service when it publishes (YYYY-MM-DD).'),
    sourceUrl: str("The controller's own page for the notice, if any."),
    languages: list(
      'Languages the notice is written in; Swedish first. Only these are offered to readers.',
      oneOf('A language.', LANGUAGES),
      1,
    ),
    title: text('Title, e.g. "Behandling, säkra meddelanden".'),
    summary: text('Short introduction shown under the title.'),
    controller: object(
      'The personuppgiftsansvarig (art. 13.1 a).',
      {
        name: text('Name, e.g. "Teknik och fastighet, Umeå kommun".'),
        organisationNumber: str('Organisationsnummer NNNNNN-NNNN, when the notice gives one (never invent one).', {
          pattern: '^\\d{6}-\\d{4}$',
        }),
        contact: object('At least an email or a phone.', CONTACT_PROPERTIES),
      },
      ['name', 'contact'],
    ),
    roles: list(
      "The organisation's roles in this processing; absent means controller.",
      object(
        'A role.',
        {
          role: oneOf('controller, processor (personuppgiftsbiträde) or joint-controller.', ORGANISATION_ROLES),
          organisations: list('processor: the controllers it processes for; joint-controller: the others.', text('An organisation.'), 1),
          description: text('What the role covers.'),
        },
        ['role'],
      ),
      1,
    ),
    dpo: object('The data protection officer (art. 13.1 b): at least an email or a phone.', {
      ...CONTACT_PROPERTIES,
      personName: str('Name.'),
      title: text('Title, e.g. "dataskyddsombud".'),
    }),
    purposes: list('The purposes (art. 13.1 c).', text('A purpose.'), 1),
    legalBasisSummary: text("The notice's own summary of why the processing is lawful."),
    legalBasisGroups: list('The legal bases, per context (art. 13.1 c).', GROUP, 1),
    personnummerJustification: text(
      'Why personnummer is used; required when a category is flagged personnummer (3 kap. 10 § lag (2018:218)).',
    ),
    customDataCategories: list(
      'Data categories the code list lacks, defined here with their flags.',
      object(
        "A category of the notice's own.",
        {
          code: str('A slug not in the code list.', { pattern: SLUG }),
          label: text('Its name.'),
          art9: bool('A special category (art. 9.1): needs an art. 9.2 condition.'),
          art10: bool('Offence data (art. 10): needs an art. 10 basis.'),
          personnummer: bool('Personnummer or samordningsnummer: needs personnummerJustification.'),
        },
        ['code', 'label'],
      ),
    ),
    dataCategories: list('The categories of personal data processed.', CATEGORY_ENTRY, 1),
    excludedDataCategories: list('Categories the notice says are NOT processed.', CATEGORY_ENTRY),
    dataSubjectCategories: list(
      'Whose data are processed.',
      object(
        'A category of data subjects.',
        { id: str('A slug, for legalBasisGroups[].dataSubjects.', { pattern: SLUG }), label: text('Who.') },
        ['label'],
      ),
      1,
    ),
    recipients: list(
      'Recipients (art. 13.1 e).',
      object(
        'A recipient.',
        { kind: oneOf('The kind of recipient.', RECIPIENT_KINDS), name: text('Who.'), description: text('More about it.') },
        ['kind', 'name'],
      ),
    ),
    thirdCountryTransfers: list(
      'Transfers outside the EU/EEA (art. 13.1 f). Absent: the notice says nothing (the author is warned, nothing is shown); []: it says there are none.',
      object(
        'A transfer.',
        {
          country: str('ISO 3166-1 alpha-2 code of a country outside the EU/EEA.', { pattern: '^[A-Z]{2}$' }),
          safeguard: oneOf('The art. 44–49 instrument.', TRANSFER_SAFEGUARDS),
          description: text('What is transferred and why.'),
        },
        ['country', 'safeguard', 'description'],
      ),
    ),
    sources: list(
      'Where the data come from when not from the person (art. 14.2 f).',
      object('A source.', { description: text('The source.'), publiclyAvailable: bool('Whether it is publicly available.') }, [
        'description',
      ]),
    ),
    retention: list(
      'How long data are kept (art. 13.2 a).',
      object(
        'A retention statement.',
        { text: text('The statement.'), retentionRuleRef: str('The id of a rule in the retention service that governs it.') },
        ['text'],
      ),
      1,
    ),
    archiving: object(
      'Archiving in the public interest (arkivlagen, tryckfrihetsförordningen): limits erasure (art. 17.3 d) by itself.',
      { text: text('What is archived.'), law: list('The provisions that require it.', LAW, 1) },
      ['text', 'law'],
    ),
    automatedMeans: bool('Whether the processing is carried out by automated means (art. 20.1 b: portability depends on it).'),
    automatedDecisions: list(
      'Automated decisions (art. 13.2 f, 22). Absent: the notice says nothing (the author is warned); []: it says there are none.',
      object(
        'A decision made by automated means alone.',
        { description: text('The decision.'), logic: text('The logic involved.'), consequences: text('Its consequences for the person.') },
        ['description', 'logic', 'consequences'],
      ),
    ),
    contacts: object(
      'Where questions and complaints go.',
      {
        questions: list('Where to ask.', ROUTE, 1),
        complaints: list('Where to complain; must include the supervisory authority.', ROUTE, 1),
        supervisoryAuthority: object(
          'IMY, named as the notice writes it.',
          {
            ...CONTACT_PROPERTIES,
            code: oneOf('Always IMY.', ['IMY']),
            name: text('Its name, e.g. "Integritetsskyddsmyndigheten (IMY)".'),
          },
          ['code', 'name'],
        ),
      },
      ['questions', 'complaints', 'supervisoryAuthority'],
    ),
    rightsOverrides: list(
      'Rights are derived from the bases; an override can only take one away (remove) or restrict it (limit), citing the law.',
      object(
        'An override.',
        {
          right: oneOf('The right.', RIGHT_CODES),
          effect: oneOf('remove or limit; never add.', OVERRIDE_EFFECTS),
          groupId: str('Only within this legal-basis group.', { pattern: SLUG }),
          law: LAW,
          reason: text('Why, in words the person understands.'),
        },
        ['right', 'effect', 'law', 'reason'],
      ),
    ),
    definitions: list(
      'Definitions and general information (what a personuppgift is, what the GDPR is).',
      object('A term and its explanation.', { term: text('The term.'), text: text('What it means.') }, ['term', 'text']),
    ),
  },
  [
    'id',
    'languages',
    'title',
    'controller',
    'dpo',
    'purposes',
    'legalBasisGroups',
    'dataCategories',
    'dataSubjectCategories',
    'recipients',
    'retention',
    'automatedMeans',
    'contacts',
  ],
);

/** The schema as a standalone JSON Schema document (for editors: `# yaml-language-server: $schema=...`). */
export function noticeJsonSchema(id?: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(id ? { $id: id } : {}),
    title: 'Insyn processing notice',
    ...NOTICE_SCHEMA,
  };
}
