// @ts-check
// Installs the npm packages when any the project declares is missing (a bare clone, or a pull that
// added one), so that `npm test`, `npm start` and `npm run bench` work as the README's first command.
// Imports nothing outside Node itself (and ./json.mjs, which imports only Node): it runs before the packages exist.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson } from './json.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The declared packages that node_modules does not hold. */
export function missingPackages(root = ROOT) {
  const manifest = /** @type {{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }} */ (
    readJson(path.join(root, 'package.json'))
  );
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return declared.filter((name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
}

/** @param {string} tag the calling script's name, for its log line */
export function ensurePackages(tag) {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const what = missing.length > 3 ? `${missing.length} packages` : missing.join(', ');
  process.stderr.write(`[${tag}] installing npm packages (${what} missing)\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}
