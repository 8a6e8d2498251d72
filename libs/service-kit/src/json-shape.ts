/**
 * Limits on the shape of a JSON body, checked on the raw bytes before it is parsed or transformed.
 * class-transformer (the global ValidationPipe) recurses once per level: a 6 KB body nested a few
 * thousand levels deep overflows the stack, which used to answer 500. A body within these limits
 * fits every DTO we have (the deepest, a processing notice, is about 10 levels and a few hundred values).
 */
export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (`{"a":[1]}` is 2). */
  maxDepth: number;
  /** Most values in the body, counted as its objects, arrays, commas and colons (keys and values, near enough). */
  maxValues: number;
}

export const DEFAULT_JSON_SHAPE_LIMITS: JsonShapeLimits = { maxDepth: 32, maxValues: 20_000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * What is wrong with the shape of `body` (UTF-8 JSON text), or undefined when it is within `limits`.
 * One pass over the bytes; strings are skipped with `indexOf`, so a large base64 attachment costs little.
 * In UTF-8 the bytes of `"`, `\`, brackets, `,` and `:` never occur inside a multi-byte character.
 * The text need not be valid JSON: the parser that runs afterwards refuses what is malformed.
 */
export function jsonShapeViolation(body: Buffer, limits: JsonShapeLimits = DEFAULT_JSON_SHAPE_LIMITS): string | undefined {
  let depth = 0;
  // Values are counted by the separators that start a new one, plus the first: `[1,2]` is 1 + 1 + 1.
  let values = 0;
  const tooMany = () => `the JSON body has more than ${limits.maxValues} values`;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    switch (byte) {
      case QUOTE: {
        // Skip to the closing quote: one not preceded by an odd number of backslashes.
        let end = i;
        for (;;) {
          end = body.indexOf(QUOTE, end + 1);
          if (end === -1) return undefined; // unterminated: the parser refuses it
          let slashes = 0;
          for (let j = end - 1; j > i && body[j] === BACKSLASH; j--) slashes++;
          if (slashes % 2 === 0) break;
        }
        i = end;
        break;
      }
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth > limits.maxDepth) return `the JSON body is nested deeper than ${limits.maxDepth} levels`;
        if (++values > limits.maxValues) return tooMany();
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        depth = Math.max(0, depth - 1);
        break;
      case COMMA:
      case COLON:
        if (++values > limits.maxValues) return tooMany();
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Nesting of `[` and `{` in a text body (YAML), counted without regard to quoting, so a bracket inside a
 * string counts too: stricter than the parser, never looser. The YAML library recurses per flow level
 * until the stack overflows (about 0.5 s of CPU for a 200 KB body) before it gives up.
 */
export function bracketDepthViolation(body: Buffer, maxDepth: number): string | undefined {
  let depth = 0;
  for (const byte of body) {
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return `the body is nested deeper than ${maxDepth} levels`;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** An error body-parser passes on with its status (http-errors keeps a given `status`): a 4xx problem. */
export class JsonBodyError extends Error {
  readonly expose = true;
  constructor(
    message: string,
    readonly status: 400 | 415,
    readonly type: string,
  ) {
    super(message);
  }
}

/**
 * A body-parser `verify` hook that refuses a JSON body outside `limits` before it is parsed. JSON
 * between systems is UTF-8 (RFC 8259 section 8.1); body-parser would also read UTF-16 and UTF-32, in
 * which the bytes scanned here could hide brackets, so those get a 415.
 */
export function verifyJsonShape(limits: JsonShapeLimits = DEFAULT_JSON_SHAPE_LIMITS) {
  return (_req: unknown, _res: unknown, buf: Buffer, encoding?: string): void => {
    const charset = (encoding ?? 'utf-8').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8')
      throw new JsonBodyError('JSON bodies must be UTF-8 (RFC 8259)', 415, 'charset.unsupported');
    const violation = jsonShapeViolation(buf, limits);
    if (violation) throw new JsonBodyError(violation, 400, 'entity.shape.too.complex');
  };
}

/** The same for text bodies (YAML): depth only, brackets counted wherever they are. */
export function verifyTextShape(limits: JsonShapeLimits = DEFAULT_JSON_SHAPE_LIMITS) {
  return (_req: unknown, _res: unknown, buf: Buffer): void => {
    const violation = bracketDepthViolation(buf, limits.maxDepth);
    if (violation) throw new JsonBodyError(violation, 400, 'entity.shape.too.complex');
  };
}
