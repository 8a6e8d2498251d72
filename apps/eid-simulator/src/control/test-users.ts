import { Injectable } from '@nestjs/common';

/** A person the simulator can sign in as. Personnummer from Skatteverket's published test series. */
export interface TestUser {
  personalNumber: string;
  givenName: string;
  surname: string;
  /** SITHS only: the official's HSA-id (employeeHsaId). */
  hsaId?: string;
}

export const DEFAULT_TEST_USERS: TestUser[] = [
  { personalNumber: '199908072391', givenName: 'Anna', surname: 'Andersson' },
  { personalNumber: '195006262546', givenName: 'Britt', surname: 'Berglund' },
  { personalNumber: '196802020575', givenName: 'Carl', surname: 'Celsing', hsaId: 'SE2120002627-E000000000001' },
  // A samordningsnummer (day + 60), from the Sweden Connect attribute specification.
  { personalNumber: '197010632391', givenName: 'Dana', surname: 'Dahl' },
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
