import type { ProtocolMethod, RetentionAction } from './protocol-entry.js';

/** Swedish wording shared by the CSV and PDF exports. */
export const ACTION_LABEL: Record<RetentionAction, string> = {
  gallra: 'Gallra',
  'overfor-och-gallra': 'Överför och gallra',
};

export const METHOD_LABEL: Record<ProtocolMethod, string> = {
  delete: 'Radering',
  'crypto-shred': 'Kryptoradering (nycklar förstörda)',
};

export function yesNo(value: boolean): string {
  return value ? 'Ja' : 'Nej';
}
