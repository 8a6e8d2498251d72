import type { EventContract } from './envelope.js';
import { AuditAccessedV1Event } from './events/audit.js';
import { ConsentChangedV1Event } from './events/consent.js';
import { IdentitySignedInV1Event } from './events/identity.js';
import {
  ConversationArchivedV1Event,
  ConversationClosedV1Event,
  ConversationInaktuellV1Event,
  MessageReceivedV1Event,
} from './events/messages.js';
import { PurgeCompletedV1Event, PurgeRequestedV1Event, RuleActivatedV1Event, RuleRetiredV1Event } from './events/retention.js';
import { RightsRequestClosedV1Event, RightsRequestOpenedV1Event, RightsRequestPartV1Event } from './events/rights.js';
import { NoticePublishedV1Event, NoticeWithdrawnV1Event } from './events/notice.js';

/**
 * Every event contract defined so far, with who produces and consumes it (docs/design.md). The AsyncAPI
 * document (docs/asyncapi.yaml) is generated from this list; CI fails when it drifts.
 */
export const EVENT_CATALOGUE: { contract: EventContract<string, object>; producer: string; consumers: string[]; summary: string }[] = [
  {
    contract: NoticePublishedV1Event,
    producer: 'notice',
    consumers: ['notice (read model)', 'rights'],
    summary:
      'A processing notice was published: the full, frozen content of the new version. A legal-basis group resting on consent ' +
      "may carry consent.signature ('required': consent is given by signing its text with BankID; absent or 'none': one step).",
  },
  {
    contract: NoticeWithdrawnV1Event,
    producer: 'notice',
    consumers: ['notice (read model)', 'rights'],
    summary: 'A processing notice was withdrawn; its versions stay readable.',
  },
  {
    contract: IdentitySignedInV1Event,
    producer: 'identity',
    consumers: ['rights (audit trail, later)'],
    summary: 'A citizen, official or municipal system signed in; no personnummer, the person is the subject key.',
  },
  {
    contract: ConversationClosedV1Event,
    producer: 'messages',
    consumers: ['retention'],
    summary: 'A secure conversation was closed; retention clocks start from closedAt. No content.',
  },
  {
    contract: ConversationArchivedV1Event,
    producer: 'messages',
    consumers: ['retention'],
    summary: 'The business system acknowledged the conversation archive package (receipt in); gallring may now delete it.',
  },
  {
    contract: ConversationInaktuellV1Event,
    producer: 'messages',
    consumers: ['retention'],
    summary: 'An official confirmed a closed conversation inaktuell; rules "vid inaktualitet" count from inaktuellAt. No content.',
  },
  {
    contract: MessageReceivedV1Event,
    producer: 'messages',
    consumers: ['messages (the units’ webhooks)', 'business systems inside the platform'],
    summary:
      'A citizen replied in a conversation: conversation and message ids, unit, the case reference if any, receivedAt. ' +
      'No content, no personnummer; the citizen is the subject key.',
  },
  {
    contract: PurgeRequestedV1Event,
    producer: 'retention',
    consumers: ['messages (secure-message)', 'rights (access-log)'],
    summary: 'One chunk of a gallring run: delete what matches the selection, minus exclusions (holds); idempotent by requestId.',
  },
  {
    contract: PurgeCompletedV1Event,
    producer: 'messages',
    consumers: ['retention'],
    summary:
      'The answer to one purge chunk from the service that owns the information type (messages; rights for the access log): ' +
      'counts and a hash over the deleted ids, no personal data.',
  },
  {
    contract: RuleActivatedV1Event,
    producer: 'retention',
    consumers: ['notice (governing rules of retention statements)'],
    summary:
      'A retention rule version became the active one under its gallringsbeslut: the whole version (period, action, decision), ' +
      'and, since four-eyes activation (ADR 0024), who submitted it and who approved it (officials by HSA-id).',
  },
  {
    contract: RuleRetiredV1Event,
    producer: 'retention',
    consumers: ['notice (governing rules of retention statements)'],
    summary:
      'A retention rule was retired: it selects nothing from now on, and its last active version no longer governs the information type. ' +
      'The notice service shows every retention statement citing the rule as citing a retired rule (ruleStatus retired-rule, since when).',
  },
  {
    contract: RightsRequestOpenedV1Event,
    producer: 'rights',
    consumers: ['messages', 'retention (automatic hold)'],
    summary: 'A data-subject request (access, erasure, ...) was opened for a subject key.',
  },
  {
    contract: RightsRequestPartV1Event,
    producer: 'messages',
    consumers: ['rights'],
    summary: 'One service’s part of the answer: the person’s data held there (access) or the decision and its legal reason.',
  },
  {
    contract: RightsRequestClosedV1Event,
    producer: 'rights',
    consumers: ['retention (releases the automatic hold)'],
    summary: 'A data-subject request was answered or withdrawn: the request id, how it closed and when; no personal data.',
  },
  {
    contract: ConsentChangedV1Event,
    producer: 'rights',
    consumers: ['rights (every instance keeps its consent-check index current)', 'municipal systems (later)'],
    summary:
      'A person gave or withdrew consent to one purpose of a notice: consent id, subject key, notice version, purpose, state, sequence and the digest of the text shown; no personnummer, no text.',
  },
  {
    contract: AuditAccessedV1Event,
    producer: 'messages',
    consumers: ['rights (the citizen’s access log)'],
    summary: 'Someone read a person’s message content: who, role, unit, whose data, what, when and why.',
  },
];
