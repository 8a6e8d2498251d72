import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '@insyn/platform';
import type { IdentityEnv } from '../config/identity-env.js';
import { BankIdProvider } from './bankid/bankid-client.js';
import type { OrderEidProvider } from './eid-provider.js';
import { FrejaProvider } from './freja/freja-client.js';
import { OrderProviders } from './order-providers.js';

const read = (file: string) => fs.readFileSync(file);
const DAY_MS = 86_400_000;

/**
 * Relying-party and trust certificates end; BankID has rotated its test certificates at short notice
 * before. An expired one stops the service at boot (naming it); one ending within 14 days is logged as
 * a warning at every start (ActiveLogin's margin).
 */
export function checkCertificates(files: Record<string, string>, now: Date, logger = new Logger('Certificates')): void {
  for (const [name, file] of Object.entries(files)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pem of text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      const cert = new X509Certificate(pem);
      const end = new Date(cert.validTo);
      if (end <= now)
        throw new Error(`${name} (${file}): the certificate ${cert.subject.split('\n').join(', ')} expired on ${end.toISOString()}`);
      if (end.getTime() - now.getTime() < 14 * DAY_MS)
        logger.warn(
          `${name} (${file}): the certificate ${cert.subject.split('\n').join(', ')} expires on ${end.toISOString()}; renew it now`,
        );
    }
  }
}

/** Builds the configured order providers: BankID when BANKID_URL is set, Freja when FREJA_URL is. */
export function orderProvidersFrom(config: ConfigService<IdentityEnv, true>, clock: Clock): OrderEidProvider[] {
  const get = <K extends keyof IdentityEnv>(k: K) => config.get(k, { infer: true }) as IdentityEnv[K];
  const need = (prefix: string, ...keys: (keyof IdentityEnv)[]) => {
    const missing = keys.filter((k) => !get(k));
    if (missing.length) throw new Error(`${prefix}_URL is set, so ${missing.join(', ')} must be too`);
  };
  const providers: OrderEidProvider[] = [];
  const bankIdUrl = get('BANKID_URL');
  if (bankIdUrl) {
    need('BANKID', 'BANKID_CLIENT_CERT', 'BANKID_CLIENT_KEY', 'BANKID_CA');
    checkCertificates({ BANKID_CLIENT_CERT: get('BANKID_CLIENT_CERT')!, BANKID_CA: get('BANKID_CA')! }, clock.now());
    providers.push(
      new BankIdProvider({
        baseUrl: bankIdUrl,
        clientCert: read(get('BANKID_CLIENT_CERT')!),
        clientKey: read(get('BANKID_CLIENT_KEY')!),
        ca: read(get('BANKID_CA')!),
        clock,
        returnRisk: get('BANKID_RETURN_RISK') === 'true',
        pinCode: get('BANKID_REQUIRE_PIN_CODE') === 'true',
        mrtd: get('BANKID_REQUIRE_MRTD') === 'true',
      }),
    );
  }
  const frejaUrl = get('FREJA_URL');
  if (frejaUrl) {
    need('FREJA', 'FREJA_CLIENT_CERT', 'FREJA_CLIENT_KEY', 'FREJA_CA', 'FREJA_JWS_CERTS');
    checkCertificates({ FREJA_CLIENT_CERT: get('FREJA_CLIENT_CERT')!, FREJA_CA: get('FREJA_CA')! }, clock.now());
    providers.push(
      new FrejaProvider({
        baseUrl: frejaUrl,
        clientCert: read(get('FREJA_CLIENT_CERT')!),
        clientKey: read(get('FREJA_CLIENT_KEY')!),
        ca: read(get('FREJA_CA')!),
        jwsCertificates: get('FREJA_JWS_CERTS')!
          .split(',')
          .map((f) => read(f.trim()).toString('utf8')),
        minRegistrationLevel: get('FREJA_MIN_REGISTRATION_LEVEL'),
        clock,
      }),
    );
  }
  return providers;
}

@Module({
  providers: [
    {
      provide: OrderProviders,
      inject: [ConfigService, Clock],
      useFactory: (config: ConfigService<IdentityEnv, true>, clock: Clock) => new OrderProviders(orderProvidersFrom(config, clock)),
    },
  ],
  exports: [OrderProviders],
})
export class EidModule {}
