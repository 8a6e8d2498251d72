import { findPersonnummer, PinoLoggerService, createPinoLogger, scrubPersonalData } from '@insyn/observability';

/** A log line that carried a personnummer, shown masked (the report must not leak it either). */
export interface LogHit {
  line: string;
  count: number;
}

interface LogCapture {
  lines: number;
  hits: LogHit[];
  /** Values no line may contain (secrets a test gave the apps), and how many lines did. */
  secrets: string[];
  secretLines: number;
}

// On globalThis: the jest setup file that checks it (tests/setup/log-check.ts) and the test file may
// hold different instances of this module.
const KEY = Symbol.for('insyn.testing.log-capture');
function capture(): LogCapture {
  const g = globalThis as { [KEY]?: LogCapture };
  return (g[KEY] ??= { lines: 0, hits: [], secrets: [], secretLines: 0 });
}

/** pino's JSON level labels that are also shown on stderr while tests run (the rest is only checked). */
const SHOWN = /"level":"(?:warn|error|fatal)"/;

/**
 * The logger a test app runs with: the production logger (pino, with its redaction and scrubbing) at
 * `info`, so every line an app writes in production is written here too, including the access log.
 * Each line is run through the personnummer detector; warnings and errors also go to stderr.
 */
export function testLogger(service: string): PinoLoggerService {
  const destination = {
    write(line: string): void {
      const state = capture();
      state.lines++;
      const found = findPersonnummer(line);
      if (found.length > 0) state.hits.push({ line: scrubPersonalData(line).slice(0, 500), count: found.length });
      if (state.secrets.some((secret) => line.includes(secret))) state.secretLines++;
      if (SHOWN.test(line)) process.stderr.write(line);
    },
  };
  return new PinoLoggerService(createPinoLogger(service, 'info', destination));
}

/** The lines with a personnummer logged so far in this test file, which are then forgotten. */
export function takeLogHits(): LogHit[] {
  const state = capture();
  const hits = state.hits;
  state.hits = [];
  return hits;
}

/** How many log lines the apps of this test file wrote (the check is not vacuous). */
export function loggedLines(): number {
  return capture().lines;
}

/** From now on, counts the log lines that contain `secret` (a password the test gave the apps). */
export function watchLogsFor(secret: string): void {
  capture().secrets.push(secret);
}

/** How many log lines contained a watched secret. */
export function linesWithSecrets(): number {
  return capture().secretLines;
}
