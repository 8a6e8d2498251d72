import { Injectable } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import { RightsKeys } from '../../../keys/rights-keys.js';
import { type ReceiptVerdict, verifyReceipt } from '../../domain/verify-receipt.js';

/**
 * Verifies a receipt against this service's own JWKS, exactly as an offline verifier would; a `kid` this
 * instance does not know yet (another instance made it) reads the keys again first.
 */
@Injectable()
export class VerifyReceiptUseCase {
  constructor(private readonly keys: RightsKeys) {}

  async execute(jws: string): Promise<ReceiptVerdict> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(jws).kid;
    } catch {
      // not a JWS: verifyReceipt says so
    }
    await this.keys.ensureKnown(kid);
    return verifyReceipt(jws, this.keys.jwks());
  }
}
