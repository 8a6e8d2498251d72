import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

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

  /** The consumer group (default `insyn-<service>`): every instance of a service shares it; tests give each run its own. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'KAFKA_CONSUMER_GROUP must be a plain group id' })
  KAFKA_CONSUMER_GROUP?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  @IsNotEmpty()
  INSTANCE_ID: string = `${process.pid}`;
}

/**
 * Builds the `validate` function for `ConfigModule.forRoot`: converts strings to the declared types,
 * applies the defaults of the class, and refuses to start with a message naming every bad variable.
 */
export function validateEnv<T extends object>(envClass: new () => T): (raw: Record<string, unknown>) => T {
  return (raw) => {
    const config = plainToInstance(envClass, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
      throw new Error(`Invalid configuration, the service will not start:\n${lines.join('\n')}`);
    }
    return config;
  };
}
