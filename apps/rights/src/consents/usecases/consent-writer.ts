import { Injectable } from '@nestjs/common';
import { type ConsentChangedV1, ConsentChangedV1Event } from '@insyn/contracts';
import { EventFactory, OutboxRelay } from '@insyn/messaging';
import { IdGenerator } from '@insyn/platform';
import { ConsentIndex } from '../check/consent-index.js';
import { applyChange, type Consent, type ConsentChange, newConsent } from '../domain/consent.js';
import { CONSENTS_COLLECTION } from '../persistence/consent.schema.js';
import { ConsentsRepository } from '../persistence/consents.repository.js';

/** What consent.changed.v1 says of a change: no text and no session, the digest and the sign-in level. */
export function changedEventOf(consent: Pick<Consent, 'consentId' | 'subjectKey'>, change: ConsentChange): ConsentChangedV1 {
  return {
    consentId: consent.consentId,
    subjectKey: consent.subjectKey,
    notice: { slug: change.notice.slug, version: change.notice.version },
    purpose: { id: change.purpose.id, basis: change.purpose.basis },
    state: change.state,
    sequence: change.sequence,
    textDigest: change.textDigest,
    language: change.language,
    ...(change.method.loa >= 1 ? { method: { provider: change.method.provider, loa: change.method.loa } } : {}),
    ...(change.signature ? { signedWith: change.signature.provider } : {}),
    changedAt: change.at.toISOString(),
  };
}

/**
 * Stores one change of a consent with its consent.changed.v1 in the same write (ADR 0004), wakes the
 * relay with the outbox that write left (ADR 0028), and puts the new state in this instance's check
 * index at once. Resolves to the consent after the change, or null when the consent changed meanwhile
 * (or, for a new one, was created meanwhile).
 */
@Injectable()
export class ConsentWriter {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly ids: IdGenerator,
    private readonly events: EventFactory,
    private readonly relay: OutboxRelay,
    private readonly index: ConsentIndex,
  ) {}

  async write(subjectKey: string, existing: Consent | null, change: ConsentChange): Promise<Consent | null> {
    const consent = existing ? applyChange(existing, change) : newConsent(this.ids.next(), subjectKey, change);
    // An existing consent keeps the key it is stored under (a previous secret's until re-keyed, ADR 0025).
    const event = this.events.outboxEntry(ConsentChangedV1Event, changedEventOf(consent, change), { subjectKey: consent.subjectKey });
    const outbox = existing
      ? await this.consents.append(consent.consentId, existing.subjectKey, existing.sequence, change, event)
      : await this.consents.insert(consent, event);
    if (!outbox) return null;
    await this.relay.enqueued(CONSENTS_COLLECTION, consent.consentId, outbox);
    this.index.apply({ ...consent, changedAt: change.at });
    return consent;
  }
}
