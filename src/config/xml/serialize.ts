/**
 * Serializer: the tree back to text, escaping canonically. Whatever the source used (`&#62;`,
 * `&gt;` or a bare `>`), text is written with `&amp; &lt; &gt;` escaped and attribute values with
 * `&amp; &lt;` and their own quote character escaped; tab, newline and carriage return inside
 * attributes become character references so a re-parse does not normalize them to spaces. Hence the
 * first round trip is semantically equal and every later one is byte-identical.
 *
 * Speed: one output string grown with `+=` (V8 builds it as a rope); start tags and escaped text
 * are cached on their nodes (the parser fills the caches from the source when it is already in
 * canonical form), so serializing an unedited document is mostly concatenation of ready pieces.
 */
import type { XmlDocument, XmlElement, XmlNode, XmlPrologNode } from './nodes.js';

export function serializeDocument(doc: XmlDocument): string {
  let out = '';
  for (const c of doc.children) out += writeAny(c);
  return out;
}

export function serializeNode(node: XmlNode): string {
  return writeAny(node);
}

function writeAny(node: XmlNode | XmlPrologNode): string {
  switch (node.kind) {
    case 'element':
      return writeElement(node, '');
    case 'text':
      return node._escaped ?? (node._escaped = escapeText(node.value));
    case 'cdata':
      return writeCData(node.value);
    case 'comment':
      return '<!--' + node.value + '-->';
    case 'pi':
      return node.data === '' ? '<?' + node.target + '?>' : '<?' + node.target + ' ' + node.data + '?>';
    case 'declaration':
      return '<?xml' + node.raw + '?>';
    case 'doctype':
      return '<!DOCTYPE' + node.raw + '>';
  }
}

function writeElement(e: XmlElement, out: string): string {
  out += e._open ?? startTag(e);
  const kids = e.children;
  const n = kids.length;
  if (n === 0) return out + '/>';
  out += '>';
  for (let i = 0; i < n; i++) {
    const c = kids[i];
    if (c.kind === 'element') out = writeElement(c, out);
    else if (c.kind === 'text') out += c._escaped ?? (c._escaped = escapeText(c.value));
    else out += writeAny(c);
  }
  return out + '</' + e.name + '>';
}

/** `<name a="1" b='2'` (no closing bracket), cached on the element until an attribute changes. */
function startTag(e: XmlElement): string {
  let s = '<' + e.name;
  const attrs = e.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    s += ' ' + a.name + '=' + a.quote + escapeAttr(a.value, a.quote) + a.quote;
  }
  e._open = s;
  return s;
}

/** Escapes `& < >` in text; returns the input itself when there is nothing to escape. */
export function escapeText(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x0d) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let from = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0x0d) rep = '&#13;'; // a bare CR would be folded into a newline on re-parse
    else continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return out + s.slice(from);
}

/** Escapes an attribute value for the given quote character. */
export function escapeAttr(s: string, quote: '"' | "'"): string {
  const q = quote === '"' ? 0x22 : 0x27;
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x26 || c === 0x3c || c === q || c < 0x20) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let from = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === q) rep = q === 0x22 ? '&quot;' : '&apos;';
    else if (c === 0x09) rep = '&#9;';
    else if (c === 0x0a) rep = '&#10;';
    else if (c === 0x0d) rep = '&#13;';
    else continue;
    out += s.slice(from, i) + rep;
    from = i + 1;
  }
  return out + s.slice(from);
}

/** CDATA cannot hold `]]>`; split the section around it so the text survives unchanged. */
function writeCData(value: string): string {
  return '<![CDATA[' + value.split(']]>').join(']]]]><![CDATA[>') + ']]>';
}
