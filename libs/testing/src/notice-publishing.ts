import request from 'supertest';
import type { TestTokens } from './tokens.js';

/** What `POST /v1/notices/{slug}/approve` answers: the version published, and both names. */
export interface PublishedNoticeVersion {
  slug: string;
  version: number;
  publishedAt: string;
  href: string;
  publishedBy: string;
  approvedBy: string;
}

/**
 * Publishes a notice's draft the way four-eyes publishing demands (ADR 0023): one official (a
 * `notice-editor`) submits it, a second one of another subject (a `notice-approver`) approves the revision
 * submitted. `server` is what supertest takes (`app.getHttpServer()` or a base URL); `submitter` and
 * `approver` replace the tokens minted from `tokens` (e.g. a unit's own officials). Fails the test with
 * the answer's body when either step is refused.
 */
export async function publishNotice(
  server: Parameters<typeof request>[0],
  slug: string,
  tokens: TestTokens,
  opts: { submitter?: string; approver?: string; unit?: string } = {},
): Promise<PublishedNoticeVersion> {
  const submitter = opts.submitter ?? (await tokens.official(['notice-editor'], opts.unit));
  const approver = opts.approver ?? (await tokens.secondOfficial(['notice-approver'], opts.unit));
  const submitted = await request(server).post(`/v1/notices/${slug}/publish`).set('Authorization', `Bearer ${submitter}`);
  if (submitted.status !== 202) throw new Error(`submitting ${slug} answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const approved = await request(server)
    .post(`/v1/notices/${slug}/approve`)
    .set('Authorization', `Bearer ${approver}`)
    .send({ draftRevision: (submitted.body as { draftRevision: number }).draftRevision });
  if (approved.status !== 200) throw new Error(`approving ${slug} answered ${approved.status}: ${JSON.stringify(approved.body)}`);
  return approved.body as PublishedNoticeVersion;
}
