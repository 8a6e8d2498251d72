/**
 * A tiny XML writer for the METS files we generate: elements, attributes and text, all escaped. Attribute
 * order is the order given, so output is deterministic. Characters XML 1.0 forbids (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) become U+FFFD rather than producing a file no parser accepts;
 * non-BMP characters (emoji, rare CJK) pass through unchanged as UTF-8.
 */

export type XmlAttrs = Readonly<Record<string, string | number | undefined>>;

export interface XmlElement {
  readonly name: string;
  readonly attrs: XmlAttrs;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

/** An element; attributes whose value is `undefined` are left out. */
export function el(name: string, attrs: XmlAttrs = {}, children: readonly XmlNode[] = []): XmlElement {
  if (!XML_NAME.test(name)) throw new Error(`invalid XML name: ${name}`);
  return { name, attrs, children };
}

/** Serialises with an XML declaration, two-space indentation and a final newline. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}

// Qualified names as we use them: ASCII letters, digits, `_`, `-`, `.`, one optional prefix.
const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

// Everything outside XML 1.0's Char production. The `u` flag makes surrogate pairs one code point, so
// only lone surrogates match.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function sanitizeXmlChars(value: string): string {
  return value.replace(INVALID_XML_CHARS, '\uFFFD');
}

export function escapeXmlText(value: string): string {
  return sanitizeXmlChars(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes for a double-quoted attribute; tabs and line breaks become references so they survive normalisation. */
export function escapeXmlAttr(value: string): string {
  return sanitizeXmlChars(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** The inverse of the escapes above, plus numeric references; for reading our own METS back. */
export function unescapeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#x[0-9A-Fa-f]+|#[0-9]+);/g, (_match, ref: string) => {
    switch (ref) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    }
  });
}

function render(node: XmlElement, indent: string): string {
  let attrs = '';
  for (const [key, value] of Object.entries(node.attrs)) {
    if (value === undefined) continue;
    if (!XML_NAME.test(key)) throw new Error(`invalid XML attribute name: ${key}`);
    attrs += ` ${key}="${escapeXmlAttr(String(value))}"`;
  }
  if (node.children.length === 0) return `${indent}<${node.name}${attrs}/>`;
  if (node.children.every((child) => typeof child === 'string')) {
    return `${indent}<${node.name}${attrs}>${node.children.map((text) => escapeXmlText(text)).join('')}</${node.name}>`;
  }
  const inner = node.children
    .map((child) => (typeof child === 'string' ? `${indent}  ${escapeXmlText(child)}` : render(child, `${indent}  `)))
    .join('\n');
  return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
}
