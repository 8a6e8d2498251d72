import { swcOptions } from './scripts/swc-options.mjs';

// Jest runs in native ESM mode (NestJS 12 ships ES modules only): see docs/adr/0002-esm-swc-jest.md.
const swc = ['@swc/jest', { ...swcOptions, sourceMaps: 'inline' }];

const libs = ['auth', 'contracts', 'crypto', 'messaging', 'observability', 'person', 'platform', 'service-kit', 'testing'];

const common = {
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((lib) => [`^@insyn/${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  rootDir: '.',
};

export default {
  // Integration and e2e tests wait for real Kafka rebalances and relays; unit tests finish far sooner.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/setup/global-teardown.mjs',
    },
  ],
};
