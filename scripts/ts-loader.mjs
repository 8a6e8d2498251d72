// @ts-check
// Runs the TypeScript sources directly: `node --import ./scripts/ts-loader.mjs apps/notice/src/main.ts`.
// Transpiles with swc (decorator metadata included, as Nest's DI needs) and resolves the @insyn/*
// aliases from tsconfig.json and `./x.js` specifiers to `./x.ts`. Used by `npm start`, the CLI
// commands and tests that run a service in a child process; `npm run build` makes the same output
// ahead of time for containers.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
