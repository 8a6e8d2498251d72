// @ts-check
// JSON as `unknown`: JSON.parse gives `any`, which the type-checked lint rules will not let spread. Each
// caller states the shape it reads with a JSDoc cast where it uses the value.
import fs from 'node:fs';

/**
 * @param {string} text
 * @returns {unknown}
 */
export const parseJson = (text) => JSON.parse(text);

/**
 * A JSON file's content.
 * @param {string} file
 * @returns {unknown}
 */
export const readJson = (file) => parseJson(fs.readFileSync(file, 'utf8'));
