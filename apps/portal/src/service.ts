import type { ServiceDescription } from '@insyn/service-kit';

export const SERVICE: ServiceDescription = {
  service: 'portal',
  title: 'Insyn portal',
  description:
    'The citizen’s pages (“Mina behandlingar”): sign in with e-ID, the municipality’s processing notices, my processings, my secure ' +
    'messages, consents, data-subject requests and who read my data. Server-rendered; a backend-for-frontend that holds each ' +
    'person’s tokens server-side and calls the other services with them.',
  defaultPort: 3000,
  consumes: false,
  bodyLimit: '12mb',
  urlencoded: true,
  // The notice form editor posts every field of a notice (the Umeå notice has some 600).
  urlencodedFields: 10_000,
  // The pages' forms; the routes that take attachments parse their multipart forms themselves.
  bodyTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
  inlineStyles: false,
};
