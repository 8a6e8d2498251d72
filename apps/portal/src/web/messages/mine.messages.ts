import type { Catalogue } from '../i18n.js';

export const MINE: Catalogue = {
  'mine.title': { sv: 'Mina behandlingar', en: 'My processing' },
  'mine.greeting': { sv: 'Hej {name}!', en: 'Hello {name}!' },
  'mine.lead': {
    sv: 'Här är de behandlingar av personuppgifter hos kommunen som rör dig just nu, och varför de rör dig.',
    en: 'These are the municipality’s processing activities that concern you right now, and why.',
  },
  'mine.none': {
    sv: 'Kommunen har just nu inga uppgifter om dig i de tjänster som visas här. Alla kommunens behandlingar finns på startsidan.',
    en: 'The municipality currently holds no data about you in the services shown here. All the municipality’s processing activities are on the home page.',
  },
  'mine.unavailable.messages': {
    sv: 'Dina säkra meddelanden kan inte visas just nu eftersom den tjänsten inte svarar. Försök igen om en stund.',
    en: 'Your secure messages cannot be shown just now because that service is not answering. Please try again shortly.',
  },
  'mine.unavailable.rights': {
    sv: 'Dina samtycken och begäranden kan inte visas just nu eftersom den tjänsten inte svarar. Försök igen om en stund.',
    en: 'Your consents and requests cannot be shown just now because that service is not answering. Please try again shortly.',
  },
  'mine.unavailable.notice': {
    sv: 'Informationen om behandlingarna kan inte visas just nu eftersom den tjänsten inte svarar. Försök igen om en stund.',
    en: 'The information about the processing cannot be shown just now because that service is not answering. Please try again shortly.',
  },
  'mine.why': { sv: 'Varför den rör dig', en: 'Why it concerns you' },
  'mine.why.messages': {
    sv: 'Du har säkra meddelanden med {units} (konversationer: {count}).',
    en: 'You have secure messages with {units} (conversations: {count}).',
  },
  'mine.why.consent': { sv: 'Du har lämnat samtycke: {purposes}.', en: 'You have given consent: {purposes}.' },
  'mine.why.request': { sv: 'Du har en begäran om {kind}.', en: 'You have a request for {kind}.' },
  'mine.purposes': { sv: 'Varför kommunen behandlar uppgifterna', en: 'Why the municipality processes the data' },
  'mine.bases': { sv: 'Rättslig grund', en: 'Legal basis' },
  'mine.retention': { sv: 'Hur länge uppgifterna sparas', en: 'How long the data is kept' },
  'mine.rights': { sv: 'Dina rättigheter', en: 'Your rights' },
  'mine.readMore': { sv: 'Läs hela informationen om {title}', en: 'Read all the information about {title}' },
  'mine.request': { sv: 'Begär ett registerutdrag', en: 'Request a copy of your data' },
  'mine.article': { sv: 'artikel {article}', en: 'article {article}' },
  'right.access': { sv: 'Rätt till tillgång (registerutdrag)', en: 'Right of access (a copy of your data)' },
  'right.rectification': { sv: 'Rätt till rättelse', en: 'Right to rectification' },
  'right.erasure': { sv: 'Rätt till radering', en: 'Right to erasure' },
  'right.restriction': { sv: 'Rätt till begränsning', en: 'Right to restriction' },
  'right.objection': { sv: 'Rätt att invända', en: 'Right to object' },
  'right.portability': { sv: 'Rätt till dataportabilitet', en: 'Right to data portability' },
};
