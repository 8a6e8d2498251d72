import type { RequestKind, RightsDecision } from '@insyn/contracts';

/** The processing notice this service's data fall under (apps/notice/seed/umea-behandling-sakra-meddelanden.yaml). */
export const NOTICE_SLUG = 'sakra-meddelanden';
export const NOTICE_TITLE = 'Behandling, säkra meddelanden';

/** What this service holds about one person, as far as a decision needs it. */
export interface HeldConversations {
  /** Conversations with the person's subject key. */
  total: number;
  /** Of those, how many have lost their data key to gallring (crypto-shredded): no content is left. */
  purged: number;
}

/**
 * The legal grounds, cited as the published notice states them: art. 6.1 e GDPR with 2 kap. 2 § 1
 * lag (2018:218) (public interest, exercise of official authority), a legal obligation (6.1 c), and for
 * special categories art. 9.2 g and h. Nothing in secure messages rests on consent or contract.
 *
 * The texts are Swedish: they are shown to the citizen as the municipality's decision. Each stays well
 * under the contract's 2 000 characters (checked by the spec).
 */
const ALLMAN_HANDLING =
  'Meddelandena i säkra meddelanden är allmänna handlingar (2 kap. 4 § tryckfrihetsförordningen) som kommunen ' +
  'ska bevara enligt arkivlagen (1990:782) 3 § och 10 § tills de gallras enligt kommunens gallringsbeslut för ' +
  'respektive verksamhet och verksamhetssystem';

const NOTICE_REF = `Se behandlingen ”${NOTICE_TITLE}” (${NOTICE_SLUG}).`;

const GALLRING =
  'Uppgifterna raderas vid gallring; då förstörs också den krypteringsnyckel som skyddar innehållet, så att inga ' + 'kopior går att läsa.';

const ERASURE_GROUNDS =
  `${ALLMAN_HANDLING}. Rätten till radering gäller därför inte, art. 17.3 b dataskyddsförordningen (EU) 2016/679: ` +
  'behandlingen är nödvändig för att fullgöra en rättslig förpliktelse och för att utföra en uppgift av allmänt ' +
  'intresse och som ett led i myndighetsutövning (art. 6.1 c och e, 2 kap. 2 § 1 lagen (2018:218) med ' +
  'kompletterande bestämmelser till EU:s dataskyddsförordning), och art. 17.3 d: uppgifterna bevaras för ' +
  `arkivändamål av allmänt intresse, som en radering skulle omöjliggöra. ${GALLRING} ${NOTICE_REF}`;

const NOTHING_HELD = 'Säkra meddelanden har inga konversationer med dig, så här finns inget att';

const REASONS = {
  accessDone:
    'Registerutdrag enligt art. 15 dataskyddsförordningen: dina konversationer i säkra meddelanden med meddelanden, ' +
    'avsändare och namn, typ och storlek på bifogade filer. Kopior av de bifogade filerna lämnas på begäran via ' +
    `API:t. ${NOTICE_REF}`,
  accessTruncated:
    'Registerutdrag enligt art. 15 dataskyddsförordningen, förkortat: utdraget blev för stort för ett svar, så ' +
    'några konversationer eller meddelanden är utelämnade (de står i utdragets sammanfattning). Hela ' +
    'registerutdraget finns via API:t, där du loggar in med e-legitimation. Kopior av de bifogade filerna lämnas ' +
    `på begäran via API:t. ${NOTICE_REF}`,
  erasureRefused: `Dina meddelanden raderas inte nu. ${ERASURE_GROUNDS}`,
  erasureAllPurged:
    'Alla dina konversationer i säkra meddelanden har redan gallrats: innehållet är raderat (krypteringsnyckeln är ' +
    'förstörd) och kan inte återskapas. Det som återstår av konversationerna (ämne och datum) tas bort när ' +
    `gallringen slutförs. ${NOTICE_REF}`,
  rectification:
    `Meddelandena ändras inte. ${ALLMAN_HANDLING}; att ändra ett skickat eller mottaget meddelande vore en ` +
    'gallring utan stöd i gallringsbeslut (arkivlagen 10 §). Ett meddelande visar vad som skrevs vid en viss ' +
    'tidpunkt. Rättelse sker i stället genom en kompletterande uppgift (art. 16 andra meningen ' +
    'dataskyddsförordningen): svara i konversationen medan den är öppen, eller kontakta enheten, som för in ' +
    `rättelsen i ärendet i sitt verksamhetssystem. ${NOTICE_REF}`,
  restriction:
    'Säkra meddelanden begränsar inte behandlingen. En stängd konversation behandlas här bara genom att lagras, ' +
    `arkiveras i verksamhetssystemet och gallras. ${ALLMAN_HANDLING}; lagring är tillåten även när behandlingen ` +
    'är begränsad, och bevarandet enligt arkivlagen sker av skäl som rör ett viktigt allmänintresse (art. 18.2 ' +
    'dataskyddsförordningen). En öppen konversation används i handläggningen av ditt ärende, som är en uppgift av ' +
    'allmänt intresse och myndighetsutövning (art. 6.1 e). Om du bestrider att uppgifterna är riktiga (art. 18.1 a) ' +
    `prövar enheten det i ärendet. ${NOTICE_REF}`,
  objection:
    'Behandlingen fortsätter. Behandlingen i säkra meddelanden grundas på en uppgift av allmänt intresse och ' +
    'myndighetsutövning (art. 6.1 e dataskyddsförordningen, 2 kap. 2 § 1 lagen (2018:218)) och på en rättslig ' +
    `förpliktelse (art. 6.1 c). ${ALLMAN_HANDLING}. Den skyldigheten är ett tvingande berättigat skäl som väger ` +
    'tyngre än ditt intresse (art. 21.1), och bevarandet vilar på en rättslig förpliktelse, som art. 21 inte ' +
    'omfattar. Vill du inte använda säkra meddelanden i ett pågående ärende kan du kontakta enheten om ett annat ' +
    `sätt att kommunicera. ${NOTICE_REF}`,
  portability:
    'Rätten till dataportabilitet gäller bara behandling som grundas på samtycke eller avtal (art. 20.1 a ' +
    'dataskyddsförordningen). Behandlingen i säkra meddelanden grundas på en uppgift av allmänt intresse och ' +
    'myndighetsutövning (art. 6.1 e, 2 kap. 2 § 1 lagen (2018:218); för känsliga personuppgifter art. 9.2 g och h) ' +
    'och på en rättslig förpliktelse, och rätten gäller inte behandling som är nödvändig för att utföra en uppgift ' +
    'av allmänt intresse eller som ett led i myndighetsutövning (art. 20.3). Du kan få ut dina meddelanden genom ' +
    `ett registerutdrag (art. 15) eller läsa dem i säkra meddelanden. ${NOTICE_REF}`,
} as const;

/** The answer to an access request: done, or partly done when the extract had to be shortened. */
export function accessDecision(truncated: boolean): RightsDecision {
  return truncated
    ? { outcome: 'partly-done', legalReason: REASONS.accessTruncated }
    : { outcome: 'done', legalReason: REASONS.accessDone };
}

/** This service's decision on every kind of request but access (whose answer is the data itself). */
export function decide(kind: Exclude<RequestKind, 'access'>, held: HeldConversations): RightsDecision {
  if (kind === 'portability') return { outcome: 'not-applicable', legalReason: REASONS.portability };
  if (held.total === 0) return { outcome: 'not-applicable', legalReason: `${NOTHING_HELD} ${VERB[kind]}. ${NOTICE_REF}` };
  switch (kind) {
    case 'erasure':
      if (held.purged >= held.total) return { outcome: 'done', legalReason: REASONS.erasureAllPurged };
      if (held.purged > 0)
        return {
          outcome: 'partly-done',
          legalReason:
            `${held.purged} av ${held.total} konversationer har redan gallrats, och deras innehåll är raderat ` +
            `(krypteringsnyckeln är förstörd). De övriga raderas inte nu. ${ERASURE_GROUNDS}`,
        };
      return { outcome: 'refused', legalReason: REASONS.erasureRefused };
    case 'rectification':
      return { outcome: 'refused', legalReason: REASONS.rectification };
    case 'restriction':
      return { outcome: 'refused', legalReason: REASONS.restriction };
    case 'objection':
      return { outcome: 'refused', legalReason: REASONS.objection };
  }
}

const VERB: Record<Exclude<RequestKind, 'access' | 'portability'>, string> = {
  erasure: 'radera',
  rectification: 'rätta',
  restriction: 'begränsa',
  objection: 'invända mot',
};
