/** The cached FerretDB binary's name for `version` built with `patches` (default: the checked-in ones). */
export function ferretDbBinaryName(version: string, patches?: string[]): string;
/** Builds FerretDB with the patches once (cached), and returns the binary's path. */
export function ensureFerretDb(): Promise<string>;
/** Starts the patched FerretDB with its data in `runDir`. */
export function startFerretDb(runDir: string): Promise<{ child: import('node:child_process').ChildProcess; uri: string; kind: string }>;
