/** The sign assertions that gave a consent, each held to one use (docs/style.md 10). */
export abstract class UsedAssertionsRepository {
  /** Records the assertion as used by `subjectKey`; false when it was used already (a replay). */
  abstract claim(assertionId: string, subjectKey: string, at: Date): Promise<boolean>;
  /** Forgets the assertion's use, so it may be used again. */
  abstract release(assertionId: string): Promise<void>;
}
