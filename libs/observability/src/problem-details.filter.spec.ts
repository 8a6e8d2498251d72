import { describe, expect, it } from '@jest/globals';
import { type ArgumentsHost, InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import { invalidToken } from '@insyn/auth';
import type { Request, Response } from 'express';
import { ProblemDetailsFilter } from './problem-details.filter.js';

const filter = new ProblemDetailsFilter({ next: () => 'error-1' });
const req = { originalUrl: '/health' } as Request;

describe('ProblemDetailsFilter', () => {
  it('keeps a 503 thrown on purpose (a dependency is down) instead of making it a 500', () => {
    expect(filter.toProblem(new ServiceUnavailableException('Kafka is unreachable'), req)).toMatchObject({
      status: 503,
      title: 'Service unavailable',
      detail: 'Kafka is unreachable',
    });
  });

  it('answers anything else on our side as a 500 with an error id', () => {
    expect(filter.toProblem(new InternalServerErrorException('boom'), req)).toMatchObject({ status: 500, errorId: 'error-1' });
    expect(filter.toProblem(new Error('boom'), req)).toMatchObject({ status: 500, errorId: 'error-1' });
  });

  it('renders the access guard’s refusals as problems of their type, with their challenge on the response', () => {
    const headers: Record<string, string> = {};
    const sent: { status?: number; type?: string; body?: unknown } = {};
    const res = {
      headersSent: false,
      setHeader: (name: string, value: string) => (headers[name] = value),
      getHeader: (name: string) => headers[name],
      status: (status: number) => ((sent.status = status), res),
      type: (type: string) => ((sent.type = type), res),
      json: (body: unknown) => ((sent.body = body), res),
    } as unknown as Response;
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({
        getRequest: () => ({ ...req, accepts: () => 'application/json', header: () => 'caller-7' }),
        getResponse: () => res,
      }),
    } as unknown as ArgumentsHost;
    filter.catch(invalidToken('wrong-audience'), host);
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="insyn", error="invalid_token", error_description="wrong-audience"');
    expect(sent).toMatchObject({ status: 401, type: 'application/problem+json' });
    expect(sent.body).toMatchObject({
      type: 'https://insyn.se/problems/invalid-token',
      title: 'Invalid access token',
      status: 401,
      detail: 'The token was issued for another audience.',
      reason: 'wrong-audience',
      // Outside any request context (as when a body parser refused the body), the caller's id is kept.
      correlationId: 'caller-7',
    });
    expect(headers['X-Correlation-Id']).toBe('caller-7');
  });
});
