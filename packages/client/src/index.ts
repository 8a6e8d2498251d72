// @insyn/client: typed clients for the Insyn APIs, generated from each service's OpenAPI document
// (src/generated, by `npm run openapi` in the Insyn repository), with what a business system needs
// around them: client-credentials tokens, Idempotency-Key, Link paging, problem errors, signed webhooks.
export { createInsynClient, type InsynClient, type InsynClientOptions, type InsynPaths, type InsynService } from './client.js';
export { bearerAuth, clientCredentials, TokenRequestError, type ClientCredentialsOptions, type TokenProvider } from './tokens.js';
export { idempotencyKey } from './idempotency.js';
export { InsynProblemError, isProblem, unwrap, type Problem } from './problems.js';
export { nextPage, pages, type NextPage } from './paging.js';
export {
  SIGNATURE_HEADER,
  verifyWebhook,
  WebhookVerificationError,
  type InsynWebhookEvent,
  type MessageReceivedData,
  type MessageReceivedEvent,
  type VerifyWebhookOptions,
  type WebhookHeaders,
  type WebhookRefusal,
} from './webhooks.js';
export type * as identity from './generated/identity.js';
export type * as messages from './generated/messages.js';
export type * as notice from './generated/notice.js';
export type * as retention from './generated/retention.js';
export type * as rights from './generated/rights.js';
