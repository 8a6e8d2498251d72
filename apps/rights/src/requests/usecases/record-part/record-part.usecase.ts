import { Injectable, Logger } from '@nestjs/common';
import type { RightsRequestPartV1 } from '@insyn/contracts';
import { PermanentEventError } from '@insyn/messaging';
import { Clock } from '@insyn/platform';
import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { RightsKeys } from '../../../keys/rights-keys.js';
import { PartVault } from '../../persistence/part-vault.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

export type RecordPartOutcome = 'recorded' | 'already-recorded' | 'request-closed';

/**
 * A service's part of a request (rights.request.part.v1): its records decrypted from the JWE they travel
 * in, sealed and stored apart, and the part's summary added to the request. Idempotent by request and
 * service: the first part of a service stands. A part that names an unknown request, no person or another
 * person, another kind, comes from a service the request did not ask, carries its records in the clear
 * (every request names the key they are encrypted to, ADR 0008), or cannot be decrypted, is a producer's
 * error no retry mends: dead letter.
 */
@Injectable()
export class RecordPartUseCase {
  private readonly logger = new Logger(RecordPartUseCase.name);

  constructor(
    private readonly requests: RequestsRepository,
    private readonly keys: RightsKeys,
    private readonly vault: PartVault,
    private readonly clock: Clock,
  ) {}

  async execute(part: RightsRequestPartV1, meta: { eventId: string; subjectKey?: string }): Promise<RecordPartOutcome> {
    const request = await this.requests.findById(part.requestId);
    if (!request) throw new PermanentEventError(`no request ${part.requestId}`);
    if (meta.subjectKey === undefined) throw new PermanentEventError('the part names no person (no subjectKey on its envelope)');
    // The key the request was opened under still names her after a re-keying (ADR 0025).
    if (meta.subjectKey !== request.subjectKey && !request.previousSubjectKeys?.includes(meta.subjectKey))
      throw new PermanentEventError('the part names another person than its request');
    if (part.kind !== request.kind) throw new PermanentEventError(`the part is for ${part.kind}, the request is for ${request.kind}`);
    if (!request.expectedServices.includes(part.service))
      throw new PermanentEventError(`the part comes from ${part.service}, which the request did not ask`);
    // Every request names the key parts are encrypted to (ADR 0008): records in the clear crossed Kafka readable.
    if (part.records !== undefined)
      throw new PermanentEventError('the part carries its records in the clear; they must be encryptedRecords');
    if (request.parts.some((p) => p.service === part.service)) return 'already-recorded';
    if (request.status !== 'open') {
      this.logger.log(`part from ${part.service} for ${request.id} came after the request was ${request.status}; not kept`);
      return 'request-closed';
    }

    const records = part.encryptedRecords !== undefined ? await this.decrypt(part.encryptedRecords) : [];
    const now = this.clock.now();
    if (records.length > 0)
      await this.requests.storePartRecords(request.id, part.service, this.vault.seal(request.id, part.service, records), now);
    const added = await this.requests.addPart(request.id, {
      service: part.service,
      receivedAt: now,
      eventId: meta.eventId,
      recordCount: records.length,
      ...(part.decision ? { serviceDecision: { outcome: part.decision.outcome, legalReason: part.decision.legalReason } } : {}),
    });
    if (!added) {
      // The request closed between the read and the write (addPart requires it open): what was stored for it
      // is nobody's answer, and settling may already have run. Remove it (idempotent).
      const current = await this.requests.findById(request.id);
      if (current && current.status !== 'open' && !current.parts.some((p) => p.service === part.service)) {
        await this.requests.deletePartRecords(request.id, part.service);
        this.logger.log(`part from ${part.service} for ${request.id} came as the request was ${current.status}; not kept`);
        return 'request-closed';
      }
      return 'already-recorded';
    }
    if (request.expectedServices.every((s) => s === part.service || request.parts.some((p) => p.service === s)))
      await this.requests.markPartsComplete(request.id);
    this.logger.log(`part from ${part.service} for request ${request.id}: ${records.length} record(s)`);
    return 'recorded';
  }

  private async decrypt(jwe: string): Promise<Record<string, unknown>[]> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(jwe).kid;
    } catch {
      throw new PermanentEventError('encryptedRecords is not a JWE');
    }
    const key = await this.keys.decryptionKey(kid);
    if (!key) throw new PermanentEventError(`encryptedRecords is encrypted to an unknown key ${kid ?? '(no kid)'}`);
    let records: unknown;
    try {
      const { plaintext } = await compactDecrypt(jwe, key, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
      });
      records = JSON.parse(new TextDecoder().decode(plaintext));
    } catch {
      throw new PermanentEventError('encryptedRecords cannot be decrypted with the named key');
    }
    if (!Array.isArray(records) || !records.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)))
      throw new PermanentEventError('encryptedRecords does not hold a list of records');
    return records as Record<string, unknown>[];
  }
}
