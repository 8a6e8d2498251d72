import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { resealAll } from '@insyn/crypto';
import type { RightsEnv } from '../../../config/rights-env.js';
import { PartVault } from '../../persistence/part-vault.js';
import { RequestsRepository } from '../../persistence/requests.repository.js';

type StoredPart = Awaited<ReturnType<RequestsRepository['pagePartRecords']>>[number];

/**
 * While RIGHTS_KEY_SECRET is rotated (RIGHTS_KEY_SECRET_PREVIOUS set), seals the stored parts of requests
 * (registerutdrag content) again with the new secret, in the background after start.
 */
@Injectable()
export class ResealPartsUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResealPartsUseCase.name);
  private readonly rotating: boolean;

  constructor(
    private readonly requests: RequestsRepository,
    private readonly vault: PartVault,
    config: ConfigService<RightsEnv, true>,
  ) {
    this.rotating = config.get('RIGHTS_KEY_SECRET_PREVIOUS', { infer: true }) !== undefined;
  }

  onApplicationBootstrap(): void {
    if (this.rotating) void this.execute().catch((err: Error) => this.logger.error(`sealing request parts again failed: ${err.message}`));
  }

  execute(): Promise<{ resealed: number; left: number }> {
    return resealAll<StoredPart>(
      {
        what: 'request parts',
        page: (after, limit) => this.requests.pagePartRecords(after, limit),
        id: (p) => p.id,
        reseal: async (p) => {
          const sealed = this.vault.reseal(p.requestId, p.service, p.sealedRecords);
          if (sealed === null) return 'current';
          return (await this.requests.replaceSealedPartRecords(p.id, p.sealedRecords, sealed)) ? 'resealed' : 'changed';
        },
      },
      this.logger,
    );
  }
}
