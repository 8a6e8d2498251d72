// Runs after every end-to-end test file (jest setupFilesAfterEnv): the apps it started logged through
// testLogger (@insyn/testing), which ran each line through the personnummer detector. A line with a
// personnummer fails the file, as it would leak in production.
import { afterAll } from '@jest/globals';
import { loggedLines, takeLogHits } from '@insyn/testing';

afterAll(() => {
  const hits = takeLogHits();
  if (hits.length === 0) return;
  throw new Error(
    `The apps logged a personnummer in ${hits.length} of ${loggedLines()} log lines (shown masked):\n` +
      hits.map((h) => `  ${h.line.trim()}`).join('\n'),
  );
});
