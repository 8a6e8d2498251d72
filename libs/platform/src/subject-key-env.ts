import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { type BaseEnv, PreviousSecrets } from './config.js';

/**
 * An env class a mixin below extends. TypeScript accepts a class expression that extends a type parameter
 * only when the parameter's construct signature takes `...args: any[]` (TS2545); the env classes take none.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => BaseEnv;

/**
 * SUBJECT_KEY_GENERATION and SUBJECT_KEY_PREVIOUS_SECRETS, the rotation of SUBJECT_KEY_SECRET (ADR 0025), the
 * same in every service that holds subject keys. The class that uses it declares SUBJECT_KEY_SECRET itself:
 * a service that makes subject keys needs it always ({@link SubjectKeyEnv}), one that only re-keys what it
 * stores needs it during a rotation only.
 */
export function SubjectKeyRotationEnv<T extends EnvClass>(Base: T) {
  class SubjectKeyRotation extends Base {
    /** The generation of SUBJECT_KEY_SECRET (the `N` of the `skN_` keys it makes); raised by one at each rotation (ADR 0025). */
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(999)
    SUBJECT_KEY_GENERATION: number = 1;

    /**
     * While SUBJECT_KEY_SECRET is rotated: the secrets it replaced, newest first, comma separated (generations
     * SUBJECT_KEY_GENERATION - 1, - 2, …). What is stored under them is still found, and is re-keyed to the
     * current secret; remove them when the log says none is left (docs/operations/runbooks.md).
     */
    @IsOptional()
    @IsString()
    @PreviousSecrets({ current: 'SUBJECT_KEY_SECRET', generation: 'SUBJECT_KEY_GENERATION', minLength: 32 })
    SUBJECT_KEY_PREVIOUS_SECRETS?: string;
  }
  return SubjectKeyRotation;
}

/**
 * SUBJECT_KEY_SECRET (the keyed HMAC of the personnummer) with its rotation, for a service that makes subject
 * keys: development has a default, production refuses to start without a secret of its own, with
 * `productionMessage` (what the secret must be: the identity service's own, or the one it shares).
 */
export function SubjectKeyEnv<T extends EnvClass>(Base: T, productionMessage: string) {
  class SubjectKeySecret extends SubjectKeyRotationEnv(Base) {
    @IsString()
    @MinLength(32)
    @ValidateIf((o: BaseEnv) => o.NODE_ENV === 'production')
    @Matches(/^(?!insyn-development-only).*/, { message: productionMessage })
    SUBJECT_KEY_SECRET: string = 'insyn-development-only-subject-secret';
  }
  return SubjectKeySecret;
}
