import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'identity',
  title: 'Insyn identity service',
  description:
    'Sign-in with Swedish e-ID (BankID, Freja eID, SITHS eID) through one adapter; sessions with short-lived ES256 ' +
    'access tokens and rotating refresh cookies; OAuth2 client credentials for municipal systems; the JWKS every ' +
    'other service verifies tokens with.',
  defaultPort: 3002,
  consumes: false,
  bodyLimit: '16kb',
  urlencoded: true,
};
