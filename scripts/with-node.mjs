#!/usr/bin/env node
// @ts-check
// `node scripts/with-node.mjs <major> <command> [args...]`: runs a command with another Node.js major
// version first on PATH, so that `npm`, the scripts and every process they start run on it. The Node.js
// build comes from the npm registry (the `node-<platform>-<arch>` packages the `node` package installs,
// the official nodejs.org binaries), pinned below, and is kept in the cache (~/.cache/insyn/node-<version>).
// `npm run test:node22` runs the whole suite on Node 22 this way; CI runs the unit and integration tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CACHE } from './infra.mjs';

/**
 * The Node.js versions the project is tested on besides the machine's own, by major.
 * @type {Partial<Record<string, string>>}
 */
const PINNED = { 22: '22.23.5' };

const [major, command, ...args] = process.argv.slice(2);
const version = major === undefined ? undefined : PINNED[major];
if (!version || !command) {
  console.error(`usage: node scripts/with-node.mjs <${Object.keys(PINNED).join('|')}> <command> [args...]`);
  process.exit(2);
}

const pkg = `node-${os.platform()}-${os.arch()}`;
const prefix = path.join(CACHE, `node-${version}`);
const bin = path.join(prefix, 'node_modules', pkg, 'bin');
const node = path.join(bin, 'node');
if (spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() !== `v${version}`) {
  console.error(`[with-node] installing Node.js ${version} (${pkg} from the npm registry) into ${prefix}`);
  fs.mkdirSync(prefix, { recursive: true });
  const installed = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${version}`], {
    stdio: 'inherit',
  });
  if (installed.status !== 0 || spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() !== `v${version}`) {
    console.error(`[with-node] could not install ${pkg}@${version}`);
    process.exit(2);
  }
}

console.error(`[with-node] Node.js ${version}: ${[command, ...args].join(' ')}`);
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
