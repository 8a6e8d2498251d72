import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'messages',
  title: 'Insyn messages service',
  description:
    'Secure conversations between municipal units and citizens: opened by municipal systems, read and answered by the ' +
    'citizen (e-ID, LoA 3) and the unit’s officials; bodies and attachments encrypted with a per-conversation key; ' +
    'content-free notifications; every read logged; closed conversations archived to the business system; gallring ' +
    'and data-subject requests answered over Kafka.',
  defaultPort: 3003,
  consumes: true,
  // Attachments travel base64-encoded in JSON: 10 MB of content is about 13.4 MB of body.
  bodyLimit: '40mb',
};
