import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'notice',
  title: 'Insyn notice service',
  description:
    'Structured, versioned processing notices (behandlingar): public reads as JSON, accessible HTML and DPV JSON-LD; ' +
    'drafts, publishing and withdrawal for editors and municipal systems; the GDPR art. 30 record.',
  defaultPort: 3001,
  // The read model listens to the service's own events with a consumer of its own; there are no
  // @OnEvent handlers, so the app does not join a consumer group.
  consumes: false,
  bodyLimit: '512kb',
  textBodyTypes: ['application/yaml', 'application/x-yaml', 'text/yaml'],
};
