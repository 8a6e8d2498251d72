import { createHmac } from 'node:crypto';

/**
 * BankID animated QR code (RP API v6.0; research notes 1.6): `bankid.<qrStartToken>.<qrTime>.<qrAuthCode>`,
 * where qrTime is the whole seconds since the auth/sign response arrived, as a plain decimal string,
 * and qrAuthCode is lowercase hex HMAC-SHA256 with the ASCII qrStartSecret as key (used as text, not
 * hex-decoded) over the ASCII qrTime. Regenerate every second; the secret never leaves the server.
 */
export function bankIdQrAuthCode(qrStartSecret: string, qrTime: number): string {
  return createHmac('sha256', Buffer.from(qrStartSecret, 'ascii')).update(String(qrTime), 'ascii').digest('hex');
}

/** Whole seconds from the start response to `now`, never negative (a clock step back shows second 0). */
export function bankIdQrTime(startedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000));
}

/** The QR payload for second `qrTime`. */
export function bankIdQrContent(qrStartToken: string, qrStartSecret: string, qrTime: number): string {
  if (!Number.isSafeInteger(qrTime) || qrTime < 0) throw new RangeError('qrTime must be a whole, non-negative number of seconds');
  return `bankid.${qrStartToken}.${qrTime}.${bankIdQrAuthCode(qrStartSecret, qrTime)}`;
}
