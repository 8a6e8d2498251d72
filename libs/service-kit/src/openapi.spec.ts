import { describe, expect, it } from '@jest/globals';
import {
  Body,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Module,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOkResponse, ApiParam, ApiResponse } from '@nestjs/swagger';
import { Allow, Public } from '@insyn/auth';
import { IsString } from 'class-validator';
import { completeOpenApiDocument, routeFacts } from './openapi.js';
import { openApiDocument } from './bootstrap.js';

class NoteDto {
  @IsString() text!: string;
}

class Limited implements CanActivate {
  static readonly problemStatuses = [429];
  canActivate(): boolean {
    return true;
  }
}

@Controller('v1/notes')
class NotesController {
  @Post()
  @Allow({ officialRoles: ['editor'] })
  create(@Body() body: NoteDto) {
    return body;
  }

  @Get(':noteId')
  @Public()
  @ApiParam({ name: 'noteId' })
  @ApiOkResponse()
  @ApiResponse({ status: 404, description: 'No such note' })
  one(@Param('noteId') id: string) {
    return id;
  }

  @Get()
  @Public()
  @UseGuards(Limited)
  search(@Query('q') q: string) {
    return q;
  }
}

/** Read by people and systems; written by systems only. */
@Controller('v1/records')
class RecordsController {
  @Get()
  @Allow({ citizen: { minLoa: 3 }, officialRoles: ['dpo'], clientScopes: ['notice:read', 'notice:write'] })
  @ApiOkResponse()
  list() {
    return [];
  }

  @Post()
  @Allow({ clientScopes: ['notice:write'] })
  create(@Body() body: NoteDto) {
    return body;
  }
}

@Controller('v1/secret')
class UndescribedScopeController {
  @Get()
  @Allow({ clientScopes: ['secret:peek'] })
  peek() {
    return 'x';
  }
}

@Catch()
class OwnErrors implements ExceptionFilter {
  catch(): void {}
}

/** Errors in a format of its own (as the OAuth token endpoint): no problem answers added. */
@Controller('v1/own')
@UseFilters(OwnErrors)
class OwnFormatController {
  @Post()
  @Allow({ officialRoles: ['editor'] })
  create(@Body() body: NoteDto) {
    return body;
  }
}

@Controller('v1/drafts')
class UndeclaredController {
  @Get(':draftId')
  @Public()
  draft(@Req() req: { params: Record<string, string> }) {
    return req.params.draftId;
  }
}

@Module({ controllers: [NotesController, OwnFormatController] })
class NotesModule {}

@Module({ controllers: [NotesController, UndeclaredController] })
class UndeclaredModule {}

@Module({ controllers: [NotesController, RecordsController] })
class RecordsModule {}

@Module({ controllers: [UndescribedScopeController] })
class UndescribedScopeModule {}

const SERVICE = { title: 'test', description: 'test' };
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { description: string; content?: object }> }>> };

describe('openApiDocument: the document says what the shared plumbing answers', () => {
  it('adds 401/403 to guarded routes, 400/413/415 where a body is read, 404 where a path names something, and what guards declare', async () => {
    const app = await NestFactory.create(NotesModule, { preview: true, logger: false });
    const doc = openApiDocument(app, SERVICE) as unknown as Doc & { components: { schemas: Record<string, unknown> } };
    await app.close();
    expect(Object.keys(doc.paths['/v1/notes']!.post!.responses)).toEqual(['201', '400', '401', '403', '413', '415']);
    expect(doc.paths['/v1/notes']!.post!.responses['401']!.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    // Public, no body: no 401/403/413/415; its own 404 description is kept and gets the problem body.
    const one = doc.paths['/v1/notes/{noteId}']!.get!.responses;
    expect(Object.keys(one)).toEqual(['200', '404']);
    expect(one['404']!.description).toBe('No such note');
    expect(Object.keys(doc.paths['/v1/notes']!.get!.responses)).toEqual(['200', '400', '429']);
    expect(Object.keys(doc.paths['/v1/own']!.post!.responses)).toEqual(['201']);
    expect(doc.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status'] });
  });

  it('says who may call each operation: security from the access policy, x-insyn-access and a sentence', async () => {
    const app = await NestFactory.create(RecordsModule, { preview: true, logger: false });
    const doc = openApiDocument(app, SERVICE) as unknown as {
      paths: Record<string, Record<string, { security?: unknown; description?: string; 'x-insyn-access'?: unknown }>>;
      components: { securitySchemes: Record<string, { flows?: { clientCredentials: { tokenUrl: string; scopes: object } } }> };
    };
    await app.close();
    const list = doc.paths['/v1/records']!.get!;
    // People with a bearer token; systems with either scope (each alone is enough, so one requirement each).
    expect(list.security).toEqual([{ bearer: [] }, { clientCredentials: ['notice:read'] }, { clientCredentials: ['notice:write'] }]);
    expect(list['x-insyn-access']).toEqual({
      citizens: { minLoa: 3 },
      officialRoles: ['dpo'],
      clientScopes: ['notice:read', 'notice:write'],
    });
    expect(list.description).toContain('**Who may call:** citizens signed in at LoA 3');
    expect(doc.paths['/v1/records']!.post!.security).toEqual([{ clientCredentials: ['notice:write'] }]);
    // Public: no token, whatever the controller says.
    expect(doc.paths['/v1/notes/{noteId}']!.get!.security).toEqual([]);
    expect(doc.paths['/v1/notes/{noteId}']!.get!['x-insyn-access']).toEqual({ public: true });
    const oauth = doc.components.securitySchemes.clientCredentials!.flows!.clientCredentials;
    expect(oauth.tokenUrl).toBe('http://127.0.0.1:3002/oauth/token');
    expect(Object.keys(oauth.scopes)).toEqual(['notice:read', 'notice:write']);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'clientCredentials']);
  });

  it('refuses a scope that CLIENT_SCOPES does not describe', async () => {
    const app = await NestFactory.create(UndescribedScopeModule, { preview: true, logger: false });
    expect(() => openApiDocument(app, SERVICE)).toThrow('not described in CLIENT_SCOPES (libs/auth): secret:peek');
    await app.close();
  });

  it('keeps only the schemas the operations reach, and the security schemes they name', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/v1/z': {
          get: {
            operationId: 'Z_get',
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } },
          },
        },
      },
      components: {
        schemas: { A: { properties: { b: { $ref: '#/components/schemas/B' } } }, B: { type: 'string' }, Unused: { type: 'object' } },
      },
    };
    const done = completeOpenApiDocument(doc, [
      {
        operationId: 'Z_get',
        guarded: false,
        isPublic: true,
        readsBody: false,
        validatesInput: false,
        ownErrorFormat: false,
        guardStatuses: [],
        policy: { public: true },
      },
    ]);
    expect(Object.keys(done.components!.schemas!)).toEqual(['A', 'B']);
    expect(done.components!.securitySchemes).toBeUndefined();
  });

  it('refuses to generate a document whose path templates have undeclared parameters', async () => {
    const app = await NestFactory.create(UndeclaredModule, { preview: true, logger: false });
    expect(() => openApiDocument(app, SERVICE)).toThrow('GET /v1/drafts/{draftId} (draftId)');
    const facts = routeFacts(app);
    await app.close();
    expect(facts.find((f) => f.operationId === 'NotesController_create')).toMatchObject({
      guarded: true,
      readsBody: true,
      validatesInput: true,
    });
    expect(facts.find((f) => f.operationId === 'NotesController_one')).toMatchObject({ guarded: false, validatesInput: false });
  });

  it('checks every operation of a path, also when another operation declares the parameter', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/v1/x/{id}': {
          get: { operationId: 'a', parameters: [{ in: 'path', name: 'id', required: true }], responses: {} },
          delete: { operationId: 'b', responses: {} },
        },
      },
    };
    expect(() => completeOpenApiDocument(doc as never, [])).toThrow('DELETE /v1/x/{id} (id)');
  });

  it('refuses an operation that documents only its errors (swagger then drops the default 200)', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/v1/y': { get: { operationId: 'c', responses: { '404': { description: 'no' } } } } },
    };
    expect(() => completeOpenApiDocument(doc as never, [])).toThrow('no success answer (add @ApiOkResponse or the like): GET /v1/y');
  });
});
