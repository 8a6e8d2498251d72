// @ts-check
// Run folders: each start of the infrastructure gets its own folder under <cache>/runs, recording its
// owner and its processes, so that a run whose owner died is cleaned up (processes killed, folder
// removed) by the next one.
import fs from 'node:fs';
import path from 'node:path';
import { readJson } from '../json.mjs';
import { CACHE, isAlive, log, sleep } from './common.mjs';

const RUNS = path.join(CACHE, 'runs');

function cleanStaleRuns() {
  if (!fs.existsSync(RUNS)) return;
  for (const name of fs.readdirSync(RUNS)) {
    const dir = path.join(RUNS, name);
    /** @type {{ owner: number; children: number[] } | null} */
    let meta;
    try {
      meta = /** @type {{ owner: number; children: number[] }} */ (readJson(path.join(dir, 'run.json')));
    } catch {
      meta = null;
    }
    if (meta && isAlive(meta.owner)) continue;
    for (const pid of meta?.children ?? []) {
      // Only kill a process that still belongs to that run (pids are recycled).
      let cmdline;
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmdline.includes(dir)) {
        try {
          process.kill(pid, 'SIGKILL');
          log(`killed pid ${pid} left by a crashed run`);
        } catch {
          /* already gone */
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function newRunDir() {
  cleanStaleRuns();
  const dir = path.join(RUNS, `${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * @param {string} dir
 * @param {(number | undefined)[]} children the pids (undefined for a process that could not be spawned)
 */
export function recordRun(dir, children) {
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ owner: process.pid, children }));
}

/**
 * Stops a run started by another process (the jest global teardown gets only the pids).
 * @param {string} runDir
 * @param {number[]} pids
 */
export async function stopRun(runDir, pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  if (process.env.INSYN_KEEP_RUN !== '1') fs.rmSync(runDir, { recursive: true, force: true });
}

/**
 * Re-own a run, so that a later cleanup treats it as alive while `pid` lives.
 * @param {string} runDir
 * @param {number[]} pids
 */
export function adoptRun(runDir, pids, owner = process.pid) {
  fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ owner, children: pids }));
}
