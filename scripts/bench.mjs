#!/usr/bin/env node
// `npm run bench`: starts the same self-provisioned Kafka and MongoDB as the tests, runs every
// bench/*.bench.ts in its own process, and prints each figure with its ratio to a baseline measured
// in the same run (machines are noisy: the ratio is what compares). `npm run bench -- notice` runs
// only the benchmarks whose file name contains "notice".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInfra } from './infra.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const files = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const infra = await startInfra();
console.log(`[bench] Kafka: ${infra.kafkaKind}; MongoDB: ${infra.mongoKind}`);
let failed = 0;
try {
  for (const file of files) {
    console.log(`[bench] ${file}`);
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', path.join('bench', file)], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, ...infra.env, NODE_ENV: 'production', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      });
      child.once('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0) failed++;
  }
} finally {
  await infra.stop();
}
process.exit(failed ? 1 : 0);
