// One valid payload for every event contract an Insyn service consumes: what the dead-letter test sends
// after the malformed ones, to show the consumer goes on. A contract without an example here fails that
// test (add one when a service starts consuming a new event).
import { randomUUID } from 'node:crypto';
import { Topics } from '@insyn/contracts';
import { publishedNotice } from '../rights/rights-harness.js';

const id = (prefix: string) => `${prefix}-${randomUUID()}`;
const now = () => new Date().toISOString();
const SUBJECT = 'c3ViamVjdC1rZXktb2YtdGhlLWV4YW1wbGU';
const sha = 'a'.repeat(64);

/** A valid `data` for each event type, for a unit of the caller's. */
export function exampleData(type: string, unit: string): Record<string, unknown> | undefined {
  switch (type) {
    case Topics.NoticePublishedV1:
      return { ...publishedNotice('consent-example') };
    case Topics.NoticeWithdrawnV1:
      return { noticeId: 'example-notice', slug: `example-${randomUUID().slice(0, 8)}`, lastVersion: 1, withdrawnAt: now() };
    case Topics.MessagesConversationClosedV1:
      return {
        conversationId: id('conv'),
        unit,
        informationType: 'secure-message',
        openedAt: now(),
        closedAt: now(),
        closedBy: { kind: 'system', id: 'example' },
        messageCount: 1,
      };
    case Topics.MessagesConversationInaktuellV1:
      return {
        conversationId: id('conv'),
        unit,
        informationType: 'secure-message',
        inaktuellAt: now(),
        confirmedBy: { kind: 'official', id: 'example' },
      };
    case Topics.MessagesMessageReceivedV1:
      return { conversationId: id('conv'), messageId: id('msg'), unit, caseReference: 'SOC 2026/123', receivedAt: now() };
    case Topics.MessagesConversationArchivedV1:
      return {
        conversationId: id('conv'),
        unit,
        archivedAt: now(),
        packageId: id('pkg'),
        profile: 'E-ARK-SIP',
        packageSha256: sha,
        receiptId: 'receipt-example',
      };
    case Topics.RetentionPurgeRequestedV1:
      return {
        requestId: id('purge'),
        runId: id('run'),
        ruleId: 'example-rule',
        ruleVersion: 1,
        chunk: 0,
        selection: {
          service: 'messages',
          unit,
          informationType: 'secure-message',
          triggeredBefore: '2000-01-01T00:00:00.000Z',
          requireArchived: true,
        },
        exclusions: { subjectKeys: [], itemIds: [] },
        limit: 10,
        method: 'crypto-shred',
        requestedAt: now(),
      };
    case Topics.RetentionPurgeCompletedV1:
      return {
        requestId: id('purge'),
        runId: id('run'),
        chunk: 0,
        service: 'messages',
        deleted: 0,
        skippedHeld: 0,
        blockedUnarchived: 0,
        remaining: false,
        deletedIdsSha256: sha,
        method: 'crypto-shred',
        completedAt: now(),
      };
    case Topics.RetentionRuleActivatedV1:
      return {
        ruleId: `example-${randomUUID().slice(0, 8)}`,
        version: 1,
        unit,
        informationType: 'secure-message',
        action: 'delete',
        trigger: 'conversation-closed',
        after: 'P2Y',
        preconditions: [],
        decision: { body: 'Kommunstyrelsen', date: '2024-03-12', reference: 'KS-2024/0113', section: 'punkt 4.2' },
        activatedAt: now(),
      };
    case Topics.RetentionRuleRetiredV1:
      return {
        ruleId: `example-${randomUUID().slice(0, 8)}`,
        version: 1,
        unit,
        informationType: 'secure-message',
        retiredAt: now(),
        retiredBy: 'official:SE2321000230-example',
      };
    case Topics.RightsRequestOpenedV1:
      return {
        requestId: id('req'),
        kind: 'access',
        subjectKey: SUBJECT,
        openedAt: now(),
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      };
    case Topics.RightsRequestClosedV1:
      return { requestId: id('req'), outcome: 'withdrawn', closedAt: now() };
    case Topics.RightsRequestPartV1:
      return {
        requestId: id('req'),
        service: 'messages',
        kind: 'erasure',
        decision: { outcome: 'not-applicable', legalReason: 'Inga uppgifter.' },
        producedAt: now(),
      };
    case Topics.AuditAccessedV1:
      return {
        accessId: id('acc'),
        accessor: { kind: 'official', id: 'example-official', role: 'messages-handler', unit },
        subjectKey: SUBJECT,
        resource: { type: 'conversation', id: id('conv'), conversationId: id('conv') },
        action: 'read',
        purpose: 'handlaggning',
        accessedAt: now(),
      };
    default:
      return undefined;
  }
}

/** The subject key an example's envelope carries (events about a person name her). */
export const EXAMPLE_SUBJECT_KEY = SUBJECT;
