import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ServiceEnv } from '@insyn/service-kit';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The portal's configuration, validated at boot. */
export class PortalEnv extends ServiceEnv {
  /** Seals the identity service's tokens and cookies the portal keeps for each browser session. */
  @IsString()
  @MinLength(32)
  @ValidateIf((o: PortalEnv) => o.NODE_ENV === 'production')
  @Matches(/^(?!insyn-development-only).*/, { message: 'PORTAL_SESSION_SECRET must be set to a secret of its own in production' })
  PORTAL_SESSION_SECRET: string = 'insyn-development-only-portal-session-secret';

  /** Where browsers reach the portal (links, the e-ID app's return address). */
  @IsUrl(URL_OPTIONS)
  PORTAL_URL: string = 'http://127.0.0.1:3000';

  @IsUrl(URL_OPTIONS)
  IDENTITY_URL: string = 'http://127.0.0.1:3002';

  @IsUrl(URL_OPTIONS)
  NOTICE_URL: string = 'http://127.0.0.1:3001';

  @IsUrl(URL_OPTIONS)
  MESSAGES_URL: string = 'http://127.0.0.1:3003';

  @IsUrl(URL_OPTIONS)
  RIGHTS_URL: string = 'http://127.0.0.1:3005';

  /** The retention service: the officials' gallring pages (rules, runs, holds, the gallringsprotokoll). */
  @IsUrl(URL_OPTIONS)
  RETENTION_URL: string = 'http://127.0.0.1:3004';

  /** The messages service's audience for person assertions (its MESSAGES_ASSERTION_AUDIENCE; ADR 0010). */
  @IsString()
  MESSAGES_ASSERTION_AUDIENCE: string = 'insyn-messages';

  /**
   * The municipality's look: JSON `{"name": "...", "primaryColor": "#rrggbb", "logoUrl": "https://...",
   * "contactEmail": "...", "dpoEmail": "..."}`. Only `name` is required.
   */
  @IsString()
  @Matches(/^\s*\{/, { message: 'PORTAL_THEME must be a JSON object with at least "name"' })
  PORTAL_THEME: string = JSON.stringify({ name: 'Kommunen', primaryColor: '#1b5e8c' });

  /**
   * Which notice covers what each service holds about a person: JSON `{"<service>": "<notice slug>"}`. "Mina
   * behandlingar" shows a notice when that service holds something about the person (e.g. a conversation
   * brings the secure-messages notice).
   */
  @IsString()
  @Matches(/^\s*\{/, { message: 'PORTAL_SERVICE_NOTICES must be a JSON object of service → notice slug' })
  PORTAL_SERVICE_NOTICES: string = JSON.stringify({ messages: 'sakra-meddelanden' });

  /** A browser session idles out after this many minutes without a request (a warning shows before). */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(24 * 60)
  PORTAL_IDLE_MINUTES: number = 20;

  /** `false` only where browsers reach the portal over plain http that is not localhost. */
  @IsIn(['true', 'false'])
  PORTAL_COOKIE_SECURE: 'true' | 'false' = 'true';
}
