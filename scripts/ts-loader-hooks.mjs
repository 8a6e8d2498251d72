// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import swc from '@swc/core';
import { readJson } from './json.mjs';
import { swcOptions } from './swc-options.mjs';
/** @import { LoadFnOutput, LoadHook, LoadHookContext, ResolveFnOutput, ResolveHook, ResolveHookContext } from 'node:module' */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsconfig = /** @type {{ compilerOptions: { paths: Record<string, [string]> } }} */ (readJson(path.join(ROOT, 'tsconfig.json')));
const aliases = new Map(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [alias, pathToFileURL(path.join(ROOT, target)).href]),
);

/**
 * @param {string} specifier
 * @param {ResolveHookContext} context
 * @param {Parameters<ResolveHook>[2]} next
 * @returns {Promise<ResolveFnOutput>}
 */
export async function resolve(specifier, context, next) {
  const alias = aliases.get(specifier);
  if (alias) return { url: alias, shortCircuit: true };
  if ((specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (fs.existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

/**
 * @param {string} url
 * @param {LoadHookContext} context
 * @param {Parameters<LoadHook>[2]} next
 * @returns {Promise<LoadFnOutput>}
 */
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = await swc.transform(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename, sourceMaps: 'inline' });
  return { format: 'module', source: code, shortCircuit: true };
}
