import type { ServiceDescription } from '@insyn/service-kit';
import { NOTICE_SCHEMA } from './notices/domain/notice.schema.js';

export const SERVICE: ServiceDescription = {
  service: 'notice',
  title: 'Insyn notice service',
  description:
    'Structured, versioned processing notices (behandlingar): public reads as JSON, accessible HTML and DPV JSON-LD; ' +
    'drafts, publishing and withdrawal for editors and municipal systems; the GDPR art. 30 record.',
  defaultPort: 3001,
  // Joins its consumer group for retention.rule.activated.v1 and retention.rule.retired.v1
  // (GoverningRulesConsumer stores the rules the retention statements cite, and their retirements); the
  // read model also listens with a broadcast consumer of its own.
  consumes: true,
  bodyLimit: '512kb',
  textBodyTypes: ['application/yaml', 'application/x-yaml', 'text/yaml'],
  // The notice format (the JSON Schema GET /v1/schemas/notice.json serves), referenced by the admin bodies.
  schemas: { Notice: { title: 'Insyn processing notice', ...NOTICE_SCHEMA } },
};
