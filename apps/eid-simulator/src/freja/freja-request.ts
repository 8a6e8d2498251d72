import { FrejaApiError } from './freja-errors.js';

/**
 * Freja's request convention (frejaeidclient: http/HttpService.java, util/RequestTemplate.java): the body is
 * `<paramName>=<base64(UTF-8 JSON)>`, optionally followed by `&relyingPartyId=<id>`, sent with
 * `Content-Type: application/json` although it is not JSON. A form-encoding client may percent-encode
 * the value; both are accepted.
 */
export interface FrejaRequestBody {
  payload: Record<string, unknown>;
  relyingPartyId?: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const RELYING_PARTY_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function decodeFrejaBody(raw: string, paramName: string): FrejaRequestBody {
  const params = new Map<string, string>();
  for (const part of raw.trim().split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new FrejaApiError(1000, `Expected ${paramName}=<base64 JSON>.`);
    const name = part.slice(0, eq);
    let value = part.slice(eq + 1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        throw new FrejaApiError(1000, `The ${name} parameter is not correctly encoded.`);
      }
    }
    if (params.has(name)) throw new FrejaApiError(1000, `The parameter ${name} is repeated.`);
    params.set(name, value);
  }
  for (const name of params.keys()) {
    if (name !== paramName && name !== 'relyingPartyId') throw new FrejaApiError(1000, `Unknown parameter ${name}.`);
  }
  const encoded = params.get(paramName);
  if (encoded === undefined) throw new FrejaApiError(1000, `The ${paramName} parameter is missing.`);
  const relyingPartyId = params.get('relyingPartyId');
  if (relyingPartyId !== undefined && !RELYING_PARTY_ID.test(relyingPartyId)) throw new FrejaApiError(1011);
  const payload = parseBase64Json(encoded);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new FrejaApiError(1000, `${paramName} must be a JSON object.`);
  }
  return { payload: payload as Record<string, unknown>, ...(relyingPartyId !== undefined ? { relyingPartyId } : {}) };
}

/** Base64 of UTF-8 JSON; anything that cannot be read is Freja's 1010 "JSON request cannot be parsed". */
export function parseBase64Json(encoded: string): unknown {
  if (!encoded || !BASE64.test(encoded)) throw new FrejaApiError(1010, 'The value is not base64.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
  } catch {
    throw new FrejaApiError(1010, 'The value is not UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FrejaApiError(1010);
  }
}

export const USER_INFO_TYPES = ['INFERRED', 'SSN', 'EMAIL', 'PHONE'] as const;
export type UserInfoType = (typeof USER_INFO_TYPES)[number];

export const REGISTRATION_LEVELS = ['BASIC', 'EXTENDED', 'PLUS'] as const;
export type RegistrationLevel = (typeof REGISTRATION_LEVELS)[number];

/** The attributes the simulator can return (frejaeidclient: enums/AttributeToReturn.java has more; those give 2002 here). */
export const SUPPORTED_ATTRIBUTES = [
  'BASIC_USER_INFO',
  'EMAIL_ADDRESS',
  'DATE_OF_BIRTH',
  'AGE',
  'GENDER',
  'SSN',
  'RELYING_PARTY_USER_ID',
  'REGISTRATION_LEVEL',
  'LOA_LEVEL',
] as const;
export type FrejaAttribute = (typeof SUPPORTED_ATTRIBUTES)[number];

/**
 * Attributes only a vetted identity has: SSN needs EXTENDED or PLUS (research note 2.2, MinRegistrationLevel.java,
 * AttributeToReturn.java). Asking for them with BASIC is an invalid attributesToReturn, so 2002 (the code that
 * names the offending parameter) rather than the generic 1000. DATE_OF_BIRTH, AGE and GENDER follow SSN [I].
 */
const NEEDS_VETTED_IDENTITY: ReadonlySet<FrejaAttribute> = new Set(['SSN', 'DATE_OF_BIRTH', 'AGE', 'GENDER']);

export interface SsnUserInfo {
  country: string;
  ssn: string;
}

export interface InitAuthRequest {
  userInfoType: UserInfoType;
  /** As sent: "N/A", an e-mail address, a phone number, or base64 of `{country, ssn}`. */
  userInfo: string;
  /** Decoded when userInfoType is SSN. */
  ssn?: SsnUserInfo;
  minRegistrationLevel: RegistrationLevel;
  attributesToReturn: FrejaAttribute[];
  useDynamicQrCode: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9]{7,15}$/;
const SSN_COUNTRIES = new Set(['SE', 'NO', 'DK', 'FI']);

/** Validates an `initAuthRequest` payload the way Freja reports problems (section 2.2 of the research note). */
export function parseInitAuthRequest(payload: Record<string, unknown>): InitAuthRequest {
  const { userInfoType, userInfo, minRegistrationLevel = 'BASIC', attributesToReturn = [], useDynamicQrCode = false } = payload;
  if (typeof userInfoType !== 'string' || !(USER_INFO_TYPES as readonly string[]).includes(userInfoType)) {
    throw new FrejaApiError(1001);
  }
  const type = userInfoType as UserInfoType;
  if (typeof userInfo !== 'string' || !userInfo) throw new FrejaApiError(1002);
  let ssn: SsnUserInfo | undefined;
  switch (type) {
    case 'INFERRED':
      if (userInfo !== 'N/A') throw new FrejaApiError(1002, 'With INFERRED, userInfo must be "N/A".');
      break;
    case 'EMAIL':
      if (!EMAIL.test(userInfo)) throw new FrejaApiError(1002);
      break;
    case 'PHONE':
      if (!PHONE.test(userInfo)) throw new FrejaApiError(1002);
      break;
    case 'SSN':
      ssn = parseSsnUserInfo(userInfo);
      break;
  }
  if (typeof minRegistrationLevel !== 'string' || !(REGISTRATION_LEVELS as readonly string[]).includes(minRegistrationLevel)) {
    throw new FrejaApiError(1007);
  }
  const level = minRegistrationLevel as RegistrationLevel;
  if (!Array.isArray(attributesToReturn)) throw new FrejaApiError(2002);
  const attributes: FrejaAttribute[] = [];
  for (const entry of attributesToReturn as unknown[]) {
    const name = typeof entry === 'object' && entry !== null ? (entry as { attribute?: unknown }).attribute : undefined;
    if (typeof name !== 'string' || !(SUPPORTED_ATTRIBUTES as readonly string[]).includes(name)) {
      throw new FrejaApiError(2002, `Unsupported attribute ${JSON.stringify(name)}.`);
    }
    const attribute = name as FrejaAttribute;
    if (NEEDS_VETTED_IDENTITY.has(attribute) && level === 'BASIC') {
      throw new FrejaApiError(2002, `${attribute} requires minRegistrationLevel EXTENDED or PLUS.`);
    }
    if (!attributes.includes(attribute)) attributes.push(attribute);
  }
  if (typeof useDynamicQrCode !== 'boolean') throw new FrejaApiError(1000, 'useDynamicQrCode must be a boolean.');
  const { userConfirmationMethod } = payload;
  if (userConfirmationMethod !== undefined && userConfirmationMethod !== 'DEFAULT' && userConfirmationMethod !== 'DEFAULT_AND_FACE') {
    throw new FrejaApiError(1000, 'userConfirmationMethod must be DEFAULT or DEFAULT_AND_FACE.');
  }
  return {
    userInfoType: type,
    userInfo,
    ...(ssn ? { ssn } : {}),
    minRegistrationLevel: level,
    attributesToReturn: attributes,
    useDynamicQrCode,
  };
}

/** `userInfo` for SSN is itself base64 of `{"country":"SE","ssn":"YYYYMMDDNNNC"}` (UserInfoUtil.convertSsnUserInfo). */
export function parseSsnUserInfo(userInfo: string): SsnUserInfo {
  let value: unknown;
  try {
    value = parseBase64Json(userInfo);
  } catch {
    throw new FrejaApiError(1002, 'For SSN, userInfo must be base64 of {"country","ssn"}.');
  }
  const { country, ssn } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof country !== 'string' || !SSN_COUNTRIES.has(country) || typeof ssn !== 'string') throw new FrejaApiError(1002);
  if (country === 'SE' && !isSwedishPersonalNumber(ssn)) throw new FrejaApiError(1002, 'ssn must be 12 digits with a valid check digit.');
  return { country, ssn };
}

/** 12 digits, Luhn check digit over YYMMDDNNN (research note section 5); samordningsnummer pass too. */
export function isSwedishPersonalNumber(ssn: string): boolean {
  if (!/^\d{12}$/.test(ssn)) return false;
  const digits = ssn.slice(2, 11);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10 === Number(ssn[11]);
}
