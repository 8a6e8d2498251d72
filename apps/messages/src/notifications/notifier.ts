import { Injectable, Logger } from '@nestjs/common';

/** Where to tell a citizen that a message is waiting (given by the municipal system; stored sealed). */
export interface NotificationContact {
  email?: string;
  phone?: string;
  lang?: 'sv' | 'en';
}

/** The port: e-mail and SMS adapters implement it; the text has passed `templateLeaks` at boot. */
export abstract class Notifier {
  abstract notify(contact: NotificationContact, text: string): Promise<void>;
}

/** Development: writes that a notification would go out, never the address (it is personal data). */
@Injectable()
export class LogNotifier extends Notifier {
  private readonly logger = new Logger('Notifier');

  notify(contact: NotificationContact, text: string): Promise<void> {
    const channel = contact.email ? 'e-mail' : contact.phone ? 'SMS' : 'none';
    this.logger.log(`notification by ${channel}: ${text}`);
    return Promise.resolve();
  }
}
