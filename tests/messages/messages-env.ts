import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The environment of a messages app in a test file: its units (a file uses units of its own: other files'
 * messages apps share the broker), the token issuer's keys, the subject-key secret, and a fresh KEK file and
 * archive folder. `extra` adds or overrides variables.
 */
export function messagesEnvironment(
  units: Record<string, { name: string; acceptsCitizens?: boolean }>,
  subjectKeySecret: string,
  tokenEnv: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    MESSAGES_UNITS: JSON.stringify(units),
    ...tokenEnv,
    SUBJECT_KEY_SECRET: subjectKeySecret,
    MESSAGES_KEK_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-kek-')), 'kek.json'),
    ARCHIVE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-archive-')),
    ...extra,
  };
}
