// @ts-check
// The one swc configuration for tests (jest.config.mjs), development (ts-loader-hooks.mjs) and builds
// (build.mjs): TypeScript with legacy decorators and the decorator metadata Nest's DI reads (ADR 0002).
/** @satisfies {import('@swc/core').Options} */
export const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
};
