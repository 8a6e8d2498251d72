import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
  validateSync,
} from 'class-validator';
import { type ConfigProblems, ConfigurationError } from './config-files.js';

/** Variables every app reads. Each app extends this with its own. */
export class BaseEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,60}$/, { message: 'MONGODB_DB must be a plain database name' })
  MONGODB_DB?: string;

  @IsString()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS: number = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  KAFKA_REPLICATION_FACTOR: number = 1;

  @IsIn(['true', 'false'])
  KAFKA_CREATE_TOPICS: 'true' | 'false' = 'true';

  /**
   * How long the broker waits for a silent consumer before giving its partitions to the others: after a
   * crash (or a broker restart) the group waits this long, so events wait too. 6 000-300 000 ms (the
   * broker's default bounds are 6 s to 30 min); shorter costs needless rebalances on long GC pauses.
   */
  @Type(() => Number)
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 30_000;

  /**
   * How long a consumer lets the offsets it handled wait before it commits them (ADR 0030): a crash or a
   * rebalance has at most this long of events fetched again, each skipped by the inbox; shorter commits
   * more often, a round trip to the group coordinator each. 100-60 000 ms.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  KAFKA_COMMIT_INTERVAL_MS: number = 1_000;

  /**
   * How often the outbox relay scans its collections for events no running instance has marked (ADR 0028):
   * those of an instance that died between a write and its send wait at most this long. The scan reads
   * every document of the outbox collections on FerretDB (an index serves it on MongoDB); 1 000-3 600 000 ms.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  OUTBOX_SCAN_INTERVAL_MS: number = 60_000;

  /**
   * Put before every Insyn topic's name on the broker (`umea-test.` makes `umea-test.notice.published.v1`),
   * so that installations sharing one Kafka cluster never hear each other (ADR 0026). Every service of an
   * installation must have the same; give each installation its own consumer groups too (KAFKA_CONSUMER_GROUP).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_TOPIC_PREFIX must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_TOPIC_PREFIX?: string;

  /** The consumer group (default `insyn-<service>`): every instance of a service shares it; tests give each run its own. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'KAFKA_CONSUMER_GROUP must be a plain group id' })
  KAFKA_CONSUMER_GROUP?: string;

  // Kafka over TLS and SASL (a municipality's existing cluster). Read and checked together, files
  // included, by @insyn/messaging's readKafkaConnection; docs/operations/connections.md explains them.

  /** `true`: TLS to the brokers, their certificate checked against KAFKA_SSL_CA_FILE (else the system's CAs). */
  @IsIn(['true', 'false'])
  KAFKA_SSL: 'true' | 'false' = 'false';

  /** PEM file of the CA(s) that issued the brokers' certificates. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA_FILE?: string;

  /** PEM files of a client certificate and its key, for brokers that require one (mTLS). */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  KAFKA_SSL_KEY_FILE?: string;

  /** The client key's password when it is encrypted (or KAFKA_SSL_KEY_PASSWORD_FILE). */
  @IsOptional()
  @IsString()
  KAFKA_SSL_KEY_PASSWORD?: string;

  @IsOptional()
  @IsString()
  KAFKA_SSL_KEY_PASSWORD_FILE?: string;

  /** SASL authentication: `scram-sha-512`, `scram-sha-256` or `plain` (PLAIN only over TLS). */
  @IsOptional()
  @Matches(/^(plain|scram-sha-256|scram-sha-512)$/i, { message: 'KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512' })
  KAFKA_SASL_MECHANISM?: string;

  /** The SASL user and password, each given directly or as a file (`_FILE`, e.g. a mounted secret). */
  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME_FILE?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD_FILE?: string;

  /**
   * `true` accepts Kafka traffic without TLS where it is otherwise refused: SASL PLAIN (the password in
   * clear), and production brokers on another machine. Only for a network encrypted by other means (a
   * service mesh) or private to the host (the compose network).
   */
  @IsIn(['true', 'false'])
  KAFKA_ALLOW_PLAINTEXT: 'true' | 'false' = 'false';

  // MongoDB over TLS: MONGODB_URI carries `tls=true` and the credentials; these add files to it.

  /** PEM file of the CA(s) that issued the MongoDB servers' certificates (turns TLS on). */
  @IsOptional()
  @IsString()
  MONGODB_TLS_CA_FILE?: string;

  /** PEM file with a client certificate and its (unencrypted) key, for x.509 authentication or mTLS. */
  @IsOptional()
  @IsString()
  MONGODB_TLS_CERT_KEY_FILE?: string;

  /** `true` accepts a production MongoDB on another machine without TLS (see KAFKA_ALLOW_PLAINTEXT). */
  @IsIn(['true', 'false'])
  MONGODB_ALLOW_PLAINTEXT: 'true' | 'false' = 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  @IsNotEmpty()
  INSTANCE_ID: string = `${process.pid}`;
}

/**
 * Builds the `validate` function for `ConfigModule.forRoot`: converts strings to the declared types,
 * applies the defaults of the class, and refuses to start with a message naming every bad variable.
 * `checks` look at several variables together, or at the files they name (connection settings); they
 * run once the variables themselves are valid.
 */
export function validateEnv<T extends object>(
  envClass: new () => T,
  checks: ((env: T) => ConfigProblems)[] = [],
): (raw: Record<string, unknown>) => T {
  return (raw) => {
    const config = plainToInstance(envClass, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    if (problems.length === 0) for (const check of checks) problems.push(...check(config));
    if (problems.length > 0) throw new ConfigurationError(problems);
    return config;
  };
}

/**
 * A variable that must differ from another: a `<SECRET>_PREVIOUS` equal to the current `<SECRET>` is a
 * rotation gone wrong (the new secret was never set), not a rotation.
 */
export function DiffersFrom(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'differsFrom',
      constraints: [other],
      validator: {
        validate: (value: unknown, args) => value !== (args?.object as Record<string, unknown> | undefined)?.[other],
        defaultMessage: (args) => `${args?.property} must differ from ${other} (it holds the secret ${other} replaces)`,
      },
    },
    options,
  );
}

/** A comma-separated list of secrets (e.g. SUBJECT_KEY_PREVIOUS_SECRETS), trimmed, empty entries dropped. */
export function secretList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The previous secrets of a rotation with key generations (ADR 0025): a comma-separated list, newest first,
 * each held to the current secret's rules (at least `minLength` characters), none equal to the current
 * secret or to another, and no more of them than the current generation has predecessors.
 */
export function PreviousSecrets(
  rules: { current: string; generation: string; minLength: number },
  options?: ValidationOptions,
): PropertyDecorator {
  const problem = (value: unknown, object: Record<string, unknown> | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return 'must be a comma-separated list of secrets';
    const list = secretList(value);
    if (list.some((s) => s.length < rules.minLength)) return `must hold secrets of at least ${rules.minLength} characters each`;
    if (list.some((s) => /^insyn-development-only/.test(s)) && object?.NODE_ENV === 'production')
      return 'must not hold a development secret in production';
    if (list.includes(String(object?.[rules.current])))
      return `must differ from ${rules.current} (it holds the secrets ${rules.current} replaced)`;
    if (new Set(list).size !== list.length) return 'must not name a secret twice';
    const generation = Number(object?.[rules.generation] ?? 1);
    if (list.length >= generation)
      return `holds ${list.length} secrets but ${rules.generation} is ${generation}: the current secret's generation must be higher than every previous one's (set ${rules.generation} to ${list.length + 1} or more)`;
    return undefined;
  };
  return ValidateBy(
    {
      name: 'previousSecrets',
      constraints: [rules],
      validator: {
        validate: (value: unknown, args) => problem(value, args?.object as Record<string, unknown> | undefined) === undefined,
        defaultMessage: (args) =>
          `${args?.property} ${problem(args?.value, args?.object as Record<string, unknown> | undefined) ?? 'is not valid'}`,
      },
    },
    options,
  );
}
