import { Injectable, Logger } from '@nestjs/common';
import { NotificationTemplates } from '../../../notifications/notification-templates.js';
import { type NotificationContact, Notifier } from '../../../notifications/notifier.js';

/** Tells a citizen's contact (e-mail, phone) that a message waits, without its content. */
@Injectable()
export class ContactNotices {
  private readonly logger = new Logger(ContactNotices.name);

  constructor(
    private readonly notifier: Notifier,
    private readonly templates: NotificationTemplates,
  ) {}

  async notify(contact: NotificationContact | undefined): Promise<void> {
    if (!contact || (!contact.email && !contact.phone)) return;
    const text = this.templates.text(contact.lang ?? 'sv');
    try {
      await this.notifier.notify(contact, text);
    } catch (err) {
      // The message is stored; a failed notification must not undo it. Logged without the address.
      this.logger.warn(`notification failed: ${(err as Error).message}`);
    }
  }
}
