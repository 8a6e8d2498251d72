import { Injectable } from '@nestjs/common';

/** A person the simulator can sign in as. Personnummer from Skatteverket's published test series. */
export interface TestUser {
  personalNumber: string;
  givenName: string;
  surname: string;
  /** SITHS only: the official's HSA-id (employeeHsaId). */
  hsaId?: string;
  /**
   * SITHS only: what the official is for in the development setup (her unit and roles, which identity's
   * OFFICIALS decides, not the IdP), shown on the sign-in page so a developer can choose. Never a claim.
   */
  description?: string;
}

/** A SITHS test person: an official with an HSA-id. */
const official = (personalNumber: string, givenName: string, surname: string, hsaId: string, description: string): TestUser => ({
  personalNumber,
  givenName,
  surname,
  hsaId,
  description,
});

export const DEFAULT_TEST_USERS: TestUser[] = [
  { personalNumber: '199908072391', givenName: 'Anna', surname: 'Andersson' },
  { personalNumber: '195006262546', givenName: 'Britt', surname: 'Berglund' },
  {
    personalNumber: '196802020575',
    givenName: 'Carl',
    surname: 'Celsing',
    hsaId: 'SE2120002627-E000000000001',
    description: 'kommunstyrelsen: alla roller',
  },
  // A samordningsnummer (day + 60), from the Sweden Connect attribute specification.
  { personalNumber: '197010632391', givenName: 'Dana', surname: 'Dahl' },
  // The development officials with one role each, and one of a second unit (scripts/dev-env.mjs maps
  // these HSA-ids to units and roles). Personnummer from Skatteverket's test series.
  official('199003212389', 'Elin', 'Ekström', 'SE2120002627-E000000000002', 'kommunstyrelsen: notice-editor'),
  official('199004152386', 'Frida', 'Forsberg', 'SE2120002627-E000000000003', 'kommunstyrelsen: dpo'),
  official('199005102398', 'Gustav', 'Gran', 'SE2120002627-E000000000004', 'kommunstyrelsen: identity-admin'),
  official('199006262381', 'Hanna', 'Holm', 'SE2120002627-E000000000005', 'kommunstyrelsen: messages-handler'),
  official('199007112395', 'Isak', 'Isaksson', 'SE2120002627-E000000000006', 'kommunstyrelsen: retention-admin'),
  official('199211122388', 'Johanna', 'Jansson', 'SE2120002627-E000000000007', 'kommunstyrelsen: archivist'),
  official('199301052396', 'Karl', 'Kvist', 'SE2120002627-E000000000008', 'kommunstyrelsen: rights-handler'),
  official('199302242384', 'Linnea', 'Lund', 'SE2120002627-E000000000009', 'kommunstyrelsen: registrator'),
  official('199303152392', 'Mohammed', 'Malik', 'SE2120002627-E000000000010', 'socialtjansten: messages-handler, rights-handler'),
];

/** The test persons, kept in memory; the control API adds more. */
@Injectable()
export class TestUsers {
  private readonly users = new Map(DEFAULT_TEST_USERS.map((u) => [u.personalNumber, u]));

  all(): TestUser[] {
    return [...this.users.values()];
  }

  get(personalNumber: string): TestUser | undefined {
    return this.users.get(personalNumber);
  }

  put(user: TestUser): void {
    this.users.set(user.personalNumber, user);
  }

  /** The user a scripted or page-approved order completes as when none is named. */
  default(): TestUser {
    return DEFAULT_TEST_USERS[0]!;
  }
}
