/**
 * Every scope a municipal system's client token can carry that some route admits (`@Allow({ clientScopes })`),
 * with what it opens. The OpenAPI documents list them in their OAuth2 client-credentials scheme, and
 * generation fails for a route that admits a scope missing here, so the list cannot fall behind the routes.
 */
export const CLIENT_SCOPES: Readonly<Record<string, string>> = {
  'messages:send':
    'Open conversations with citizens for the client’s unit, write in them, close them or confirm them inaktuella; register and remove webhooks',
  'messages:read': 'Read the conversations of the client’s unit and their attachments, the units, the webhooks and their deliveries',
  'notice:read': 'Read the record of processing activities (GDPR art. 30) and the retention rules each notice links to',
  'notice:write': 'Create, change, publish and withdraw processing notices and read their drafts; also what notice:read opens',
  'retention:read': 'Read retention rules, their forecasts, the gallring runs and the gallring protocol',
  'retention:hold': 'Set, read and release legal holds (gallringsstopp)',
  'consent:read': 'Check whether a person has given a consent',
};
