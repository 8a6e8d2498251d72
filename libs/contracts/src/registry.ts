import type { EventContract } from './envelope.js';
import { IdentitySignedInV1Event } from './events/identity.js';
import { NoticePublishedV1Event, NoticeWithdrawnV1Event } from './events/notice.js';

/**
 * Every event contract defined so far, with who produces and consumes it (DESIGN.md). The AsyncAPI
 * document (docs/asyncapi.yaml) is generated from this list; CI fails when it drifts.
 */
export const EVENT_CATALOGUE: { contract: EventContract<string, object>; producer: string; consumers: string[]; summary: string }[] = [
  {
    contract: NoticePublishedV1Event,
    producer: 'notice',
    consumers: ['notice (read model)', 'rights'],
    summary: 'A processing notice was published: the full, frozen content of the new version.',
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
];
