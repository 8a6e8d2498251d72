import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { defaultPkiDir, ensureDevPki, type DevPki } from '@insyn/dev-pki';
import type { SimulatorEnv } from '../config/simulator-env.js';
import { BankIdSigner, type BankIdSigningIdentity } from './orders/bankid-signature.js';

/** The chain in `KeyInfo`: user certificate, issuing CA, root (base64 DER), and the user key. */
export function bankIdSigningIdentity(
  pki: Pick<DevPki, 'bankidUserCert' | 'bankidUserKey' | 'bankidIssuingCa' | 'bankidRootCa'>,
): BankIdSigningIdentity {
  const der = (file: string) => new X509Certificate(fs.readFileSync(file)).raw.toString('base64');
  return {
    privateKey: createPrivateKey(fs.readFileSync(pki.bankidUserKey)),
    chain: [der(pki.bankidUserCert), der(pki.bankidIssuingCa), der(pki.bankidRootCa)],
  };
}

/**
 * The simulated BankID app's signing key and chain from the development PKI (@insyn/dev-pki),
 * read at boot so that completing an order stays synchronous. One user certificate serves every
 * simulated person; real BankID issues one per person, from BankID's CAs.
 */
@Injectable()
export class BankIdSigningKeys extends BankIdSigner implements OnModuleInit {
  private loaded?: BankIdSigningIdentity;

  constructor(private readonly config: ConfigService<SimulatorEnv, true>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    this.loaded = bankIdSigningIdentity(await ensureDevPki(this.config.get('PKI_DIR', { infer: true }) ?? defaultPkiDir()));
  }

  identity(): BankIdSigningIdentity {
    if (!this.loaded) throw new Error('The BankID signing keys are read at boot (onModuleInit)');
    return this.loaded;
  }
}
