import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CompactSign } from 'jose';
import { defaultPkiDir, ensureDevPki } from '@insyn/dev-pki';
import type { SimulatorEnv } from '../config/simulator-env.js';

/** base64url(SHA-1 of the certificate's DER): how Freja names the key that signed a result (research note 2.3). */
export function x5tOf(certificatePem: string): string {
  return createHash('sha1').update(new X509Certificate(certificatePem).raw).digest('base64url');
}

/** Signs `details` as Freja does: compact JWS, RS256, header `{alg, x5t}`. */
export class FrejaJwsSigner {
  readonly x5t: string;

  constructor(
    readonly certificatePem: string,
    private readonly keyPem: string,
  ) {
    this.x5t = x5tOf(certificatePem);
  }

  async sign(payload: object): Promise<string> {
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256', x5t: this.x5t })
      .sign(createPrivateKey(this.keyPem));
  }
}

/** The development Freja JWS key and certificate (@insyn/dev-pki), read once when first needed. */
@Injectable()
export class FrejaJwsKeys {
  private signer?: Promise<FrejaJwsSigner>;

  constructor(private readonly config: ConfigService<SimulatorEnv, true>) {}

  get(): Promise<FrejaJwsSigner> {
    this.signer ??= ensureDevPki(this.config.get('PKI_DIR', { infer: true }) ?? defaultPkiDir()).then(
      (pki) => new FrejaJwsSigner(fs.readFileSync(pki.frejaJwsCert, 'utf8'), fs.readFileSync(pki.frejaJwsKey, 'utf8')),
    );
    return this.signer;
  }
}
