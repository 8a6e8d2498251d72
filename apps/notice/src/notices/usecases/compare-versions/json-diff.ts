/** One difference between two versions of a notice, at a dotted path (`purposes.0.sv`). */
export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A structural diff: objects are compared key by key, arrays index by index (notices keep their lists
 * in a meaningful order, so a moved item is reported as changed), scalars by value.
 */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in before)) return [{ path: p, kind: 'added' as const, after: after[k] }];
      if (!(k in after)) return [{ path: p, kind: 'removed' as const, before: before[k] }];
      return diff(before[k], after[k], p);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const p = path ? `${path}.${i}` : String(i);
      if (i >= before.length) changes.push({ path: p, kind: 'added', after: after[i] });
      else if (i >= after.length) changes.push({ path: p, kind: 'removed', before: before[i] });
      else changes.push(...diff(before[i], after[i], p));
    }
    return changes;
  }
  return Object.is(before, after) || JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [{ path: path || '(root)', kind: 'changed', before, after }];
}
