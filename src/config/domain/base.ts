/**
 * Accessors shared by the domain's views, on top of XmlView.
 *
 * Domain XML puts many scalar settings in an attribute of a small child element
 * (`<mac address=.../>`, `<model type=.../>`, `<boot order=.../>`, `<hap state='on'/>`). These
 * helpers read and write such values with the same checks XmlView applies to its own attributes,
 * and drop the little element again when its last attribute goes, so unsetting leaves no husk.
 */
import { XmlView, type BoolStyle, type IntOptions, type XmlElement } from '../view.js';
import { ConfigError } from '../errors.js';
import { checkQuantity, parseQuantity, type CanonicalUnit, type Quantity } from '../units.js';

export type OnOff = boolean;

export class DomainView extends XmlView {
  /** An attribute of the first element at a slash path below this one. */
  protected childAttr(path: string, attr: string): string | undefined {
    return this.el.find(path)?.getAttribute(attr);
  }

  /**
   * Sets an attribute of the element at `path`, creating it (in schema order) when needed.
   * Undefined removes the attribute, and the element too once it has nothing left.
   */
  protected setChildAttr(path: string, attr: string, value: string | number | undefined): void {
    if (value === undefined) {
      const e = this.el.find(path);
      if (!e) return;
      e.removeAttribute(attr);
      pruneEmpty(e, this.el);
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
    this.setChildAttr(path, attr, value === undefined ? undefined : boolWord(value, style));
  }

  /**
   * A switch written as `<name state='on|off'/>`: absent is undefined; present without a state
   * means on (libvirt's reading of a bare `<hap/>` or `<relaxed/>`).
   */
  protected stateChild(path: string): boolean | undefined {
    const e = this.el.find(path);
    if (!e) return undefined;
    const s = e.getAttribute('state');
    return s === undefined ? true : this.toBool(s, "attribute 'state'", 'on/off', e);
  }

  /** Writes `<name state='on|off'/>`; undefined removes the element. */
  protected setStateChild(path: string, value: boolean | undefined): void {
    if (value === undefined) {
      this.el.find(path)?.remove();
      return;
    }
    this.ensurePath(path).setAttribute('state', boolWord(value, 'on/off'));
  }

  /** A size held in two attributes of this element or a child (`memory='1024' unit='KiB'`). */
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

  /** Text of a child parsed as a non-negative integer that may exceed 2^53 (iotune, shares...). */
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

  /** `name=value` pairs held by repeated children (`<entry name='x'>v</entry>`), as a record. */
  protected namedTexts(path: string, keyAttr = 'name'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.el.findAll(path)) {
      const k = e.getAttribute(keyAttr);
      if (k !== undefined) out[k] = e.text;
    }
    return out;
  }
}

export function boolWord(v: boolean, style: BoolStyle): string {
  if (style === 'yes/no') return v ? 'yes' : 'no';
  return v ? 'on' : 'off';
}

/** Removes `e` and then its ancestors (below `stop`) while they hold neither attributes nor content. */
export function pruneEmpty(e: XmlElement, stop: XmlElement): void {
  let cur: XmlElement | undefined = e;
  while (cur && cur !== stop && cur.attributes.length === 0 && cur.children.every((c) => c.kind === 'text' && c.value.trim() === '')) {
    const up: XmlElement | undefined = cur.parentElement;
    cur.remove();
    cur = up;
  }
}

/** Applies options through setters in a fixed key order first (for settings that depend on others). */
export function orderedEntries<O extends object>(options: O, first: readonly string[]): Array<[string, unknown]> {
  const entries = Object.entries(options);
  const rank = (k: string) => {
    const i = first.indexOf(k);
    return i < 0 ? first.length : i;
  };
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]));
}
