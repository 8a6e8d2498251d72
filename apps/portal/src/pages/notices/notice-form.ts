import { type Lang, MESSAGES, translate } from '../../web/i18n.js';

/**
 * The notice's form editor, made from the notice service's JSON Schema (GET /v1/schemas/notice.json), so
 * every field of the model has its input and a new field in the schema appears without a change here.
 * Each input is named by the field's path as the service names it in its problems (`purposes[0].sv`), so
 * the service's validation messages are shown beside their fields. Repeated groups are added and removed
 * by submit buttons (`_action=add:<list>`, `_action=remove:<item>`), server-side, without script.
 */

/** The schema's node, as the notice service serves it (a subset of JSON Schema). */
export interface SchemaNode {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  minItems?: number;
  enum?: readonly (string | number)[];
  pattern?: string;
  anyOf?: SchemaNode[];
}

type Json = Record<string, unknown>;
type Segment = string | number;

/** Fields the service sets itself (publishing), and the id, which is the notice's address and fixed. */
const NOT_EDITED = new Set(['id', 'version', 'publishedAt']);
/** The most items a repeated group may have in the form: a bound, so `x[99999]` cannot make a huge array. */
export const MAX_ITEMS = 200;
/** Short texts (one line); other localised texts are paragraphs. */
/** Fields of a few characters, set side by side (a citation's chapter, section, letter and point; a postcode). */
const SHORT_FIELDS = new Set(['sectionLetter', 'postalCode', 'country', 'sfs', 'gdpr']);
const SHORT_TEXTS = new Set(['title', 'name', 'label', 'term', 'context', 'organisations']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `legalBasisGroups[0].bases[1].code` → ['legalBasisGroups', 0, 'bases', 1, 'code']; undefined if it is not a path. */
export function parsePath(path: string): Segment[] | undefined {
  const segments: Segment[] = [];
  const re = /(?:^|\.)([A-Za-z][A-Za-z0-9]*)|\[(\d{1,3})\]/gy;
  let at = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    segments.push(m[1] !== undefined ? m[1] : Number(m[2]));
    at = re.lastIndex;
  }
  return at === path.length && segments.length > 0 && typeof segments[0] === 'string' ? segments : undefined;
}

export function pathOf(segments: readonly Segment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The properties of an object node; an anyOf of objects (a law citation: SFS or GDPR) offers the fields of each. */
function propertiesOf(node: SchemaNode): Record<string, SchemaNode> | undefined {
  if (node.properties) return node.properties;
  const objects = node.anyOf?.filter((n) => n.properties);
  if (!objects?.length) return undefined;
  return Object.assign({}, ...objects.map((n) => n.properties)) as Record<string, SchemaNode>;
}

/** The schema of a path's field; undefined for a path the schema does not have (such a form field is ignored). */
export function schemaAt(root: SchemaNode, segments: readonly Segment[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const s of segments) {
    if (!node) return undefined;
    if (typeof s === 'number') node = node.type === 'array' && s < MAX_ITEMS ? node.items : undefined;
    else {
      const props = propertiesOf(node);
      node = props && Object.hasOwn(props, s) ? props[s] : undefined;
    }
  }
  return node;
}

const isLocalised = (node: SchemaNode) => {
  const keys = Object.keys(node.properties ?? {});
  return node.type === 'object' && keys.length === 2 && keys.includes('sv') && keys.includes('en');
};
const isStringList = (node: SchemaNode) => node.type === 'array' && node.items?.type === 'string' && !node.items.enum;
const isChoiceList = (node: SchemaNode) => node.type === 'array' && !!node.items?.enum;

/** A form field's value as the schema types it: a number, a yes/no, lines of a list; text as typed (trimmed). */
function coerce(node: SchemaNode, raw: unknown): unknown {
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  if (isChoiceList(node) || (isStringList(node) && values.length > 1)) return values.filter((v) => v !== '');
  if (isStringList(node))
    return (values[0] ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  const value = (values[values.length - 1] ?? '').trim();
  if (node.type === 'integer') return /^-?\d{1,9}$/.test(value) ? Number(value) : value;
  if (node.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : '';
  return value;
}

function setAt(root: Json, segments: readonly Segment[], value: unknown): void {
  let here: Json | unknown[] = root;
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    const container = here as Record<string | number, unknown>;
    if (last) {
      container[s] = value;
      return;
    }
    const next = segments[i + 1];
    if (typeof container[s] !== 'object' || container[s] === null) container[s] = typeof next === 'number' ? [] : {};
    here = container[s] as Json | unknown[];
  });
}

function getAt(root: unknown, segments: readonly Segment[]): unknown {
  let here: unknown = root;
  for (const s of segments) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string | number, unknown>)[s];
  }
  return here;
}

export type FormAction = { kind: 'save' } | { kind: 'add'; list: Segment[] } | { kind: 'remove'; item: Segment[] };

/** What the person pressed: save (also Enter in a field), or add/remove a row of a repeated group. */
export function actionOf(body: Json, schema: SchemaNode): FormAction {
  const raw = typeof body._action === 'string' ? body._action : '';
  const [kind, path] = [raw.slice(0, raw.indexOf(':')), raw.slice(raw.indexOf(':') + 1)];
  const segments = parsePath(path);
  if (kind === 'add' && segments && schemaAt(schema, segments)?.type === 'array') return { kind: 'add', list: segments };
  if (kind === 'remove' && segments && typeof segments[segments.length - 1] === 'number' && schemaAt(schema, segments))
    return { kind: 'remove', item: segments };
  return { kind: 'save' };
}

/**
 * The form's fields as a notice, as typed (empty fields kept, so a row just added stays on the page);
 * `_item` markers keep a row whose fields are all empty, `_list` markers a list without rows. Fields the schema does not have are ignored.
 */
export function parseNoticeForm(body: Json, schema: SchemaNode): Json {
  const notice: Json = {};
  const marked = (name: string) =>
    (Array.isArray(body[name]) ? (body[name] as unknown[]) : [body[name]]).filter((v): v is string => typeof v === 'string');
  for (const list of marked('_list')) {
    const segments = parsePath(list);
    if (segments && schemaAt(schema, segments)?.type === 'array' && getAt(notice, segments) === undefined) setAt(notice, segments, []);
  }
  for (const item of marked('_item')) {
    const segments = parsePath(item);
    if (
      segments &&
      typeof segments[segments.length - 1] === 'number' &&
      schemaAt(schema, segments) &&
      getAt(notice, segments) === undefined
    )
      setAt(notice, segments, {});
  }
  for (const [name, raw] of Object.entries(body)) {
    if (name.startsWith('_')) continue;
    const segments = parsePath(name);
    const node = segments && schemaAt(schema, segments);
    if (!segments || !node || NOT_EDITED.has(String(segments[0]))) continue;
    setAt(notice, segments, coerce(node, raw));
  }
  return compact(notice) as Json;
}

/** Arrays without holes (a row removed, or numbered with gaps by a crafted form). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

/** Adds an empty row to a list, or removes one. */
export function applyAction(notice: Json, action: FormAction): Json {
  if (action.kind === 'add') {
    const list = getAt(notice, action.list);
    if (Array.isArray(list)) {
      if (list.length < MAX_ITEMS) list.push({});
    } else setAt(notice, action.list, [{}]);
  } else if (action.kind === 'remove') {
    const list = getAt(notice, action.item.slice(0, -1));
    const index = action.item[action.item.length - 1] as number;
    if (Array.isArray(list) && index < list.length) list.splice(index, 1);
  }
  return notice;
}

/**
 * The notice to save: what was left empty is left out (an empty text, a row with nothing in it), so the
 * service names what is missing rather than what is blank; except a list the notice must have that may
 * be empty (its recipients: none), which is kept as an empty list.
 */
export function forSaving(value: unknown, node?: SchemaNode): unknown {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (Array.isArray(value)) {
    const kept = value.map((v) => forSaving(v, node?.items)).filter((v) => v !== undefined);
    return kept.length ? kept : undefined;
  }
  if (isObject(value)) {
    const props = node ? propertiesOf(node) : undefined;
    const required = new Set(node?.required ?? []);
    const kept = Object.entries(value)
      .map(([k, v]) => {
        const child = props && Object.hasOwn(props, k) ? props[k] : undefined;
        const saved = forSaving(v, child);
        const mayBeEmpty = Array.isArray(v) && child?.type === 'array' && !child.minItems && required.has(k);
        return [k, saved === undefined && mayBeEmpty ? [] : saved] as const;
      })
      .filter(([, v]) => v !== undefined);
    return kept.length ? Object.fromEntries(kept) : undefined;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/** The service's problems, by field path (`errors: [{ field, messages }]` of an RFC 9457 body). */
export type FieldErrors = Map<string, string[]>;

export function fieldErrors(problem: unknown): FieldErrors {
  const errors: FieldErrors = new Map();
  const list = isObject(problem) && Array.isArray(problem.errors) ? problem.errors : [];
  for (const e of list) {
    if (!isObject(e) || typeof e.field !== 'string') continue;
    const messages = Array.isArray(e.messages) ? e.messages.filter((m): m is string => typeof m === 'string') : [];
    errors.set(e.field, [...(errors.get(e.field) ?? []), ...messages]);
  }
  return errors;
}

/** The id of a field's input: its path with the punctuation made dashes. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

interface RenderContext {
  lang: Lang;
  errors: FieldErrors;
  /** The language the service's messages are in (marked on them, as the page may be in the other). */
  messagesLang: Lang;
  /** The notice's own data-category codes (its customDataCategories), offered beside the code list. */
  customCodes: string[];
  /** Codes the notice lists in dataCategories: a legal-basis group chooses among them. */
  categoryCodes: string[];
  /** Ids of the notice's dataSubjectCategories, and of its legal-basis groups. */
  subjectIds: string[];
  groupIds: string[];
  /** Fields that have an input on the page (for the error summary's links). */
  rendered: Set<string>;
}

const has = (id: string) => Object.hasOwn(MESSAGES, id);
/** A noun inside a sentence ("Lägg till personuppgiftskategori"); a name in capitals (IMY) stays. */
const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);
const tr = (ctx: RenderContext, id: string, values?: Record<string, string | number>) => translate(ctx.lang, id, values);

/** A field's label: by its list and name where the same name means something else there (`bases.code`), else by its name. */
function labelOf(ctx: RenderContext, key: string, parent: string): string {
  for (const id of [`notices.f.${parent}.${key}`, `notices.f.${key}`]) if (has(id)) return tr(ctx, id);
  return key;
}

function helpOf(ctx: RenderContext, key: string, parent: string): string | undefined {
  for (const id of [`notices.h.${parent}.${key}`, `notices.h.${key}`]) if (has(id)) return tr(ctx, id);
  return undefined;
}

/** A choice's text: the code list's name of a data category, the words for a legal basis or a kind; else the code. */
function optionLabel(ctx: RenderContext, value: string): string {
  for (const id of [`notices.category.${value}`, `notices.enum.${value}`]) if (has(id)) return `${tr(ctx, id)}`;
  return value;
}

function errorsHtml(ctx: RenderContext, path: string): { html: string; ids: string[] } {
  const messages = ctx.errors.get(path) ?? [];
  if (!messages.length) return { html: '', ids: [] };
  const id = `${fieldId(path)}-error`;
  return {
    html: `<p class="field-error" id="${id}"><span class="sr-only">${esc(tr(ctx, 'notices.form.errorPrefix'))} </span><span lang="${ctx.messagesLang}">${messages.map(esc).join(' ')}</span></p>`,
    ids: [id],
  };
}

function describedBy(ids: string[]): string {
  return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
}

function choicesFor(ctx: RenderContext, key: string, parent: string, node: SchemaNode, current: unknown[]): string[] {
  let values: string[];
  if (parent === 'legalBasisGroups' && key === 'dataCategories') values = ctx.categoryCodes;
  else if (parent === 'legalBasisGroups' && key === 'dataSubjects') values = ctx.subjectIds;
  else if (key === 'groupId') values = ctx.groupIds;
  else if (node.enum) values = node.enum.map(String);
  else {
    const listed = node.anyOf?.find((n) => n.enum)?.enum?.map(String) ?? [];
    values = [...listed, ...ctx.customCodes];
  }
  const extra = current.filter((v): v is string => typeof v === 'string' && v !== '' && !values.includes(v));
  return [...values, ...extra];
}

/** One field (and, for an object or a list, the fields inside it), as HTML. `parent` is the name of the list or object it sits in. */
function fieldHtml(
  ctx: RenderContext,
  node: SchemaNode,
  segments: Segment[],
  key: string,
  parent: string,
  required: boolean,
  value: unknown,
): string {
  const path = pathOf(segments);
  const id = fieldId(path);
  ctx.rendered.add(path);
  const label = labelOf(ctx, key, parent);
  const help = helpOf(ctx, key, parent);
  const helpId = `${id}-hint`;
  const err = errorsHtml(ctx, path);
  const mark = required ? ` <span class="required">(${esc(tr(ctx, 'notices.form.required'))})</span>` : '';
  const hint = help ? `<p class="hint" id="${helpId}">${esc(help)}</p>` : '';
  const describe = [...(help ? [helpId] : []), ...err.ids];
  const invalid = err.ids.length ? ' aria-invalid="true"' : '';

  const props = propertiesOf(node);
  if (props && node.type !== 'array') {
    const obj = isObject(value) ? value : {};
    const required = new Set(node.required ?? []);
    const short = SHORT_TEXTS.has(key) || SHORT_TEXTS.has(parent);
    const cls = isLocalised(node) ? 'notice-fieldset notice-fieldset--text' : 'notice-fieldset';
    const inner = Object.entries(props)
      .filter(([k]) => !(segments.length === 0 && NOT_EDITED.has(k)))
      .map(([k, child]) =>
        isLocalised(node)
          ? textHtml(ctx, [...segments, k], k === 'sv' ? 'sv' : 'en', required.has(k), obj[k], short)
          : fieldHtml(ctx, child, [...segments, k], k, key, required.has(k), obj[k]),
      )
      .join('\n');
    return `<fieldset class="${cls}" id="${id}"${describedBy(describe)}><legend class="notice-legend">${esc(label)}${mark}</legend>${hint}${err.html}${inner}</fieldset>`;
  }

  if (node.type === 'array' && node.items && (propertiesOf(node.items) || node.items.type === 'object')) {
    const items = Array.isArray(value) ? value : [];
    const noun = has(`notices.noun.${key}`) ? tr(ctx, `notices.noun.${key}`) : label;
    const rows = items
      .map((item, i) => {
        const itemSegments = [...segments, i];
        const itemPath = pathOf(itemSegments);
        ctx.rendered.add(itemPath);
        const itemErr = errorsHtml(ctx, itemPath);
        const heading = `${noun} ${i + 1}`;
        const body = isLocalised(node.items!)
          ? ['sv', 'en']
              .map((k) =>
                textHtml(ctx, [...itemSegments, k], k as Lang, k === 'sv', isObject(item) ? item[k] : undefined, SHORT_TEXTS.has(key)),
              )
              .join('\n')
          : Object.entries(propertiesOf(node.items!) ?? {})
              .map(([k, child]) =>
                fieldHtml(
                  ctx,
                  child,
                  [...itemSegments, k],
                  k,
                  key,
                  (node.items!.required ?? []).includes(k),
                  isObject(item) ? item[k] : undefined,
                ),
              )
              .join('\n');
        return (
          `<li class="notice-row"><fieldset class="notice-fieldset notice-fieldset--row" id="${fieldId(itemPath)}"${describedBy(itemErr.ids)}>` +
          `<legend class="notice-legend notice-legend--row">${esc(heading)}</legend>${itemErr.html}` +
          `<input type="hidden" name="_item" value="${esc(itemPath)}">${body}` +
          `<button type="submit" class="button button--secondary button--small notice-row__remove" name="_action" value="remove:${esc(itemPath)}">${esc(tr(ctx, 'notices.form.remove', { what: lowerFirst(heading) }))}</button>` +
          `</fieldset></li>`
        );
      })
      .join('\n');
    const empty = items.length ? '' : `<p class="notice-empty">${esc(tr(ctx, 'notices.form.noRows'))}</p>`;
    return (
      `<fieldset class="notice-fieldset notice-fieldset--list" id="${id}"${describedBy(describe)}><legend class="notice-legend">${esc(label)}${mark}</legend>${hint}${err.html}` +
      `<input type="hidden" name="_list" value="${esc(path)}">` +
      `${empty}<ol class="notice-rows">${rows}</ol>` +
      `<button type="submit" class="button button--secondary button--small" name="_action" value="add:${esc(path)}">${esc(tr(ctx, 'notices.form.add', { what: lowerFirst(noun) }))}</button></fieldset>`
    );
  }

  const current = Array.isArray(value) ? value : [value];
  const multi = isChoiceList(node) || (parent === 'legalBasisGroups' && (key === 'dataCategories' || key === 'dataSubjects'));
  if (multi) {
    const options = choicesFor(ctx, key, parent, node.items ?? node, current);
    const boxes = options
      .map((o, i) => {
        const oid = `${id}-${i}`;
        return `<div class="choice"><input type="checkbox" id="${oid}" name="${esc(path)}" value="${esc(o)}"${current.includes(o) ? ' checked' : ''}><label for="${oid}">${esc(optionLabel(ctx, o))}${optionLabel(ctx, o) !== o ? ` <span class="meta">(${esc(o)})</span>` : ''}</label></div>`;
      })
      .join('');
    const none = options.length ? '' : `<p class="notice-empty">${esc(tr(ctx, 'notices.form.noChoices'))}</p>`;
    return `<fieldset class="notice-fieldset notice-fieldset--choices" id="${id}"${describedBy(describe)}${invalid}><legend class="notice-legend notice-legend--field">${esc(label)}${mark}</legend>${hint}${err.html}${none}${boxes}</fieldset>`;
  }

  const short = node.type === 'integer' || SHORT_FIELDS.has(key);
  const open = `<div class="form-field notice-field${short ? ' notice-field--short' : ''}"><label class="label" for="${id}">${esc(label)}${mark}</label>${hint}${err.html}`;
  if (isStringList(node)) {
    const lines = current.filter((v): v is string => typeof v === 'string').join('\n');
    return `${open}<textarea class="textarea-field__input notice-textarea" id="${id}" name="${esc(path)}" rows="3"${describedBy(describe)}${invalid}>${esc(lines)}</textarea></div>`;
  }
  if (node.enum || node.anyOf?.some((n) => n.enum) || key === 'groupId') {
    const options = choicesFor(ctx, key, parent, node, current);
    const chosen = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    const opts = [`<option value="">${esc(tr(ctx, 'notices.form.choose'))}</option>`]
      .concat(
        options.map(
          (o) =>
            `<option value="${esc(o)}"${o === chosen ? ' selected' : ''}>${esc(optionLabel(ctx, o))}${optionLabel(ctx, o) !== o ? ` (${esc(o)})` : ''}</option>`,
        ),
      )
      .join('');
    return `${open}<select class="select notice-select" id="${id}" name="${esc(path)}"${describedBy(describe)}${invalid}>${opts}</select></div>`;
  }
  if (node.type === 'boolean') {
    const chosen = value === true ? 'true' : value === false ? 'false' : '';
    const opts = [
      ['', 'notices.form.notStated'],
      ['true', 'notices.form.yes'],
      ['false', 'notices.form.no'],
    ]
      .map(([v, t]) => `<option value="${v}"${v === chosen ? ' selected' : ''}>${esc(tr(ctx, t!))}</option>`)
      .join('');
    return `${open}<select class="select notice-select" id="${id}" name="${esc(path)}"${describedBy(describe)}${invalid}>${opts}</select></div>`;
  }
  const numeric = node.type === 'integer' ? ' inputmode="numeric"' : '';
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const width = short ? ' notice-input--short' : '';
  return `${open}<input type="text" class="text-field__input notice-input${width}" id="${id}" name="${esc(path)}" value="${esc(text)}"${numeric}${describedBy(describe)}${invalid}></div>`;
}

/** One language of a localised text: an input for a name or title, a text area for a paragraph. */
function textHtml(ctx: RenderContext, segments: Segment[], lang: Lang, required: boolean, value: unknown, short: boolean): string {
  const path = pathOf(segments);
  const id = fieldId(path);
  ctx.rendered.add(path);
  const err = errorsHtml(ctx, path);
  const label = tr(ctx, `notices.form.lang.${lang}`);
  const mark = required ? ` <span class="required">(${esc(tr(ctx, 'notices.form.required'))})</span>` : '';
  const text = typeof value === 'string' ? value : '';
  const attrs = `id="${id}" name="${esc(path)}" lang="${lang}"${describedBy(err.ids)}${err.ids.length ? ' aria-invalid="true"' : ''}`;
  const input = short
    ? `<input type="text" class="text-field__input notice-input" ${attrs} value="${esc(text)}">`
    : `<textarea class="textarea-field__input notice-textarea" rows="3" ${attrs}>${esc(text)}</textarea>`;
  return `<div class="form-field notice-field notice-field--lang"><label class="label" for="${id}">${esc(label)}${mark}</label>${err.html}${input}</div>`;
}

const strings = (list: unknown, key: string): string[] =>
  (Array.isArray(list) ? list : [])
    .map((i) => (isObject(i) ? i[key] : undefined))
    .filter((v): v is string => typeof v === 'string' && v !== '');

/** A field's path in words for the error summary: `legalBasisGroups[0].bases[1].code` → "Rättsliga grunder, per sammanhang 1 › Rättslig grund 2 › Rättslig grund". */
function pathLabel(ctx: RenderContext, field: string): string {
  const segments = parsePath(field);
  if (!segments) return field || tr(ctx, 'notices.form.wholeNotice');
  const words: string[] = [];
  segments.forEach((s, i) => {
    const parent = i > 0 ? segments[i - 1] : '';
    if (typeof s === 'number') {
      const list = String(parent);
      const noun = has(`notices.noun.${list}`) ? tr(ctx, `notices.noun.${list}`) : (words.pop() ?? list);
      words.push(`${noun} ${s + 1}`);
      if (has(`notices.noun.${list}`)) words.splice(words.length - 2, 1);
    } else if (s === 'sv' || s === 'en') words.push(tr(ctx, `notices.form.lang.${s}`));
    else words.push(labelOf(ctx, s, typeof parent === 'number' ? String(segments[i - 2] ?? '') : String(parent)));
  });
  return words.join(' › ');
}

/** A section of the form: one top-level field of the notice, with its anchor for the form's table of contents. */
export interface FormSection {
  key: string;
  id: string;
  label: string;
  html: string;
  hasErrors: boolean;
}

/**
 * The notice's form as sections (one per top-level field, in the schema's order), and the service's
 * problems as the error summary's lines: each with the id of the input it is about (or of the nearest
 * field shown, for a problem about a row or a group), and its message. `messagesLang` is the language
 * the service wrote them in (it answers in the page's language when asked; English otherwise).
 */
export function renderNoticeForm(
  schema: SchemaNode,
  notice: Json,
  lang: Lang,
  errors: FieldErrors,
  messagesLang: Lang = 'en',
): { sections: FormSection[]; summary: { href: string; label: string; text: string }[]; hrefOf: (field: string) => string } {
  const ctx: RenderContext = {
    lang,
    errors,
    messagesLang,
    customCodes: strings(notice.customDataCategories, 'code'),
    categoryCodes: strings(notice.dataCategories, 'code'),
    subjectIds: strings(notice.dataSubjectCategories, 'id'),
    groupIds: strings(notice.legalBasisGroups, 'id'),
    rendered: new Set(),
  };
  const required = new Set(schema.required ?? []);
  const sections = Object.entries(schema.properties ?? {})
    .filter(([k]) => !NOT_EDITED.has(k))
    .map(([k, node]) => {
      const html = fieldHtml(ctx, node, [k], k, '', required.has(k), notice[k]);
      const hasErrors = [...errors.keys()].some((f) => f === k || f.startsWith(`${k}.`) || f.startsWith(`${k}[`));
      return { key: k, id: fieldId(k), label: labelOf(ctx, k, ''), html, hasErrors };
    });
  // The nearest field on the page: the path itself, or the row or group it is in.
  const hrefOf = (field: string) => {
    let shown = parsePath(field) ?? [];
    while (shown.length && !ctx.rendered.has(pathOf(shown))) shown = shown.slice(0, -1);
    return shown.length ? `#${fieldId(pathOf(shown))}` : '#notice-form';
  };
  const summary = [...errors.entries()].flatMap(([field, messages]) =>
    messages.map((text) => ({ href: hrefOf(field), label: pathLabel(ctx, field), text })),
  );
  return { sections, summary, hrefOf };
}
