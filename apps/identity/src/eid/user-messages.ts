import type { EidProviderName, StartMethod } from './eid-provider.js';

/**
 * The messages BankID recommends showing during an order ("RFA" codes, research notes 1.7), in Swedish
 * and English, chosen from the order's state the way ActiveLogin does.
 *
 * BankID texts: ActiveLogin.Authentication `src/ActiveLogin.Authentication.BankId.Core/UserMessage/
 * BankIdUserMessageStringLocalizer.cs` (the revision with RFA23), which follows BankID's published
 * list; BankID/SampleCode `client/src/contexts/localization/{swe,eng}.json` agrees on the shared ones.
 * Copied word for word except for obvious typos there ("BankID- appen", "QRkoden", a missing full stop).
 *
 * Freja results reach us in the same hint codes (see CollectResult); where a BankID text names BankID
 * or a BankID-only situation, Freja gets its own wording (ours, not Freja's: Freja publishes no list).
 */

export type RfaCode =
  | 'RFA1'
  | 'RFA3'
  | 'RFA4'
  | 'RFA5'
  | 'RFA6'
  | 'RFA8'
  | 'RFA9'
  | 'RFA13'
  | 'RFA15A'
  | 'RFA15B'
  | 'RFA16'
  | 'RFA17A'
  | 'RFA17B'
  | 'RFA21'
  | 'RFA22'
  | 'RFA23';

export interface UserMessage {
  /** BankID's RFA code, or a code of ours for states outside its list (e.g. 'complete'). */
  code: RfaCode | (string & {});
  sv: string;
  en: string;
}

export interface UserMessageInput {
  provider: Extract<EidProviderName, 'bankid' | 'freja'>;
  status: 'pending' | 'failed';
  hintCode?: string;
  /** An EidProviderError code; it wins over the hint code. */
  errorCode?: string;
  method: StartMethod;
  /** The user's device, when known: chooses between RFA15A (computer) and RFA15B (phone, tablet). */
  device?: 'desktop' | 'mobile';
}

type Text = { sv: string; en: string };

const BANKID: Record<RfaCode, Text> = {
  RFA1: { sv: 'Starta BankID-appen.', en: 'Start your BankID app.' },
  RFA3: { sv: 'Åtgärden avbruten. Försök igen.', en: 'The action was cancelled. Please try again.' },
  RFA4: {
    sv: 'En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.',
    en: 'An identification or signing for this personal number is already started. Please try again.',
  },
  RFA5: { sv: 'Något gick fel. Försök igen.', en: 'Something went wrong. Please try again.' },
  RFA6: { sv: 'Åtgärden avbröts.', en: 'The action was cancelled.' },
  RFA8: {
    sv: 'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har ett giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    en: 'The BankID app is not responding. Please check that it’s started and that you have internet access. If you don’t have a valid BankID you can get one from your bank. Try again.',
  },
  RFA9: {
    sv: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.',
    en: 'Enter your security code in the BankID app and select Identify or Sign.',
  },
  RFA13: { sv: 'Försöker starta BankID-appen.', en: 'Trying to start your BankID app.' },
  RFA15A: {
    sv: 'Söker efter BankID, det kan ta en liten stund… Om det har gått flera sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här datorn. Om du har ett BankID-kort, sätt in det i kortläsaren. Om du inte har något BankID kan du skaffa ett hos din bank.',
    en: 'Searching for BankID, it may take a little while… If several seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this computer. If you have a BankID card, please insert it into your card reader. If you don’t have a BankID you can get one from your bank.',
  },
  RFA15B: {
    sv: 'Söker efter BankID, det kan ta en liten stund… Om det har gått flera sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank.',
    en: 'Searching for BankID, it may take a little while… If several seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this device. If you don’t have a BankID you can get one from your bank.',
  },
  RFA16: {
    sv: 'Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    en: 'The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.',
  },
  RFA17A: {
    sv: 'BankID-appen verkar inte finnas i din dator eller mobil. Installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.',
    en: 'The BankID app couldn’t be found on your computer or mobile device. Please install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.',
  },
  RFA17B: {
    sv: 'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.',
    en: 'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don’t have the app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.',
  },
  RFA21: { sv: 'Identifiering eller underskrift pågår.', en: 'Identification or signing in progress.' },
  RFA22: { sv: 'Okänt fel. Försök igen.', en: 'Unknown error. Please try again.' },
  RFA23: {
    sv: 'Fotografera och läs av din ID-handling med BankID-appen.',
    en: 'Using your BankID app, take a photo of, and scan, your ID document.',
  },
};

/** RFA1 while a QR code is shown (ActiveLogin's RFA1QR). */
const BANKID_RFA1_QR: Text = { sv: 'Starta BankID-appen och scanna QR-koden.', en: 'Start your BankID app and scan the QR code.' };

/** Freja wording where BankID's names BankID; the rest (RFA3, 5, 6, 22) are provider-neutral and shared. */
const FREJA: Partial<Record<RfaCode, Text>> = {
  RFA1: { sv: 'Starta Freja-appen.', en: 'Start your Freja app.' },
  RFA4: {
    sv: 'En identifiering för det här personnumret pågick redan, och båda har avbrutits. Försök igen.',
    en: 'An identification for this personal number was already in progress, and both have been cancelled. Please try again.',
  },
  RFA8: {
    sv: 'Freja-appen svarade inte i tid. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.',
    en: 'The Freja app did not respond in time. Please check that it’s started and that you have internet access. Try again.',
  },
  RFA9: { sv: 'Godkänn identifieringen i Freja-appen.', en: 'Approve the identification in your Freja app.' },
  RFA13: { sv: 'Försöker starta Freja-appen.', en: 'Trying to start your Freja app.' },
  RFA15A: { sv: 'Väntar på Freja-appen…', en: 'Waiting for the Freja app…' },
  RFA15B: { sv: 'Väntar på Freja-appen…', en: 'Waiting for the Freja app…' },
  RFA16: {
    sv: 'Freja eID nekade identifieringen av säkerhetsskäl. Kontakta Freja eID:s support om det händer igen.',
    en: 'Freja eID refused the identification for security reasons. Contact Freja eID support if it happens again.',
  },
  RFA17A: {
    sv: 'Freja-appen verkar inte finnas på din enhet. Installera den från din appbutik och skaffa Freja eID Plus.',
    en: 'The Freja app couldn’t be found on your device. Install it from your app store and get Freja eID Plus.',
  },
  RFA17B: {
    sv: 'Misslyckades att läsa av QR-koden. Starta Freja-appen och läs av QR-koden. Om du inte har appen kan du installera den från din appbutik.',
    en: 'Failed to scan the QR code. Start the Freja app and scan the QR code. If you don’t have the app, you can install it from your app store.',
  },
  RFA21: { sv: 'Identifiering pågår.', en: 'Identification in progress.' },
  RFA23: { sv: 'Följ instruktionerna i Freja-appen.', en: 'Follow the instructions in your Freja app.' },
};

const FREJA_RFA1_QR: Text = { sv: 'Starta Freja-appen och scanna QR-koden.', en: 'Start your Freja app and scan the QR code.' };

/** Errors (EidProviderError codes) with a message of their own; every other error is RFA22. */
const ERRORS: Record<string, RfaCode> = {
  alreadyInProgress: 'RFA4',
  requestTimeout: 'RFA5',
  maintenance: 'RFA5',
  internalError: 'RFA5',
  tooManyRequests: 'RFA5',
  methodNotAllowed: 'RFA5',
  // Ours: the provider could not be reached. Like BankID's own outages, "something went wrong, try again".
  unavailable: 'RFA5',
  canceled: 'RFA3',
  cancelled: 'RFA3',
};

/** The RFA code for an order state (ActiveLogin's mapping; research notes 1.7). */
export function rfaCode(input: UserMessageInput): RfaCode {
  if (input.errorCode !== undefined) return ERRORS[input.errorCode] ?? 'RFA22';
  const qr = input.method === 'qr';
  if (input.status === 'pending') {
    switch (input.hintCode ?? '') {
      case 'outstandingTransaction':
        return qr ? 'RFA1' : 'RFA13';
      case 'noClient':
        return 'RFA1';
      case 'started':
        // Without a known device: "this device" (RFA15B) fits a phone and a computer alike.
        return input.device === 'desktop' ? 'RFA15A' : 'RFA15B';
      case 'userSign':
        return 'RFA9';
      case 'userMrtd':
        return 'RFA23';
      default:
        return 'RFA21';
    }
  }
  switch (input.hintCode ?? '') {
    case 'expiredTransaction':
      return 'RFA8';
    case 'certificateErr':
      return 'RFA16';
    case 'userCancel':
      return 'RFA6';
    case 'cancelled':
      return 'RFA3';
    case 'startFailed':
      return qr ? 'RFA17B' : 'RFA17A';
    // userDeclinedCall, notSupportedByUserApp, transactionRiskBlocked and anything new: BankID lists
    // no specific message, ActiveLogin shows RFA22.
    default:
      return 'RFA22';
  }
}

/** The message to show for an order state, in Swedish and English. */
export function userMessage(input: UserMessageInput): UserMessage {
  const code = rfaCode(input);
  const freja = input.provider === 'freja';
  let text: Text;
  if (code === 'RFA1' && input.method === 'qr') text = freja ? FREJA_RFA1_QR : BANKID_RFA1_QR;
  else text = (freja ? FREJA[code] : undefined) ?? BANKID[code];
  return { code, sv: text.sv, en: text.en };
}
