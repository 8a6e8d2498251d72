import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecretBox } from '@insyn/crypto';
import { type RightsEnv, rightsSecrets } from '../../config/rights-env.js';

/**
 * Seals the records of a part (a registerutdrag holds the person's messages) before they are stored, so a
 * dump of the rights database yields no readable personal data; each sealed value is bound to its
 * request and service.
 */
@Injectable()
export class PartVault {
  private readonly box: SecretBox;

  constructor(config: ConfigService<RightsEnv, true>) {
    this.box = new SecretBox(rightsSecrets(config), 'request-parts', 'insyn-rights');
  }

  seal(requestId: string, service: string, records: Record<string, unknown>[]): string {
    return this.box.seal(JSON.stringify(records), `${requestId}/${service}`);
  }

  /** The records sealed with the new RIGHTS_KEY_SECRET while it is rotated; null when they already are. */
  reseal(requestId: string, service: string, sealed: string): string | null {
    return this.box.reseal(sealed, `${requestId}/${service}`);
  }

  open(requestId: string, service: string, sealed: string): Record<string, unknown>[] {
    return JSON.parse(this.box.open(sealed, `${requestId}/${service}`)) as Record<string, unknown>[];
  }
}
