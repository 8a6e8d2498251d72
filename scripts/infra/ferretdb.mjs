// @ts-check
// FerretDB (SQLite backend) built from the Go module proxy with Insyn's patches, the MongoDB-protocol
// server used when no mongod is installed and MONGODB_URI is not set (ADR 0003).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJson } from '../json.mjs';
import { CACHE, canConnect, freePort, log, onPath, run, waitFor, withLock } from './common.mjs';

const FERRETDB_VERSIONS = ['v1.24.1', 'v1.24.0'];

/**
 * Insyn's changes to FerretDB, applied in name order with `git apply` to the module source (its
 * dependencies vendored) before it is built: atomic single-document writes, filters pushed down to
 * SQLite, `_id` lookups an index serves. Each file says why in its header.
 */
const PATCHES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ferretdb-patches');

function patchFiles() {
  return fs
    .readdirSync(PATCHES)
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .map((f) => path.join(PATCHES, f));
}

/**
 * The cached binary's name: the FerretDB version and a hash of the patches, so that a changed patch is
 * never served by a binary built without it.
 */
/**
 * @param {string} version
 * @param {string[]} [patches] default: the checked-in ones
 */
export function ferretDbBinaryName(version, patches = patchFiles()) {
  const hash = createHash('sha256');
  for (const file of patches) hash.update(path.basename(file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return `ferretdb-${version}-insyn-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Builds FerretDB with the patches once (cached); the binary's path.
 * @returns {Promise<string>}
 */
export async function ensureFerretDb() {
  const dir = path.join(CACHE, 'ferretdb');
  const patches = patchFiles();
  const built = () => FERRETDB_VERSIONS.map((v) => path.join(dir, 'bin', ferretDbBinaryName(v, patches))).find((bin) => fs.existsSync(bin));
  const cached = built();
  if (cached) return cached;
  if (!onPath('go')) throw new Error('Go is not installed');
  return withLock('ferretdb', () => {
    const done = built();
    if (done) return done;
    const env = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    let lastError;
    for (const version of FERRETDB_VERSIONS) {
      const bin = path.join(dir, 'bin', ferretDbBinaryName(version, patches));
      const src = path.join(dir, `src-${version}`);
      try {
        log(`building FerretDB ${version} with Go (first run only, about 2 minutes)`);
        // `go install pkg@version` also asks the proxy for the version list, which it may refuse;
        // downloading the exact module and building it in place does not.
        const info = /** @type {{ Dir: string }} */ (
          parseJson(run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${version}`], { env, cwd: os.tmpdir() }))
        );
        fs.rmSync(src, { recursive: true, force: true });
        fs.cpSync(info.Dir, src, { recursive: true });
        execFileSync('chmod', ['-R', 'u+w', src]);
        // The release build writes its version into this embedded file; the module zip leaves it out.
        fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${version}\n`);
        // Its dependencies copied into the source (vendor/), so that a patch can change one of them too
        // (0015 changes the SQLite driver), and the build uses those copies.
        run('go', ['mod', 'vendor'], { env, cwd: src });
        // `git apply` outside a repository applies a patch as `patch -p1` would, all or nothing per file,
        // and fails if the source no longer matches it.
        for (const patch of patches) run('git', ['apply', '--whitespace=nowarn', patch], { cwd: src });
        run('go', ['build', '-trimpath', '-mod=vendor', '-o', bin, './cmd/ferretdb'], { env, cwd: src });
        return bin;
      } catch (err) {
        lastError = err;
        log(`FerretDB ${version} could not be built: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`);
      } finally {
        fs.rmSync(src, { recursive: true, force: true });
      }
    }
    throw lastError;
  });
}

/**
 * Starts the patched FerretDB with its data in `runDir`.
 * @param {string} runDir
 * @returns {Promise<import('./common.mjs').MongoServer>}
 */
export async function startFerretDb(runDir) {
  const bin = await ensureFerretDb();
  const port = await freePort();
  const dir = path.join(runDir, 'ferretdb');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const logFile = path.join(dir, 'ferretdb.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      // WAL with synchronous=NORMAL: a crashed process loses nothing, only a power cut could lose the
      // last commits; a development and test server need not fsync every write (FULL halves throughput).
      `--sqlite-url=file:${path.join(dir, 'data')}/?_pragma=synchronous(NORMAL)`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    {
      stdio: ['ignore', out, out],
      // Go's collector at GOGC=400 rather than 100: FerretDB allocates for every document it reads and
      // writes, and at 100 the collector took a fifth of its CPU; removing 1 000 relayed events' entries
      // took 32-41 ms of CPU at 100 and 27-34 at 400, with its peak memory at 70 MB instead of 54 (ADR 0003).
      env: { ...process.env, GOGC: process.env.GOGC ?? '400' },
    },
  );
  await waitFor('FerretDB', () => canConnect(port), child, logFile, 30_000);
  return { child, uri: `mongodb://127.0.0.1:${port}/`, kind: 'FerretDB (SQLite backend, self-started)' };
}
