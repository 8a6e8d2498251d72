import type { Catalogue } from '../i18n.js';

export const MESSAGES_PAGES: Catalogue = {
  'messages.title': { sv: 'Mina meddelanden', en: 'My messages' },
  'messages.lead': {
    sv: 'Säkra meddelanden mellan dig och kommunens verksamheter. Innehållet är krypterat och varje gång någon läser det loggas.',
    en: 'Secure messages between you and the municipality’s services. The content is encrypted and every read is logged.',
  },
  'messages.none': { sv: 'Du har inga meddelanden.', en: 'You have no messages.' },
  'messages.subject': { sv: 'Ämne', en: 'Subject' },
  'messages.unit': { sv: 'Verksamhet', en: 'Service' },
  'messages.last': { sv: 'Senaste meddelande', en: 'Latest message' },
  'messages.status': { sv: 'Status', en: 'Status' },
  'messages.status.open': { sv: 'Pågående', en: 'Ongoing' },
  'messages.status.closed': { sv: 'Avslutad', en: 'Closed' },
  'messages.count': { sv: '{count} meddelanden', en: '{count} messages' },
  'messages.back': { sv: 'Alla meddelanden', en: 'All messages' },
  'messages.with': { sv: 'Du skriver med {unit}.', en: 'You are writing with {unit}.' },
  'messages.from.citizen': { sv: 'Du', en: 'You' },
  'messages.from.unit': { sv: '{unit}', en: '{unit}' },
  'messages.sentAt': { sv: 'Skickat', en: 'Sent' },
  'messages.attachments': { sv: 'Bilagor', en: 'Attachments' },
  'messages.download': { sv: 'Ladda ner {file} ({size} kB)', en: 'Download {file} ({size} kB)' },
  'messages.reply': { sv: 'Svara', en: 'Reply' },
  'messages.replyText': { sv: 'Ditt meddelande', en: 'Your message' },
  'messages.replyHint': {
    sv: 'Skriv inte personnummer eller känsliga uppgifter om andra än dig själv.',
    en: 'Do not write personal identity numbers or sensitive details about anyone but yourself.',
  },
  'messages.attach': { sv: 'Bifoga en fil (valfritt)', en: 'Attach a file (optional)' },
  'messages.attachHint': { sv: 'PDF, PNG eller JPEG.', en: 'PDF, PNG or JPEG.' },
  'messages.send': { sv: 'Skicka', en: 'Send' },
  'messages.sent': { sv: 'Ditt meddelande är skickat.', en: 'Your message has been sent.' },
  'messages.refused': { sv: 'Meddelandet kunde inte skickas:', en: 'The message could not be sent:' },
  'messages.emptyBody': { sv: 'Skriv ett meddelande.', en: 'Write a message.' },
  'messages.closedNote': {
    sv: 'Konversationen är avslutad och går inte att svara i.',
    en: 'The conversation is closed and cannot be replied to.',
  },
  'messages.errorSummary': { sv: 'Det finns ett fel', en: 'There is a problem' },
  'page.errorTitle': { sv: 'Fel:', en: 'Error:' },
  'newMessage.start': { sv: 'Nytt meddelande', en: 'New message' },
  'newMessage.title': { sv: 'Nytt meddelande', en: 'New message' },
  'newMessage.lead': {
    sv: 'Skriv till en av kommunens verksamheter. Meddelandet skickas krypterat, och svaret kommer under Mina meddelanden.',
    en: 'Write to one of the municipality’s services. The message is sent encrypted, and the answer comes under My messages.',
  },
  'newMessage.unit': { sv: 'Vem vill du skriva till?', en: 'Who do you want to write to?' },
  'newMessage.unitHint': {
    sv: 'Här finns de verksamheter som tar emot meddelanden från invånare. Andra verksamheter skriver till dig när de behöver.',
    en: 'These are the services that take messages from residents. Other services write to you when they need to.',
  },
  'newMessage.noUnits': {
    sv: 'Just nu tar ingen verksamhet emot nya meddelanden här. Kontakta kommunen på annat sätt.',
    en: 'No service takes new messages here at the moment. Contact the municipality another way.',
  },
  'newMessage.subject': { sv: 'Ämne', en: 'Subject' },
  'newMessage.subjectHint': {
    sv: 'Syns i listor. Skriv inget känsligt här, till exempel om hälsa, ekonomi eller ett ärende – skriv det i meddelandet. Högst {max} tecken.',
    en: 'Shown in lists. Write nothing sensitive here, such as health, money or a case – put that in the message. At most {max} characters.',
  },
  'newMessage.body': { sv: 'Ditt meddelande', en: 'Your message' },
  'newMessage.bodyHint': {
    sv: 'Skriv inte personnummer eller känsliga uppgifter om andra än dig själv. Högst {max} tecken.',
    en: 'Do not write personal identity numbers or sensitive details about anyone but yourself. At most {max} characters.',
  },
  'newMessage.attachHint': { sv: 'PDF, PNG eller JPEG, högst 10 MB.', en: 'PDF, PNG or JPEG, at most 10 MB.' },
  'newMessage.email': { sv: 'Din e-postadress (valfritt)', en: 'Your e-mail address (optional)' },
  'newMessage.emailHint': {
    sv: 'Då får du ett mejl när verksamheten har svarat. Mejlet säger bara att ett meddelande väntar här, inget om innehållet.',
    en: 'You then get an e-mail when the service has answered. It only says that a message is waiting here, nothing about its content.',
  },
  'newMessage.error.email': {
    sv: 'Skriv en e-postadress som namn@exempel.se, eller lämna fältet tomt.',
    en: 'Write an e-mail address such as name@example.com, or leave the field empty.',
  },
  'newMessage.send': { sv: 'Skicka meddelandet', en: 'Send the message' },
  'newMessage.error.unit': {
    sv: 'Välj en verksamhet som tar emot meddelanden.',
    en: 'Choose a service that takes messages.',
  },
  'newMessage.error.subjectEmpty': { sv: 'Skriv ett ämne.', en: 'Write a subject.' },
  'newMessage.error.subjectLength': { sv: 'Ämnet får vara högst 120 tecken.', en: 'The subject can be at most 120 characters.' },
  'newMessage.error.subjectSensitive': {
    sv: 'Ämnet får inte avslöja något känsligt eller innehålla personnummer, e-post eller telefonnummer. Skriv det i meddelandet i stället.',
    en: 'The subject must not reveal anything sensitive or contain a personal identity number, e-mail or phone number. Put that in the message instead.',
  },
  'newMessage.error.bodyLength': {
    sv: 'Meddelandet får vara högst 20\u00a0000 tecken. Dela upp det i flera meddelanden.',
    en: 'The message can be at most 20,000 characters. Split it into several messages.',
  },
  'newMessage.error.attachmentSize': {
    sv: 'Filen är för stor. Den får vara högst 10 MB.',
    en: 'The file is too large. It can be at most 10 MB.',
  },
  'newMessage.error.attachment': {
    sv: 'Filen kan inte tas emot. Den måste vara en PDF, PNG eller JPEG och högst 10 MB.',
    en: 'The file cannot be accepted. It must be a PDF, PNG or JPEG of at most 10 MB.',
  },
  'newMessage.error.identity': {
    sv: 'Vi kunde inte bekräfta att det är du som skickar. Försök igen, eller logga ut och in igen.',
    en: 'We could not confirm that it is you sending. Try again, or sign out and in again.',
  },
  'newMessage.error.unknown': {
    sv: 'Meddelandet kunde inte skickas. Försök igen.',
    en: 'The message could not be sent. Try again.',
  },
};
