import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'notice',
  title: 'Insyn notice service',
  description:
    'Structured, versioned processing notices (behandlingar): public reads as JSON, accessible HTML and DPV JSON-LD; ' +
    'drafts, publishing and withdrawal for editors and municipal systems; the GDPR art. 30 record.',
  defaultPort: 3001,
  // Joins its consumer group for retention.rule.activated.v1 (GoverningRulesConsumer stores the rules
  // the retention statements cite); the read model also listens with a broadcast consumer of its own.
  consumes: true,
  bodyLimit: '512kb',
  textBodyTypes: ['application/yaml', 'application/x-yaml', 'text/yaml'],
};
