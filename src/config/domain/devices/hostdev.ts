/**
 * Host devices given to the guest: PCI functions (VFIO), USB devices, mediated devices (vGPU),
 * SCSI; and USB redirection over a chardev (`<redirdev>`).
 */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { Address, type AddressOptions } from './address.js';
import { ChardevSource, type ChardevSourceOptions, type ChardevType, CHARDEV_TYPES } from './chardev.js';
import { DeviceView } from './device.js';

export const HOSTDEV_TYPES = ['pci', 'usb', 'scsi', 'scsi_host', 'mdev', 'storage', 'misc', 'net'] as const;
export type HostdevType = (typeof HOSTDEV_TYPES)[number];

export interface HostdevSourceOptions {
  /** pci: the host function; usb: bus/device; mdev: uuid */
  address?: Address | AddressOptions;
  /** usb: match by vendor and product id (hex, `0x1234`) */
  vendorId?: string;
  productId?: string;
  startupPolicy?: 'mandatory' | 'requisite' | 'optional';
}

export class HostdevSource extends XmlView {
  static override readonly childOrder = ['vendor', 'product', 'adapter', 'address'];
  constructor(init: XmlElement | HostdevSourceOptions = {}) {
    super(init, 'source');
    if (!isElement(init)) this.assign(init);
  }
  get address(): Address | undefined { return this.child('address', Address); }
  set address(v: Address | AddressOptions | undefined) { this.setChild('address', Address, v); }
  get vendorId() { return this.childAttr('vendor', 'id'); }
  set vendorId(v: string | undefined) { this.setChildAttr('vendor', 'id', v); }
  get productId() { return this.childAttr('product', 'id'); }
  set productId(v: string | undefined) { this.setChildAttr('product', 'id', v); }
  get startupPolicy() { return this.enumAttr('startupPolicy', ['mandatory', 'requisite', 'optional'] as const); }
  set startupPolicy(v) { this.setEnumAttr('startupPolicy', v, ['mandatory', 'requisite', 'optional'] as const); }
}

export interface HostdevOptions {
  mode?: 'subsystem' | 'capabilities';
  type?: HostdevType;
  managed?: boolean;
  /** mdev: vfio-pci, vfio-ccw, vfio-ap */
  model?: string;
  display?: boolean;
  driver?: 'vfio' | 'kvm' | 'xen';
  source?: HostdevSource | HostdevSourceOptions;
  /** PCI option ROM BAR visible to the guest */
  romBar?: boolean;
  romFile?: string;
  readonly?: boolean;
  shareable?: boolean;
  bootOrder?: number;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Hostdev extends DeviceView {
  static override readonly childOrder = ['driver', 'source', 'readonly', 'shareable', 'boot', 'rom', 'alias', 'address'];
  constructor(init: XmlElement | HostdevOptions = {}) {
    super(init, 'hostdev');
    if (!isElement(init)) this.assign(init);
  }
  get mode() { return this.enumAttr('mode', ['subsystem', 'capabilities'] as const); }
  set mode(v) { this.setEnumAttr('mode', v, ['subsystem', 'capabilities'] as const); }
  get type() { return this.enumAttr('type', HOSTDEV_TYPES); }
  set type(v) { this.setEnumAttr('type', v, HOSTDEV_TYPES); }
  get managed() { return this.boolAttr('managed'); }
  set managed(v) { this.setBoolAttr('managed', v); }
  get model() { return this.attr('model'); }
  set model(v) { this.setAttr('model', v); }
  get display() { return this.boolAttr('display', 'on/off'); }
  set display(v) { this.setBoolAttr('display', v, 'on/off'); }
  get driver() { return this.enumChildAttr('driver', 'name', ['vfio', 'kvm', 'xen'] as const); }
  set driver(v: HostdevOptions['driver']) { this.setEnumChildAttr('driver', 'name', v, ['vfio', 'kvm', 'xen'] as const); }
  get source(): HostdevSource | undefined { return this.child('source', HostdevSource); }
  set source(v: HostdevSource | HostdevSourceOptions | undefined) { this.setChild('source', HostdevSource, v); }
  get romBar() { return this.boolChildAttr('rom', 'bar', 'on/off'); }
  set romBar(v: boolean | undefined) { this.setBoolChildAttr('rom', 'bar', v, 'on/off'); }
  get romFile() { return this.childAttr('rom', 'file'); }
  set romFile(v: string | undefined) { this.setChildAttr('rom', 'file', v); }
  get readonly() { return this.flagChild('readonly'); }
  set readonly(v: boolean) { this.setFlagChild('readonly', v); }
  get shareable() { return this.flagChild('shareable'); }
  set shareable(v: boolean) { this.setFlagChild('shareable', v); }
}

export interface RedirdevOptions {
  bus?: 'usb';
  type?: ChardevType;
  source?: ChardevSource | ChardevSourceOptions;
  bootOrder?: number;
  alias?: string;
  address?: Address | AddressOptions;
}

/** A USB device redirected from a client (SPICE) or over TCP. */
export class Redirdev extends DeviceView {
  static override readonly childOrder = ['source', 'protocol', 'boot', 'alias', 'address'];
  constructor(init: XmlElement | RedirdevOptions = {}) {
    super(init, 'redirdev');
    if (!isElement(init)) this.assign(init);
  }
  get bus() { return this.enumAttr('bus', ['usb'] as const); }
  set bus(v) { this.setEnumAttr('bus', v, ['usb'] as const); }
  get type() { return this.enumAttr('type', CHARDEV_TYPES); }
  set type(v) { this.setEnumAttr('type', v, CHARDEV_TYPES); }
  get source(): ChardevSource | undefined { return this.child('source', ChardevSource); }
  set source(v: ChardevSource | ChardevSourceOptions | undefined) { this.setChild('source', ChardevSource, v); }
}
