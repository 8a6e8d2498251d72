// Every Insyn API service in one test process, as the security tests walk them: notice, identity, messages,
// retention and rights, each with a database and consumer group of its own, two units of the file's own
// (A and B, so an official or system of the other unit can be tried), real Kafka and MongoDB, and the
// tokens of a test key every app trusts. Call `insynServices()` at the top of the file (it sets the
// environment the apps read when they are imported), then `start()` in beforeAll and `stop()` in afterAll.
// `instances` runs a service more than once, as replicas of one deployment: the same database and
// consumer group.
import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@insyn/platform';
import type { ServiceDescription } from '@insyn/service-kit';
import { createTestApp, TestTokens, uniqueSuffix, useTestEnvironment } from '@insyn/testing';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../identity/identity-harness.js';

export interface OwnKafka {
  brokers: string;
  /** Ends the broker process, as an operator would. */
  stop(): Promise<void>;
  /** Starts the same node again: same port, data and cluster id. */
  start(): Promise<void>;
  /** Ends it and removes its folder. */
  close(): Promise<void>;
}

/**
 * A Kafka broker of the file's own (scripts/infra.mjs startOwnKafka), made KAFKA_BROKERS for the file's
 * apps and clients: for tests that stop the broker, or that put on real topics what no other file's
 * probes expect (values that are not JSON). Call before `insynServices`. Starting it takes about 8 s.
 */
export async function useOwnKafka(): Promise<OwnKafka> {
  const { startOwnKafka } = (await import('../../scripts/infra.mjs')) as unknown as { startOwnKafka(): Promise<OwnKafka> };
  const broker = await startOwnKafka();
  process.env.KAFKA_BROKERS = broker.brokers;
  return broker;
}

export const SERVICES = ['notice', 'identity', 'messages', 'retention', 'rights'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RunningService {
  name: ServiceName;
  app: INestApplication;
  /** The app's own database. */
  db: string;
  /** Which of the service's instances this is: 1, or 2 and on where `instances` asks for more. */
  instance: number;
}

export interface InsynServicesOptions {
  subjectKeySecret: string;
  /** How many instances of a service to run (1 where not said); they share its database and consumer group. */
  instances?: Partial<Record<ServiceName, number>>;
  /** A service's clock (e.g. a ManualClock), shared by its instances. */
  clocks?: Partial<Record<ServiceName, Clock>>;
  /** More settings for the apps (e.g. RETENTION_LEASE_MS). */
  env?: Record<string, string>;
}

export async function insynServices(options: InsynServicesOptions) {
  const tokens = await TestTokens.create();
  const suffix = uniqueSuffix();
  const units = { a: `unit-a-${suffix}`, b: `unit-b-${suffix}` };
  const unitsJson = JSON.stringify({ [units.a]: { name: 'Enhet A' }, [units.b]: { name: 'Enhet B' } });
  const dirs = [tempDir('insyn-security-kek-'), tempDir('insyn-security-archive-')];
  const { db: base } = useTestEnvironment({
    ...tokens.env,
    SUBJECT_KEY_SECRET: options.subjectKeySecret,
    NOTICE_PUBLIC_BASE_URL: 'https://insyn.example.se',
    DOCS_ENABLED: 'false',
    MESSAGES_UNITS: unitsJson,
    MESSAGES_KEK_FILE: path.join(dirs[0]!, 'kek.json'),
    ARCHIVE_DIR: dirs[1]!,
    RETENTION_UNITS: unitsJson,
    RETENTION_SCHEDULER: 'off',
    RIGHTS_UNITS: unitsJson,
    RIGHTS_ACCESS_LOG_UNIT: units.a,
    RIGHTS_NOTICE_BASE_URL: 'https://insyn.example.se',
    ...options.env,
  });

  // Each app reads its environment when its module is imported: a database and a group of its own.
  const modules = new Map<ServiceName, { module: unknown; service: ServiceDescription; db: string }>();
  for (const name of SERVICES) {
    const db = `${base}_${name}`;
    Object.assign(process.env, { MONGODB_DB: db, KAFKA_CONSUMER_GROUP: `insyn-${db}` });
    const { AppModule, SERVICE } = (await import(`../../apps/${name}/src/testing.js`)) as {
      AppModule: unknown;
      SERVICE: ServiceDescription;
    };
    modules.set(name, { module: AppModule, service: SERVICE, db });
  }

  const running: RunningService[] = [];
  return {
    tokens,
    units,
    /** Starts the services (each instance in turn, so each joins its group in turn); answers each one's first instance. */
    async start(only: readonly ServiceName[] = SERVICES): Promise<Map<ServiceName, RunningService>> {
      for (const name of only) {
        const m = modules.get(name)!;
        for (let instance = 1; instance <= (options.instances?.[name] ?? 1); instance++) {
          const app = await createTestApp(m.module, m.service, { clock: options.clocks?.[name] });
          running.push({ name, app, db: m.db, instance });
        }
      }
      return new Map(running.filter((r) => r.instance === 1).map((r) => [r.name, r]));
    },
    /** Every running instance of the service, the first first. */
    instancesOf(name: ServiceName): RunningService[] {
      return running.filter((r) => r.name === name);
    },
    async stop() {
      // All at once: each app's close waits out its Kafka consumer's current fetch (up to kafkajs's 5 s).
      const closed = await Promise.allSettled(running.map((r) => r.app.close()));
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
      const failed = closed.find((c) => c.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
