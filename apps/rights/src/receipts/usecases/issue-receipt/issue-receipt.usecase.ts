import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { SubjectKeyScope } from '@insyn/auth';
import { Problems } from '@insyn/observability';
import { Clock } from '@insyn/platform';
import { CompactSign } from 'jose';
import type { RightsEnv } from '../../../config/rights-env.js';
import { ConsentsRepository } from '../../../consents/persistence/consents.repository.js';
import { RightsKeys } from '../../../keys/rights-keys.js';
import { NoticeTermsRepository } from '../../../notices/persistence/notice-terms.repository.js';
import { type ConsentReceipt, receiptOf, receiptPseudonym } from '../../domain/consent-receipt.js';

/** The media type of a compact JWS (RFC 7515 section 9.2.1). */
export const JOSE_MEDIA_TYPE = 'application/jose';

/**
 * A consent receipt for the citizen's own consent (404 for anyone else's): the 27560 fields of its newest
 * change, signed as a compact JWS (ES256) with the service's newest receipt key, named by `kid` in the
 * header, so it verifies offline against the JWKS at /.well-known/jwks.json.
 */
@Injectable()
export class IssueReceiptUseCase {
  private readonly noticeBaseUrl: string;

  constructor(
    private readonly consents: ConsentsRepository,
    private readonly notices: NoticeTermsRepository,
    private readonly keys: RightsKeys,
    private readonly clock: Clock,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.noticeBaseUrl = config.get('RIGHTS_NOTICE_BASE_URL', { infer: true });
  }

  async execute(consentId: string, subjectKeys: SubjectKeyScope): Promise<{ jws: string; receipt: ConsentReceipt }> {
    const consent = await this.consents.findOwned(consentId, subjectKeys);
    if (!consent) throw Problems.notFound(`The consent ${consentId}`);
    const terms = await this.notices.version(consent.notice, consent.noticeVersion);
    const principal = consent.receiptPrincipal ?? receiptPseudonym(this.keys.pseudonymKey(), consent.consentId, consent.subjectKey);
    const receipt = receiptOf(consent, terms, this.noticeBaseUrl, this.clock.now(), principal);
    const { kid, privateKey } = this.keys.signingKey();
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(receipt)))
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .sign(privateKey);
    return { jws, receipt };
  }
}
