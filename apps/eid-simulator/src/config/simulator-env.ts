import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** The simulator needs no database and no broker: its orders live in memory, like the test servers it copies. */
export class SimulatorEnv {
  /** `production` is refused: the simulator approves logins for anyone who asks. */
  @IsIn(['development', 'test'], { message: 'the e-ID simulator never runs in production (NODE_ENV must be development or test)' })
  NODE_ENV: 'development' | 'test' = 'development';

  /** Plain HTTP: the control API, the phone page, the OIDC provider and /health. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  /** HTTPS with a required client certificate: the BankID and Freja RP APIs. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  TLS_PORT: number = 3011;

  @IsString()
  HOST = '127.0.0.1';

  /** Folder of the development PKI (@insyn/dev-pki); made when missing. */
  @IsOptional()
  @IsString()
  PKI_DIR?: string;

  /** The URL browsers use to reach the HTTP port (the OIDC issuer and the phone page links). */
  @IsOptional()
  @IsString()
  PUBLIC_URL?: string;

  /** Redirect URIs of the OIDC client `insyn-identity`, comma separated (the identity service's SITHS callback). */
  @IsString()
  SIM_OIDC_REDIRECT_URIS: string = 'http://127.0.0.1:3002/v1/logins/siths/callback';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsIn(['true', 'false'])
  DOCS_ENABLED: 'true' | 'false' = 'true';
}
