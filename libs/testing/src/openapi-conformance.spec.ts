import { describe, expect, it } from '@jest/globals';
import { OpenApiConformance } from './openapi-conformance.js';

const doc = {
  paths: {
    '/v1/things': {
      get: {
        responses: {
          '200': {
            headers: { Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } },
          },
          '400': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        },
      },
    },
    '/v1/things/{id}': { delete: { responses: { '204': { description: 'gone' } } } },
  },
  components: {
    schemas: {
      Thing: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, note: { type: 'string', nullable: true } } },
      Problem: { type: 'object', required: ['status'], properties: { status: { type: 'integer' } } },
    },
  },
};
const headers = (h: Record<string, string>) => new Headers(h);
const json = headers({ 'content-type': 'application/json; charset=utf-8' });

describe('OpenApiConformance', () => {
  it('passes an answer the document describes (refs resolved, nullable, a documented Link, a template path)', () => {
    const c = new OpenApiConformance(doc);
    expect(
      c.check({
        method: 'GET',
        path: '/v1/things',
        status: 200,
        headers: headers({ 'content-type': 'application/json', link: '</v1/things?cursor=x>; rel="next"' }),
        body: [{ id: 'a', note: null }],
      }),
    ).toEqual([]);
    expect(c.check({ method: 'DELETE', path: '/v1/things/abc', status: 204, headers: headers({}), body: undefined })).toEqual([]);
    expect(c.count).toBe(2);
  });

  it('finds an undocumented operation, status or media type, a body against its schema, an undocumented field or Link', () => {
    const c = new OpenApiConformance(doc);
    expect(c.check({ method: 'POST', path: '/v1/things', status: 201, headers: json, body: {} })[0]).toMatch(/operation is not in/);
    expect(c.check({ method: 'GET', path: '/v1/things', status: 500, headers: json, body: {} })[0]).toMatch(/status not documented/);
    expect(c.check({ method: 'GET', path: '/v1/things', status: 400, headers: json, body: { status: 400 } })[0]).toMatch(
      /media type application\/json not documented/,
    );
    expect(c.check({ method: 'GET', path: '/v1/things', status: 200, headers: json, body: [{ note: 1 }] })).toEqual([
      expect.stringMatching(/body\[0\] should have required property 'id'/),
      expect.stringMatching(/body\[0\]\.note should be string/),
    ]);
    expect(c.check({ method: 'GET', path: '/v1/things', status: 200, headers: json, body: [{ id: 'a', secret: 'x' }] })).toEqual([
      expect.stringMatching(/additional properties \(secret\)/),
    ]);
    expect(
      c.check({ method: 'DELETE', path: '/v1/things/a', status: 204, headers: headers({ link: '<x>; rel="next"' }), body: undefined }),
    ).toEqual([expect.stringMatching(/a Link header the response does not document/)]);
    expect(c.problems).toHaveLength(7);
    expect(
      new OpenApiConformance(doc, { strictObjects: false }).check({
        method: 'GET',
        path: '/v1/things',
        status: 200,
        headers: json,
        body: [{ id: 'a', secret: 'x' }],
      }),
    ).toEqual([]);
  });
});
