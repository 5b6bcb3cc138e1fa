/**
 * The small platform devices: input, watchdog, memory balloon, random number generator, TPM,
 * panic notifier, IOMMU and vsock.
 */
import { isElement, type XmlElement } from '../../view.js';
import { type Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';

interface Addressable {
  alias?: string;
  address?: Address | AddressOptions;
}

export interface InputOptions extends Addressable {
  type?: 'tablet' | 'mouse' | 'keyboard' | 'passthrough' | 'evdev';
  bus?: 'ps2' | 'usb' | 'xen' | 'virtio' | 'none';
  /** passthrough / evdev: the host event device */
  sourceDev?: string;
}

export class Input extends DeviceView {
  static override readonly childOrder = ['source', 'driver', 'alias', 'address'];
  constructor(init: XmlElement | InputOptions = {}) {
    super(init, 'input');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', ['tablet', 'mouse', 'keyboard', 'passthrough', 'evdev'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['tablet', 'mouse', 'keyboard', 'passthrough', 'evdev'] as const); }
  get bus() { return this.enumAttr('bus', ['ps2', 'usb', 'xen', 'virtio', 'none'] as const); }
  set bus(v) { this.setEnumAttr('bus', v, ['ps2', 'usb', 'xen', 'virtio', 'none'] as const); }
  get sourceDev() { return this.childAttr('source', this.type === 'passthrough' ? 'evdev' : 'dev'); }
  set sourceDev(v: string | undefined) { this.setChildAttr('source', this.type === 'passthrough' ? 'evdev' : 'dev', v); }
}

export const WATCHDOG_ACTIONS = ['reset', 'shutdown', 'poweroff', 'pause', 'none', 'dump', 'inject-nmi'] as const;
export type WatchdogAction = (typeof WATCHDOG_ACTIONS)[number];

export interface WatchdogOptions extends Addressable {
  /** i6300esb, ib700, diag288, itco */
  model?: string;
  action?: WatchdogAction;
}

export class Watchdog extends DeviceView {
  constructor(init: XmlElement | WatchdogOptions = {}) {
    super(init, 'watchdog');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.attr('model'); }
  set model(v) { this.setAttr('model', v); }
  get action() { return this.enumAttr('action', WATCHDOG_ACTIONS); }
  set action(v) { this.setEnumAttr('action', v, WATCHDOG_ACTIONS); }
}

export interface MemBalloonOptions extends Addressable {
  model?: 'virtio' | 'virtio-transitional' | 'virtio-non-transitional' | 'xen' | 'none';
  autodeflate?: boolean;
  freePageReporting?: boolean;
  /** Seconds between guest memory statistics updates (leave unset to disable; the schema wants >= 1). */
  statsPeriod?: number;
}

export class MemBalloon extends DeviceView {
  static override readonly childOrder = ['alias', 'address', 'stats', 'driver'];
  constructor(init: XmlElement | MemBalloonOptions = {}) {
    super(init, 'memballoon');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', ['virtio', 'virtio-transitional', 'virtio-non-transitional', 'xen', 'none'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['virtio', 'virtio-transitional', 'virtio-non-transitional', 'xen', 'none'] as const); }
  get autodeflate() { return this.boolAttr('autodeflate', 'on/off'); }
  set autodeflate(v) { this.setBoolAttr('autodeflate', v, 'on/off'); }
  get freePageReporting() { return this.boolAttr('freePageReporting', 'on/off'); }
  set freePageReporting(v) { this.setBoolAttr('freePageReporting', v, 'on/off'); }
  get statsPeriod() { return this.intChildAttr('stats', 'period', { min: 1 }); }
  set statsPeriod(v: number | undefined) { this.setIntChildAttr('stats', 'period', v, { min: 1 }); }
}

export interface RngBackendOptions {
  model?: 'random' | 'egd' | 'builtin';
  /** random: the host device (`/dev/urandom`) */
  path?: string;
  /** egd: the chardev type (tcp, udp, unix...) */
  type?: string;
}

export interface RngOptions extends Addressable {
  model?: 'virtio' | 'virtio-transitional' | 'virtio-non-transitional';
  /** Rate limit: at most `bytes` per `period` milliseconds. */
  rate?: { bytes: number; period?: number };
  backend?: RngBackendOptions;
}

export class Rng extends DeviceView {
  static override readonly childOrder = ['rate', 'backend', 'driver', 'alias', 'address'];
  constructor(init: XmlElement | RngOptions = {}) {
    super(init, 'rng');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const); }
  get rate(): { bytes: number; period?: number } | undefined {
    const bytes = this.intChildAttr('rate', 'bytes', { min: 1 });
    if (bytes === undefined) return undefined;
    const period = this.intChildAttr('rate', 'period', { min: 1 });
    return period === undefined ? { bytes } : { bytes, period };
  }
  set rate(v: { bytes: number; period?: number } | undefined) {
    if (v === undefined) {
      this.el.child('rate')?.remove();
      return;
    }
    this.setIntChildAttr('rate', 'bytes', v.bytes, { min: 1 });
    this.setIntChildAttr('rate', 'period', v.period, { min: 1 });
  }
  get backend(): RngBackendOptions | undefined {
    const b = this.el.child('backend');
    if (!b) return undefined;
    const out: RngBackendOptions = {};
    const model = this.enumChildAttr('backend', 'model', ['random', 'egd', 'builtin'] as const);
    if (model !== undefined) out.model = model;
    const type = b.getAttribute('type');
    if (type !== undefined) out.type = type;
    if (model === 'random' && b.text.trim() !== '') out.path = b.text.trim();
    return out;
  }
  /** Replaces the backend element (an egd backend's chardev sources are edited on the element). */
  set backend(v: RngBackendOptions | undefined) {
    this.el.child('backend')?.remove();
    if (v === undefined) return;
    const b = this.ensurePath('backend');
    b.setAttribute('model', v.model);
    b.setAttribute('type', v.type);
    if (v.path !== undefined) b.text = v.path;
  }
}

export interface TpmBackendOptions {
  type?: 'passthrough' | 'emulator' | 'external';
  version?: '1.2' | '2.0';
  /** passthrough: the host TPM device */
  devicePath?: string;
  persistentState?: boolean;
}

export interface TpmOptions extends Addressable {
  model?: 'tpm-tis' | 'tpm-crb' | 'tpm-spapr' | 'spapr-tpm-proxy';
  backend?: TpmBackendOptions;
}

export class Tpm extends DeviceView {
  static override readonly childOrder = ['backend', 'alias', 'address'];
  constructor(init: XmlElement | TpmOptions = {}) {
    super(init, 'tpm');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', ['tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy'] as const); }
  get backend(): TpmBackendOptions | undefined {
    if (!this.el.child('backend')) return undefined;
    const out: TpmBackendOptions = {};
    const type = this.enumChildAttr('backend', 'type', ['passthrough', 'emulator', 'external'] as const);
    if (type !== undefined) out.type = type;
    const version = this.enumChildAttr('backend', 'version', ['1.2', '2.0'] as const);
    if (version !== undefined) out.version = version;
    const dev = this.childAttr('backend/device', 'path');
    if (dev !== undefined) out.devicePath = dev;
    const ps = this.boolChildAttr('backend', 'persistent_state');
    if (ps !== undefined) out.persistentState = ps;
    return out;
  }
  set backend(v: TpmBackendOptions | undefined) {
    if (v === undefined) {
      this.el.child('backend')?.remove();
      return;
    }
    this.setEnumChildAttr('backend', 'type', v.type, ['passthrough', 'emulator', 'external'] as const);
    this.setEnumChildAttr('backend', 'version', v.version, ['1.2', '2.0'] as const);
    this.setBoolChildAttr('backend', 'persistent_state', v.persistentState);
    if (v.devicePath === undefined) this.el.find('backend/device')?.remove();
    else this.ensurePath('backend/device').setAttribute('path', v.devicePath);
  }
}

export interface PanicOptions extends Addressable {
  model?: 'isa' | 'pseries' | 'hyperv' | 's390' | 'pvpanic';
}

export class Panic extends DeviceView {
  constructor(init: XmlElement | PanicOptions = {}) {
    super(init, 'panic');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', ['isa', 'pseries', 'hyperv', 's390', 'pvpanic'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['isa', 'pseries', 'hyperv', 's390', 'pvpanic'] as const); }
}

export interface IommuDriverOptions {
  intremap?: boolean;
  cachingMode?: boolean;
  eim?: boolean;
  iotlb?: boolean;
  awBits?: number;
}

export interface IommuOptions extends Addressable {
  model?: 'intel' | 'smmuv3' | 'virtio';
  driver?: IommuDriverOptions;
}

export class Iommu extends DeviceView {
  static override readonly childOrder = ['driver', 'alias', 'address'];
  constructor(init: XmlElement | IommuOptions = {}) {
    super(init, 'iommu');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', ['intel', 'smmuv3', 'virtio'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['intel', 'smmuv3', 'virtio'] as const); }
  get driver(): IommuDriverOptions | undefined {
    if (!this.el.child('driver')) return undefined;
    const out: IommuDriverOptions = {};
    const b = (a: string) => this.boolChildAttr('driver', a, 'on/off');
    const intremap = b('intremap');
    if (intremap !== undefined) out.intremap = intremap;
    const caching = b('caching_mode');
    if (caching !== undefined) out.cachingMode = caching;
    const eim = b('eim');
    if (eim !== undefined) out.eim = eim;
    const iotlb = b('iotlb');
    if (iotlb !== undefined) out.iotlb = iotlb;
    const aw = this.intChildAttr('driver', 'aw_bits', { min: 1 });
    if (aw !== undefined) out.awBits = aw;
    return out;
  }
  set driver(v: IommuDriverOptions | undefined) {
    if (v === undefined) {
      this.el.child('driver')?.remove();
      return;
    }
    this.setBoolChildAttr('driver', 'intremap', v.intremap, 'on/off');
    this.setBoolChildAttr('driver', 'caching_mode', v.cachingMode, 'on/off');
    this.setBoolChildAttr('driver', 'eim', v.eim, 'on/off');
    this.setBoolChildAttr('driver', 'iotlb', v.iotlb, 'on/off');
    this.setIntChildAttr('driver', 'aw_bits', v.awBits, { min: 1 });
  }
}

export interface VsockOptions extends Addressable {
  model?: 'virtio' | 'virtio-transitional' | 'virtio-non-transitional';
  /** The guest's context id; `'auto'` lets libvirt choose. */
  cid?: number | 'auto';
}

export class Vsock extends DeviceView {
  static override readonly childOrder = ['cid', 'driver', 'alias', 'address'];
  constructor(init: XmlElement | VsockOptions = {}) {
    super(init, 'vsock');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const); }
  /** A fixed context id, or 'auto' (libvirt writes the id it chose next to auto='yes' on a live guest). */
  get cid(): number | 'auto' | undefined {
    if (!this.el.child('cid')) return undefined;
    if (this.boolChildAttr('cid', 'auto') === true) return 'auto';
    return this.intChildAttr('cid', 'address', { min: 3 });
  }
  set cid(v: number | 'auto' | undefined) {
    if (v === undefined) {
      this.el.child('cid')?.remove();
      return;
    }
    if (v === 'auto') {
      this.setChildAttr('cid', 'auto', 'yes');
      this.setChildAttr('cid', 'address', undefined);
      return;
    }
    this.checkInt(v, 'cid address', { min: 3 });
    this.setChildAttr('cid', 'auto', 'no');
    this.setChildAttr('cid', 'address', v);
  }
}

