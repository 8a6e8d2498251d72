// `npm run dead-letters -- list | show <id> | replay <id>`: see dead-letter-commands.ts and
// docs/operations/runbooks.md#dead-letters.
import { deadLetterCommand } from './dead-letter-commands.js';

process.exitCode = await deadLetterCommand(process.argv.slice(2));
