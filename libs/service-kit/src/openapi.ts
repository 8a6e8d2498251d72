import type { INestApplication, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, SecuritySchemeObject } from '@nestjs/swagger';
import { ACCESS_POLICY, type AccessPolicy, CLIENT_SCOPES, TOKEN_REFUSALS } from '@insyn/auth';

/**
 * A guard that can refuse a request with a status of its own (a rate limit: 429) says so with a static
 * `problemStatuses`; the OpenAPI document then lists those answers on every route the guard protects.
 */
export interface DocumentedGuard {
  readonly problemStatuses: readonly number[];
}

/** What the document needs to know about one route that the swagger scanner does not tell it. */
export interface RouteFacts {
  /** `Controller_method`, the scanner's operationId. */
  operationId: string;
  /** Needs a token (AccessGuard: 401 without one, 403 for a caller its policy does not allow). */
  guarded: boolean;
  /** Declared @Public(): no token needed, whatever the controller's @ApiBearerAuth says. */
  isPublic: boolean;
  /** Reads a body through @Body(). */
  readsBody: boolean;
  /** Validates its query, path parameters or body (a DTO or a pipe): bad input gets a 400. */
  validatesInput: boolean;
  /**
   * Has exception filters of its own (`@UseFilters`: OAuth errors, the simulated BankID and Freja APIs), so
   * its errors are not RFC 9457 problems: the route documents them itself.
   */
  ownErrorFormat: boolean;
  /** Statuses its guards can answer with (DocumentedGuard). */
  guardStatuses: number[];
  /** Who may call it (`@Allow`/`@Public`); none in an app without the access guard (the e-ID simulator). */
  policy?: AccessPolicy;
}

/** How the document names the identity service's token endpoint (the OAuth2 client-credentials scheme). */
export interface OpenApiOptions {
  /** `<AUTH_ISSUER>/oauth/token`: the identity service's public URL, as the apps know it. */
  tokenUrl: string;
}

/** The security schemes: a token of any kind as a bearer JWT, and a municipal system's client credentials. */
export const BEARER_SCHEME = 'bearer';
export const CLIENT_CREDENTIALS_SCHEME = 'clientCredentials';

export const PROBLEM_SCHEMA = 'Problem';
const PROBLEM_REF = { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: a field is missing or invalid (each named in `errors`), or the body is malformed, too deep or too wide',
  401:
    'No access token (`WWW-Authenticate: Bearer realm="insyn"`), or one refused: `invalid_token` in the challenge and the ' +
    'problem’s `reason` say why (`expired`, `wrong-audience`, `invalid-signature`…)',
  403:
    'The token’s caller may not use this operation: a system lacking the scope gets `insufficient_scope` with the scopes ' +
    'that would do in the challenge and in the problem’s `requiredScopes`',
  404: 'Not found',
  413: 'The body is larger than this service accepts',
  415: 'The body’s media type or charset is not one this route reads',
  429: 'Too many requests from this address; try again later',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PRIMITIVES: unknown[] = [String, Number, Boolean, Object, Array, undefined];

type Operation = {
  operationId?: string;
  description?: string;
  'x-insyn-access'?: Record<string, unknown>;
  security?: Record<string, unknown>[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

/** Every route of the app's controllers, with the facts read from their decorators' metadata. */
export function routeFacts(app: INestApplication): RouteFacts[] {
  const facts: RouteFacts[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as Type | null;
      if (!metatype) continue;
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
          continue;
        const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ?? Reflect.getMetadata(ACCESS_POLICY, metatype)) as
          AccessPolicy | undefined;
        const guards = [
          ...((Reflect.getMetadata(GUARDS_METADATA, metatype) as unknown[] | undefined) ?? []),
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        const args = Object.entries(
          (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) as Record<string, { index: number; pipes?: unknown[] }> | undefined) ??
            {},
        );
        const types = (Reflect.getMetadata('design:paramtypes', proto, name) as unknown[] | undefined) ?? [];
        const kindOf = (key: string) => Number(key.split(':')[0]) as RouteParamtypes;
        const validated = args.some(([key, arg]) => {
          const kind = kindOf(key);
          if (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY && kind !== RouteParamtypes.PARAM) return false;
          return (arg.pipes?.length ?? 0) > 0 || !PRIMITIVES.includes(types[arg.index]) || kind !== RouteParamtypes.PARAM;
        });
        const filters = [
          ...((Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, metatype) as unknown[] | undefined) ?? []),
          ...((Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        facts.push({
          ownErrorFormat: filters.length > 0,
          operationId: `${metatype.name}_${name}`,
          // An app without the access guard (the e-ID simulator) declares no policies at all.
          guarded: policy !== undefined && policy.public !== true,
          isPublic: policy?.public === true,
          readsBody: args.some(([key]) => kindOf(key) === RouteParamtypes.BODY),
          validatesInput: validated,
          guardStatuses: guards.flatMap((g) => [...((g as Partial<DocumentedGuard> | undefined)?.problemStatuses ?? [])]),
          ...(policy ? { policy } : {}),
        });
      }
    }
  }
  return facts;
}

/**
 * Makes the generated document say what the apps do, and refuses one that cannot:
 * - every `{name}` in a path template must be a declared path parameter of each of its operations
 *   (generation fails otherwise: `@ApiParam`, or `@ApiProperty` on the `@Param()` DTO);
 * - every operation documents a 2xx or 3xx answer (generation fails otherwise);
 * - every operation gets the problem answers the shared plumbing gives whatever the route does:
 *   401/403 unless public (AccessGuard), 400 where it validates input or reads a body, 413/415 where it
 *   reads a body (the body parsers), 404 where a path parameter names something, and what its guards
 *   declare (429 for a rate limit), all as RFC 9457 problems. A route adds its own 404/409/412/422 with
 *   `@ApiResponse`, whose description is kept;
 * - every operation's `security` is what its access policy admits: `[]` when it needs no token, the bearer
 *   scheme when people may call it, and the client-credentials scheme with each scope that admits a system
 *   (any one will do); `x-insyn-access` repeats the policy (citizens, officials' roles, scopes) and the
 *   description says it in words. A scope missing from CLIENT_SCOPES fails generation.
 */
export function completeOpenApiDocument(doc: OpenAPIObject, routes: RouteFacts[], options?: OpenApiOptions): OpenAPIObject {
  const byId = new Map(routes.map((r) => [r.operationId, r]));
  const used: SchemesUsed = { bearer: false, scopes: new Set() };
  const undeclared: string[] = [];
  const noSuccess: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const shared = ((item as { parameters?: { in: string; name: string }[] }).parameters ?? []).filter((p) => p.in === 'path');
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const declared = new Set([...shared, ...(op.parameters ?? []).filter((p) => 'in' in p && p.in === 'path')].map((p) => p.name));
      const missing = templated.filter((n) => !declared.has(n));
      if (missing.length > 0) undeclared.push(`${method.toUpperCase()} ${path} (${missing.join(', ')})`);

      // @nestjs/swagger drops its default 200 once a route declares any answer: then it must declare its success too.
      if (!Object.keys(op.responses).some((s) => /^[23]/.test(s))) noSuccess.push(`${method.toUpperCase()} ${path}`);
      const route = op.operationId ? byId.get(op.operationId) : undefined;
      describeAccess(op, route?.policy, used);
      const hasQuery = (op.parameters ?? []).some((p) => p.in === 'query');
      const readsBody = route?.readsBody === true || op.requestBody !== undefined;
      const statuses = new Set<number>();
      if (route?.ownErrorFormat) continue;
      if (route?.guarded) [401, 403].forEach((s) => statuses.add(s));
      if (readsBody || hasQuery || route?.validatesInput) statuses.add(400);
      if (readsBody) [413, 415].forEach((s) => statuses.add(s));
      if (templated.length > 0) statuses.add(404);
      route?.guardStatuses.forEach((s) => statuses.add(s));
      for (const status of [...statuses].sort()) {
        const existing = op.responses[String(status)] as { description?: string; content?: unknown } | undefined;
        if (existing?.content) continue; // the route described it, body and all
        op.responses[String(status)] = {
          description: existing?.description ?? DESCRIPTIONS[status] ?? 'Problem',
          content: { 'application/problem+json': { schema: PROBLEM_REF } },
        };
      }
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  if (undeclared.length > 0)
    throw new Error(
      `OpenAPI: path templates with undeclared parameters (add @ApiParam or @ApiProperty on the @Param() DTO): ${undeclared.join('; ')}`,
    );
  if (noSuccess.length > 0)
    throw new Error(`OpenAPI: operations that document no success answer (add @ApiOkResponse or the like): ${noSuccess.join('; ')}`);
  const unknownScopes = [...used.scopes].filter((s) => !(s in CLIENT_SCOPES));
  if (unknownScopes.length > 0)
    throw new Error(`OpenAPI: scopes admitted by routes but not described in CLIENT_SCOPES (libs/auth): ${unknownScopes.join(', ')}`);
  doc.components ??= {};
  doc.components.schemas = reachableSchemas(doc.paths, { ...doc.components.schemas, [PROBLEM_SCHEMA]: PROBLEM_SCHEMA_OBJECT });
  const schemes = securitySchemes(used, options);
  if (Object.keys(schemes).length > 0) doc.components.securitySchemes = schemes;
  else delete doc.components.securitySchemes;
  return doc;
}

/**
 * The schemas the operations reference, directly or through one another. The scanner also collects classes
 * it meets elsewhere (the Kafka handlers' event envelopes), which no operation answers with or takes.
 */
function reachableSchemas<S>(paths: object, schemas: Record<string, S>): Record<string, S> {
  const reached = new Set<string>();
  const visit = (node: unknown) => {
    for (const [, name] of JSON.stringify(node).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (reached.has(name!) || !(name! in schemas)) continue;
      reached.add(name!);
      visit(schemas[name!]);
    }
  };
  visit(paths);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
}

type Policy = Exclude<AccessPolicy, { public: true }>;

/** Which security schemes the operations name: the document defines those only. */
interface SchemesUsed {
  bearer: boolean;
  scopes: Set<string>;
}

/** Sets the operation's `security`, `x-insyn-access` and a sentence on access from its policy. */
function describeAccess(op: Operation, policy: AccessPolicy | undefined, used: SchemesUsed): void {
  if (!policy || policy.public) {
    // No token needed: an empty requirement overrides any the controller declared (@ApiBearerAuth).
    op.security = [];
    if (policy) op['x-insyn-access'] = { public: true };
    return;
  }
  const scopes = policy.clientScopes ?? [];
  scopes.forEach((s) => used.scopes.add(s));
  const people = policy.citizen !== undefined || policy.anyOfficial === true || (policy.officialRoles?.length ?? 0) > 0;
  used.bearer ||= people;
  op.security = [...(people ? [{ [BEARER_SCHEME]: [] }] : []), ...scopes.map((scope) => ({ [CLIENT_CREDENTIALS_SCHEME]: [scope] }))];
  op['x-insyn-access'] = {
    ...(policy.citizen ? { citizens: { minLoa: policy.citizen.minLoa ?? 3 } } : {}),
    ...(policy.anyOfficial ? { anyOfficial: true } : {}),
    ...(policy.officialRoles?.length ? { officialRoles: policy.officialRoles } : {}),
    ...(scopes.length ? { clientScopes: scopes } : {}),
  };
  const access = `**Who may call:** ${accessInWords(policy)}.`;
  op.description = op.description ? `${op.description}\n\n${access}` : access;
}

function accessInWords(policy: Policy): string {
  const who: string[] = [];
  if (policy.citizen) who.push(`citizens signed in at LoA ${policy.citizen.minLoa ?? 3} or higher (their own data)`);
  if (policy.anyOfficial) who.push('any signed-in official');
  if (policy.officialRoles?.length) who.push(`officials with the role ${policy.officialRoles.map((r) => `\`${r}\``).join(' or ')}`);
  if (policy.clientScopes?.length) who.push(`municipal systems with the scope ${policy.clientScopes.map((s) => `\`${s}\``).join(' or ')}`);
  return who.length > 0 ? who.join('; ') : 'nobody (the policy admits no caller)';
}

/**
 * The bearer scheme (any access token: a person's from the portal's sign-in, or a system's) and, when some
 * operation admits systems, OAuth2 client credentials against the identity service's token endpoint with
 * the scopes this app's operations take. Swagger UI's Authorize then gets a token with a client id and secret.
 */
function securitySchemes(used: SchemesUsed, options: OpenApiOptions | undefined): Record<string, SecuritySchemeObject> {
  return {
    ...(used.bearer ? { [BEARER_SCHEME]: BEARER_SCHEME_OBJECT } : {}),
    ...(used.scopes.size > 0
      ? {
          [CLIENT_CREDENTIALS_SCHEME]: {
            type: 'oauth2',
            description:
              'A municipal system’s token: `POST <identity>/oauth/token` with `grant_type=client_credentials`, the client id and ' +
              'secret as HTTP Basic, and optionally `scope`. The token URL is the identity service’s public URL (AUTH_ISSUER) ' +
              'with `/oauth/token`: in the committed document identity’s development address, in the one a running service ' +
              'serves at `/openapi.json` its own AUTH_ISSUER.',
            flows: {
              clientCredentials: {
                tokenUrl: options?.tokenUrl ?? DEFAULT_TOKEN_URL,
                scopes: Object.fromEntries([...used.scopes].sort().map((s) => [s, CLIENT_SCOPES[s] ?? s])),
              },
            },
          },
        }
      : {}),
  };
}

const BEARER_SCHEME_OBJECT: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'An access token from the identity service (ES256 JWT, audience `insyn`): a person’s, from signing in with e-ID through ' +
    'the portal, or a municipal system’s, from the client-credentials grant.',
};

/** identity at its development address (ServiceEnv's AUTH_ISSUER default), when no configuration says otherwise. */
export const DEFAULT_TOKEN_URL = 'http://127.0.0.1:3002/oauth/token';

/** RFC 9457 as ProblemDetailsFilter renders it (libs/observability). */
const PROBLEM_SCHEMA_OBJECT = {
  type: 'object',
  description: 'An RFC 9457 problem',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://insyn.se/problems/validation' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string', description: 'The request’s correlation id, for support' },
    reason: {
      type: 'string',
      description: 'A 401 `invalid-token`: why the token was refused (also the challenge’s `error_description`)',
      enum: [...TOKEN_REFUSALS],
    },
    requiredScopes: {
      type: 'array',
      description: 'A 403 `insufficient-scope`: the scopes any one of which the operation takes',
      items: { type: 'string' },
    },
    accepted: { type: 'array', description: 'A 415: the media types the operation reads', items: { type: 'string' } },
    errors: {
      type: 'array',
      description: 'Each offending field with what is wrong with it',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: {
          field: {
            type: 'string',
            description: 'Where in the request: dots for properties, brackets for array items; a parameter’s or header’s name',
            example: 'attachments[0].content',
          },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  additionalProperties: true,
};
