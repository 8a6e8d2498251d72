import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { factory } from './notice.fixtures.js';
import { NOTICE_SCHEMA, type SchemaNode } from './notice.schema.js';
import { NOTICE_KEYS } from './notice.validation.js';

/** The keywords NOTICE_SCHEMA uses, checked as JSON Schema does; returns the paths that fail. */
function check(node: SchemaNode, value: unknown, path = ''): string[] {
  if (node.anyOf) return node.anyOf.some((n) => check(n, value, path).length === 0) ? [] : [`${path}: matches none of anyOf`];
  const here = path || '(root)';
  switch (node.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${here}: not an object`];
      const o = value as Record<string, unknown>;
      return [
        ...(node.required ?? []).filter((k) => !(k in o)).map((k) => `${path}.${k}: required`),
        ...Object.entries(o).flatMap(([k, v]) => {
          const child = node.properties?.[k];
          if (!child) return node.additionalProperties === false ? [`${path}.${k}: not allowed`] : [];
          return check(child, v, `${path}.${k}`);
        }),
      ];
    }
    case 'array':
      if (!Array.isArray(value)) return [`${here}: not an array`];
      return [
        ...(node.minItems && value.length < node.minItems ? [`${here}: too few items`] : []),
        ...value.flatMap((v, i) => check(node.items!, v, `${path}.${i}`)),
      ];
    case 'string':
      if (typeof value !== 'string') return [`${here}: not a string`];
      if (node.enum && !node.enum.includes(value)) return [`${here}: not one of the enum`];
      return node.pattern && !new RegExp(node.pattern).test(value) ? [`${here}: does not match ${node.pattern}`] : [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${here}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${here}: not a boolean`];
    case undefined:
      return [];
  }
}

const SEEDS = join(import.meta.dirname, '../../../seed');

describe('the notice JSON Schema', () => {
  it('has exactly the fields the validator knows, so neither can gain one alone', () => {
    expect(Object.keys(NOTICE_SCHEMA.properties!).sort()).toEqual([...NOTICE_KEYS].sort());
  });

  it.each(readdirSync(SEEDS).filter((f) => f.endsWith('.yaml')))('accepts the seed %s', (file) => {
    expect(check(NOTICE_SCHEMA, parse(readFileSync(join(SEEDS, file), 'utf8')))).toEqual([]);
  });

  it('accepts the test factory notice, and refuses a misspelt field, an unknown code and a missing field', () => {
    expect(check(NOTICE_SCHEMA, factory.notice())).toEqual([]);
    const { title: _t, ...untitled } = factory.notice();
    expect(
      check(NOTICE_SCHEMA, {
        ...untitled,
        dataCategorys: [],
        legalBasisGroups: [{ id: 'g', context: { sv: 'x' }, bases: [{ code: '6.1.x' }] }],
      }),
    ).toEqual(['.title: required', '.legalBasisGroups.0.bases.0.code: not one of the enum', '.dataCategorys: not allowed']);
  });
});
