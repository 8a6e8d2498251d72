import { type Lang, MESSAGES, translate } from '../../web/i18n.js';

/** A notice as the public list of changes names it (published, or withdrawn). */
export interface NoticeSummary {
  id: string;
  version?: number;
  publishedAt?: string;
  title?: { sv: string; en?: string };
  status?: 'published' | 'withdrawn';
  withdrawnAt?: string;
  changedAt?: string;
}

/** The notice service's approval state of a notice (`GET /v1/notices/{slug}/approval`). */
export interface ApprovalView {
  slug: string;
  status: 'draft' | 'published' | 'withdrawn';
  draftRevision: number;
  currentVersion: number | null;
  approval: 'awaiting-approval' | 'none';
  pending: { draftRevision: number; requestedBy: string; requestedAt: string } | null;
  history?: { action: string; draftRevision: number; by: string; at: string; reason?: string; version?: number }[];
}

/** A notice's status in words: a draft, awaiting approval, published version N, or withdrawn; `key` for its tag's style. */
export function statusOf(
  summary: Pick<NoticeSummary, 'version' | 'status'>,
  approval: ApprovalView | undefined,
  lang: Lang,
): { key: 'draft' | 'awaiting' | 'published' | 'withdrawn'; text: string } {
  const version = approval?.currentVersion ?? summary.version;
  if (approval?.approval === 'awaiting-approval') return { key: 'awaiting', text: translate(lang, 'notices.status.awaiting') };
  if ((approval?.status ?? summary.status) === 'withdrawn') return { key: 'withdrawn', text: translate(lang, 'notices.status.withdrawn') };
  if (version) return { key: 'published', text: translate(lang, 'notices.status.published', { version }) };
  return { key: 'draft', text: translate(lang, 'notices.status.draft') };
}

/**
 * The signed-in official as the notice service names who submitted a draft (`official:<HSA-id>`), read
 * from her access token's `hsa_id` claim; only to decide whether to offer the approval buttons (the
 * service itself refuses the submitter).
 */
export function hsaActor(accessToken: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { hsa_id?: unknown };
    return typeof payload.hsa_id === 'string' ? `official:${payload.hsa_id}` : undefined;
  } catch {
    return undefined;
  }
}

/** The YAML view's problems: a YAML error by line and column in the page's language, a field's by its path. */
export function yamlErrors(errors: [string, string[]][], lang: Lang): { where: string; text: string }[] {
  return errors.flatMap(([field, messages]) => {
    const at = /^line (\d+), column (\d+)$/.exec(field);
    const where = at ? translate(lang, 'notices.yaml.where', { line: at[1]!, col: at[2]! }) : field;
    return messages.map((text) => ({ where, text }));
  });
}

/** One difference between two versions, as the notice service's compare endpoint says it. */
export interface NoticeChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  description: string;
}

type Step = { name: string; key?: string };

/** `legalBasisGroups[soc].bases[6.1.e].code` → [{legalBasisGroups, soc}, {bases, 6.1.e}, {code}]; keys may hold dots. */
export function changePath(path: string): Step[] {
  const steps: Step[] = [];
  const re = /\.?([A-Za-z][A-Za-z0-9]*)(?:\[([^\]]*)\])?|\.(\d+)/gy;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[3] !== undefined) {
      const last = steps[steps.length - 1];
      if (last && last.key === undefined) last.key = String(Number(m[3]) + 1);
      continue;
    }
    steps.push({ name: m[1]!, ...(m[2] !== undefined ? { key: m[2] } : {}) });
  }
  return steps;
}

const has = (id: string) => Object.hasOwn(MESSAGES, id);
const identityOnly = (v: unknown) => typeof v !== 'object' || v === null || Object.keys(v).length <= 1;

/** A value of a change as a person reads it: a text in the page's language, a code list's name, yes/no, or the fields of a row. */
export function valueText(value: unknown, lang: Lang, list = ''): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return translate(lang, value ? 'notices.form.yes' : 'notices.form.no');
  if (typeof value === 'string') {
    for (const id of [`notices.category.${value}`, `notices.enum.${value}`]) if (has(id)) return `${translate(lang, id)} (${value})`;
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => valueText(v, lang, list)).join('; ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.sv === 'string' && Object.keys(o).every((k) => k === 'sv' || k === 'en'))
      return typeof o[lang] === 'string' ? o[lang] : o.sv;
    return Object.entries(o)
      .map(([k, v]) => `${fieldName(k, list, lang)}: ${valueText(v, lang, k)}`)
      .join(', ');
  }
  return JSON.stringify(value);
}

function fieldName(name: string, parent: string, lang: Lang): string {
  for (const id of [`notices.f.${parent}.${name}`, `notices.f.${name}`, `notices.form.lang.${name}`])
    if (has(id)) return translate(lang, id);
  return name;
}

function itemName(step: Step, lang: Lang): string {
  const noun = has(`notices.noun.${step.name}`) ? translate(lang, `notices.noun.${step.name}`) : fieldName(step.name, '', lang);
  if (step.key === undefined) return noun;
  const label = valueText(step.key, lang);
  return lang === 'sv' ? `${noun} ”${label}”` : `${noun} “${label}”`;
}

/**
 * The changes between two versions in words, in the page's language: where (the rows it is in: "Rättslig
 * grund ”6.1 e”, i sammanhang ”soc”"), what (added, removed, changed), and the text before and after.
 */
export function changeLines(
  changes: NoticeChange[],
  lang: Lang,
): { kind: NoticeChange['kind']; kindText: string; what: string; before: string; after: string }[] {
  // The version number is the service's own: that it went up says nothing.
  return changes
    .filter((c) => c.path !== 'version' && c.path !== 'publishedAt')
    .map((c) => {
      const steps = changePath(c.path);
      const last = steps[steps.length - 1];
      const whole = last?.key !== undefined && c.kind !== 'changed';
      // The thing named: a row of a list (by its identity), or a field within the rows it sits in.
      const lastKeyed = steps.map((s) => s.key !== undefined).lastIndexOf(true);
      const named = whole
        ? itemName(last, lang)
        : steps
            .slice(lastKeyed + 1)
            .map((s, i) => fieldName(s.name, steps[lastKeyed + i]?.name ?? '', lang))
            .join(', ');
      const within = steps
        .slice(0, whole ? -1 : undefined)
        .filter((s) => s.key !== undefined)
        .map((s) => itemName(s, lang));
      const what = [named, ...within.reverse()].filter(Boolean).join(' – ');
      return {
        kind: c.kind,
        kindText: translate(lang, `notices.compare.${c.kind}`),
        what,
        // A row that is no more than its identity (a data category's code) is said by its name alone.
        before: whole && identityOnly(c.before) ? '' : valueText(c.before, lang, last?.name),
        after: whole && identityOnly(c.after) ? '' : valueText(c.after, lang, last?.name),
      };
    });
}
