/** Pieces shared by storage pools and volumes: the `<permissions>` block of a target. */
import { XmlView, isElement, type XmlElement } from './view.js';

export interface PermissionsOptions {
  /** Octal mode as libvirt writes it, e.g. '0755'. */
  mode?: string;
  owner?: number;
  group?: number;
  label?: string;
}

const MODE_RE = /^0?[0-7]{3,4}$/;

export class Permissions extends XmlView {
  static override readonly childOrder = ['mode', 'owner', 'group', 'label'];
  constructor(init: XmlElement | PermissionsOptions = {}) {
    super(init, 'permissions');
    if (!isElement(init)) this.assign(init);
  }
  get mode(): string | undefined {
    const v = this.childText('mode');
    if (v !== undefined && !MODE_RE.test(v.trim())) this.toEnum(v, '<mode>', ['an octal mode such as 0755'], this.el.child('mode'));
    return v?.trim();
  }
  set mode(v: string | undefined) {
    if (v !== undefined && !MODE_RE.test(v)) this.toEnum(v, '<mode>', ['an octal mode such as 0755']);
    this.setChildText('mode', v);
  }
  /** uid; -1 means "not set" to libvirt. */
  get owner() { return this.intChildText('owner', { min: -1 }); }
  set owner(v) { this.setIntChildText('owner', v, { min: -1 }); }
  get group() { return this.intChildText('group', { min: -1 }); }
  set group(v) { this.setIntChildText('group', v, { min: -1 }); }
  get label() { return this.childText('label'); }
  set label(v) { this.setChildText('label', v); }
}
