import type { SimulatedProvider } from './simulated-providers.js';
import type { TestUser } from './test-users.js';

/** What scanning QR content on the phone page gave: picked up, refused (with the reason the app shows), or not this provider's code. */
export type ScanOutcome = { ok: true; ref: string } | { ok: false; message: string } | undefined;

/** A simulated provider whose app can scan QR content (an optional extension of SimulatedProvider). */
export interface QrScanner {
  scan(content: string, user: TestUser): ScanOutcome;
}

export function canScan(provider: SimulatedProvider): provider is SimulatedProvider & QrScanner {
  return typeof (provider as Partial<QrScanner>).scan === 'function';
}
