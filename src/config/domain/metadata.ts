/**
 * `<metadata>`: applications' own XML, each in its own namespace. Elements are found by namespace
 * URI and local name, whatever prefix the document happens to use, and replaced in place so the
 * other applications' entries stay exactly as they were.
 */
import { XmlView, type XmlElement } from '../view.js';
import { ConfigError } from '../errors.js';

/** Namespace URI and local name of an element, resolved through the xmlns attributes in scope. */
export function qualifiedName(e: XmlElement): { namespace: string | undefined; localName: string } {
  const colon = e.name.indexOf(':');
  const prefix = colon < 0 ? '' : e.name.slice(0, colon);
  return { namespace: e.lookupNamespace(prefix), localName: colon < 0 ? e.name : e.name.slice(colon + 1) };
}

export class Metadata extends XmlView {
  constructor(init?: XmlElement) {
    super(init, 'metadata');
  }
  /** Every application element, in document order. */
  elements(): XmlElement[] {
    return this.el.elements();
  }
  /** The element with this namespace URI and local name, or undefined. */
  get(namespace: string, localName: string): XmlElement | undefined {
    return this.el.elements().find((e) => {
      const q = qualifiedName(e);
      return q.namespace === namespace && q.localName === localName;
    });
  }
  /** The element wrapped in a typed view (`metadata.view(NS, 'instance', InstanceInfo)`). */
  view<V extends XmlView>(namespace: string, localName: string, View: new (el: XmlElement) => V): V | undefined {
    const e = this.get(namespace, localName);
    return e ? new View(e) : undefined;
  }
  /**
   * Puts an application's element in: it replaces the element with the same namespace and local
   * name (taking its place), or is appended. The element must declare its namespace.
   */
  set(item: XmlElement | XmlView): XmlElement {
    const e = item instanceof XmlView ? item.el : item;
    const q = qualifiedName(e);
    if (q.namespace === undefined) {
      throw new ConfigError('INVALID_VALUE', `metadata element <${e.name}> must declare its namespace (xmlns)`, { path: this.el.path });
    }
    const old = this.get(q.namespace, q.localName);
    if (old === e) return e;
    if (old) {
      this.el.placeElement(e, { after: old });
      old.remove();
    } else this.el.addElement(e);
    return e;
  }
  /** Removes the element with this namespace and local name; returns whether one was there. */
  remove(namespace: string, localName: string): boolean {
    const e = this.get(namespace, localName);
    e?.remove();
    return e !== undefined;
  }
}
