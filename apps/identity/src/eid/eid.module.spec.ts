import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { checkCertificates } from './eid.module.js';

describe('checkCertificates', () => {
  it('refuses an expired certificate, warns within 14 days of the end, passes a fresh one', async () => {
    const { ensureDevPki } = await import('@insyn/dev-pki');
    const pki = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-cert-check-')));
    const { X509Certificate } = await import('node:crypto');
    const end = new Date(new X509Certificate(fs.readFileSync(pki.rpClientCert)).validTo);
    const warn = jest.fn();
    const logger = { warn } as unknown as Logger;

    checkCertificates({ BANKID_CLIENT_CERT: pki.rpClientCert }, new Date(end.getTime() - 30 * 86_400_000), logger);
    expect(warn).not.toHaveBeenCalled();
    checkCertificates({ BANKID_CLIENT_CERT: pki.rpClientCert }, new Date(end.getTime() - 5 * 86_400_000), logger);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/BANKID_CLIENT_CERT.*expires on/));
    expect(() => checkCertificates({ BANKID_CA: pki.serverCa }, new Date(end.getTime() + 86_400_000), logger)).toThrow(
      /BANKID_CA.*expired/,
    );
  });
});
