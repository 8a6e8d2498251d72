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

/** What the gallringsfrist counts from (the rules' triggers). */
export const TRIGGER_LABEL: Readonly<Record<string, string>> = {
  'conversation-closed': 'Konversationen avslutad',
  'case-closed': 'Ärendet avslutat',
  'last-activity': 'Senaste aktivitet',
  inaktualitet: 'Inaktualitet (bekräftad av handläggare)',
};

export function yesNo(value: boolean): string {
  return value ? 'Ja' : 'Nej';
}
