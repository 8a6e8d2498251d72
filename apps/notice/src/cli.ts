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
import { type Violation, validateNotice } from './notices/domain/notice.validation.js';
import { noticeWarnings } from './notices/domain/notice.warnings.js';
import { NoticeRepository } from './notices/persistence/notice.repository.js';
import { ImportNoticeUseCase } from './notices/usecases/import-notice/import-notice.usecase.js';
import { PublishNoticeUseCase } from './notices/usecases/publish-notice/publish-notice.usecase.js';
import { UpdateDraftUseCase } from './notices/usecases/update-draft/update-draft.usecase.js';

const [command, arg, ...flags] = process.argv.slice(2);

/** What each command does, for `--help`; the format itself is described in docs/notices.md. */
const HELP: Record<string, string> = {
  validate: `validate <file.yaml>
  Checks a notice file as the service would when it is published, and prints each problem with its field
  (e.g. legalBasisGroups[0].bases[1].code). Also warns about statements GDPR expects that the file does not
  make (third-country transfers, automated decisions). Exit code 1 when there is a problem.
  Needs no database. The format: docs/notices.md; the JSON Schema: apps/notice/notice.schema.json.`,
  import: `import <file.yaml> [--publish]
  Creates the notice as a draft (its id becomes the slug), or replaces the draft of an existing one.
  A draft may be incomplete: only what it contains is checked. With --publish the draft is then published
  as the next version, which must be complete (every missing field is named), and notice.published.v1 is
  sent before the command exits. Uses MONGODB_URI and KAFKA_BROKERS like the service.`,
  export: `export <id> [--version N | --draft]
  Prints a notice as YAML: the current published version, version N, or the draft. Uses MONGODB_URI and
  KAFKA_BROKERS like the service.`,
};
const USAGE = `usage: npm run notice -- <command> [--help]

${Object.values(HELP).join('\n\n')}
`;

if (command === '--help' || command === 'help' || command === '-h') {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (command !== undefined && (arg === '--help' || flags.includes('--help'))) {
  const help = HELP[command];
  if (help === undefined) fail(USAGE);
  process.stdout.write(`usage: npm run notice -- ${help}\n`);
  process.exit(0);
}
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

const lines = (vs: Violation[]) => vs.map((v) => `  ${v.field || '(notice)'}: ${v.messages.join('; ')}`);

/** Statements GDPR expects that the notice does not make: told, never refused. */
function warn(file: string, notice: unknown): void {
  const warnings = noticeWarnings(notice);
  if (warnings.length > 0) process.stderr.write([`${file}: ${warnings.length} warning(s)`, ...lines(warnings)].join('\n') + '\n');
}

function explain(err: unknown): never {
  if (err instanceof ProblemException) {
    fail(
      [
        `${err.title}${err.message && err.message !== err.title ? `: ${(err.getResponse() as { detail?: string }).detail ?? ''}` : ''}`,
        ...lines(err.errors ?? []),
      ].join('\n'),
    );
  }
  throw err;
}

switch (command ?? '') {
  case 'validate': {
    const notice = readYaml(arg);
    const violations = validateNotice(notice);
    warn(arg!, notice);
    if (violations.length === 0) {
      process.stdout.write(`${arg}: valid\n`);
      break;
    }
    fail([`${arg}: ${violations.length} problem(s)`, ...lines(violations)].join('\n'));
  }
  // falls through never: fail() exits
  case 'import': {
    const notice = readYaml(arg);
    await withApp(async (app) => {
      const slug = String(notice.id);
      const existing = await app.get(NoticeRepository).findBySlug(slug);
      try {
        if (existing) await app.get(UpdateDraftUseCase).execute(slug, notice, existing.draftRevision, actor);
        else await app.get(ImportNoticeUseCase).execute(notice, actor);
        process.stdout.write(`${slug}: draft ${existing ? 'replaced' : 'created'}\n`);
        warn(arg!, notice);
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
    fail(`${command ? `unknown command "${command}"\n\n` : ''}${USAGE}`);
}
