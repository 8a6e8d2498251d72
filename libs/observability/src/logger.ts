import type { LoggerService } from '@nestjs/common';
import { RequestContext } from '@insyn/platform';
import pino, { type Logger } from 'pino';

/**
 * A personnummer or samordningsnummer in any common shape (10 or 12 digits, with or without - or +).
 * Log text is scrubbed with it, so a number that slips into a message or URL never reaches the logs.
 */
const PERSONNUMMER = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/g;

export function scrubPersonalData(text: string): string {
  return text.replace(PERSONNUMMER, '[personnummer]');
}

/** Fields that hold personal data or secrets, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'personnummer',
  '*.personnummer',
  'personalIdentityNumber',
  '*.personalIdentityNumber',
  'ssn',
  '*.ssn',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.refreshToken',
  '*.body',
  '*.content',
];

export function createPinoLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubPersonalData(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}

/** Nest's logger interface on pino: every framework and app log line is structured JSON. */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Logger) {}

  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const stack = level === 'error' && params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    const correlationId = RequestContext.correlationId();
    const fields = {
      ...(context ? { context } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...(stack ? { stack: scrubPersonalData(stack) } : {}),
    };
    if (message instanceof Error)
      this.pino[level](
        { ...fields, err: { type: message.name, message: scrubPersonalData(message.message) } },
        scrubPersonalData(message.message),
      );
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
}
