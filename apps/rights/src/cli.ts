// The rights service from the command line (`npm run rights -- <command>`):
//   verify <file> [--jwks <url or file>]   verify a consent receipt offline against the rights JWKS
// The receipt file holds the compact JWS as downloaded (GET /v1/consents/{id}/receipt), or JSON with it
// under "receipt". The JWKS comes from a file or a URL; by default the local service's
// http://127.0.0.1:3005/.well-known/jwks.json (RIGHTS_JWKS_URL overrides). Nothing else is contacted:
// anyone holding the JWKS can check a receipt without the service.
// Exit codes: 0 valid, 1 invalid (the reason is printed), 2 usage or unreadable input.
import fs from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { verifyReceipt } from './receipts/domain/verify-receipt.js';

const DEFAULT_JWKS = process.env.RIGHTS_JWKS_URL ?? 'http://127.0.0.1:3005/.well-known/jwks.json';
const USAGE = 'usage: npm run rights -- verify <receipt file> [--jwks <url or file>]';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function readReceipt(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    fail(`${file}: ${(err as Error).message}`);
  }
  if (!text.startsWith('{')) return text;
  try {
    const json = JSON.parse(text) as { receipt?: unknown; jws?: unknown };
    const jws = json.receipt ?? json.jws;
    if (typeof jws === 'string') return jws;
  } catch {
    // falls through
  }
  fail(`${file}: JSON without a "receipt" string (the compact JWS)`);
}

async function readJwks(source: string): Promise<JSONWebKeySet> {
  let text: string;
  try {
    if (/^https?:\/\//.test(source)) {
      const res = await fetch(source, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) fail(`${source}: HTTP ${res.status}`);
      text = await res.text();
    } else text = fs.readFileSync(source, 'utf8');
  } catch (err) {
    fail(`cannot read the JWKS from ${source}: ${(err as Error).message}`);
  }
  try {
    const jwks = JSON.parse(text) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error('no "keys" array');
    return jwks;
  } catch (err) {
    fail(`${source} is not a JSON Web Key Set: ${(err as Error).message}`);
  }
}

const [command, file, ...rest] = process.argv.slice(2);
switch (command ?? '') {
  case 'verify': {
    if (!file) fail(USAGE);
    const at = rest.indexOf('--jwks');
    if (rest.length > 0 && (at !== 0 || rest.length !== 2)) fail(USAGE);
    const jwks = await readJwks(at === 0 ? rest[1]! : DEFAULT_JWKS);
    const verdict = await verifyReceipt(readReceipt(file), jwks);
    if (!verdict.valid) fail(`invalid: ${verdict.reason}: ${verdict.detail}`, 1);
    const r = verdict.receipt;
    const purpose = r.purposes.map((p) => p.purposeId).join(', ');
    process.stdout.write(
      `valid: receipt ${r.receiptId}, signed with ${verdict.kid}\n` +
        `  consent ${r.consentStatus} at ${r.consentTimestamp} to ${purpose} of ${r.notice.slug} version ${r.notice.version}\n` +
        `  controller: ${r.piiControllers.map((c) => `${c.name}${c.organisationNumber ? ` (${c.organisationNumber})` : ''}`).join(', ') || '(not named)'}\n` +
        `  person (pseudonym of this consent): ${r.piiPrincipalId}\n`,
    );
    break;
  }
  default:
    fail(USAGE);
}
