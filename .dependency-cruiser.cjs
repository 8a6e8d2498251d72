// The boundaries of the monorepo, checked by dependency-cruiser in `npm run lint` (and so in CI). There
// are no known violations and no list of tolerated ones: any violation fails.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'An app never imports another app: services talk over Kafka and HTTP only.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'Libraries serve the apps and never depend on one.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'tests-through-app-testing-entry',
      comment:
        'The tests in tests/ and the benchmarks in bench/ reach an app only through its testing entry ' +
        '(apps/<app>/src/testing.ts, or the env-free testing-domain.ts beside it), never a deep path: what tests ' +
        'and benchmarks need of an app is one public surface.',
      severity: 'error',
      from: { path: '^(tests|bench)/' },
      to: { path: '^apps/', pathNot: '^apps/[^/]+/src/testing(-domain)?\\.ts$' },
    },
    {
      name: 'no-production-to-test-support',
      comment: "Production code never imports test support: an app's testing entry, its *.fixtures.ts test data, or its use-case fakes.",
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: [
          '\\.(spec|int-spec|e2e-spec|fixtures)\\.ts$',
          '-fakes\\.ts$',
          '/test/',
          '^libs/testing/',
          '^apps/[^/]+/src/testing(-domain)?\\.ts$',
        ],
      },
      to: { path: ['^apps/[^/]+/src/testing(-domain)?\\.ts$', '\\.fixtures\\.ts$', '-fakes\\.ts$'] },
    },
    {
      name: 'no-app-to-scripts',
      comment: 'Production code never imports the development scripts.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'lib-through-its-entry',
      comment: 'A library is reached through its entry (@insyn/<lib>: src/index.ts, or @insyn/tracing), never a deep path.',
      severity: 'error',
      from: { path: '^(apps|libs|tests|bench)/', pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/observability/src/tracing\\.ts$'] },
    },
    {
      name: 'lib-to-lib-through-its-entry',
      comment: 'Between libraries too, only through the entry.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$', '^libs/observability/src/tracing\\.ts$'] },
    },
    {
      name: 'no-app-to-client-sdk',
      comment: 'The client SDK (packages/client) is for systems outside the platform; the services and libraries never use it.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^packages/' },
    },
    {
      name: 'client-sdk-stands-alone',
      comment:
        'The client SDK is published on its own: it imports nothing of the repository but itself (its types are generated from the OpenAPI).',
      severity: 'error',
      from: { path: '^packages/client/' },
      to: { path: '^(apps|libs|scripts|tests|examples)/' },
    },
    {
      name: 'observability-below-messaging',
      comment: 'Layering: observability (logs, problems, health) sits below messaging and must not depend on it.',
      severity: 'error',
      from: { path: '^libs/observability/' },
      to: { path: '^libs/messaging/' },
    },
    {
      name: 'mongoose-in-persistence',
      comment:
        'Only persistence/ folders reach mongoose, in the apps and in the libraries alike; besides them the service kit, ' +
        "which wires the connection (and checks it for /health), and platform's typed collection and Mongo error helpers " +
        'that persistence code uses. Tests may set up data directly.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: [
          '/persistence/',
          '\\.(spec|int-spec|e2e-spec)\\.ts$',
          '^libs/[^/]+/test/',
          '^libs/service-kit/',
          '^libs/platform/src/(typed-collection|mongo-errors)\\.ts$',
        ],
      },
      to: { path: 'node_modules/(mongoose|@nestjs/mongoose)/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles at run time (a cycle through `import type` only, which TypeScript erases, is harmless).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
