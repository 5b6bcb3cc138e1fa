/**
 * Typed views: the base of every config class.
 *
 * A view wraps one XmlElement and reads and writes it in place. Nothing is copied out of the
 * document, so what a class does not model (unknown elements, attributes, comments, namespaced
 * metadata) is still there when the document is written back. Each class stays short: one getter
 * and one setter per property, built from the small typed accessors below.
 *
 * How a class is written (the pattern every document follows):
 *
 * ```ts
 * import { XmlView, XmlDocumentView, isElement, parseRoot, type XmlElement } from '../view.js';
 *
 * export interface UsageOptions { type?: 'volume' | 'ceph'; name?: string }
 *
 * export class SecretUsage extends XmlView {
 *   static override readonly childOrder = ['volume', 'name', 'target']; // schema order of children
 *   constructor(init: XmlElement | UsageOptions = {}) {
 *     super(init, 'usage');                 // wrap the element, or create <usage/>
 *     if (!isElement(init)) this.assign(init);   // options go through the setters below
 *   }
 *   get type() { return this.enumAttr('type', ['volume', 'ceph'] as const); }
 *   set type(v) { this.setEnumAttr('type', v, ['volume', 'ceph'] as const); }
 *   get name() { return this.childText('name'); }
 *   set name(v) { this.setChildText('name', v); }
 * }
 *
 * export interface SecretOptions { ephemeral?: boolean; description?: string; usage?: UsageOptions }
 *
 * export class Secret extends XmlDocumentView {
 *   static override readonly childOrder = ['uuid', 'description', 'usage'];
 *   constructor(init: XmlElement | SecretOptions = {}) {
 *     super(init, 'secret');                // a root: also owns the XmlDocument
 *     if (!isElement(init)) this.assign(init);
 *   }
 *   get ephemeral() { return this.boolAttr('ephemeral'); }        // yes/no
 *   set ephemeral(v) { this.setBoolAttr('ephemeral', v); }
 *   get description() { return this.childText('description'); }
 *   set description(v) { this.setChildText('description', v); } // undefined removes the child
 *   // Annotate getters whose setter takes a wider type (view | options), or TypeScript types the
 *   // property as the union and reads lose their typing.
 *   get usage(): SecretUsage | undefined { return this.child('usage', SecretUsage); }
 *   set usage(v: SecretUsage | UsageOptions | undefined) { this.setChild('usage', SecretUsage, v); }
 * }
 *
 * export function parseSecret(xml: string): Secret {
 *   return new Secret(parseRoot(xml, 'secret'));
 * }
 * ```
 *
 * Lists of children behave like arrays and edit the document:
 * `get hosts() { return this.list<SourceHost, HostOptions>('host', SourceHost); }` gives a ViewList
 * with push (views or options), insert, remove, clear, at, length, iteration, map/filter/find.
 * Pass a container path to list children of a child (`this.list('disk', Disk, { in: 'devices' })`,
 * created on first push) and `filter` to share one element name between several lists.
 * `assign` pushes arrays given in options into list properties.
 *
 * Other accessors: intAttr / boolAttr ('yes/no' or 'on/off') / enumAttr, childText /
 * intChildText / quantityChild (sizes with units) / flagChild (`<acpi/>`), texts / attrValues /
 * childNames for simple repeated values, ensurePath for nested children. New children are placed
 * by `childOrder` and indented like the document around them.
 *
 * Reading a value that does not have the declared type throws ConfigError INVALID_VALUE naming the
 * element path; a setter given a bad value throws the same before touching the document.
 */
import { ConfigError } from './errors.js';
import { parseXml } from './xml/parse.js';
import { XmlDocument, XmlElement, type AttrInput } from './xml/nodes.js';
import { checkQuantity, parseQuantity, type CanonicalUnit, type Quantity } from './units.js';

export { XmlElement };

export function isElement(x: unknown): x is XmlElement {
  return x instanceof XmlElement;
}

/** A view class: constructed over an element (and, usually, from options too). */
export type ViewClass<V extends XmlView, O = never> = new (init: XmlElement | O) => V;

export interface IntOptions {
  min?: number;
  max?: number;
}

export type BoolStyle = 'yes/no' | 'on/off';

const INT_RE = /^[+-]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;

export class XmlView {
  /** The element this view reads and writes. */
  readonly el: XmlElement;

  /**
   * Wraps `init` when it is an element (checking its name), else creates `<name/>`.
   * Subclasses then apply their options with `this.assign(options)`.
   */
  constructor(init: XmlElement | object | undefined, name: string) {
    if (init instanceof XmlElement) {
      if (init.name !== name) throw new ConfigError('WRONG_ROOT', `expected <${name}>, found <${init.name}>`, { path: init.path });
      this.el = init;
    } else {
      this.el = new XmlElement(name);
    }
  }

  /** Element names in schema order, so children created later land where libvirt expects them. */
  static readonly childOrder: readonly string[] | undefined = undefined;

  protected get schemaOrder(): readonly string[] | undefined {
    return (this.constructor as typeof XmlView).childOrder;
  }

  /** Where this view sits in its document, for messages (`/domain/devices/disk[2]`). */
  get elementPath(): string {
    return this.el.path;
  }

  /** This element (or its whole document, for a document root) as XML text. */
  toXML(): string {
    return this.el.toXML();
  }

  /** Applies options through the setters; arrays given for list properties are pushed. */
  protected assign(options: object): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined) continue;
      // Only arrays may be meant for a list property; other getters are not read (they may
      // validate, and a half-built element can fail that).
      const current = Array.isArray(value) ? self[key] : undefined;
      if (current instanceof ViewList) {
        current.clear();
        for (const item of value) current.push(item);
      } else self[key] = value;
    }
  }

  // ---- attributes -------------------------------------------------------------------------

  protected attr(name: string): string | undefined {
    return this.el.getAttribute(name);
  }

  protected setAttr(name: string, value: AttrInput): void {
    this.el.setAttribute(name, value);
  }

  /** An attribute that must be there; its absence is a ConfigError MISSING_VALUE. */
  protected requiredAttr(name: string): string {
    const v = this.el.getAttribute(name);
    if (v === undefined) throw new ConfigError('MISSING_VALUE', `attribute '${name}' is required`, { path: this.el.path });
    return v;
  }

  protected intAttr(name: string, opts?: IntOptions): number | undefined {
    const v = this.el.getAttribute(name);
    return v === undefined ? undefined : this.toInt(v, `attribute '${name}'`, opts);
  }

  protected setIntAttr(name: string, value: number | undefined, opts?: IntOptions): void {
    if (value !== undefined) this.checkInt(value, `attribute '${name}'`, opts);
    this.el.setAttribute(name, value);
  }

  protected boolAttr(name: string, style: BoolStyle = 'yes/no'): boolean | undefined {
    const v = this.el.getAttribute(name);
    return v === undefined ? undefined : this.toBool(v, `attribute '${name}'`, style);
  }

  protected setBoolAttr(name: string, value: boolean | undefined, style: BoolStyle = 'yes/no'): void {
    this.el.setAttribute(name, value === undefined ? undefined : boolText(value, style));
  }

  protected enumAttr<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.el.getAttribute(name);
    return v === undefined ? undefined : this.toEnum(v, `attribute '${name}'`, values);
  }

  protected setEnumAttr<T extends string>(name: string, value: T | undefined, values: readonly T[]): void {
    if (value !== undefined) this.toEnum(value, `attribute '${name}'`, values);
    this.el.setAttribute(name, value);
  }

  // ---- child text -------------------------------------------------------------------------

  /** Text of the first child with this name (a slash path works too), undefined when absent. */
  protected childText(path: string): string | undefined {
    return this.el.find(path)?.text;
  }

  /** Sets the text of a child, creating it where the schema order says; undefined removes it. */
  protected setChildText(path: string, value: string | number | bigint | undefined): XmlElement | undefined {
    if (value === undefined) {
      this.el.find(path)?.remove();
      return undefined;
    }
    const e = this.ensurePath(path);
    e.text = String(value);
    return e;
  }

  protected intChildText(path: string, opts?: IntOptions): number | undefined {
    const e = this.el.find(path);
    return e === undefined ? undefined : this.toInt(e.text, 'text', opts, e);
  }

  protected setIntChildText(path: string, value: number | undefined, opts?: IntOptions): void {
    if (value !== undefined) this.checkInt(value, `<${path}>`, opts);
    this.setChildText(path, value);
  }

  protected boolChildText(path: string, style: BoolStyle = 'yes/no'): boolean | undefined {
    const e = this.el.find(path);
    return e === undefined ? undefined : this.toBool(e.text.trim(), 'text', style, e);
  }

  protected setBoolChildText(path: string, value: boolean | undefined, style: BoolStyle = 'yes/no'): void {
    this.setChildText(path, value === undefined ? undefined : boolText(value, style));
  }

  /** A size such as `<memory unit='KiB'>1048576</memory>` (no unit: `defaultUnit`). */
  protected quantityChild(path: string, defaultUnit: CanonicalUnit): Quantity | undefined {
    const e = this.el.find(path);
    return e === undefined ? undefined : parseQuantity(e.text, e.getAttribute('unit'), defaultUnit, e.path);
  }

  protected setQuantityChild(path: string, q: Quantity | undefined): XmlElement | undefined {
    if (q === undefined) return this.setChildText(path, undefined);
    const { value, unit } = checkQuantity(q, `${this.el.path}/${path}`);
    const e = this.ensurePath(path);
    e.text = value;
    e.setAttribute('unit', unit);
    return e;
  }

  /** Presence of an empty marker child such as `<readonly/>` or `<acpi/>`. */
  protected flagChild(path: string): boolean {
    return this.el.find(path) !== undefined;
  }

  protected setFlagChild(path: string, on: boolean): void {
    if (on) this.ensurePath(path);
    else this.el.find(path)?.remove();
  }

  // ---- attributes of small children ---------------------------------------------------------
  // libvirt keeps many scalars in an attribute of a little child element (`<mac address=.../>`,
  // `<model type=.../>`, `<boot order=.../>`, `<hap state='on'/>`); these read and write them.

  /** An attribute of the first element at a slash path below this one. */
  protected childAttr(path: string, attr: string): string | undefined {
    return this.el.find(path)?.getAttribute(attr);
  }

  /**
   * Sets an attribute of the element at `path`, creating it (in schema order) when needed.
   * Undefined removes the attribute, and the element too (and emptied parents below this view)
   * once nothing is left in it, so unsetting leaves no empty husk behind.
   */
  protected setChildAttr(path: string, attr: string, value: string | number | undefined): void {
    if (value === undefined) {
      const e = this.el.find(path);
      if (!e) return;
      e.removeAttribute(attr);
      removeIfEmpty(e, this.el);
      return;
    }
    this.ensurePath(path).setAttribute(attr, value);
  }

  protected intChildAttr(path: string, attr: string, opts?: IntOptions): number | undefined {
    const e = this.el.find(path);
    const v = e?.getAttribute(attr);
    return e === undefined || v === undefined ? undefined : this.toInt(v, `attribute '${attr}'`, opts, e);
  }

  protected setIntChildAttr(path: string, attr: string, value: number | undefined, opts?: IntOptions): void {
    if (value !== undefined) this.checkInt(value, `<${path} ${attr}>`, opts);
    this.setChildAttr(path, attr, value);
  }

  protected enumChildAttr<T extends string>(path: string, attr: string, values: readonly T[]): T | undefined {
    const e = this.el.find(path);
    const v = e?.getAttribute(attr);
    return e === undefined || v === undefined ? undefined : this.toEnum(v, `attribute '${attr}'`, values, e);
  }

  protected setEnumChildAttr<T extends string>(path: string, attr: string, value: T | undefined, values: readonly T[]): void {
    if (value !== undefined) this.toEnum(value, `<${path} ${attr}>`, values);
    this.setChildAttr(path, attr, value);
  }

  protected boolChildAttr(path: string, attr: string, style: BoolStyle = 'yes/no'): boolean | undefined {
    const e = this.el.find(path);
    const v = e?.getAttribute(attr);
    return e === undefined || v === undefined ? undefined : this.toBool(v, `attribute '${attr}'`, style, e);
  }

  protected setBoolChildAttr(path: string, attr: string, value: boolean | undefined, style: BoolStyle = 'yes/no'): void {
    this.setChildAttr(path, attr, value === undefined ? undefined : boolText(value, style));
  }

  /**
   * A switch written as `<name state='on|off'/>`: undefined when absent; a bare element counts as
   * on, as libvirt reads `<hap/>`.
   */
  protected stateChild(path: string): boolean | undefined {
    const e = this.el.find(path);
    if (!e) return undefined;
    const s = e.getAttribute('state');
    return s === undefined ? true : this.toBool(s, "attribute 'state'", 'on/off', e);
  }

  /** Writes `<name state='on|off'/>`; undefined removes the element. */
  protected setStateChild(path: string, value: boolean | undefined): void {
    if (value === undefined) this.el.find(path)?.remove();
    else this.ensurePath(path).setAttribute('state', boolText(value, 'on/off'));
  }

  /** A size held in two attributes of an element (`size='2048' unit='KiB'`). */
  protected quantityAttr(e: XmlElement | undefined, attr: string, unitAttr: string, defaultUnit: CanonicalUnit): Quantity | undefined {
    const v = e?.getAttribute(attr);
    if (e === undefined || v === undefined) return undefined;
    return parseQuantity(v, e.getAttribute(unitAttr), defaultUnit, e.path);
  }

  protected setQuantityAttr(e: XmlElement, attr: string, unitAttr: string, q: Quantity | undefined): void {
    if (q === undefined) {
      e.removeAttribute(attr);
      e.removeAttribute(unitAttr);
      return;
    }
    const { value, unit } = checkQuantity(q, e.path);
    e.setAttribute(attr, value);
    e.setAttribute(unitAttr, unit);
  }

  /** Child text as a non-negative integer that may pass 2^53 (a bigint then): iotune, shares. */
  protected bigChildText(path: string): number | bigint | undefined {
    const e = this.el.find(path);
    if (!e) return undefined;
    const t = e.text.trim();
    if (!/^[0-9]+$/.test(t)) throw new ConfigError('INVALID_VALUE', `'${e.text}' is not a non-negative integer`, { path: e.path });
    const b = BigInt(t);
    return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }

  protected setBigChildText(path: string, value: number | bigint | undefined): void {
    if (value !== undefined) {
      const ok = typeof value === 'bigint' ? value >= 0n : Number.isSafeInteger(value) && value >= 0;
      if (!ok) throw new ConfigError('INVALID_VALUE', `<${path}>: ${String(value)} must be a non-negative integer`, { path: this.el.path });
    }
    this.setChildText(path, value);
  }

  /** Repeated `<entry name='k'>v</entry>` children as a record of name to text. */
  protected namedTexts(path: string, keyAttr = 'name'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.el.findAll(path)) {
      const k = e.getAttribute(keyAttr);
      if (k !== undefined) out[k] = e.text;
    }
    return out;
  }

  // ---- simple repeated values ---------------------------------------------------------------

  /** Texts of all elements at a slash path (`uri_transports/uri_transport`). */
  protected texts(path: string): string[] {
    return this.el.findAll(path).map((e) => e.text);
  }

  /** Replaces all elements at a slash path by one per value (the container is kept). */
  protected setTexts(path: string, values: readonly (string | number)[]): void {
    this.replaceAll(path, values.map((v) => (e: XmlElement) => (e.text = String(v))));
  }

  /** One attribute of all elements at a slash path (`feature` + `name` gives feature names). */
  protected attrValues(path: string, attr: string): string[] {
    const out: string[] = [];
    for (const e of this.el.findAll(path)) {
      const v = e.getAttribute(attr);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  protected setAttrValues(path: string, attr: string, values: readonly string[]): void {
    this.replaceAll(path, values.map((v) => (e: XmlElement) => e.setAttribute(attr, v)));
  }

  /** Names of the element children of the element at a path (`features` gives `acpi`, `apic`...). */
  protected childNames(path: string): string[] | undefined {
    return this.el.find(path)?.elements().map((e) => e.name);
  }

  /** Makes the element at `path` hold exactly these empty children, keeping ones already there. */
  protected setChildNames(path: string, names: readonly string[] | undefined): void {
    if (names === undefined) {
      this.el.find(path)?.remove();
      return;
    }
    const box = this.ensurePath(path);
    for (const e of box.elements()) if (!names.includes(e.name)) e.remove();
    for (const n of names) if (!box.child(n)) box.addElement(new XmlElement(n));
  }

  /**
   * Makes the elements at `path` match `fillers` one to one: existing elements are reused in order
   * (so unchanged ones keep their exact text), missing ones are added after the last, extra ones
   * removed.
   */
  private replaceAll(path: string, fillers: Array<(e: XmlElement) => unknown>): void {
    const slash = path.lastIndexOf('/');
    const leaf = path.slice(slash + 1);
    const box = slash < 0 ? this.el : fillers.length > 0 ? this.ensurePath(path.slice(0, slash)) : this.el.find(path.slice(0, slash));
    if (!box) return;
    const old = box.elements(leaf);
    const order = box === this.el ? this.schemaOrder : undefined;
    let anchor: XmlElement | undefined;
    fillers.forEach((fill, i) => {
      let e = old[i];
      if (!e) {
        e = new XmlElement(leaf);
        if (anchor) box.placeElement(e, { after: anchor });
        else box.addElement(e, order);
      }
      fill(e);
      anchor = e;
    });
    for (const e of old.slice(fillers.length)) e.remove();
  }

  // ---- child views ------------------------------------------------------------------------

  /** The first child with this name as a view, or undefined. */
  protected child<V extends XmlView>(name: string, View: new (el: XmlElement) => V): V | undefined {
    const e = this.el.child(name);
    return e === undefined ? undefined : new View(e);
  }

  /** The first child with this name as a view, created when missing. */
  protected ensureChild<V extends XmlView>(name: string, View: new (el: XmlElement) => V): V {
    return new View(this.el.ensureChild(name, this.schemaOrder));
  }

  /**
   * Replaces the child with this name by a view or by one made from options; undefined removes it.
   * Setting a view that wraps the current child is a no-op.
   */
  protected setChild<V extends XmlView, O extends object>(name: string, View: new (init: XmlElement | O) => V, value: V | O | undefined): void {
    const old = this.el.child(name);
    if (value === undefined) {
      old?.remove();
      return;
    }
    const view = value instanceof XmlView ? value : new View(value);
    if (view.el === old) return;
    if (view.el.name !== name) throw new ConfigError('INVALID_VALUE', `expected a <${name}> element, got <${view.el.name}>`, { path: this.el.path });
    if (old) {
      // the new one takes the old one's place
      old.parentElement!.placeElement(view.el, { after: old });
      old.remove();
    } else this.el.addElement(view.el, this.schemaOrder);
  }

  /** The children with this name as an array-like list that edits the document. */
  protected list<V extends XmlView, O = never>(name: string, View: new (init: XmlElement | O) => V, opts: ListOptions = {}): ViewList<V, O> {
    const owner = this.el;
    const container = opts.in;
    const order = opts.order ?? this.schemaOrder;
    const getParent = (create: boolean): XmlElement | undefined => {
      if (container === undefined) return owner;
      return create ? ensurePathFrom(owner, container, order) : owner.find(container);
    };
    return new ViewList<V, O>(getParent, name, View, opts.filter, opts.childOrder);
  }

  /** The element at a slash path below this one, created step by step when missing. */
  protected ensurePath(path: string): XmlElement {
    return ensurePathFrom(this.el, path, this.schemaOrder);
  }

  // ---- value checks -----------------------------------------------------------------------

  protected toInt(text: string, what: string, opts: IntOptions | undefined, at: XmlElement = this.el): number {
    const t = text.trim();
    let n = NaN;
    if (INT_RE.test(t)) n = Number(t);
    else if (HEX_RE.test(t)) n = parseInt(t.slice(2), 16);
    if (!Number.isSafeInteger(n)) throw new ConfigError('INVALID_VALUE', `${what}: '${text}' is not an integer`, { path: at.path });
    this.checkInt(n, what, opts, at);
    return n;
  }

  protected checkInt(n: number, what: string, opts: IntOptions | undefined, at: XmlElement = this.el): void {
    if (!Number.isSafeInteger(n)) throw new ConfigError('INVALID_VALUE', `${what}: ${n} is not an integer`, { path: at.path });
    if (opts?.min !== undefined && n < opts.min) throw new ConfigError('INVALID_VALUE', `${what}: ${n} is below the minimum ${opts.min}`, { path: at.path });
    if (opts?.max !== undefined && n > opts.max) throw new ConfigError('INVALID_VALUE', `${what}: ${n} is above the maximum ${opts.max}`, { path: at.path });
  }

  protected toBool(text: string, what: string, style: BoolStyle, at: XmlElement = this.el): boolean {
    const [yes, no] = style === 'yes/no' ? ['yes', 'no'] : ['on', 'off'];
    if (text === yes) return true;
    if (text === no) return false;
    throw new ConfigError('INVALID_VALUE', `${what}: '${text}' is not '${yes}' or '${no}'`, { path: at.path });
  }

  protected toEnum<T extends string>(text: string, what: string, values: readonly T[], at: XmlElement = this.el): T {
    if ((values as readonly string[]).includes(text)) return text as T;
    throw new ConfigError('INVALID_VALUE', `${what}: '${text}' is not one of ${values.join(', ')}`, { path: at.path });
  }
}

export interface ListOptions {
  /** Slash path of the container element below the owner (created on first push). */
  in?: string;
  /** Only children for which this holds belong to the list. */
  filter?: (el: XmlElement) => boolean;
  /** Schema order used when the container has to be created inside the owner. */
  order?: readonly string[];
  /** Schema order used inside the container when the first item is added. */
  childOrder?: readonly string[];
}

/**
 * Children with one name, as a list of views. Reads always reflect the document; push, insert and
 * remove edit it (keeping the indentation).
 */
export class ViewList<V extends XmlView, O = never> implements Iterable<V> {
  constructor(
    private readonly getParent: (create: boolean) => XmlElement | undefined,
    readonly name: string,
    private readonly View: new (init: XmlElement | O) => V,
    private readonly accept?: (el: XmlElement) => boolean,
    private readonly containerOrder?: readonly string[],
  ) {}

  private elements(): XmlElement[] {
    const p = this.getParent(false);
    if (!p) return [];
    const out: XmlElement[] = [];
    for (const c of p.children) {
      if (c.kind === 'element' && c.name === this.name && (!this.accept || this.accept(c))) out.push(c);
    }
    return out;
  }

  get length(): number {
    return this.elements().length;
  }

  /** The item at an index (negative counts from the end), or undefined. */
  at(index: number): V | undefined {
    const els = this.elements();
    const e = els[index < 0 ? els.length + index : index];
    return e === undefined ? undefined : new this.View(e);
  }

  toArray(): V[] {
    return this.elements().map((e) => new this.View(e));
  }

  [Symbol.iterator](): Iterator<V> {
    return this.toArray()[Symbol.iterator]();
  }

  map<T>(fn: (v: V, i: number) => T): T[] {
    return this.toArray().map(fn);
  }

  filter(fn: (v: V, i: number) => boolean): V[] {
    return this.toArray().filter(fn);
  }

  find(fn: (v: V, i: number) => boolean): V | undefined {
    return this.toArray().find(fn);
  }

  indexOf(item: V): number {
    return this.elements().indexOf(item.el);
  }

  /** Appends items (views, or options a view is made from) after the last one of the list. */
  push(...items: Array<V | O>): number {
    const parent = this.getParent(true)!;
    for (const item of items) {
      const view = this.toView(item);
      const els = this.elements();
      const last = els[els.length - 1];
      if (last) parent.placeElement(view.el, { after: last });
      else parent.addElement(view.el, this.containerOrder);
    }
    return this.length;
  }

  /** Inserts an item before the one now at `index` (at the end when index >= length). */
  insert(index: number, item: V | O): V {
    const view = this.toView(item);
    const els = this.elements();
    const parent = this.getParent(true)!;
    if (index >= els.length) {
      this.push(view);
      return view;
    }
    parent.placeElement(view.el, { before: els[Math.max(0, index)] });
    return view;
  }

  /** Removes an item (a view or an index); returns whether something was removed. */
  remove(item: V | number): boolean {
    const el = typeof item === 'number' ? this.elements()[item < 0 ? this.length + item : item] : item.el;
    if (!el || !this.elements().includes(el)) return false;
    el.remove();
    return true;
  }

  /** Removes every item. */
  clear(): void {
    for (const e of this.elements()) e.remove();
  }

  private toView(item: V | O): V {
    const view = item instanceof XmlView ? (item as V) : new this.View(item as O);
    if (view.el.name !== this.name) throw new ConfigError('INVALID_VALUE', `a <${view.el.name}> cannot join a list of <${this.name}>`);
    return view;
  }
}

function ensurePathFrom(start: XmlElement, path: string, order?: readonly string[]): XmlElement {
  let cur = start;
  let first = true;
  for (const step of path.split('/')) {
    if (step === '' || step === '.') continue;
    cur = cur.ensureChild(step, first ? order : undefined);
    first = false;
  }
  return cur;
}

/**
 * The base of document classes (the root element of a document). It owns the XmlDocument, so
 * `toXML()` writes the declaration, comments around the root and the trailing newline as parsed.
 */
export class XmlDocumentView extends XmlView {
  readonly doc: XmlDocument;

  constructor(init: XmlElement | object | undefined, name: string) {
    super(init, name);
    const owner = this.el.parent;
    if (owner && owner.kind === 'document') this.doc = owner;
    else if (owner) throw new ConfigError('INVALID_VALUE', `<${name}> is not the root of a document`, { path: this.el.path });
    else this.doc = XmlDocument.fromRoot(this.el);
  }

  override toXML(): string {
    return this.doc.toXML();
  }
}

/**
 * Parses `xml` and checks the root element name: the start of every `parseX` function.
 * Accepts several names for documents that have them (e.g. a snapshot's `domainsnapshot`).
 */
export function parseRoot(xml: string, ...names: string[]): XmlElement {
  const root = parseXml(xml).root;
  if (!names.includes(root.name)) {
    throw new ConfigError('WRONG_ROOT', `expected a <${names.join('> or <')}> document, found <${root.name}>`, { path: '/' + root.name });
  }
  return root;
}

/** Removes `e`, then its ancestors below `stop`, while they hold no attributes and no content. */
function removeIfEmpty(e: XmlElement, stop: XmlElement): void {
  let cur: XmlElement | undefined = e;
  while (cur && cur !== stop && cur.attributes.length === 0 && cur.children.every((c) => c.kind === 'text' && c.value.trim() === '')) {
    const up: XmlElement | undefined = cur.parentElement;
    cur.remove();
    cur = up;
  }
}

function boolText(v: boolean, style: BoolStyle): string {
  if (style === 'yes/no') return v ? 'yes' : 'no';
  return v ? 'on' : 'off';
}
