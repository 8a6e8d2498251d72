import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'eid-simulator',
  title: 'Insyn e-ID simulator',
  description:
    'Protocol-faithful test servers for development and tests: BankID RP API v6.0 and Freja eID RP API over HTTPS ' +
    'with client certificates, an OpenID Connect provider standing in for Inera’s SITHS IdP, a control API that scripts ' +
    'each order’s outcome, and a page that plays the phone app. Refuses to start in production.',
  defaultPort: 3010,
  consumes: false,
  bodyLimit: '64kb',
};
