/**
 * Builders for documents made in code:
 *
 *   el('disk', { type: 'file', device: 'disk' }, [
 *     el('driver', { name: 'qemu', type: 'qcow2' }),
 *     el('source', { file: '/var/lib/stratus/disk.qcow2' }),
 *     el('target', { dev: 'vda', bus: 'virtio' }),
 *   ])
 *
 * Attributes whose value is undefined or null are left out, so optional settings need no `if`.
 * Children may be nodes or strings (text). Indentation is added when the element is put into a
 * document (XmlDocument.fromRoot, XmlElement.addElement), never by hand.
 */
import { XmlComment, XmlElement, XmlText, type AttrInput, type XmlNode } from './nodes.js';

export type ElementChild = XmlNode | string | number | null | undefined | false;

export function el(name: string, attrs?: Record<string, AttrInput> | null, children?: ElementChild[] | string | number): XmlElement {
  const e = new XmlElement(name);
  if (attrs) for (const key of Object.keys(attrs)) e.setAttribute(key, attrs[key]);
  if (children === undefined) return e;
  if (!Array.isArray(children)) {
    e.text = String(children);
    return e;
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === 'object' ? c : new XmlText(String(c)));
  }
  return e;
}

/** `<name>text</name>`, or nothing when the value is undefined (handy inside `el` child lists). */
export function textEl(name: string, value: string | number | bigint | undefined | null, attrs?: Record<string, AttrInput>): XmlElement | undefined {
  if (value === undefined || value === null) return undefined;
  return el(name, attrs, String(value));
}

export function comment(text: string): XmlComment {
  return new XmlComment(text);
}
