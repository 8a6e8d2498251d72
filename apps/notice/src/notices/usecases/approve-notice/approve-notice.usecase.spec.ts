import { beforeEach, describe, expect, it } from '@jest/globals';
import type { EventFactory, OutboxEntry, OutboxRelay, WrittenOutbox } from '@insyn/messaging';
import { ProblemException } from '@insyn/observability';
import type { Clock } from '@insyn/platform';
import { type ApprovalHistoryEntry, type PendingApproval, samePerson } from '../../domain/approval.js';
import { factory } from '../../domain/notice.fixtures.js';
import type { NoticeRecord, PublishedVersionRecord } from '../../persistence/notice.entity.js';
import { NoticeRepository } from '../../persistence/notice.repository.js';
import type { PublishedNotices } from '../../read-model/published-notices.js';
import { ImportNoticeUseCase } from '../import-notice/import-notice.usecase.js';
import { PublishNoticeUseCase } from '../publish-notice/publish-notice.usecase.js';
import { RejectNoticeUseCase } from '../reject-notice/reject-notice.usecase.js';
import { SubmitNoticeUseCase } from '../submit-notice/submit-notice.usecase.js';
import { UpdateDraftUseCase } from '../update-draft/update-draft.usecase.js';
import { ApproveNoticeUseCase } from './approve-notice.usecase.js';

/** The Mongo repository's preconditions, in memory: each method one conditional change of one record. */
class InMemoryNotices extends NoticeRepository {
  readonly records = new Map<string, NoticeRecord>();
  private get(slug: string): NoticeRecord | undefined {
    return this.records.get(slug);
  }
  findBySlug(slug: string): Promise<NoticeRecord | null> {
    const r = this.get(slug);
    return Promise.resolve(r ? structuredClone(r) : null);
  }
  insert(record: NoticeRecord): Promise<boolean> {
    if (this.records.has(record._id)) return Promise.resolve(false);
    this.records.set(record._id, structuredClone(record));
    return Promise.resolve(true);
  }
  replaceDraft(
    slug: string,
    expected: number,
    draft: Record<string, unknown>,
    _org: string | null,
    _activity: string,
    at: Date,
    cancelled: ApprovalHistoryEntry | null,
  ): Promise<boolean> {
    const r = this.get(slug);
    if (!r || r.draftRevision !== expected) return Promise.resolve(false);
    Object.assign(r, { draft, draftRevision: expected + 1, updatedAt: at, pendingApproval: null });
    if (cancelled) r.approvalHistory = [...(r.approvalHistory ?? []), cancelled];
    return Promise.resolve(true);
  }
  appendVersion(
    slug: string,
    draftRevision: number,
    version: PublishedVersionRecord,
    event: OutboxEntry,
    approval?: { approverPersons: string[]; entry: ApprovalHistoryEntry },
  ): Promise<WrittenOutbox | null> {
    const r = this.get(slug);
    if (!r || r.draftRevision !== draftRevision || r.currentVersion !== (version.version === 1 ? null : version.version - 1))
      return Promise.resolve(null);
    if (
      approval &&
      (r.pendingApproval?.draftRevision !== draftRevision || samePerson(r.pendingApproval.requestedByPersons, approval.approverPersons))
    )
      return Promise.resolve(null);
    Object.assign(r, {
      versions: [...r.versions, version],
      status: 'published',
      currentVersion: version.version,
      pendingApproval: null,
      outbox: [...r.outbox, event],
    });
    if (approval) r.approvalHistory = [...(r.approvalHistory ?? []), approval.entry];
    return Promise.resolve(structuredClone(r.outbox));
  }
  requestApproval(slug: string, pending: PendingApproval, entry: ApprovalHistoryEntry): Promise<boolean> {
    const r = this.get(slug);
    if (!r || r.draftRevision !== pending.draftRevision || r.pendingApproval) return Promise.resolve(false);
    Object.assign(r, { pendingApproval: pending, approvalHistory: [...(r.approvalHistory ?? []), entry] });
    return Promise.resolve(true);
  }
  rejectApproval(slug: string, draftRevision: number, persons: string[], entry: ApprovalHistoryEntry): Promise<boolean> {
    const r = this.get(slug);
    if (!r || r.pendingApproval?.draftRevision !== draftRevision || samePerson(r.pendingApproval.requestedByPersons, persons))
      return Promise.resolve(false);
    Object.assign(r, { pendingApproval: null, approvalHistory: [...(r.approvalHistory ?? []), entry] });
    return Promise.resolve(true);
  }
  withdraw(): Promise<WrittenOutbox | null> {
    return Promise.resolve(null);
  }
  findAllCurrentVersions(): Promise<never[]> {
    return Promise.resolve([]);
  }
  findAllWithdrawnVersions(): Promise<never[]> {
    return Promise.resolve([]);
  }
  findVersion(): Promise<PublishedVersionRecord | null> {
    return Promise.resolve(null);
  }
  listVersions(): Promise<null> {
    return Promise.resolve(null);
  }
  listAll(): Promise<NoticeRecord[]> {
    return Promise.resolve([...this.records.values()]);
  }
}

const clock: Clock = { now: () => new Date('2026-12-01T09:00:00Z') };
const events = { outboxEntry: () => ({}) as OutboxEntry } as unknown as EventFactory;
/** The outboxes handed to the relay, by aggregate. */
const enqueued: [string, WrittenOutbox | undefined][] = [];
const relay = {
  enqueued: (collection: string, id: string, outbox?: WrittenOutbox) =>
    Promise.resolve(void enqueued.push([`${collection}/${id}`, outbox])),
} as unknown as OutboxRelay;
const readModel = { applyPublished: () => undefined } as unknown as PublishedNotices;

const elin = { actor: 'official:SE2321000230-elin', persons: ['official:subject-elin'] };
const frida = { actor: 'official:SE2321000230-frida', persons: ['official:subject-frida'] };
const system = { actor: 'client:arendesystem', persons: ['client:arendesystem'] };
const SLUG = 'fyra-ogon';

/** The problem a promise is rejected with: its status and type. */
async function problemOf(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProblemException) return [err.getStatus(), err.problemType];
    throw err;
  }
  throw new Error('expected a problem');
}

describe('four-eyes publishing (submit, approve, reject)', () => {
  let notices: InMemoryNotices;
  let submit: SubmitNoticeUseCase;
  let approve: ApproveNoticeUseCase;
  let reject: RejectNoticeUseCase;
  let update: UpdateDraftUseCase;

  beforeEach(async () => {
    enqueued.length = 0;
    notices = new InMemoryNotices();
    submit = new SubmitNoticeUseCase(notices, clock);
    approve = new ApproveNoticeUseCase(notices, new PublishNoticeUseCase(notices, events, relay, clock, readModel), clock);
    reject = new RejectNoticeUseCase(notices, clock);
    update = new UpdateDraftUseCase(notices, clock);
    await new ImportNoticeUseCase(notices, clock).execute(factory.notice({ id: SLUG }), elin.actor);
  });

  it('a second person approves the revision submitted: published, naming the requester and the approver', async () => {
    const pending = await submit.execute(SLUG, elin);
    expect(pending).toMatchObject({ draftRevision: 1, requestedBy: elin.actor });
    const version = await approve.execute(SLUG, 1, frida);
    expect(version).toMatchObject({ version: 1, publishedBy: elin.actor, approvedBy: frida.actor });
    const stored = notices.records.get(SLUG)!;
    expect(stored.pendingApproval).toBeNull();
    expect(stored.approvalHistory!.map((e) => [e.action, e.by, e.version])).toEqual([
      ['requested', elin.actor, undefined],
      ['approved', frida.actor, 1],
    ]);
    // The relay gets the notice's outbox as the publishing write left it.
    expect(enqueued).toEqual([[`notices/${SLUG}`, stored.outbox]]);
    expect(stored.outbox).toHaveLength(1);
  });

  it('submitting the revision that waits again is the same request, whoever submits it', async () => {
    const first = await submit.execute(SLUG, elin);
    expect(await submit.execute(SLUG, system)).toEqual(first);
    expect(notices.records.get(SLUG)!.approvalHistory).toHaveLength(1);
  });

  it('the requester cannot approve or reject her own request (403), and nothing changes', async () => {
    await submit.execute(SLUG, elin);
    expect(await problemOf(approve.execute(SLUG, 1, elin))).toEqual([403, 'same-person']);
    expect(await problemOf(reject.execute(SLUG, 'nej', elin))).toEqual([403, 'same-person']);
    expect(notices.records.get(SLUG)!).toMatchObject({ status: 'draft', pendingApproval: { draftRevision: 1 } });
  });

  it('a stale revision, or nothing waiting, is a 409', async () => {
    expect(await problemOf(approve.execute(SLUG, 1, frida))).toEqual([409, 'nothing-pending']);
    await submit.execute(SLUG, elin);
    expect(await problemOf(approve.execute(SLUG, 2, frida))).toEqual([409, 'stale-revision']);
    expect(notices.records.get(SLUG)!.versions).toEqual([]);
  });

  it('an edit of the draft cancels the request: the approval would name a stale revision', async () => {
    await submit.execute(SLUG, elin);
    const edited = await update.execute(SLUG, factory.notice({ id: SLUG, title: { sv: 'Ändrad', en: 'Changed' } }), 1, elin.actor);
    expect(edited).toMatchObject({ draftRevision: 2, approvalCancelled: true });
    expect(await problemOf(approve.execute(SLUG, 1, frida))).toEqual([409, 'nothing-pending']);
    expect(notices.records.get(SLUG)!.approvalHistory!.map((e) => e.action)).toEqual(['requested', 'cancelled']);
    // Submitted again, the new revision is what may be approved.
    expect(await submit.execute(SLUG, elin)).toMatchObject({ draftRevision: 2 });
    expect(await approve.execute(SLUG, 2, frida)).toMatchObject({
      version: 1,
      content: expect.objectContaining({ title: { sv: 'Ändrad', en: 'Changed' } }),
    });
  });

  it('a rejection clears the request with its reason in the history, and keeps the draft', async () => {
    await submit.execute(SLUG, elin);
    expect(await reject.execute(SLUG, 'Ändamålet saknas', frida)).toMatchObject({
      action: 'rejected',
      by: frida.actor,
      reason: 'Ändamålet saknas',
    });
    const stored = notices.records.get(SLUG)!;
    expect(stored).toMatchObject({ status: 'draft', pendingApproval: null, draftRevision: 1 });
    expect(stored.approvalHistory!.map((e) => e.action)).toEqual(['requested', 'rejected']);
    expect(await problemOf(reject.execute(SLUG, 'igen', frida))).toEqual([409, 'nothing-pending']);
  });

  it('an incomplete draft is refused at submission as publishing refuses it (422), and nothing waits', async () => {
    const { purposes: _p, ...incomplete } = factory.notice({ id: SLUG });
    await update.execute(SLUG, incomplete, 1, elin.actor);
    expect(await problemOf(submit.execute(SLUG, elin))).toEqual([422, 'unprocessable']);
    expect(notices.records.get(SLUG)!.pendingApproval).toBeNull();
  });

  it('an unknown notice is a 404 to every step', async () => {
    expect((await problemOf(submit.execute('okand', elin)))[0]).toBe(404);
    expect((await problemOf(approve.execute('okand', 1, frida)))[0]).toBe(404);
    expect((await problemOf(reject.execute('okand', 'x', frida)))[0]).toBe(404);
  });
});
