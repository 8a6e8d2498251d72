import type { Catalogue } from '../i18n.js';

export const START: Catalogue = {
  'start.title': {
    sv: 'Insyn i hur kommunen behandlar dina personuppgifter',
    en: 'Insight into how the municipality processes your personal data',
  },
  'start.lead': {
    sv: 'Här ser du vilka personuppgifter {name} behandlar, varför och hur länge. Loggar du in med e-legitimation ser du också vad som gäller just dig: dina säkra meddelanden, dina samtycken, dina begäranden och vem som har läst uppgifter om dig.',
    en: 'Here you can see which personal data {name} processes, why and for how long. If you sign in with e-ID you also see what concerns you: your secure messages, your consents, your requests and who has read data about you.',
  },
  'start.signIn': { sv: 'Logga in med e-legitimation', en: 'Sign in with e-ID' },
  'start.continue': { sv: 'Gå till Mina behandlingar', en: 'Go to My processing' },
  'start.notices': { sv: 'Kommunens behandlingar av personuppgifter', en: 'The municipality’s processing of personal data' },
  'start.search': { sv: 'Sök bland behandlingarna', en: 'Search the processing activities' },
  'start.searchButton': { sv: 'Sök', en: 'Search' },
  'start.results': { sv: '{count} behandlingar', en: '{count} processing activities' },
  'start.noResults': { sv: 'Inga behandlingar matchar din sökning.', en: 'No processing activity matches your search.' },
  'start.responsible': { sv: 'Ansvarig', en: 'Controller' },
  'notice.back': { sv: 'Alla behandlingar', en: 'All processing activities' },
  'notice.inSwedish': { sv: '', en: 'This notice is only available in Swedish.' },
  'info.accessibility.title': { sv: 'Tillgänglighetsredogörelse', en: 'Accessibility statement' },
  'info.accessibility.text': {
    sv: '{name} står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Webbplatsen är gjord för att uppfylla WCAG 2.1 nivå AA enligt lagen (2018:1937) om tillgänglighet till digital offentlig service. Sidorna fungerar utan JavaScript utom den animerade QR-koden vid inloggning, som visas även utan den men uppdateras då varannan sekund.',
    en: '{name} is responsible for this website. We want as many people as possible to be able to use it. It is built to meet WCAG 2.1 level AA under the Swedish Act (2018:1937) on accessibility to digital public services. The pages work without JavaScript except the animated QR code at sign-in, which is shown without it too but then refreshes every other second.',
  },
  'info.accessibility.report': {
    sv: 'Om du upplever problem med webbplatsens tillgänglighet, kontakta oss. Är du inte nöjd med hur vi hanterar dina synpunkter kan du kontakta Myndigheten för digital förvaltning (Digg), som är tillsynsmyndighet.',
    en: 'If you have problems with the accessibility of this website, contact us. If you are not satisfied with how we handle your feedback, you can contact the Agency for Digital Government (Digg), the supervisory authority.',
  },
  'info.cookies.title': { sv: 'Om kakor', en: 'About cookies' },
  'info.cookies.text': {
    sv: 'Webbplatsen använder bara en kaka, och den är nödvändig: den håller reda på din inloggning och ditt språkval. Den innehåller ett slumpat värde och inga personuppgifter, och den försvinner när du loggar ut eller efter {minutes} minuter utan aktivitet. Vi använder inga kakor för statistik eller marknadsföring, så vi behöver inte fråga om ditt samtycke.',
    en: 'This website uses one cookie only, and it is strictly necessary: it keeps track of your sign-in and your choice of language. It holds a random value and no personal data, and it is removed when you sign out or after {minutes} minutes without activity. We use no cookies for statistics or marketing, so we do not need to ask for your consent.',
  },
  'info.contact.title': { sv: 'Kontakt och dataskyddsombud', en: 'Contact and data protection officer' },
  'info.contact.text': {
    sv: 'Har du frågor om hur {name} behandlar dina personuppgifter kan du kontakta kommunen eller kommunens dataskyddsombud. Varje behandling anger också sina egna kontaktuppgifter.',
    en: 'If you have questions about how {name} processes your personal data, contact the municipality or its data protection officer. Each processing activity also gives its own contact details.',
  },
  'info.contact.municipality': { sv: 'Kommunen', en: 'The municipality' },
  'info.contact.dpo': { sv: 'Dataskyddsombudet', en: 'The data protection officer' },
  'info.contact.imy': {
    sv: 'Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se.',
    en: 'You have the right to complain to the Swedish Authority for Privacy Protection (IMY), www.imy.se.',
  },
};
