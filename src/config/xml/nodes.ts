/**
 * The node model of the lossless XML core.
 *
 * A parsed document keeps everything the text held: element order, attributes in order with their
 * quote character, prefixed names and `xmlns` attributes, comments, processing instructions, CDATA
 * sections, the XML declaration, the doctype and every whitespace text node. Typed views (view.ts)
 * read and edit this tree in place, so whatever they do not model survives a round trip.
 *
 * Edits that add or remove elements keep the document's indentation: a new element is placed on its
 * own line, indented one step deeper than its parent, the way libvirt formats its own output.
 */
import { ConfigError } from '../errors.js';
import { serializeDocument, serializeNode } from './serialize.js';

export type XmlNode = XmlElement | XmlText | XmlCData | XmlComment | XmlProcessingInstruction;
/** Nodes that may only sit at document level, outside the root element. */
export type XmlPrologNode = XmlDeclaration | XmlDoctype;
export type XmlParent = XmlElement | XmlDocument;
export type Quote = '"' | "'";

/** One attribute. Immutable: XmlElement.setAttribute replaces it, which keeps caches honest. */
export class XmlAttribute {
  constructor(
    readonly name: string,
    readonly value: string,
    /** The quote character the attribute was written with; kept so edits do not restyle a file. */
    readonly quote: Quote = '"',
    /**
     * True when no one chose the quote: the attribute was made in code on an element outside any
     * document. It takes the document's style when the element is put into one.
     */
    readonly auto: boolean = false,
  ) {}
}

export class XmlText {
  readonly kind = 'text' as const;
  parent: XmlParent | null = null;
  private _value: string;
  /**
   * @internal The escaped form, once known. The parser sets it to the source slice when the
   * source already is canonical (no references, no `>`), which makes serializing a plain copy.
   */
  _escaped: string | undefined;

  /** Decoded text: entity and character references are already replaced. */
  constructor(value: string, escaped?: string) {
    this._value = value;
    this._escaped = escaped;
  }
  get value(): string {
    return this._value;
  }
  set value(v: string) {
    this._value = v;
    this._escaped = undefined;
  }
  toXML(): string {
    return serializeNode(this);
  }
}

export class XmlCData {
  readonly kind = 'cdata' as const;
  parent: XmlParent | null = null;
  constructor(public value: string) {}
  toXML(): string {
    return serializeNode(this);
  }
}

export class XmlComment {
  readonly kind = 'comment' as const;
  parent: XmlParent | null = null;
  constructor(public value: string) {}
  toXML(): string {
    return serializeNode(this);
  }
}

export class XmlProcessingInstruction {
  readonly kind = 'pi' as const;
  parent: XmlParent | null = null;
  constructor(
    public target: string,
    /** Everything after the target and the whitespace that follows it. */
    public data: string,
  ) {}
  toXML(): string {
    return serializeNode(this);
  }
}

/** `<?xml version="1.0" ...?>`, kept verbatim (the part between `<?xml` and `?>`). */
export class XmlDeclaration {
  readonly kind = 'declaration' as const;
  parent: XmlDocument | null = null;
  constructor(public raw: string) {}
}

/** `<!DOCTYPE ...>` without entity declarations, kept verbatim (the part between `<!DOCTYPE` and `>`). */
export class XmlDoctype {
  readonly kind = 'doctype' as const;
  parent: XmlDocument | null = null;
  constructor(public raw: string) {}
}

/** Attribute values accepted by builders: numbers and booleans are written in their usual form. */
export type AttrInput = string | number | bigint | boolean | undefined | null;

export class XmlElement {
  readonly kind = 'element' as const;
  parent: XmlParent | null = null;
  children: XmlNode[] = [];
  /** @internal The attribute list; change it only through setAttribute/removeAttribute. */
  _attrs: XmlAttribute[] = [];
  /**
   * @internal Cached start tag without its closing `>` or `/>` (`<disk type='file'`), dropped
   * whenever an attribute changes. The parser fills it from the source when that is canonical.
   */
  _open: string | undefined = undefined;

  constructor(readonly name: string) {}

  /** Attributes in document order (read-only: edit with setAttribute / removeAttribute). */
  get attributes(): readonly XmlAttribute[] {
    return this._attrs;
  }

  // ---- attributes -------------------------------------------------------------------------

  getAttribute(name: string): string | undefined {
    const attrs = this._attrs;
    for (let i = 0; i < attrs.length; i++) if (attrs[i].name === name) return attrs[i].value;
    return undefined;
  }

  hasAttribute(name: string): boolean {
    return this.getAttribute(name) !== undefined;
  }

  /**
   * Sets in place when present (position and quote kept unless `quote` is given), appends
   * otherwise; undefined or null removes.
   */
  setAttribute(name: string, value: AttrInput, quote?: Quote): this {
    if (value === undefined || value === null) {
      this.removeAttribute(name);
      return this;
    }
    const text = String(value);
    const attrs = this._attrs;
    const i = attrs.findIndex((a) => a.name === name);
    if (i >= 0) {
      const old = attrs[i];
      if (old.value === text && (quote === undefined || quote === old.quote)) return this;
      attrs[i] = new XmlAttribute(name, text, quote ?? old.quote, quote === undefined && old.auto);
    } else if (quote !== undefined) {
      attrs.push(new XmlAttribute(name, text, quote));
    } else {
      // A new attribute follows the quote style around it (libvirt writes '), so an edit does
      // not mix styles in one file.
      const style = quoteStyleOf(this);
      attrs.push(style === undefined ? new XmlAttribute(name, text, '"', true) : new XmlAttribute(name, text, style));
    }
    this._open = undefined;
    return this;
  }

  removeAttribute(name: string): boolean {
    const i = this._attrs.findIndex((a) => a.name === name);
    if (i < 0) return false;
    this._attrs.splice(i, 1);
    this._open = undefined;
    return true;
  }

  // ---- navigation -------------------------------------------------------------------------

  /** Element children, in document order. */
  elements(name?: string): XmlElement[] {
    const out: XmlElement[] = [];
    for (const c of this.children) if (c.kind === 'element' && (name === undefined || c.name === name)) out.push(c);
    return out;
  }

  /** First element child with this name. */
  child(name: string): XmlElement | undefined {
    const kids = this.children;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (c.kind === 'element' && c.name === name) return c;
    }
    return undefined;
  }

  /** First element at a slash-separated relative path such as `devices/disk/source`. */
  find(path: string): XmlElement | undefined {
    if (!path.includes('/')) return path === '' || path === '.' ? this : this.child(path);
    let cur: XmlElement | undefined = this as XmlElement;
    for (const step of path.split('/')) {
      if (step === '' || step === '.') continue;
      cur = cur.child(step);
      if (!cur) return undefined;
    }
    return cur;
  }

  /** All elements at a slash-separated relative path, in document order. */
  findAll(path: string): XmlElement[] {
    let level: XmlElement[] = [this];
    for (const step of path.split('/')) {
      if (step === '' || step === '.') continue;
      const next: XmlElement[] = [];
      for (const e of level) for (const c of e.children) if (c.kind === 'element' && c.name === step) next.push(c);
      level = next;
    }
    return level;
  }

  /** The enclosing element, or undefined for the root or a detached element. */
  get parentElement(): XmlElement | undefined {
    return this.parent && this.parent.kind === 'element' ? this.parent : undefined;
  }

  /** The document this element belongs to, if it is attached to one. */
  get document(): XmlDocument | undefined {
    let e: XmlElement = this;
    while (e.parent && e.parent.kind === 'element') e = e.parent;
    const top = e.parent;
    return top && top.kind === 'document' ? top : undefined;
  }

  /**
   * Where this element sits, for error messages: `/domain/devices/disk[2]/target`. An index is
   * shown only when siblings share the name; it counts from 1 like XPath.
   */
  get path(): string {
    const steps: string[] = [];
    let e: XmlElement | undefined = this;
    while (e) {
      const p: XmlElement | undefined = e.parentElement;
      let step = e.name;
      if (p) {
        let index = 0;
        let count = 0;
        for (const c of p.children) {
          if (c.kind !== 'element' || c.name !== e.name) continue;
          count++;
          if (c === e) index = count;
        }
        if (count > 1) step += `[${index}]`;
      }
      steps.push(step);
      e = p;
    }
    return '/' + steps.reverse().join('/');
  }

  /** Namespace URI bound to a prefix here ('' for the default namespace), looking up the ancestors. */
  lookupNamespace(prefix: string): string | undefined {
    const attrName = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    for (let e: XmlElement | undefined = this; e; e = e.parentElement) {
      const v = e.getAttribute(attrName);
      if (v !== undefined) return v;
    }
    if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
    return undefined;
  }

  // ---- text -------------------------------------------------------------------------------

  /** Concatenated text and CDATA of the direct children (what a typed property means by "text"). */
  get text(): string {
    const kids = this.children;
    if (kids.length === 1) {
      const c = kids[0];
      if (c.kind === 'text' || c.kind === 'cdata') return c.value;
    }
    let s = '';
    for (const c of kids) if (c.kind === 'text' || c.kind === 'cdata') s += c.value;
    return s;
  }

  /** Replaces all children by one text node (an empty string leaves the element empty). */
  set text(value: string) {
    for (const c of this.children) c.parent = null;
    this.children = [];
    if (value !== '') this.appendChild(new XmlText(value));
  }

  // ---- raw structural edits (no formatting) -----------------------------------------------

  /** Inserts a node at an index of `children` (default: the end), detaching it from where it was. */
  insertChild(node: XmlNode, index: number = this.children.length): XmlNode {
    if (node.parent === this) {
      const old = this.children.indexOf(node);
      if (old >= 0 && old < index) index--;
    }
    adopt(this, node);
    this.children.splice(index, 0, node);
    return node;
  }

  appendChild<T extends XmlNode>(node: T): T {
    this.insertChild(node);
    return node;
  }

  // ---- formatted edits --------------------------------------------------------------------

  /**
   * Adds an element child where libvirt would expect it and indents it like its siblings.
   * Position: after the last sibling with the same name; otherwise, when `order` (element names
   * in schema order) is given, after the last sibling that comes earlier in that order or before
   * the first one that comes later; otherwise at the end.
   */
  addElement(child: XmlElement, order?: readonly string[]): XmlElement {
    const at = this.placementFor(child.name, order);
    insertFormatted(this, child, at);
    return child;
  }

  /** Adds an element child right before or after a given child (at the end when neither), indented. */
  placeElement(child: XmlElement, at: { before?: XmlElement; after?: XmlElement }): XmlElement {
    const ref = at.before ?? at.after;
    if (ref && ref.parent !== this) throw new ConfigError('INVALID_EDIT', `<${ref.name}> is not a child of this element`, { path: this.path });
    insertFormatted(this, child, at);
    return child;
  }

  /** The first child with this name, created (see addElement for where) when missing. */
  ensureChild(name: string, order?: readonly string[]): XmlElement {
    return this.child(name) ?? this.addElement(new XmlElement(name), order);
  }

  /** Removes a child element and the indentation that belonged to it. */
  removeElement(child: XmlElement): boolean {
    if (child.parent !== this) return false;
    removeFormatted(this, child);
    return true;
  }

  /** Removes every child element with this name; returns how many went. */
  removeChildren(name: string): number {
    const gone = this.elements(name);
    for (const c of gone) removeFormatted(this, c);
    return gone.length;
  }

  /** Removes this element from its parent (with its indentation). */
  remove(): void {
    const p = this.parent;
    if (p && p.kind === 'element') removeFormatted(p, this);
    else if (p) throw new ConfigError('INVALID_EDIT', 'cannot remove the root element of a document', { path: this.path });
  }

  /**
   * Where a new child named `name` goes: `{ after }` the given element, `{ before }` it, or at the
   * end (after the last element child).
   */
  private placementFor(name: string, order?: readonly string[]): Placement {
    const kids = this.children;
    let lastSame: XmlElement | undefined;
    for (const c of kids) if (c.kind === 'element' && c.name === name) lastSame = c;
    if (lastSame) return { after: lastSame };
    if (order) {
      const rank = order.indexOf(name);
      if (rank >= 0) {
        let lastEarlier: XmlElement | undefined;
        let firstLater: XmlElement | undefined;
        for (const c of kids) {
          if (c.kind !== 'element') continue;
          const r = order.indexOf(c.name);
          if (r < 0) continue;
          if (r < rank) lastEarlier = c;
          else if (r > rank && !firstLater) firstLater = c;
        }
        if (lastEarlier) return { after: lastEarlier };
        if (firstLater) return { before: firstLater };
      }
    }
    return {};
  }

  // ---- output -----------------------------------------------------------------------------

  /** This element and its subtree as XML text (no declaration, no trailing newline). */
  toXML(): string {
    return serializeNode(this);
  }

  /** A deep copy, detached from any parent. */
  clone(): XmlElement {
    return cloneNode(this);
  }
}

export class XmlDocument {
  readonly kind = 'document' as const;
  /** Declaration, doctype, comments, PIs, whitespace and the root element, in order. */
  children: Array<XmlNode | XmlPrologNode> = [];

  /**
   * A document around a root element. A root built in code (no whitespace in it yet) is indented
   * with two spaces per level, and the document ends with a newline, like `virsh dumpxml`.
   */
  static fromRoot(root: XmlElement, indentUnit = '  '): XmlDocument {
    const doc = new XmlDocument();
    detach(root);
    root.parent = doc;
    doc.children.push(root);
    const nl = new XmlText('\n');
    nl.parent = doc;
    doc.children.push(nl);
    formatSubtree(root, '', indentUnit);
    settleQuotes(root, quoteStyleOf(root) ?? "'");
    return doc;
  }

  get root(): XmlElement {
    for (const c of this.children) if (c.kind === 'element') return c;
    throw new ConfigError('MALFORMED_XML', 'document has no root element');
  }

  get declaration(): XmlDeclaration | undefined {
    const c = this.children[0];
    return c && c.kind === 'declaration' ? c : undefined;
  }

  toXML(): string {
    return serializeDocument(this);
  }
}

// ---- helpers shared by the edit methods ----------------------------------------------------

interface Placement {
  after?: XmlElement;
  before?: XmlElement;
}

/** Makes `parent` the node's parent (not yet in its children), detaching it from its old place. */
function adopt(parent: XmlElement, node: XmlNode): void {
  if (node.kind === 'element') {
    for (let p: XmlParent | null = parent; p && p.kind === 'element'; p = p.parent) {
      if (p === node) throw new ConfigError('INVALID_EDIT', `cannot move <${node.name}> into itself`, { path: parent.path });
    }
  }
  detach(node);
  node.parent = parent;
  if (node.kind === 'element') {
    const style = quoteStyleOf(parent);
    if (style !== undefined) settleQuotes(node, style);
  }
}

/**
 * The quote style at an element: that of the nearest attribute with a chosen quote on it or its
 * ancestors; libvirt's `'` inside a document that has none; undefined outside any document.
 */
export function quoteStyleOf(e: XmlElement): Quote | undefined {
  let top: XmlElement = e;
  for (let cur: XmlElement | undefined = e; cur; cur = cur.parentElement) {
    for (const a of cur._attrs) if (!a.auto) return a.quote;
    top = cur;
  }
  return top.parent && top.parent.kind === 'document' ? "'" : undefined;
}

/** Gives every automatic attribute in a subtree the style of the document it joined. */
export function settleQuotes(e: XmlElement, style: Quote): void {
  const attrs = e._attrs;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.auto) {
      attrs[i] = new XmlAttribute(a.name, a.value, style);
      e._open = undefined;
    }
  }
  for (const c of e.children) if (c.kind === 'element') settleQuotes(c, style);
}

function detach(node: XmlNode): void {
  const p = node.parent;
  if (!p) return;
  const kids = p.children as Array<XmlNode | XmlPrologNode>;
  const i = kids.indexOf(node);
  if (i >= 0) kids.splice(i, 1);
  node.parent = null;
}

function isBlank(node: XmlNode | XmlPrologNode | undefined): node is XmlText {
  if (!node || node.kind !== 'text') return false;
  const s = node.value;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Text after the last newline of a whitespace node: the indentation of what follows it. */
function indentAfter(node: XmlNode | XmlPrologNode | undefined): string | undefined {
  if (!isBlank(node)) return undefined;
  const nl = node.value.lastIndexOf('\n');
  return nl < 0 ? undefined : node.value.slice(nl + 1);
}

/** The indentation step the document uses: the root's first indented child decides; default 2 spaces. */
export function indentUnitOf(e: XmlElement): string {
  let root = e;
  while (root.parentElement) root = root.parentElement;
  const rootIndent = lineIndentOf(root) ?? '';
  for (const c of root.children) {
    const ind = indentAfter(c);
    if (ind !== undefined && ind.length > rootIndent.length) return ind.slice(rootIndent.length);
  }
  return '  ';
}

/** The indentation of the line an element starts on, when it starts a line. */
function lineIndentOf(e: XmlElement): string | undefined {
  const p = e.parent;
  if (!p) return undefined;
  if (p.kind === 'document') return '';
  const kids = p.children;
  const i = kids.indexOf(e);
  return indentAfter(kids[i - 1]);
}

/** Does this element lay its children out one per line? Empty elements follow the document. */
function isPretty(e: XmlElement): boolean {
  let sawBlank = false;
  for (const c of e.children) {
    if (c.kind === 'text') {
      if (!isBlank(c)) return false;
      if (c.value.includes('\n')) sawBlank = true;
    } else if (c.kind === 'cdata') return false;
  }
  if (sawBlank) return true;
  if (e.children.length > 0) return false;
  // An empty element: pretty if the document around it is (its own line is indented).
  return lineIndentOf(e) !== undefined && e.document !== undefined;
}

function ws(value: string, parent: XmlElement): XmlText {
  const t = new XmlText(value);
  t.parent = parent;
  return t;
}

function insertFormatted(parent: XmlElement, child: XmlElement, at: Placement): void {
  if (at.after === child || at.before === child) return; // already where it belongs
  if (!isPretty(parent)) {
    if (at.after) parent.insertChild(child, parent.children.indexOf(at.after) + 1);
    else if (at.before) parent.insertChild(child, parent.children.indexOf(at.before));
    else parent.insertChild(child, endIndex(parent));
    return;
  }
  const own = lineIndentOf(parent) ?? '';
  const unit = indentUnitOf(parent);
  const inner = own + unit;
  adopt(parent, child);
  formatSubtree(child, inner, unit);
  const kids = parent.children;
  if (kids.every((k) => isBlank(k))) {
    for (const k of kids) k.parent = null;
    parent.children = [ws('\n' + inner, parent), child, ws('\n' + own, parent)];
    return;
  }
  if (at.before) {
    const i = kids.indexOf(at.before);
    kids.splice(i, 0, child, ws('\n' + inner, parent));
    return;
  }
  const ref = at.after ?? lastElementOrNode(parent);
  const i = ref ? kids.indexOf(ref) + 1 : kids.length;
  kids.splice(i, 0, ws('\n' + inner, parent), child);
}

function lastElementOrNode(parent: XmlElement): XmlNode | undefined {
  const kids = parent.children;
  for (let i = kids.length - 1; i >= 0; i--) if (!isBlank(kids[i])) return kids[i];
  return undefined;
}

/** Index just after the last non-whitespace child (so trailing indentation stays last). */
function endIndex(parent: XmlElement): number {
  const last = lastElementOrNode(parent);
  return last ? parent.children.indexOf(last) + 1 : parent.children.length;
}

function removeFormatted(parent: XmlElement, child: XmlElement): void {
  const kids = parent.children;
  const i = kids.indexOf(child);
  if (i < 0) return;
  const before = kids[i - 1];
  if (isBlank(before) && indentAfter(before) !== undefined) {
    kids.splice(i - 1, 2);
    before.parent = null;
  } else {
    kids.splice(i, 1);
  }
  child.parent = null;
  if (kids.length > 0 && kids.every((k) => isBlank(k))) {
    for (const k of kids) k.parent = null;
    parent.children = [];
  }
}

/**
 * Indents a subtree built in code: elements whose children are all elements (or comments) get one
 * child per line. Elements holding text are left as they are; so is anything already indented.
 */
export function formatSubtree(e: XmlElement, indent: string, unit: string): void {
  const kids = e.children;
  if (kids.length === 0) return;
  let hasElement = false;
  for (const c of kids) {
    if (c.kind === 'text') {
      if (!isBlank(c)) return; // mixed or text content: leave alone
      if (c.value.includes('\n')) {
        // already laid out; still indent new descendants that are not
        for (const d of kids) if (d.kind === 'element') formatSubtree(d, indentAfter(prevOf(d)) ?? indent + unit, unit);
        return;
      }
    } else if (c.kind === 'cdata') return;
    else if (c.kind === 'element') hasElement = true;
  }
  if (!hasElement) return;
  const inner = indent + unit;
  const laid: XmlNode[] = [];
  for (const c of kids) {
    if (c.kind === 'text') {
      c.parent = null;
      continue;
    }
    laid.push(ws('\n' + inner, e), c);
    if (c.kind === 'element') formatSubtree(c, inner, unit);
  }
  laid.push(ws('\n' + indent, e));
  e.children = laid;
}

function prevOf(e: XmlElement): XmlNode | undefined {
  const p = e.parent;
  if (!p || p.kind !== 'element') return undefined;
  return p.children[p.children.indexOf(e) - 1];
}

function cloneNode<T extends XmlNode>(node: T): T;
function cloneNode(node: XmlNode): XmlNode {
  switch (node.kind) {
    case 'element': {
      const e = new XmlElement(node.name);
      e._attrs = node._attrs.slice();
      e._open = node._open;
      e.children = node.children.map((c) => {
        const k = cloneNode(c);
        k.parent = e;
        return k;
      });
      return e;
    }
    case 'text':
      return new XmlText(node.value, node._escaped);
    case 'cdata':
      return new XmlCData(node.value);
    case 'comment':
      return new XmlComment(node.value);
    case 'pi':
      return new XmlProcessingInstruction(node.target, node.data);
  }
}
