import { dataCategoryIn } from '../../domain/dataCategories.js';
import type { CustomDataCategory } from '../../domain/notice.model.js';

/** One difference between two versions of a notice, located by identity and said in words. */
export interface NoticeChange {
  /** Lists are addressed by what identifies an item, not its position: `dataCategories[ip-address]`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  /** The change in words, e.g. `data category "ip-address" (IP-nummer) was removed`. */
  description: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const sv = (v: unknown): string | undefined => (isObject(v) && typeof v.sv === 'string' ? v.sv : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * What identifies an item of each list (by the list's key, wherever it sits), and what to call it. A list
 * not named here, or an item without its identity, is compared by position.
 */
const LISTS: Record<string, { noun: string; key: (item: Json) => string | undefined }> = {
  legalBasisGroups: { noun: 'legal-basis group', key: (i) => str(i.id) },
  bases: { noun: 'legal basis', key: (i) => str(i.code) },
  national: { noun: 'provision', key: (i) => (str(i.sfs) ? [i.sfs, i.chapter, i.section, i.sectionLetter, i.point].join('/') : undefined) },
  safeguards: { noun: 'safeguard', key: (i) => sv(i.text) },
  dataCategories: { noun: 'data category', key: (i) => str(i.code) },
  excludedDataCategories: { noun: 'excluded data category', key: (i) => str(i.code) },
  customDataCategories: { noun: 'custom data category', key: (i) => str(i.code) },
  dataSubjectCategories: { noun: 'data subject category', key: (i) => str(i.id) ?? sv(i.label) },
  recipients: { noun: 'recipient', key: (i) => sv(i.name) },
  thirdCountryTransfers: { noun: 'third-country transfer', key: (i) => str(i.country) },
  sources: { noun: 'source', key: (i) => sv(i.description) },
  retention: { noun: 'retention statement', key: (i) => sv(i.text) },
  automatedDecisions: { noun: 'automated decision', key: (i) => sv(i.description) },
  roles: { noun: 'role', key: (i) => str(i.role) },
  organisations: { noun: 'organisation', key: (i) => sv(i) },
  rightsOverrides: { noun: 'rights override', key: (i) => (str(i.right) ? `${String(i.right)}@${str(i.groupId) ?? 'all'}` : undefined) },
  definitions: { noun: 'definition', key: (i) => sv(i.term) },
  questions: { noun: 'contact route for questions', key: (i) => str(i.to) },
  complaints: { noun: 'contact route for complaints', key: (i) => str(i.to) },
  purposes: { noun: 'purpose', key: (i) => sv(i) },
};

/**
 * What changed between two versions of a notice: objects key by key, the notice's lists item by item
 * matched by identity (the data category by its code, the legal basis by its code within its group), so
 * a removed category is reported as removed rather than every later item as changed. A list of codes (a
 * group's data categories, the languages) is compared as a set; a change says where it is by the item it
 * sits in and quotes the text before and after.
 */
export function compareNotices(before: Json, after: Json): NoticeChange[] {
  const custom = [
    ...((Array.isArray(before.customDataCategories) ? before.customDataCategories : []) as CustomDataCategory[]),
    ...((Array.isArray(after.customDataCategories) ? after.customDataCategories : []) as CustomDataCategory[]),
  ];
  const name = (list: string, key: string): string => {
    const label = list.endsWith('ataCategories') || list === 'customDataCategories' ? dataCategoryIn(custom, key)?.label.sv : undefined;
    return `${LISTS[list]?.noun ?? list} "${key}"${label && label !== key ? ` (${label})` : ''}`;
  };
  return walk(before, after, '', '', name);
}

/** The innermost list item a change sits in, named ('legal-basis group "allmant"'), and its path. */
type Within = { label: string; path: string } | undefined;
type Namer = (list: string, key: string) => string;

/** Where a change is, in words: the item it sits in by its name, then the field within it (`legal-basis group "soc": context.sv`). */
function where(path: string, within: Within): string {
  if (!within) return path || 'the notice';
  const rest = path.slice(within.path.length).replace(/^\./, '');
  return rest ? `${within.label}: ${rest}` : within.label;
}

/** A value as the description quotes it: a text as itself, a localised text by its Swedish, anything else as JSON. */
function quote(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  const text = sv(value);
  if (text !== undefined && isObject(value) && Object.keys(value).every((k) => k === 'sv' || k === 'en')) return `"${text}"`;
  return JSON.stringify(value);
}

const scalar = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

function walk(before: unknown, after: unknown, path: string, list: string, name: Namer, within?: Within): NoticeChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in before)) return [{ path: p, kind: 'added' as const, after: after[k], description: `${where(p, within)} was added` }];
      if (!(k in after)) return [{ path: p, kind: 'removed' as const, before: before[k], description: `${where(p, within)} was removed` }];
      return walk(before[k], after[k], p, k, name, within);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const unique = (keys: unknown[]) => keys.every((k) => k !== undefined) && new Set(keys).size === keys.length;
    // A list of codes or ids (languages, a group's data categories, address lines) is a set: matched by value.
    const [was, now] = [(before as unknown[]).filter(scalar), (after as unknown[]).filter(scalar)];
    if (was.length === before.length && now.length === after.length && unique(was) && unique(now)) {
      const noun = (v: string | number) => (LISTS[list] ? name(list, String(v)) : `${list} "${String(v)}"`);
      const label = (v: string | number) => (within ? `${within.label}: ${noun(v)}` : noun(v));
      return [
        ...was
          .filter((v) => !now.includes(v))
          .map((v) => ({ path: `${path}[${String(v)}]`, kind: 'removed' as const, before: v, description: `${label(v)} was removed` })),
        ...now
          .filter((v) => !was.includes(v))
          .map((v) => ({ path: `${path}[${String(v)}]`, kind: 'added' as const, after: v, description: `${label(v)} was added` })),
      ];
    }
    const rule = LISTS[list];
    const keyed = (items: unknown[]) => items.map((item) => (rule && isObject(item) ? rule.key(item) : rule ? sv(item) : undefined));
    const [bk, ak] = [keyed(before), keyed(after)];
    if (!rule || !unique(bk) || !unique(ak)) return byPosition(before, after, path, name, within);
    const changes: NoticeChange[] = [];
    bk.forEach((key, i) => {
      const p = `${path}[${key!}]`;
      const j = ak.indexOf(key);
      if (j < 0) changes.push({ path: p, kind: 'removed', before: before[i], description: `${name(list, key!)} was removed` });
      else changes.push(...walk(before[i], after[j], p, '', name, { label: name(list, key!), path: p }));
    });
    ak.forEach((key, j) => {
      if (!bk.includes(key))
        changes.push({ path: `${path}[${key!}]`, kind: 'added', after: after[j], description: `${name(list, key!)} was added` });
    });
    return changes;
  }
  return Object.is(before, after) || JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [
        {
          path: path || '(root)',
          kind: 'changed',
          before,
          after,
          description: `${where(path, within)} changed: ${quote(before)} → ${quote(after)}`,
        },
      ];
}

function byPosition(before: unknown[], after: unknown[], path: string, name: Namer, within: Within): NoticeChange[] {
  const changes: NoticeChange[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const p = `${path}.${i}`;
    if (i >= before.length) changes.push({ path: p, kind: 'added', after: after[i], description: `${where(p, within)} was added` });
    else if (i >= after.length)
      changes.push({ path: p, kind: 'removed', before: before[i], description: `${where(p, within)} was removed` });
    else changes.push(...walk(before[i], after[i], p, '', name, within));
  }
  return changes;
}
