// @ts-check
// veraPDF, the PDF/A reference validator (Java), from Maven Central into the cache on first use: the test
// that the PDFs the apps write (the gallringsprotokoll, the registerutdrag) conform to PDF/A-2a.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, log, mavenFetch, withLock } from './common.mjs';

const VERAPDF_VERSION = '1.28.2';

/**
 * The cached veraPDF command-line application's folder (its jars in lib/).
 * @returns {Promise<string>}
 */
export async function ensureVeraPdf() {
  const dir = path.join(CACHE, `verapdf-${VERAPDF_VERSION}`);
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return dir;
  return withLock('verapdf', () => {
    if (fs.existsSync(done)) return dir;
    log(`fetching veraPDF ${VERAPDF_VERSION} from Maven Central (first run only)`);
    fs.rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
    mavenFetch(dir, [['org.verapdf.apps', 'greenfield-apps', VERAPDF_VERSION]]);
    fs.writeFileSync(done, new Date().toISOString());
    return dir;
  });
}

/**
 * Validates PDF files against a PDF/A profile (`flavour`, e.g. `2a`) in one JVM. Returns per file whether
 * it passed and veraPDF's lines about it (with --verbose, the numbers of the rules it broke).
 */
/**
 * @param {string[]} files
 * @returns {Promise<{ file: string; passed: boolean; report: string }[]>}
 */
export async function validatePdfA(files, flavour = '2a') {
  const dir = await ensureVeraPdf();
  const res = spawnSync(
    'java',
    [
      '-cp',
      path.join(dir, 'lib', '*'),
      'org.verapdf.apps.GreenfieldCliWrapper',
      '--flavour',
      flavour,
      '--format',
      'text',
      '--verbose',
      ...files,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (res.error) throw res.error;
  const lines = res.stdout.split('\n');
  return files.map((file) => {
    const at = lines.findIndex((l) => / /.test(l) && l.split(' ')[1] === file);
    const head = lines[at];
    if (head === undefined) throw new Error(`veraPDF said nothing about ${file}:\n${res.stdout}\n${res.stderr}`);
    const rest = lines.slice(at + 1);
    const end = rest.findIndex((l) => !l.startsWith(' '));
    return {
      file,
      passed: head.startsWith('PASS '),
      report: [head, ...rest.slice(0, end === -1 ? rest.length : end)].join('\n'),
    };
  });
}

// As a command (the apps' tests run it as a process: apps never import scripts/):
// `node scripts/infra/verapdf.mjs [--flavour 2a] file.pdf...` prints the results as JSON.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--flavour');
  const flavour = at === -1 ? '2a' : args.splice(at, 2)[1];
  process.stdout.write(`${JSON.stringify(await validatePdfA(args, flavour))}\n`);
}
