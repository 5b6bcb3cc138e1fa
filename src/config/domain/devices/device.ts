/**
 * What every device element may carry: an alias (`<alias name='ua-...'/>`), a guest address and,
 * for bootable devices, a per-device boot order (`<boot order='1'/>`).
 */
import { XmlView, type XmlElement } from '../../view.js';
import { Address, type AddressOptions } from './address.js';

export class DeviceView extends XmlView {
  /** The device's name in the guest config: its element name (`disk`, `interface`, ...). */
  get kind(): string {
    return this.el.name;
  }
  get alias() { return this.childAttr('alias', 'name'); }
  set alias(v: string | undefined) { this.setChildAttr('alias', 'name', v); }
  get address(): Address | undefined { return this.child('address', Address); }
  set address(v: Address | AddressOptions | undefined) { this.setChild('address', Address, v); }
  /** Per-device boot priority; it and `<os><boot dev=.../>` exclude each other. */
  get bootOrder() { return this.intChildAttr('boot', 'order', { min: 1 }); }
  set bootOrder(v: number | undefined) { this.setIntChildAttr('boot', 'order', v, { min: 1 }); }
}

/** Any device element, typed or not: reachable and removable, its content untouched. */
export class GenericDevice extends DeviceView {
  constructor(init: XmlElement) {
    super(init, init.name);
  }
}
