// Notices as code, from the command line (`npm run notice -- <command>`):
//   validate <file.yaml>              check a notice file; prints each problem with its field
//   import <file.yaml> [--publish]    create the notice (or replace its draft) and optionally publish it
//   export <id> [--version N|--draft] print a notice as YAML (the current version by default)
// `import` and `export` use MONGODB_URI and KAFKA_BROKERS like the service (published events go out
// through the outbox before the command exits).
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import { NestFactory } from '@nestjs/core';
import { OutboxRelay } from '@insyn/messaging';
import { ProblemException } from '@insyn/observability';
import { parse, stringify } from 'yaml';
import { validateNotice } from './notices/domain/notice.validation.js';
import { NoticeRepository } from './notices/persistence/notice.repository.js';
import { ImportNoticeUseCase } from './notices/usecases/import-notice/import-notice.usecase.js';
import { PublishNoticeUseCase } from './notices/usecases/publish-notice/publish-notice.usecase.js';
import { UpdateDraftUseCase } from './notices/usecases/update-draft/update-draft.usecase.js';

const [command, arg, ...flags] = process.argv.slice(2);
const actor = `cli:${os.userInfo().username}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readYaml(file: string | undefined): Record<string, unknown> {
  if (!file) fail('give the notice file, e.g. apps/notice/seed/umea-behandling-sakra-meddelanden.yaml');
  try {
    return parse(fs.readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true }) as Record<string, unknown>;
  } catch (err) {
    fail(`${file}: ${(err as Error).message}`);
  }
}

async function withApp<T>(fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>): Promise<T> {
  // Imported here: the app module validates MONGODB_URI and KAFKA_BROKERS, which `validate` needs not.
  const { AppModule } = await import('./app.module.js');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function explain(err: unknown): never {
  if (err instanceof ProblemException) {
    const lines = (err.errors ?? []).map((e) => `  ${e.field || '(notice)'}: ${e.messages.join('; ')}`);
    fail(
      [
        `${err.title}${err.message && err.message !== err.title ? `: ${(err.getResponse() as { detail?: string }).detail ?? ''}` : ''}`,
        ...lines,
      ].join('\n'),
    );
  }
  throw err;
}

switch (command ?? '') {
  case 'validate': {
    const violations = validateNotice(readYaml(arg));
    if (violations.length === 0) {
      process.stdout.write(`${arg}: valid\n`);
      break;
    }
    fail(
      [`${arg}: ${violations.length} problem(s)`, ...violations.map((v) => `  ${v.field || '(notice)'}: ${v.messages.join('; ')}`)].join(
        '\n',
      ),
    );
  }
  // falls through never: fail() exits
  case 'import': {
    const notice = readYaml(arg);
    await withApp(async (app) => {
      const slug = String(notice.id);
      const existing = await app.get(NoticeRepository).findBySlug(slug);
      try {
        if (existing) await app.get(UpdateDraftUseCase).execute(slug, notice, undefined);
        else await app.get(ImportNoticeUseCase).execute(notice, actor);
        process.stdout.write(`${slug}: draft ${existing ? 'replaced' : 'created'}\n`);
        if (flags.includes('--publish')) {
          const v = await app.get(PublishNoticeUseCase).execute(slug, actor);
          await app.get(OutboxRelay).drainOnce();
          process.stdout.write(`${slug}: published as version ${v.version}\n`);
        }
      } catch (err) {
        explain(err);
      }
    });
    break;
  }
  case 'export': {
    if (!arg) fail('give the notice id');
    await withApp(async (app) => {
      const notice = await app.get(NoticeRepository).findBySlug(arg);
      if (!notice) fail(`${arg}: no such notice`);
      const versionFlag = flags.indexOf('--version');
      const wanted = versionFlag >= 0 ? Number(flags[versionFlag + 1]) : notice.currentVersion;
      const content = flags.includes('--draft') ? notice.draft : notice.versions.find((v) => v.version === wanted)?.content;
      if (!content) fail(`${arg}: no ${flags.includes('--draft') ? 'draft' : `version ${wanted}`}`);
      process.stdout.write(stringify(content, { lineWidth: 0 }));
    });
    break;
  }
  default:
    fail('usage: npm run notice -- validate <file.yaml> | import <file.yaml> [--publish] | export <id> [--version N | --draft]');
}
