import { createHash } from 'node:crypto';
import type { TestUser } from '../control/test-users.js';
import type { FrejaAttribute, InitAuthRequest } from './freja-request.js';

/**
 * `requestedAttributes` with Freja's JSON names (frejaeidclient: beans/common/RequestedAttributes.java). Every
 * test person counts as vetted in person (registration level PLUS, LOA3) [I: a simplification].
 */
export function requestedAttributes(request: InitAuthRequest, user: TestUser, now: Date, relyingParty: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const attribute of request.attributesToReturn) Object.assign(out, attributeValue(attribute, request, user, now, relyingParty));
  return out;
}

function attributeValue(attribute: FrejaAttribute, request: InitAuthRequest, user: TestUser, now: Date, rp: string) {
  switch (attribute) {
    case 'BASIC_USER_INFO':
      return { basicUserInfo: { name: user.givenName, surname: user.surname } };
    case 'EMAIL_ADDRESS':
      return { emailAddress: request.userInfoType === 'EMAIL' ? request.userInfo : emailOf(user) };
    case 'DATE_OF_BIRTH':
      return { dateOfBirth: dateOfBirth(user.personalNumber) };
    case 'AGE':
      return { age: ageOn(dateOfBirth(user.personalNumber), now) };
    case 'GENDER':
      return { gender: Number(user.personalNumber[10]) % 2 === 1 ? 'MALE' : 'FEMALE' };
    case 'SSN':
      return { ssn: { ssn: user.personalNumber, country: 'SE' } };
    case 'RELYING_PARTY_USER_ID':
      return { relyingPartyUserId: createHash('sha256').update(`${rp}|${user.personalNumber}`).digest('hex').slice(0, 32) };
    case 'REGISTRATION_LEVEL':
      return { registrationLevel: 'PLUS' };
    case 'LOA_LEVEL':
      return { loaLevel: 'LOA3' };
  }
}

function emailOf(user: TestUser): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return `${ascii(user.givenName)}.${ascii(user.surname)}@example.se`;
}

/** YYYY-MM-DD; a samordningsnummer has day + 60. */
export function dateOfBirth(personalNumber: string): string {
  const day = Number(personalNumber.slice(6, 8));
  return `${personalNumber.slice(0, 4)}-${personalNumber.slice(4, 6)}-${String(day > 60 ? day - 60 : day).padStart(2, '0')}`;
}

function ageOn(birth: string, now: Date): number {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const beforeBirthday = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  return now.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}
