#!/usr/bin/env node
// @ts-check
// `npm run build`: compiles apps/ and libs/ to dist/ with swc (ES modules, decorator metadata), the
// @insyn/* aliases rewritten to relative paths, so `node dist/apps/<app>/src/main.js` runs without
// any loader. Type-checking is `npm run check` (tsc), kept separate so builds stay fast.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';
import { readJson } from './json.mjs';
import { swcOptions } from './swc-options.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist');
const tsconfig = /** @type {{ compilerOptions: { paths: Record<string, string[]> } }} */ (readJson(path.join(ROOT, 'tsconfig.json')));
const paths = tsconfig.compilerOptions.paths;

/**
 * The TypeScript sources under `dir` that are built: not tests, not test folders, not declarations.
 * @param {string} dir
 * @returns {Generator<string>}
 */
function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test' && entry.name !== 'node_modules') yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

fs.rmSync(OUT, { recursive: true, force: true });
let count = 0;
for (const top of ['apps', 'libs']) {
  for (const file of sources(path.join(ROOT, top))) {
    const { code } = await swc.transformFile(file, {
      ...swcOptions,
      jsc: { ...swcOptions.jsc, baseUrl: ROOT, paths },
      module: { ...swcOptions.module, resolveFully: true },
      sourceMaps: false,
    });
    const target = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
    count++;
  }
}
// Non-code assets the apps read at run time (seed notices, the portal's templates, stylesheets and scripts).
for (const app of fs.existsSync(path.join(ROOT, 'apps')) ? fs.readdirSync(path.join(ROOT, 'apps')) : []) {
  for (const folder of ['seed', 'views', 'assets']) {
    const from = path.join(ROOT, 'apps', app, folder);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(OUT, 'apps', app, folder), { recursive: true });
  }
}
// The libraries' run-time files (@insyn/pdf's fonts and colour profile), beside their compiled src/.
for (const lib of fs.readdirSync(path.join(ROOT, 'libs'))) {
  const from = path.join(ROOT, 'libs', lib, 'assets');
  if (fs.existsSync(from)) fs.cpSync(from, path.join(OUT, 'libs', lib, 'assets'), { recursive: true });
}
fs.writeFileSync(path.join(OUT, 'package.json'), JSON.stringify({ type: 'module' }));
console.log(`built ${count} files into dist/`);
