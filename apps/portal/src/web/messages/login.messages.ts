import type { Catalogue } from '../i18n.js';

export const LOGIN: Catalogue = {
  'login.title': { sv: 'Logga in', en: 'Sign in' },
  'login.lead': {
    sv: 'Logga in med din e-legitimation för att se vad kommunen behandlar om just dig.',
    en: 'Sign in with your e-ID to see what the municipality processes about you.',
  },
  'login.choose': { sv: 'Välj e-legitimation', en: 'Choose your e-ID' },
  'login.bankid.other': { sv: 'Mobilt BankID på en annan enhet', en: 'Mobile BankID on another device' },
  'login.bankid.otherHint': { sv: 'Du skannar en QR-kod med BankID-appen.', en: 'You scan a QR code with the BankID app.' },
  'login.bankid.same': { sv: 'BankID på den här enheten', en: 'BankID on this device' },
  'login.bankid.sameHint': { sv: 'BankID-appen öppnas på den här enheten.', en: 'The BankID app opens on this device.' },
  'login.freja': { sv: 'Freja eID', en: 'Freja eID' },
  'login.frejaHint': { sv: 'Du skannar en QR-kod med Freja-appen.', en: 'You scan a QR code with the Freja app.' },
  'login.wait.title': { sv: 'Legitimera dig', en: 'Identify yourself' },
  'login.wait.qr': {
    sv: 'QR-kod att skanna med appen. Koden byts varje sekund.',
    en: 'QR code to scan with the app. The code changes every second.',
  },
  'login.wait.open': { sv: 'Öppna BankID-appen', en: 'Open the BankID app' },
  'login.wait.cancel': { sv: 'Avbryt inloggningen', en: 'Cancel the sign-in' },
  'login.ended.title': { sv: 'Inloggningen avbröts', en: 'The sign-in was stopped' },
  'login.ended.again': { sv: 'Försök igen', en: 'Try again' },
  'login.idle': {
    sv: 'Du har loggats ut eftersom du inte har gjort något på en stund.',
    en: 'You have been signed out because you had not done anything for a while.',
  },
  'login.cancelled': { sv: 'Du avbröt inloggningen.', en: 'You cancelled the sign-in.' },
  'login.expired': { sv: 'Inloggningen tog för lång tid. Försök igen.', en: 'The sign-in took too long. Please try again.' },
  'login.unavailable': {
    sv: 'Inloggningen fungerar inte just nu. Försök igen om en stund.',
    en: 'Sign-in is not working right now. Please try again in a while.',
  },
  'login.tooMany': {
    sv: 'För många inloggningsförsök. Vänta en stund och försök igen.',
    en: 'Too many sign-in attempts. Wait a while and try again.',
  },
};
