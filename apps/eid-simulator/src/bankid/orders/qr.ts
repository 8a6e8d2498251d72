import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The animated QR code (eid-protocols.md 1.6): `bankid.<qrStartToken>.<qrTime>.<qrAuthCode>` where
 * qrAuthCode = lowercase hex HMAC-SHA256(key = ASCII qrStartSecret, message = ASCII decimal qrTime).
 */
export function qrAuthCode(qrStartSecret: string, qrTime: number): string {
  return createHmac('sha256', Buffer.from(qrStartSecret, 'ascii')).update(String(qrTime), 'ascii').digest('hex');
}

export function qrContent(qrStartToken: string, qrStartSecret: string, qrTime: number): string {
  return `bankid.${qrStartToken}.${qrTime}.${qrAuthCode(qrStartSecret, qrTime)}`;
}

export interface ParsedQr {
  qrStartToken: string;
  qrTime: number;
  qrAuthCode: string;
}

/** Splits QR content, or undefined when it is not a BankID QR code at all. */
export function parseQr(content: string): ParsedQr | undefined {
  const match = /^bankid\.([0-9a-fA-F-]{1,64})\.(0|[1-9]\d{0,5})\.([0-9a-f]{64})$/.exec(content.trim());
  if (!match) return undefined;
  return { qrStartToken: match[1]!, qrTime: Number(match[2]), qrAuthCode: match[3]! };
}

/** How far the claimed qrTime may be from the real seconds since the order started (clock skew, scan delay). */
export const QR_TIME_TOLERANCE_SECONDS = 2;

export type QrCheck = { ok: true } | { ok: false; reason: 'forged' | 'stale' };

/**
 * Checks a scanned code the way the app and BankID's server do: the code must be the HMAC for the
 * claimed second, and that second within ±2 s of the real time elapsed since the order started.
 */
export function verifyQr(qr: ParsedQr, qrStartSecret: string, elapsedMs: number): QrCheck {
  const expected = Buffer.from(qrAuthCode(qrStartSecret, qr.qrTime), 'hex');
  const given = Buffer.from(qr.qrAuthCode, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  const elapsedSeconds = Math.floor(elapsedMs / 1000);
  if (Math.abs(qr.qrTime - elapsedSeconds) > QR_TIME_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
