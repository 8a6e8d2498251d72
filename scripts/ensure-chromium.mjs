// @ts-check
// The portal's browser tests drive Debian's Chromium with playwright-core (Playwright's own browser
// download cannot reach its host here). Installs it with apt-get where it is missing, as root; elsewhere
// says how. CHROMIUM_PATH points at another Chromium build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @param {string} tag the calling script's name, for its log line */
export function ensureChromium(tag) {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  const canApt = fs.existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;
  if (!canApt)
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the portal's browser tests need it. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  process.stderr.write(`[${tag}] installing Chromium for the browser tests (apt-get, first run only)\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is not there`);
  return CHROMIUM;
}
