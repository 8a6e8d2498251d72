import Ajv from 'ajv';
import fs from 'node:fs';

/** One answer an API gave, as a client saw it; `path` is the request's path or the document's template for it. */
export interface ObservedResponse {
  method: string;
  path: string;
  status: number;
  headers: { get(name: string): string | null };
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

interface MediaObject {
  schema?: object;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaObject>;
  headers?: Record<string, unknown>;
}
/** The parts of an OpenAPI 3.0 document the check reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: object;
}

/**
 * Checks answers against a service's OpenAPI document (3.0): the operation exists, the status is one it
 * documents (or its `default`), the media type is one that status documents, the body is valid against
 * its schema ($refs to the components resolved; with `strictObjects`, the default, an object may hold
 * no property its schema does not name, so an undocumented field is found too), and a `Link` header is
 * documented where one is sent. Collects what it finds, so a test can assert none at the end.
 */
export class OpenApiConformance {
  readonly problems: string[] = [];
  private readonly ajv = new Ajv({ allErrors: true, nullable: true, unknownFormats: 'ignore', schemaId: 'auto' });
  private checked = 0;

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly options: { strictObjects?: boolean; name?: string } = {},
  ) {
    this.ajv.addSchema({ $id: 'openapi', components: this.prepare(doc.components ?? {}) });
  }

  /** The document of a file (apps/<app>/openapi.json). */
  static fromFile(file: string, options: { strictObjects?: boolean } = {}): OpenApiConformance {
    return new OpenApiConformance(JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument, { ...options, name: file });
  }

  /** How many answers were checked. */
  get count(): number {
    return this.checked;
  }

  /** Checks one answer; answers what is wrong with it (also kept in `problems`). */
  check(res: ObservedResponse): string[] {
    this.checked++;
    const found = this.problemsOf(res).map((p) => `${res.method.toUpperCase()} ${res.path} ${res.status}: ${p}`);
    this.problems.push(...found);
    return found;
  }

  /** The document's path that `pathname` is an instance of (`/v1/conversations/abc` → `/v1/conversations/{conversationId}`), a literal one first. */
  operationPath(pathname: string): string | undefined {
    const paths = Object.keys(this.doc.paths);
    if (paths.includes(pathname)) return pathname;
    return paths.find((template) => {
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return new RegExp(`^${pattern}$`).test(pathname);
    });
  }

  private problemsOf(res: ObservedResponse): string[] {
    const operation = this.doc.paths[this.operationPath(res.path) ?? res.path]?.[res.method.toLowerCase()];
    if (!operation) return [`the operation is not in ${this.options.name ?? 'the document'}`];
    const responses = operation.responses ?? {};
    const documented = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`] ?? responses.default;
    if (!documented) return [`status not documented (documented: ${Object.keys(responses).join(', ')})`];
    const problems: string[] = [];
    if (res.headers.get('link') !== null && !Object.keys(documented.headers ?? {}).some((h) => h.toLowerCase() === 'link')) {
      problems.push('a Link header the response does not document');
    }
    const contentType = res.headers.get('content-type')?.split(';')[0]!.trim().toLowerCase();
    if (res.body === undefined || !contentType) {
      if (documented.content && Object.keys(documented.content).length > 0 && res.status !== 204)
        problems.push('no body where one is documented');
      return problems;
    }
    const media = documented.content?.[contentType];
    if (!media)
      return [
        ...problems,
        `media type ${contentType} not documented (documented: ${Object.keys(documented.content ?? {}).join(', ') || 'none'})`,
      ];
    if (!media.schema) return problems;
    const valid = this.ajv.validate(this.prepare(media.schema), res.body);
    if (!valid)
      problems.push(
        ...(this.ajv.errors ?? []).map(
          (e) =>
            `body${e.dataPath} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
        ),
      );
    return problems;
  }

  /** The schema with its references pointed at the components schema, and (strictObjects) closed objects. */
  private prepare(schema: object): object {
    const strict = this.options.strictObjects ?? true;
    return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) return `openapi${value}`;
      if (strict && value && typeof value === 'object' && !Array.isArray(value)) {
        const node = value as Record<string, unknown>;
        if (node.properties && node.additionalProperties === undefined && !node.allOf && !node.anyOf && !node.oneOf) {
          return { ...node, additionalProperties: false };
        }
      }
      return value;
    }) as object;
  }
}

/**
 * A fetch that checks every answer against the document of the origin it came from (`documents`, keyed by
 * origin, e.g. `http://127.0.0.1:4711`), before handing it on: give it to a client (an SDK's `fetch`
 * option) and every response the client sees is checked, token requests and retries included. An answer
 * from an origin without a document is a problem too.
 */
export function conformanceCheckingFetch(
  documents: Map<string, OpenApiConformance>,
  unchecked: string[],
  base: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await base(input, init);
    const url = new URL(request.url);
    const document = documents.get(url.origin);
    if (!document) {
      unchecked.push(`${request.method} ${request.url}: no OpenAPI document for ${url.origin}`);
      return response;
    }
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    document.check({ method: request.method, path: url.pathname, status: response.status, headers: response.headers, body });
    return response;
  };
}
