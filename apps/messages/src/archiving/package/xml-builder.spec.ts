import { describe, expect, it } from '@jest/globals';

import { el, escapeXmlAttr, escapeXmlText, renderXmlDocument, unescapeXml } from './xml-builder.js';

describe('xml-builder', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe(`a&lt;b&gt;&amp;"c'`);
    expect(escapeXmlAttr(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXmlAttr('line\nbreak\ttab')).toBe('line&#10;break&#9;tab');
  });

  it('keeps non-BMP characters whole and replaces characters XML forbids', () => {
    expect(escapeXmlText('emoji 😀 𝄞')).toBe('emoji 😀 𝄞');
    expect(escapeXmlText('bell\u0007 lone\uD800 nonchar\uFFFE')).toBe('bell\uFFFD lone\uFFFD nonchar\uFFFD');
  });

  it('round-trips attribute values through unescapeXml', () => {
    const value = `Nämnd <&"'> 😀\n&amp;`;
    expect(unescapeXml(escapeXmlAttr(value))).toBe(value);
  });

  it('renders a deterministic document, leaving out undefined attributes', () => {
    const doc = renderXmlDocument(el('a:root', { 'xmlns:a': 'urn:x', B: 1, C: undefined }, [el('a:child', {}, ['x & y']), el('a:empty')]));
    expect(doc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a:root xmlns:a="urn:x" B="1">\n  <a:child>x &amp; y</a:child>\n  <a:empty/>\n</a:root>\n',
    );
  });

  it('refuses invalid element and attribute names', () => {
    expect(() => el('a b')).toThrow(/invalid XML name/);
    expect(() => renderXmlDocument(el('a', { 'x"y': '1' }))).toThrow(/invalid XML attribute name/);
  });
});
