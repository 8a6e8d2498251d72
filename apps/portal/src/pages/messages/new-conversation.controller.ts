import { Body, Controller, Get, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ApiClient } from '../../backends/api.client.js';
import { BackendError, SignedOutError } from '../../backends/backend-error.js';
import type { PortalEnv } from '../../config/portal-env.js';
import { BrowserSessions } from '../../session/browser-sessions.js';
import { translate } from '../../web/i18n.js';
import { csrfProblem, csrfValid, type PortalLocals } from '../../web/page.middleware.js';
import { Views } from '../../web/views.js';
import { citizenPage } from '../signed-in.js';
import { MAX_UPLOAD, type UploadedAttachment, uploadedAttachments } from './uploads.js';

interface Unit {
  unit: string;
  name: string;
  acceptsCitizens: boolean;
}

export type NewMessageField = 'unit' | 'subject' | 'body' | 'attachment' | 'email' | 'form';
export type FieldErrors = Partial<Record<NewMessageField, string>>;

interface NewMessageForm {
  _csrf?: string;
  unit?: string;
  subject?: string;
  body?: string;
  email?: string;
}

/** The form as she filled it in. */
interface Draft {
  unit: string;
  subject: string;
  body: string;
  email: string;
}

/** An e-mail address as a browser's type=email takes it (the messages service checks it again). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the messages service takes (its DTO): a longer text is refused there too, but she is told here, in her words. */
export const LIMITS = { subject: 120, body: 20_000 } as const;

/** The form as she filled it, trimmed, and what is wrong with it before anything is sent (ids of the message catalogue). */
export function checkNewMessage(
  form: NewMessageForm,
  units: Unit[],
  file: UploadedAttachment | undefined,
): { draft: Draft; errors: Partial<Record<NewMessageField, string>> } {
  const draft = {
    unit: form.unit?.trim() ?? '',
    subject: form.subject?.trim() ?? '',
    body: form.body?.trim() ?? '',
    email: form.email?.trim() ?? '',
  };
  const errors: Partial<Record<NewMessageField, string>> = {};
  if (!units.some((u) => u.unit === draft.unit && u.acceptsCitizens)) errors.unit = 'newMessage.error.unit';
  if (!draft.subject) errors.subject = 'newMessage.error.subjectEmpty';
  else if (draft.subject.length > LIMITS.subject) errors.subject = 'newMessage.error.subjectLength';
  if (!draft.body) errors.body = 'messages.emptyBody';
  else if (draft.body.length > LIMITS.body) errors.body = 'newMessage.error.bodyLength';
  if (file && file.size > MAX_UPLOAD) errors.attachment = 'newMessage.error.attachmentSize';
  if (draft.email && (draft.email.length > 200 || !EMAIL.test(draft.email))) errors.email = 'newMessage.error.email';
  return { draft, errors };
}

/** The messages service's refusal of a new conversation, as field errors (catalogue ids); undefined for what no field explains. */
export function refusalFields(err: BackendError): Partial<Record<NewMessageField, string>> {
  if (err.status === 404 || String(err.problem?.type ?? '').endsWith('unit-not-accepting')) return { unit: 'newMessage.error.unit' };
  const fields = Array.isArray(err.problem?.errors) ? (err.problem.errors as { field?: string }[]).map((e) => e.field ?? '') : [];
  const errors: Partial<Record<NewMessageField, string>> = {};
  for (const field of fields) {
    if (field === 'subject') errors.subject = err.status === 422 ? 'newMessage.error.subjectSensitive' : 'newMessage.error.subjectLength';
    else if (field === 'body') errors.body = 'newMessage.error.bodyLength';
    else if (field.startsWith('attachments')) errors.attachment = 'newMessage.error.attachment';
    else if (field.startsWith('notify')) errors.email = 'newMessage.error.email';
    else errors.form = 'newMessage.error.identity';
  }
  return Object.keys(errors).length ? errors : { form: 'newMessage.error.unknown' };
}

/**
 * Nytt meddelande: the signed-in citizen starts a conversation with a unit that accepts them (ADR 0010). The
 * portal asks the identity service for her person assertion (encrypted to the messages service, so the portal
 * never reads her personnummer) and passes it on with the form. Every refusal is the form again, in her
 * language, with the error beside its field and a summary that takes the focus.
 */
@ApiExcludeController()
@Controller('meddelanden/nytt')
export class NewConversationController {
  private readonly audience: string;

  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
    private readonly sessions: BrowserSessions,
    config: ConfigService<PortalEnv, true>,
  ) {
    this.audience = config.get('MESSAGES_ASSERTION_AUDIENCE', { infer: true });
  }

  @Get()
  @Public()
  form(@Req() req: Request, @Res() res: Response): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      const units = await this.units(req, locals);
      this.render(res, locals, units, { draft: { unit: units.length === 1 ? units[0]!.unit : '', subject: '', body: '', email: '' } });
    });
  }

  @Post()
  @Public()
  // Larger than the messages service takes, so that a file just over its limit is told beside the field, not by a 413 page.
  @UseInterceptors(FileInterceptor('attachment', { limits: { fileSize: 2 * MAX_UPLOAD, files: 1, fields: 7 } }))
  send(@Req() req: Request, @Res() res: Response, @Body() form: NewMessageForm, @UploadedFile() file?: UploadedAttachment): Promise<void> {
    return citizenPage(req, res, this.sessions, async (locals) => {
      if (!csrfValid(req, locals.session)) throw csrfProblem();
      const units = await this.units(req, locals);
      const { draft, errors } = checkNewMessage(form, units, file);
      if (Object.keys(errors).length) return this.render(res, locals, units, { draft, errors }, 400);
      try {
        const { json: issued } = await this.api.as<{ assertion: string }>(
          req,
          locals.session,
          'identity',
          'POST',
          '/v1/person-assertions',
          {
            audience: this.audience,
          },
        );
        const { json: opened } = await this.api.as<{ conversationId: string }>(
          req,
          locals.session,
          'messages',
          'POST',
          `/v1/units/${encodeURIComponent(draft.unit)}/conversations`,
          {
            subject: draft.subject,
            body: draft.body,
            identityAssertion: issued.assertion,
            ...uploadedAttachments(file),
            // Where she is told that the unit has answered (the message itself never leaves Insyn).
            ...(draft.email ? { notify: { email: draft.email, lang: locals.page.lang } } : {}),
          },
        );
        res.redirect(303, `/meddelanden/${opened.conversationId}?skickat=1`);
      } catch (err) {
        // Identity no longer knows her session (ended elsewhere, or from before person assertions): sign in again.
        if (err instanceof BackendError && err.service === 'identity' && err.status === 401) throw new SignedOutError();
        if (!(err instanceof BackendError) || err.status >= 500 || err.status === 401 || err.status === 403) throw err;
        return this.render(res, locals, units, { draft, errors: refusalFields(err) }, err.status === 404 ? 422 : err.status);
      }
    });
  }

  private async units(req: Request, { session }: PortalLocals): Promise<Unit[]> {
    const { json } = await this.api.as<Unit[]>(req, session, 'messages', 'GET', '/v1/units');
    return json.filter((u) => u.acceptsCitizens);
  }

  private render(res: Response, { page }: PortalLocals, units: Unit[], state: { draft: Draft; errors?: FieldErrors }, status = 200): void {
    const errors = Object.entries(state.errors ?? {}).map(([field, id]) => ({ field, text: translate(page.lang, id) }));
    res
      .status(status)
      .type('html')
      .send(
        this.views.render('pages/message-new.njk', page, {
          units,
          draft: state.draft,
          errors,
          fieldError: Object.fromEntries(errors.map((e) => [e.field, e.text])),
          limits: LIMITS,
        }),
      );
  }
}
