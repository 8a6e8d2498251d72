// Makes (or keeps) the development PKI and prints its file paths:
// `node --import ./scripts/ts-loader.mjs libs/dev-pki/src/dev-pki.cli.ts [dir]`.
import { defaultPkiDir, ensureDevPki } from './dev-pki.js';

const files = await ensureDevPki(process.argv[2] ?? defaultPkiDir());
console.log(JSON.stringify(files, null, 2));
