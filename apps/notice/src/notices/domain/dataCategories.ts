import type { CustomDataCategory, Localised } from './notice.model.js';

/**
 * The code list of personal-data categories a notice may name. Flags live here, not in each notice,
 * so that "health data is art. 9 data" is decided once and a notice cannot forget it.
 *
 * Codes are frozen once used in a published notice: renaming one breaks older versions.
 */
export interface DataCategoryDefinition {
  code: string;
  label: Localised & { en: string };
  /** A special category under GDPR art. 9.1: needs an art. 9.2 condition. */
  art9: boolean;
  /** Criminal convictions and offences under GDPR art. 10: needs an art. 10 basis. */
  art10: boolean;
  /** Personnummer or samordningsnummer: 3 kap. 10 § lag (2018:218) requires a stated justification. */
  personnummer: boolean;
}

function category(
  code: string,
  sv: string,
  en: string,
  flags: Partial<Pick<DataCategoryDefinition, 'art9' | 'art10' | 'personnummer'>> = {},
): DataCategoryDefinition {
  return {
    code,
    label: { sv, en },
    art9: flags.art9 ?? false,
    art10: flags.art10 ?? false,
    personnummer: flags.personnummer ?? false,
  };
}

export const DATA_CATEGORIES: readonly DataCategoryDefinition[] = [
  // Identity and contact details
  category('name', 'Namn', 'Name'),
  category('personnummer', 'Personnummer', 'Swedish personal identity number', { personnummer: true }),
  category('samordningsnummer', 'Samordningsnummer', 'Swedish coordination number', { personnummer: true }),
  category('address', 'Adress', 'Address'),
  category('email', 'Mejladress', 'Email address'),
  category('phone', 'Telefonnummer', 'Phone number'),
  category('work-phone', 'Tjänstetelefon', 'Work phone'),
  category('protected-identity', 'Uppgift om sekretessmarkering', 'Protected identity marking'),
  category('ip-address', 'IP-nummer', 'IP address'),

  // Social and economic situation
  category('social-economic-situation', 'Social och ekonomisk situation', 'Social and economic situation'),
  category('financial', 'Ekonomiska uppgifter', 'Financial information'),

  // Special categories, GDPR art. 9.1. `special-categories` is for notices that do not say which.
  category('special-categories', 'Känsliga personuppgifter (art. 9 GDPR)', 'Special categories of personal data (GDPR art. 9)', {
    art9: true,
  }),
  category('health', 'Uppgifter om hälsa', 'Health data', { art9: true }),
  category('ethnic-origin', 'Etniskt ursprung', 'Racial or ethnic origin', { art9: true }),
  category('political-opinions', 'Politiska åsikter', 'Political opinions', { art9: true }),
  category('religious-beliefs', 'Religiös eller filosofisk övertygelse', 'Religious or philosophical beliefs', { art9: true }),
  category('trade-union-membership', 'Medlemskap i fackförening', 'Trade union membership', { art9: true }),
  category('genetic', 'Genetiska uppgifter', 'Genetic data', { art9: true }),
  category(
    'biometric',
    'Biometriska uppgifter för att entydigt identifiera en person',
    'Biometric data for uniquely identifying a person',
    {
      art9: true,
    },
  ),
  category('sex-life-orientation', 'Sexualliv eller sexuell läggning', 'Sex life or sexual orientation', { art9: true }),

  // GDPR art. 10
  category('offences', 'Uppgifter om brott och lagöverträdelser', 'Criminal convictions and offences', { art10: true }),
];

const byCode = new Map(DATA_CATEGORIES.map((c) => [c.code, c]));

export function findDataCategory(code: string): DataCategoryDefinition | undefined {
  return byCode.get(code);
}

/**
 * A category as one notice defines it: from the code list, else from the notice's own
 * `customDataCategories` (whose English label, when the notice is Swedish only, is its Swedish one).
 * The custom list may be a not yet validated one's (its entries unknown).
 */
export function dataCategoryIn(custom: readonly unknown[] | undefined, code: string): DataCategoryDefinition | undefined {
  const listed = byCode.get(code);
  if (listed) return listed;
  // Also called by the legal rules on a notice not yet validated: an entry may lack its label or not be an
  // object at all (the validator reports that; here it must not throw).
  const own = Array.isArray(custom)
    ? custom.find((c): c is CustomDataCategory => typeof c === 'object' && c !== null && (c as CustomDataCategory).code === code)
    : undefined;
  if (!own) return undefined;
  const label = (typeof own.label === 'object' && own.label !== null ? own.label : {}) as Partial<CustomDataCategory['label']>;
  const sv = typeof label.sv === 'string' ? label.sv : own.code;
  return {
    code: own.code,
    label: { sv, en: typeof label.en === 'string' ? label.en : sv },
    art9: own.art9 === true,
    art10: own.art10 === true,
    personnummer: own.personnummer === true,
  };
}
