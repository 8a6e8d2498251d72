import { describe, expect, it } from '@jest/globals';
import { Body, Controller, Post, type ExecutionContext } from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import { of } from 'rxjs';
import { MediaTypeInterceptor } from './media-type.interceptor.js';

@Controller('x')
class SomeController {
  @Post('json')
  json(@Body() body: object) {
    return body;
  }

  @Post('form')
  @ApiConsumes('application/x-www-form-urlencoded')
  form(@Body() body: object) {
    return body;
  }

  @Post('action')
  action() {
    return 'done';
  }
}

const interceptor = new MediaTypeInterceptor(['application/json']);
const headersSet: Record<string, string> = {};

function call(method: 'json' | 'form' | 'action', headers: Record<string, string>) {
  const context = {
    getType: () => 'http',
    getClass: () => SomeController,
    getHandler: () => SomeController.prototype[method],
    switchToHttp: () => ({
      getRequest: () => ({ method: 'POST', headers }),
      getResponse: () => ({ setHeader: (name: string, value: string) => (headersSet[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  return () => interceptor.intercept(context, { handle: () => of('handled') });
}

describe('MediaTypeInterceptor', () => {
  it('passes a body of the type the route reads, with or without parameters', () => {
    expect(call('json', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' })).not.toThrow();
    expect(call('form', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '5' })).not.toThrow();
  });

  it('answers 415 for another type, naming the types that would do (Accept-Post)', () => {
    expect(call('json', { 'content-type': 'text/plain', 'content-length': '5' })).toThrow(
      expect.objectContaining({ status: 415, problemType: 'unsupported-media-type', extensions: { accepted: ['application/json'] } }),
    );
    expect(headersSet['Accept-Post']).toBe('application/json');
    expect(call('form', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' })).toThrow(
      expect.objectContaining({ status: 415 }),
    );
    expect(call('json', { 'content-length': '5' })).toThrow(expect.objectContaining({ message: expect.any(String), status: 415 }));
  });

  it('leaves an empty body to the validation, and routes that read no body alone', () => {
    expect(call('json', { 'content-length': '0' })).not.toThrow();
    expect(call('json', {})).not.toThrow();
    expect(call('action', { 'content-type': 'text/plain', 'content-length': '5' })).not.toThrow();
  });
});
