// Installs the npm packages when any the project declares is missing (a bare clone, or a pull that
// added one), so that `npm test`, `npm start` and `npm run bench` work as the README's first command.
// Imports nothing outside Node itself: it runs before the packages exist.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The declared packages that node_modules does not hold. */
export function missingPackages(root = ROOT) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return declared.filter((name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
}

export function ensurePackages(tag) {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const what = missing.length > 3 ? `${missing.length} packages` : missing.join(', ');
  process.stderr.write(`[${tag}] installing npm packages (${what} missing)\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}
