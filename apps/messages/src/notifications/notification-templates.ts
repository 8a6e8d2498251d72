import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MessagesEnv } from '../config/messages-env.js';
import { Units } from '../conversations/domain/units.js';
import { DEFAULT_TEMPLATE, type NotificationTemplate, render, templateLeaks } from './notification-template.js';

/** The configured notification texts, checked once at boot: a template that would leak stops the service. */
@Injectable()
export class NotificationTemplates {
  private readonly template: NotificationTemplate;

  constructor(
    private readonly config: ConfigService<MessagesEnv, true>,
    units: Units,
  ) {
    this.template = {
      sv: config.get('NOTIFICATION_TEMPLATE_SV', { infer: true }) ?? DEFAULT_TEMPLATE.sv,
      en: config.get('NOTIFICATION_TEMPLATE_EN', { infer: true }) ?? DEFAULT_TEMPLATE.en,
    };
    const leaks = templateLeaks(this.template, units.names());
    if (leaks.length)
      throw new Error(
        `Invalid configuration, the service will not start: the notification template would leak:\n${leaks.map((l) => `  ${l.field}: ${l.messages.join('; ')}`).join('\n')}`,
      );
  }

  text(lang: 'sv' | 'en'): string {
    return render(this.template, lang, {
      municipality: this.config.get('ARCHIVAL_CREATOR_NAME', { infer: true }),
      portalUrl: this.config.get('MESSAGES_PORTAL_URL', { infer: true }),
    });
  }
}
