import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'rights',
  title: 'Insyn rights service',
  description:
    'Data-subject rights: consents with signed receipts, data-subject requests (registerutdrag and the others) on ' +
    'their legal clock across every service that holds personal data, and the citizen’s access log (loggutdrag).',
  defaultPort: 3005,
  consumes: true,
  bodyLimit: '64kb',
};
