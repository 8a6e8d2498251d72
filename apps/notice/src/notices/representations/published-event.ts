import type { NoticePublishedV1 } from '@insyn/contracts';
import type { PublicNoticeView } from './public-view.js';

/**
 * The data of `notice.published.v1` for a published view: the one place that shapes it, so the rights
 * service's tests publish exactly what this service does. A controller without an organisation number
 * (some notices print none, and none is invented) gets no `controller` reference, which identifies it by
 * that number; the content still names it.
 */
export function noticePublishedData(view: PublicNoticeView): NoticePublishedV1 {
  const { controller } = view;
  return {
    noticeId: view.id,
    slug: view.id,
    version: view.version,
    publishedAt: view.publication.publishedAt,
    ...(controller.organisationNumber
      ? { controller: { name: controller.name.sv, organisationNumber: controller.organisationNumber } }
      : {}),
    ...(view.publication.approvedBy ? { approvedBy: view.publication.approvedBy } : {}),
    // A copy of the view's own properties: the event's content is a plain JSON object, whatever the view's type.
    content: { ...view },
  };
}
