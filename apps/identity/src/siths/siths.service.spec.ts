import { describe, expect, it } from '@jest/globals';
import { strictFake } from '@insyn/testing';
import { ConfigService } from '@nestjs/config';
import { ProblemException } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import type { LoginRepository } from '../logins/persistence/login.repository.js';
import { SithsService } from './siths.service.js';

const CARL = { pnr: '196802020575', hsaId: 'SE2120002627-E000000000001' };
const OTHER_HSA = 'SE2120002627-E000000000099';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-03-01T09:00:00Z');
  }
}

/** identityFrom reads only the claims, the clock and the accepted acr: the login store is never touched. */
const noLogins = strictFake<LoginRepository>('LoginRepository', {});
const service = new SithsService(
  noLogins,
  new FixedClock(),
  new ConfigService({ IDENTITY_KEY_SECRET: 'unit-test-key-secret-0123456789abcdef', SITHS_ACCEPTED_ACR: 'http://id.sambi.se/loa/loa3' }),
);

const claims = (extra: Record<string, unknown>) => ({
  acr: 'http://id.sambi.se/loa/loa3',
  given_name: 'Carl',
  family_name: 'Celsing',
  credentialPersonalIdentityNumber: CARL.pnr,
  ...extra,
});

describe('SithsService.identityFrom: the official is employeeHsaId, never sub (Inera’s sub is a pseudonym)', () => {
  it('takes the HSA-id from employeeHsaId whatever sub says, even another official’s HSA-id', () => {
    expect(service.identityFrom(claims({ sub: 'b2Jz2f1pYQ7VdQ0n4mJxKq', employeeHsaId: CARL.hsaId }), 'id-token')).toMatchObject({
      provider: 'siths',
      hsaId: CARL.hsaId,
      personalNumber: CARL.pnr,
      loa: 3,
    });
    expect(service.identityFrom(claims({ sub: OTHER_HSA, employeeHsaId: CARL.hsaId }), 'id-token').hsaId).toBe(CARL.hsaId);
  });

  it('refuses a sign-in without employeeHsaId, even when sub looks like an HSA-id', () => {
    expect(() => service.identityFrom(claims({ sub: CARL.hsaId }), 'id-token')).toThrow(ProblemException);
  });
});
