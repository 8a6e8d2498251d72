import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'retention',
  title: 'Insyn retention service',
  description:
    'Gallring: retention rules bound to gallringsbeslut, legal holds (gallringsstopp), forecasts, scheduled runs that ask ' +
    'the owning services to delete over Kafka, and a tamper-evident gallringsprotokoll.',
  defaultPort: 3004,
  consumes: true,
  bodyLimit: '64kb',
};
