// Every app's OpenAPI document, generated from the code as `npm run openapi` does (Nest's preview mode:
// nothing is contacted): generation fails on a path template with undeclared parameters, and every
// guarded operation lists the problem answers the access guard gives.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { openApiDocument } from '@insyn/service-kit';

// As scripts/openapi.mjs: the apps validate their environment when their module loads; nothing is contacted.
process.env.MONGODB_URI ??= 'mongodb://127.0.0.1:1/';
process.env.KAFKA_BROKERS ??= '127.0.0.1:1';

const ROOT = path.resolve(import.meta.dirname, '..');
const APPS = fs
  .readdirSync(path.join(ROOT, 'apps'))
  .filter((app) => fs.existsSync(path.join(ROOT, 'apps', app, 'src', 'app.module.ts')))
  .sort();

type Operation = {
  operationId: string;
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: object }>;
  security?: object[];
};

describe('the generated OpenAPI documents', () => {
  it.each(APPS)('%s: generated without error, path parameters declared, problem answers listed', async (app) => {
    const { AppModule } = (await import(path.join(ROOT, 'apps', app, 'src', 'app.module.ts'))) as { AppModule: unknown };
    const { SERVICE } = (await import(path.join(ROOT, 'apps', app, 'src', 'service.ts'))) as {
      SERVICE: { title: string; description: string };
    };
    const nest = await NestFactory.create(AppModule as never, { preview: true, logger: false });
    const doc = openApiDocument(nest, SERVICE);
    await nest.close();
    let errorAnswers = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item as Record<string, Operation>)) {
        errorAnswers += Object.keys(op.responses).filter((status) => /^4/.test(status)).length;
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
        for (const [, name] of p.matchAll(/\{([^}]+)\}/g)) expect(declared).toContain(name);
        if (op.security?.some((s) => 'bearer' in s) && app !== 'eid-simulator')
          expect([op.operationId, Object.keys(op.responses)]).toEqual([op.operationId, expect.arrayContaining(['401', '403'])]);
      }
    }
    // The problem schema is there whenever an operation lists a refusal (the portal's document has /health only).
    if (errorAnswers > 0) expect(doc.components?.schemas).toHaveProperty('Problem');
    else expect(app).toBe('portal');
  });
});
