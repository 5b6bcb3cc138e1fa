/**
 * Our XML parser: one pass over the string with charCodeAt, building the lossless tree of nodes.ts.
 *
 * What it keeps and what it refuses:
 * - keeps element order, attributes in order with their quote character, prefixed names, comments,
 *   processing instructions, CDATA, the XML declaration, a doctype and all whitespace text;
 * - decodes the five predefined entities and numeric character references into text values;
 * - refuses any other entity reference, and any doctype whose internal subset declares entities or
 *   uses parameter entities: nothing is ever expanded or fetched, so entity bombs and external
 *   entities cannot reach us;
 * - reports malformed input as ConfigError MALFORMED_XML with line, column and the element path.
 *
 * Speed: native indexOf finds the end of text runs, comments and attribute values; the positions of
 * the next `&` and carriage return are cached so text without references is a plain slice.
 */
import { ConfigError } from '../errors.js';
import {
  XmlAttribute,
  XmlCData,
  XmlComment,
  XmlDeclaration,
  XmlDoctype,
  XmlDocument,
  XmlElement,
  XmlProcessingInstruction,
  XmlText,
  type Quote,
} from './nodes.js';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQ = 0x3d;
const AMP = 0x26;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/**
 * Deepest element nesting accepted (libxml2's default limit too). libvirt documents are a few
 * levels deep; the limit keeps recursive consumers (serializer, clone) far from stack overflow.
 */
export const MAX_DEPTH = 256;

export function parseXml(source: string): XmlDocument {
  return new Parser(source).parse();
}

class Parser {
  private readonly src: string;
  private pos = 0;
  private readonly doc = new XmlDocument();
  /** Open elements; the last one receives new children. */
  private readonly stack: XmlElement[] = [];
  /** Cached position of the next `&` / CR at or after pos (src.length when none). */
  private nextAmp = -1;
  private nextCR = -1;

  constructor(source: string) {
    // A byte order mark is encoding, not content.
    this.src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  }

  parse(): XmlDocument {
    const src = this.src;
    const n = src.length;
    let sawRoot = false;
    if (src.startsWith('<?xml', 0) && isSpace(src.charCodeAt(5))) this.parseDeclaration();
    while (this.pos < n) {
      const i = this.pos;
      if (src.charCodeAt(i) !== LT) {
        this.parseText();
        continue;
      }
      const c1 = src.charCodeAt(i + 1);
      if (c1 === SLASH) this.parseEndTag();
      else if (c1 === BANG) this.parseBang();
      else if (c1 === QUESTION) this.parsePI();
      else {
        if (this.stack.length === 0) {
          if (sawRoot) this.fail('content after the root element', i);
          sawRoot = true;
        }
        this.parseStartTag();
      }
    }
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.fail(`element <${open.name}> is not closed`, n);
    }
    if (!sawRoot) this.fail('no root element', n);
    return this.doc;
  }

  // ---- pieces ---------------------------------------------------------------------------------

  private append(node: XmlElement | XmlText | XmlCData | XmlComment | XmlProcessingInstruction): void {
    const top = this.stack.length === 0 ? this.doc : this.stack[this.stack.length - 1];
    node.parent = top;
    top.children.push(node);
  }

  private parseDeclaration(): void {
    const end = this.src.indexOf('?>', 5);
    if (end < 0) this.fail('unterminated XML declaration', 0);
    const decl = new XmlDeclaration(this.src.slice(5, end));
    decl.parent = this.doc;
    this.doc.children.push(decl);
    this.pos = end + 2;
  }

  private parseText(): void {
    const src = this.src;
    const start = this.pos;
    let end = src.indexOf('<', start);
    if (end < 0) end = src.length;
    this.pos = end;
    if (this.nextAmp < start) this.nextAmp = indexOrEnd(src, '&', start);
    if (this.nextCR < start) this.nextCR = indexOrEnd(src, '\r', start);
    const gt = src.indexOf('>', start);
    const hasGt = gt >= 0 && gt < end;
    if (hasGt) {
      const bad = src.slice(start, end).indexOf(']]>');
      if (bad >= 0) this.fail("']]>' is not allowed in text", start + bad);
    }
    let node: XmlText;
    if (this.nextAmp < end || this.nextCR < end) node = new XmlText(this.decode(start, end, false));
    else {
      const raw = src.slice(start, end);
      // Without references, CR or '>', the source already is the canonical escaped form.
      node = new XmlText(raw, hasGt ? undefined : raw);
    }
    if (this.stack.length === 0) {
      if (!isAllSpace(node.value)) this.fail('text outside the root element', start);
      node.parent = this.doc;
      this.doc.children.push(node);
      return;
    }
    this.append(node);
  }

  private parseStartTag(): void {
    const src = this.src;
    const tagStart = this.pos;
    const nameStart = tagStart + 1;
    const nameEnd = this.scanName(nameStart);
    const el = new XmlElement(src.slice(nameStart, nameEnd));
    const attrs = el._attrs;
    // Is the tag written exactly as the serializer would write it? Then it is cached as is.
    let canonical = true;
    let i = nameEnd;
    for (;;) {
      const spaceStart = i;
      while (isSpace(src.charCodeAt(i))) i++;
      const c = src.charCodeAt(i);
      if (c === GT || c === SLASH) {
        if (c === SLASH && src.charCodeAt(i + 1) !== GT) this.fail("expected '>' after '/'", i + 1, el);
        if (canonical && i === spaceStart) el._open = src.slice(tagStart, i);
        this.append(el);
        if (c === GT) {
          if (this.stack.length >= MAX_DEPTH) {
            throw new ConfigError('UNSAFE_XML', `elements nest deeper than ${MAX_DEPTH} levels`, this.where(tagStart, el));
          }
          this.stack.push(el);
          this.pos = i + 1;
        } else this.pos = i + 2;
        return;
      }
      if (i >= src.length) this.fail(`unterminated start tag <${el.name}>`, i, el);
      if (i === spaceStart) this.fail('expected whitespace between attributes', i, el);
      if (i !== spaceStart + 1 || src.charCodeAt(spaceStart) !== 0x20) canonical = false;
      // attribute
      const an = i;
      const anEnd = this.scanName(an, el);
      const name = src.slice(an, anEnd);
      i = anEnd;
      while (isSpace(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) !== EQ) this.fail(`expected '=' after attribute ${name}`, i, el);
      if (i !== anEnd) canonical = false;
      i++;
      const afterEq = i;
      while (isSpace(src.charCodeAt(i))) i++;
      if (i !== afterEq) canonical = false;
      const q = src.charCodeAt(i);
      if (q !== DQUOTE && q !== SQUOTE) this.fail(`attribute ${name} value must be quoted`, i, el);
      const vStart = i + 1;
      const vEnd = src.indexOf(q === DQUOTE ? '"' : "'", vStart);
      if (vEnd < 0) this.fail(`unterminated value of attribute ${name}`, i, el);
      let value: string | undefined;
      for (let k = vStart; k < vEnd; k++) {
        const ch = src.charCodeAt(k);
        if (ch === LT) this.fail("'<' is not allowed in attribute values", k, el);
        if (ch === AMP || ch === 0x09 || ch === 0x0a || ch === 0x0d) {
          value = this.decode(vStart, vEnd, true, el);
          canonical = false;
          break;
        }
      }
      if (value === undefined) value = src.slice(vStart, vEnd);
      for (let k = 0; k < attrs.length; k++) if (attrs[k].name === name) this.fail(`duplicate attribute ${name}`, an, el);
      attrs.push(new XmlAttribute(name, value, q === DQUOTE ? '"' : ("'" as Quote)));
      i = vEnd + 1;
    }
  }

  private parseEndTag(): void {
    const src = this.src;
    const top = this.stack[this.stack.length - 1];
    const at = this.pos;
    if (!top) this.fail('end tag without a start tag', at);
    const name = top.name;
    let i = at + 2;
    if (!src.startsWith(name, i) || isNameChar(src.charCodeAt(i + name.length))) {
      const end = this.scanName(i, top);
      this.fail(`end tag </${src.slice(i, end)}> does not match <${name}>`, at, top);
    }
    i += name.length;
    while (isSpace(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) !== GT) this.fail(`expected '>' to close </${name}`, i, top);
    this.stack.pop();
    this.pos = i + 1;
  }

  private parseBang(): void {
    const src = this.src;
    const at = this.pos;
    if (src.startsWith('<!--', at)) {
      const end = src.indexOf('--', at + 4);
      if (end < 0) this.fail('unterminated comment', at);
      if (src.charCodeAt(end + 2) !== GT) this.fail("'--' is not allowed inside a comment", end);
      const c = new XmlComment(src.slice(at + 4, end));
      this.pos = end + 3;
      this.appendAnywhere(c);
      return;
    }
    if (src.startsWith('<![CDATA[', at)) {
      if (this.stack.length === 0) this.fail('CDATA outside the root element', at);
      const end = src.indexOf(']]>', at + 9);
      if (end < 0) this.fail('unterminated CDATA section', at);
      this.append(new XmlCData(src.slice(at + 9, end)));
      this.pos = end + 3;
      return;
    }
    if (src.startsWith('<!DOCTYPE', at)) {
      this.parseDoctype();
      return;
    }
    this.fail("unknown markup after '<!'", at);
  }

  private appendAnywhere(node: XmlComment | XmlProcessingInstruction): void {
    if (node instanceof XmlComment && node.value.includes('\r')) node.value = normalizeNewlines(node.value);
    this.append(node);
  }

  private parsePI(): void {
    const src = this.src;
    const at = this.pos;
    const nameEnd = this.scanName(at + 2);
    const target = src.slice(at + 2, nameEnd);
    if (target.toLowerCase() === 'xml') this.fail('XML declaration is only allowed at the very start', at);
    const end = src.indexOf('?>', nameEnd);
    if (end < 0) this.fail('unterminated processing instruction', at);
    let d = nameEnd;
    if (d < end && !isSpace(src.charCodeAt(d))) this.fail('expected whitespace after processing instruction target', d);
    while (d < end && isSpace(src.charCodeAt(d))) d++;
    const pi = new XmlProcessingInstruction(target, normalizeNewlines(src.slice(d, end)));
    this.pos = end + 2;
    this.appendAnywhere(pi);
  }

  /**
   * `<!DOCTYPE name [external id] [internal subset]>`. The doctype is kept as written, but an
   * internal subset that declares entities or uses parameter entities is refused outright: that is
   * where entity bombs and external entities come from, and we never expand either.
   */
  private parseDoctype(): void {
    const src = this.src;
    const at = this.pos;
    if (this.stack.length > 0 || this.doc.children.some((c) => c.kind === 'element' || c.kind === 'doctype')) {
      this.fail('DOCTYPE is only allowed once, before the root element', at);
    }
    let i = at + 9;
    if (!isSpace(src.charCodeAt(i))) this.fail("expected whitespace after '<!DOCTYPE'", i);
    let subsetStart = -1;
    for (;;) {
      if (i >= src.length) this.fail('unterminated DOCTYPE', at);
      const c = src.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        const close = src.indexOf(c === DQUOTE ? '"' : "'", i + 1);
        if (close < 0) this.fail('unterminated literal in DOCTYPE', i);
        i = close + 1;
      } else if (c === 0x5b /* [ */) {
        subsetStart = i;
        i = this.skipInternalSubset(i + 1);
      } else if (c === GT) {
        break;
      } else i++;
    }
    if (subsetStart >= 0) this.checkSubset(src.slice(subsetStart + 1, i), subsetStart + 1);
    const dt = new XmlDoctype(src.slice(at + 9, i));
    dt.parent = this.doc;
    this.doc.children.push(dt);
    this.pos = i + 1;
  }

  /** Returns the index just after the `]` that ends the internal subset. */
  private skipInternalSubset(from: number): number {
    const src = this.src;
    let i = from;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        const close = src.indexOf(c === DQUOTE ? '"' : "'", i + 1);
        if (close < 0) break;
        i = close + 1;
      } else if (src.startsWith('<!--', i)) {
        const close = src.indexOf('-->', i + 4);
        if (close < 0) break;
        i = close + 3;
      } else if (c === 0x5d /* ] */) {
        return i + 1;
      } else i++;
    }
    this.fail('unterminated DOCTYPE internal subset', from - 1);
  }

  private checkSubset(subset: string, offset: number): void {
    const ent = subset.indexOf('<!ENTITY');
    if (ent >= 0) {
      throw new ConfigError('UNSAFE_XML', 'DOCTYPE declares entities; entity declarations are refused (no expansion, no external entities)', this.where(offset + ent));
    }
    const pe = /%[A-Za-z_:]/.exec(subset.replace(/"[^"]*"|'[^']*'/g, (m) => ' '.repeat(m.length)));
    if (pe) {
      throw new ConfigError('UNSAFE_XML', 'DOCTYPE uses parameter entities; they are refused', this.where(offset + pe.index));
    }
  }

  // ---- scanning helpers -------------------------------------------------------------------

  /** Index just past an XML name starting at `start`; fails when there is none. */
  private scanName(start: number, el?: XmlElement): number {
    const src = this.src;
    if (!isNameStart(src.charCodeAt(start))) {
      this.fail(start >= src.length ? 'unexpected end of input' : `invalid name character '${src[start]}'`, start, el);
    }
    let i = start + 1;
    while (isNameChar(src.charCodeAt(i))) i++;
    return i;
  }

  /**
   * Decodes references in src[start, end) and normalizes line ends (CRLF and CR to LF); for
   * attribute values also tab/newline to space, as XML requires.
   */
  private decode(start: number, end: number, attr: boolean, el?: XmlElement): string {
    const src = this.src;
    let out = '';
    let from = start;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === AMP) {
        const semi = src.indexOf(';', i + 1);
        if (semi < 0 || semi >= end || semi - i > 12) this.fail("'&' must start an entity or character reference (write &amp;)", i, el);
        out += src.slice(from, i) + this.reference(src.slice(i + 1, semi), i, el);
        i = semi;
        from = semi + 1;
      } else if (c === 0x0d) {
        out += src.slice(from, i) + (attr ? ' ' : '\n');
        if (src.charCodeAt(i + 1) === 0x0a) i++;
        from = i + 1;
      } else if (attr && (c === 0x0a || c === 0x09)) {
        out += src.slice(from, i) + ' ';
        from = i + 1;
      } else if (attr && c === LT) {
        this.fail("'<' is not allowed in attribute values", i, el);
      }
    }
    return out + src.slice(from, end);
  }

  private reference(ref: string, at: number, el?: XmlElement): string {
    switch (ref) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    if (ref.charCodeAt(0) === 0x23 /* # */) {
      const hex = ref.charCodeAt(1) === 0x78; /* x */
      const digits = ref.slice(hex ? 2 : 1);
      const ok = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
      const cp = ok ? parseInt(digits, hex ? 16 : 10) : -1;
      if (!isXmlChar(cp)) this.fail(`invalid character reference &${ref};`, at, el);
      return String.fromCodePoint(cp);
    }
    this.fail(`undefined entity &${ref}; (only the five predefined entities and character references are allowed)`, at, el);
  }

  private where(offset: number, el?: XmlElement) {
    const { line, column } = lineColumn(this.src, offset);
    const top = el ?? this.stack[this.stack.length - 1];
    return { line, column, path: top ? top.path : '/' };
  }

  private fail(reason: string, offset: number, el?: XmlElement): never {
    throw new ConfigError('MALFORMED_XML', reason, this.where(offset, el));
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(offset, src.length);
  for (let i = src.indexOf('\n'); i >= 0 && i < stop; i = src.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function indexOrEnd(s: string, ch: string, from: number): number {
  const i = s.indexOf(ch, from);
  return i < 0 ? s.length : i;
}

function normalizeNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isAllSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c <= 0xfffd);
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}
