import { Injectable } from '@nestjs/common';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { GoverningRules } from '../../../governing-rules/governing-rules.js';
import type { MessageLanguage } from '../../domain/notice.messages.js';
import type { Language, Notice } from '../../domain/notice.model.js';
import { InvalidNoticeError, parseNotice } from '../../domain/notice.validation.js';
import { resolveRetentionLinks } from '../../domain/retention-links.js';
import { deriveRights } from '../../domain/rights.js';
import { inLanguage } from '../../domain/validation-kit.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import { renderNoticeHtml } from '../../representations/notice-html.js';
import { publicView } from '../../representations/public-view.js';
import { inLanguageOf } from '../notice-input.js';

/**
 * The draft as residents will see it once published: the same accessible HTML a published version has,
 * rendered from the draft as the next version (its rights derived, its retention statements linked to
 * the rules as known now). Only a draft that could be published can be shown: an incomplete one is a 422
 * naming what it lacks, as publishing would.
 */
@Injectable()
export class PreviewDraftUseCase {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly rules: GoverningRules,
    private readonly clock: Clock,
  ) {}

  /** `lang`: the page's language; `messages`: the language of a 422's messages (the draft not complete enough). */
  async html(slug: string, lang: Language, messages: MessageLanguage = 'en'): Promise<string> {
    const notice = await this.notices.findBySlug(slug);
    if (!notice?.draft) throw Problems.notFound(`A draft of the notice ${slug}`);
    const now = this.clock.now();
    const version = notice.versions.length + 1;
    let content: Notice;
    try {
      content = parseNotice({ ...notice.draft, id: slug, version, publishedAt: now.toISOString().slice(0, 10) });
    } catch (err) {
      if (!(err instanceof InvalidNoticeError)) throw err;
      const detail =
        messages === 'sv'
          ? 'Utkastet är inte komplett nog för att visas som invånarna kommer att se det; se errors.'
          : 'The draft is not complete enough to be shown as residents will see it; see errors.';
      throw inLanguageOf(Problems.unprocessable(inLanguage(err.found, messages), detail), messages);
    }
    const view = publicView(slug, {
      version,
      publishedAt: now,
      publishedBy: 'preview',
      content,
      rights: deriveRights(content),
    });
    const links = resolveRetentionLinks(
      view.retention,
      (id) => this.rules.get(id),
      (id) => this.rules.retirement(id),
    );
    return renderNoticeHtml(view, lang, { self: `/v1/notices/${slug}/draft`, versions: `/v1/notices/${slug}/versions` }, links);
  }
}
