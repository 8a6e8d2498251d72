import { SetMetadata } from '@nestjs/common';

/** Who may call an endpoint. Every route declares one; the app refuses to start otherwise. */
export type AccessPolicy =
  | { public: true }
  | {
      public?: false;
      /** Any signed-in citizen (their own data only: the use case scopes by subjectKey). */
      citizen?: { minLoa?: number };
      /** Officials holding one of these roles. */
      officialRoles?: string[];
      /** Any signed-in official, whatever their roles (their own data only). */
      anyOfficial?: boolean;
      /** Municipal systems whose client token has one of these scopes. */
      clientScopes?: string[];
    };

export const ACCESS_POLICY = 'insyn:access-policy';

/** Anyone, without a token. */
export const Public = () => SetMetadata(ACCESS_POLICY, { public: true } satisfies AccessPolicy);

/** Signed-in callers matching any of the given kinds. */
export const Allow = (policy: Exclude<AccessPolicy, { public: true }>) => SetMetadata(ACCESS_POLICY, policy);
