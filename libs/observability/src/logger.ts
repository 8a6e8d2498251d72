import type { LoggerService } from '@nestjs/common';
import { parsePersonnummer } from '@insyn/person';
import { RequestContext } from '@insyn/platform';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

/**
 * A personnummer or samordningsnummer in any common shape (10 or 12 digits, with or without - or +),
 * standing alone as a word: masked whether or not its check digit is right (a mistyped number is still
 * someone's).
 */
const PERSONNUMMER_WORD = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/g;

/**
 * A date and four digits anywhere, only not inside a longer run of digits: next to letters
 * (`a199908072391`), underscores (`_19990807_2391`), or with one separator of any kind. Masked when it
 * validates as a personnummer or samordningsnummer (date and check digit, `@insyn/person`), so ids and
 * timestamps that merely have ten or twelve digits stay readable.
 */
const PERSONNUMMER_ANYWHERE = /(?<!\d)(\d{8}|\d{6})([-+_ .\u2010-\u2015\u2212]?)(\d{4})(?!\d)/g;

const MASK = '[personnummer]';

/**
 * Identifiers the services make of random hex: UUIDs (correlation and event ids), trace ids and digests
 * (24 hex digits or more), and span ids (16) where a log line (`span_id`) or an OTLP export (`spanId`,
 * `parentSpanId`) names them. Ten random hex digits in a row happen, and about one such run in thirty
 * passes as a date and check digit: inside these, a match is the id's, not a person's. A shorter run of
 * hex (`abc9908072391def`) is still searched.
 */
const HEX_IDENTIFIER =
  /(?<![0-9A-Za-z])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24,})(?![0-9A-Za-z])|(?<="(?:span_id|spanId|parentSpanId)":")[0-9a-f]{16}(?=")/gi;

function inHexIdentifier(text: string): (index: number) => boolean {
  const ranges = [...text.matchAll(HEX_IDENTIFIER)].map((m) => [m.index, m.index + m[0].length] as const);
  return (index) => ranges.some(([from, to]) => index >= from && index < to);
}

/**
 * Percent-encoded digits and separators decoded (`%31%39…`, `%2D`, `%2B`, `%5F`, `%20`; double encoding
 * too), and full-width digits folded, so an encoded number is seen. Other escapes stay as they are: a URL
 * stays a URL.
 */
export function decodeDigits(text: string): string {
  let out = text;
  for (let i = 0; i < 3 && /%25[0-9A-Fa-f]{2}/.test(out); i++) out = out.replace(/%25(?=[0-9A-Fa-f]{2})/g, '%');
  return out
    .replace(/%(3[0-9]|2[dDbB0]|5[fF])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/%E2%80%9[0-5]/gi, (e) => decodeURIComponent(e))
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
}

function validPersonnummer(date: string, separator: string, last4: string): boolean {
  const candidate = date.length === 8 ? `${date}${last4}` : `${date}${separator === '+' ? '+' : ''}${last4}`;
  return parsePersonnummer(candidate).ok;
}

/** The personnummer (or samordningsnummer) that validate in `text`, in any of the shapes above: the log check's detector. */
export function findPersonnummer(text: string): string[] {
  const found: string[] = [];
  const decoded = decodeDigits(text);
  const inId = inHexIdentifier(decoded);
  for (const m of decoded.matchAll(PERSONNUMMER_ANYWHERE)) if (!inId(m.index) && validPersonnummer(m[1]!, m[2]!, m[3]!)) found.push(m[0]);
  return found;
}

/**
 * Log text with every personnummer masked: any that validates, wherever it is, and any shaped like one
 * standing alone. Text with nothing to mask comes back as it was (not decoded).
 */
export function scrubPersonalData(text: string): string {
  const decoded = decodeDigits(text);
  const inId = inHexIdentifier(decoded);
  const masked = decoded
    .replace(PERSONNUMMER_ANYWHERE, (match, date: string, separator: string, last4: string, offset: number) =>
      !inId(offset) && validPersonnummer(date, separator, last4) ? MASK : match,
    )
    .replace(PERSONNUMMER_WORD, MASK);
  return masked === decoded ? text : masked;
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
    // The span being recorded, when tracing is on (ADR 0020): a log line leads to its trace and back.
    const span = trace.getActiveSpan()?.spanContext();
    const fields = {
      ...(context ? { context } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...(span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {}),
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
