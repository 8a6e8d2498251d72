import { swcOptions } from './scripts/swc-options.mjs';

// Jest runs in native ESM mode (NestJS 12 ships ES modules only): see docs/adr/0002-esm-swc-jest.md.
const swc = ['@swc/jest', { ...swcOptions, sourceMaps: 'inline' }];

const libs = [
  'auth',
  'contracts',
  'crypto',
  'dev-pki',
  'messaging',
  'observability',
  'pdf',
  'person',
  'platform',
  'service-kit',
  'testing',
];

const common = {
  testEnvironment: 'node',
  // Jest 30 'soft-deletes' what a file left on the global scope by wrapping it in a getter and setter; a
  // write to such a property after the file (a Kafka client's or an instrumentation's late callback) recurses
  // through that setter until the stack overflows and fails the file. Memory is kept in check by replacing the
  // worker instead (workerIdleMemoryLimit).
  testEnvironmentOptions: { globalsCleanup: 'off' },
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^@insyn/${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    '^@insyn/client$': '<rootDir>/packages/client/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  rootDir: '.',
};

export default {
  // Integration and e2e tests wait for real Kafka rebalances and relays; unit tests finish far sooner.
  testTimeout: 60_000,
  // Two files at a time (INSYN_TEST_WORKERS): each int and e2e file has topics of its own on the shared
  // broker (tests/setup/topic-prefix.ts) and a database of its own, so files running side by side never
  // meet; most of an e2e file's time is spent waiting on Kafka, MongoDB and the browser, not computing.
  maxWorkers: Number(process.env.INSYN_TEST_WORKERS ?? 2),
  // Test files run in a worker process that is replaced once it holds more than this after a file: one
  // process for all ~190 files grew past Node's 4 GB heap (ESM module registries are not given back) and
  // died. It also makes jest use a worker on a 2-core machine, where it would otherwise run in band.
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,packages,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/tests/setup/topic-prefix.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/tests/setup/topic-prefix.ts'],
      // Fails a file whose apps logged a personnummer (what the apps write goes through the detector).
      setupFilesAfterEnv: ['<rootDir>/tests/setup/log-check.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.mjs',
    },
  ],
};
