import type { Catalogue } from '../i18n.js';

/** Mina inloggningar. */
export const SESSIONS: Catalogue = {
  'sessions.title': { sv: 'Mina inloggningar', en: 'My sign-ins' },
  'sessions.lead': {
    sv: 'Här ser du var du är inloggad med e-legitimation. Känner du inte igen en inloggning, logga ut den och kontakta kommunen.',
    en: 'Where you are signed in with e-ID. If you do not recognise a sign-in, sign it out and contact the municipality.',
  },
  'sessions.provider': { sv: 'E-legitimation', en: 'e-ID' },
  'sessions.signedIn': { sv: 'Inloggad', en: 'Signed in' },
  'sessions.lastActive': { sv: 'Senast aktiv', en: 'Last active' },
  'sessions.expires': { sv: 'Loggas ut senast', en: 'Signed out at the latest' },
  'sessions.action': { sv: 'Åtgärd', en: 'Action' },
  'sessions.thisBrowser': { sv: 'Den här webbläsaren', en: 'This browser' },
  'sessions.signOut': { sv: 'Logga ut', en: 'Sign out' },
  'sessions.signOutWhich': { sv: 'inloggningen från {when}', en: 'the sign-in of {when}' },
  'sessions.signOutOthers': { sv: 'Logga ut alla andra inloggningar', en: 'Sign out all other sign-ins' },
  'sessions.onlyThis': { sv: 'Du är bara inloggad i den här webbläsaren.', en: 'You are signed in in this browser only.' },
  'sessions.ended': { sv: 'Inloggningen är utloggad.', en: 'The sign-in has been signed out.' },
  'sessions.endedOthers': {
    sv: 'Alla andra inloggningar är utloggade ({count}).',
    en: 'All other sign-ins have been signed out ({count}).',
  },
  'sessions.note': {
    sv: 'Utloggningen gäller direkt. En tjänst som redan hämtat uppgifter kan visa dem i högst fem minuter till.',
    en: 'Signing out takes effect at once. A service that has already fetched data may show it for at most five more minutes.',
  },
  'provider.bankid': { sv: 'BankID', en: 'BankID' },
  'provider.freja': { sv: 'Freja eID', en: 'Freja eID' },
  'provider.siths': { sv: 'SITHS eID', en: 'SITHS eID' },
};
