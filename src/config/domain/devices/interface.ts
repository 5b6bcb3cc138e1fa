/**
 * Network interfaces: `<interface type=...>` attached to a libvirt network, a bridge, a host NIC
 * (macvtap `direct`), a tap device (`ethernet`), user-mode networking, a vhost-user socket or an
 * assigned VF (`hostdev`); with MAC, model, target device, virtual port, traffic filter, driver
 * queues, bandwidth limits, link state and MTU.
 */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { ConfigError } from '../../errors.js';
import { orderedEntries, pruneEmpty } from '../base.js';
import { Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';
import { el } from '../../xml/build.js';

export const INTERFACE_TYPES = ['network', 'bridge', 'direct', 'ethernet', 'user', 'vhostuser', 'hostdev', 'server', 'client', 'mcast', 'udp', 'vdpa', 'null', 'vds'] as const;
export type InterfaceType = (typeof INTERFACE_TYPES)[number];

export interface InterfaceSourceOptions {
  /** type='network' */
  network?: string;
  portgroup?: string;
  /** type='bridge' */
  bridge?: string;
  /** type='direct' (host NIC) or 'vdpa' (device node) */
  dev?: string;
  /** direct: vepa | bridge | private | passthrough; vhostuser: client | server */
  mode?: string;
  /** vhostuser: 'unix' */
  type?: string;
  /** vhostuser socket path */
  path?: string;
  /** udp/mcast/server/client: IP address and port */
  address?: string;
  port?: number;
  /** hostdev: the host PCI function */
  hostAddress?: Address | AddressOptions;
}

export class InterfaceSource extends XmlView {
  constructor(init: XmlElement | InterfaceSourceOptions = {}) {
    super(init, 'source');
    if (!isElement(init)) this.assign(init);
  }
  get network() { return this.attr('network'); }
  set network(v) { this.setAttr('network', v); }
  get portgroup() { return this.attr('portgroup'); }
  set portgroup(v) { this.setAttr('portgroup', v); }
  get bridge() { return this.attr('bridge'); }
  set bridge(v) { this.setAttr('bridge', v); }
  get dev() { return this.attr('dev'); }
  set dev(v) { this.setAttr('dev', v); }
  get mode() { return this.attr('mode'); }
  set mode(v) { this.setAttr('mode', v); }
  get type() { return this.attr('type'); }
  set type(v) { this.setAttr('type', v); }
  get path() { return this.attr('path'); }
  set path(v) { this.setAttr('path', v); }
  get address() { return this.attr('address'); }
  set address(v) { this.setAttr('address', v); }
  get port() { return this.intAttr('port', { min: 0, max: 65535 }); }
  set port(v) { this.setIntAttr('port', v, { min: 0, max: 65535 }); }
  get hostAddress(): Address | undefined { return this.child('address', Address); }
  set hostAddress(v: Address | AddressOptions | undefined) { this.setChild('address', Address, v); }
}

export interface VirtualPortOptions {
  type?: 'openvswitch' | '802.1Qbg' | '802.1Qbh' | 'midonet';
  /** Attributes of `<parameters>`: interfaceid, profileid, managerid, typeid, instanceid... */
  parameters?: Record<string, string>;
}

export class VirtualPort extends XmlView {
  constructor(init: XmlElement | VirtualPortOptions = {}) {
    super(init, 'virtualport');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.attr('type') as VirtualPortOptions['type']; }
  set type(v: VirtualPortOptions['type']) { this.setAttr('type', v); }
  get parameters(): Record<string, string> {
    const p = this.el.child('parameters');
    return p ? Object.fromEntries(p.attributes.map((a) => [a.name, a.value])) : {};
  }
  set parameters(v: Record<string, string>) {
    const keys = Object.keys(v);
    if (keys.length === 0) {
      this.el.child('parameters')?.remove();
      return;
    }
    const p = this.ensurePath('parameters');
    for (const a of [...p.attributes]) if (!(a.name in v)) p.removeAttribute(a.name);
    for (const k of keys) p.setAttribute(k, v[k]);
  }
}

export interface FilterParameter {
  name: string;
  value: string;
}

export interface FilterRefOptions {
  filter: string;
  parameters?: FilterParameter[];
}

/** An nwfilter applied to the interface, with its variables (`<parameter name='IP' value=.../>`). */
export class FilterRef extends XmlView {
  constructor(init: XmlElement | FilterRefOptions) {
    super(init, 'filterref');
    if (!isElement(init)) this.assign(init);
  }
  get filter() { return this.requiredAttr('filter'); }
  set filter(v: string) { this.setAttr('filter', v); }
  get parameters(): FilterParameter[] {
    return this.el.elements('parameter').map((e) => ({ name: e.getAttribute('name') ?? '', value: e.getAttribute('value') ?? '' }));
  }
  set parameters(v: FilterParameter[]) {
    this.setAttrValues('parameter', 'name', v.map((p) => p.name));
    this.el.elements('parameter').forEach((e, i) => e.setAttribute('value', v[i].value));
  }
}

export interface InterfaceDriverOptions {
  /** qemu | vhost (virtio), vfio | kvm (hostdev) */
  name?: string;
  txmode?: 'iothread' | 'timer';
  queues?: number;
  rxQueueSize?: number;
  txQueueSize?: number;
  iommu?: boolean;
  packed?: boolean;
}

export class InterfaceDriver extends XmlView {
  constructor(init: XmlElement | InterfaceDriverOptions = {}) {
    super(init, 'driver');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get txmode() { return this.enumAttr('txmode', ['iothread', 'timer'] as const); }
  set txmode(v) { this.setEnumAttr('txmode', v, ['iothread', 'timer'] as const); }
  get queues() { return this.intAttr('queues', { min: 1 }); }
  set queues(v) { this.setIntAttr('queues', v, { min: 1 }); }
  get rxQueueSize() { return this.intAttr('rx_queue_size', { min: 1 }); }
  set rxQueueSize(v) { this.setIntAttr('rx_queue_size', v, { min: 1 }); }
  get txQueueSize() { return this.intAttr('tx_queue_size', { min: 1 }); }
  set txQueueSize(v) { this.setIntAttr('tx_queue_size', v, { min: 1 }); }
  get iommu() { return this.boolAttr('iommu', 'on/off'); }
  set iommu(v) { this.setBoolAttr('iommu', v, 'on/off'); }
  get packed() { return this.boolAttr('packed', 'on/off'); }
  set packed(v) { this.setBoolAttr('packed', v, 'on/off'); }
}

/** One direction of a bandwidth limit: average and peak in KiB/s, burst in KiB, floor in KiB/s. */
export interface BandwidthLimit {
  average?: number;
  peak?: number;
  burst?: number;
  floor?: number;
}

export interface Bandwidth {
  inbound?: BandwidthLimit;
  outbound?: BandwidthLimit;
}

const LIMIT_KEYS = ['average', 'peak', 'burst', 'floor'] as const;

export interface VlanTag {
  id: number;
  nativeMode?: 'tagged' | 'untagged';
}

export interface Vlan {
  trunk?: boolean;
  tags: VlanTag[];
}

export interface InterfaceOptions {
  type?: InterfaceType;
  /** hostdev: let libvirt detach the VF from its host driver. */
  managed?: boolean;
  mac?: string;
  source?: InterfaceSource | InterfaceSourceOptions;
  virtualport?: VirtualPort | VirtualPortOptions;
  targetDev?: string;
  /** ethernet: the tap device exists already and libvirt must not create or delete it. */
  targetManaged?: boolean;
  /** virtio, e1000, e1000e, rtl8139, ... */
  model?: string;
  driver?: InterfaceDriver | InterfaceDriverOptions;
  filterref?: FilterRef | FilterRefOptions;
  bandwidth?: Bandwidth;
  linkState?: 'up' | 'down';
  mtu?: number;
  script?: string;
  /** VLAN tags (several with trunk); nativeMode for the untagged one. */
  vlan?: Vlan;
  romBar?: boolean;
  romFile?: string;
  bootOrder?: number;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Interface extends DeviceView {
  static override readonly childOrder = [
    'mac', 'source', 'virtualport', 'ip', 'route', 'script', 'downscript', 'backenddomain', 'target', 'guest', 'model', 'driver',
    'backend', 'filterref', 'tune', 'teaming', 'link', 'mtu', 'coalesce', 'rom', 'bandwidth', 'vlan', 'port', 'boot', 'alias', 'address',
  ];
  constructor(init: XmlElement | InterfaceOptions = {}) {
    super(init, 'interface');
    if (!isElement(init)) this.assign(Object.fromEntries(orderedEntries(init, ['type', 'managed'])));
  }
  get type() { return this.enumAttr('type', INTERFACE_TYPES); }
  set type(v) { this.setEnumAttr('type', v, INTERFACE_TYPES); }
  get managed() { return this.boolAttr('managed'); }
  set managed(v) { this.setBoolAttr('managed', v); }
  get mac() { return this.childAttr('mac', 'address'); }
  set mac(v: string | undefined) {
    if (v !== undefined && !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(v)) throw new ConfigError('INVALID_VALUE', `'${v}' is not a MAC address`, { path: this.el.path });
    this.setChildAttr('mac', 'address', v);
  }
  get source(): InterfaceSource | undefined { return this.child('source', InterfaceSource); }
  set source(v: InterfaceSource | InterfaceSourceOptions | undefined) { this.setChild('source', InterfaceSource, v); }
  get virtualport(): VirtualPort | undefined { return this.child('virtualport', VirtualPort); }
  set virtualport(v: VirtualPort | VirtualPortOptions | undefined) { this.setChild('virtualport', VirtualPort, v); }
  get targetDev() { return this.childAttr('target', 'dev'); }
  set targetDev(v: string | undefined) { this.setChildAttr('target', 'dev', v); }
  get targetManaged() { return this.boolChildAttr('target', 'managed'); }
  set targetManaged(v: boolean | undefined) { this.setBoolChildAttr('target', 'managed', v); }
  get model() { return this.childAttr('model', 'type'); }
  set model(v: string | undefined) { this.setChildAttr('model', 'type', v); }
  get driver(): InterfaceDriver | undefined { return this.child('driver', InterfaceDriver); }
  set driver(v: InterfaceDriver | InterfaceDriverOptions | undefined) { this.setChild('driver', InterfaceDriver, v); }
  get filterref(): FilterRef | undefined { return this.child('filterref', FilterRef); }
  set filterref(v: FilterRef | FilterRefOptions | undefined) { this.setChild('filterref', FilterRef, v); }
  get bandwidth(): Bandwidth | undefined {
    const b = this.el.child('bandwidth');
    if (!b) return undefined;
    const out: Bandwidth = {};
    for (const dir of ['inbound', 'outbound'] as const) {
      const e = b.child(dir);
      if (!e) continue;
      const lim: BandwidthLimit = {};
      for (const k of LIMIT_KEYS) {
        const v = e.getAttribute(k);
        if (v !== undefined) lim[k] = this.toInt(v, `attribute '${k}'`, { min: 0 }, e);
      }
      out[dir] = lim;
    }
    return out;
  }
  set bandwidth(v: Bandwidth | undefined) {
    if (v === undefined) {
      this.el.child('bandwidth')?.remove();
      return;
    }
    for (const dir of ['inbound', 'outbound'] as const) for (const k of LIMIT_KEYS) {
      const n = v[dir]?.[k];
      if (n !== undefined) this.checkInt(n, `bandwidth ${dir} ${k}`, { min: 0 });
    }
    const b = this.ensurePath('bandwidth');
    for (const dir of ['inbound', 'outbound'] as const) {
      const lim = v[dir];
      if (lim === undefined) {
        b.child(dir)?.remove();
        continue;
      }
      const e = b.ensureChild(dir, ['inbound', 'outbound']);
      for (const k of LIMIT_KEYS) e.setAttribute(k, lim[k]);
    }
    pruneEmpty(b, this.el);
  }
  get linkState() { return this.enumChildAttr('link', 'state', ['up', 'down'] as const); }
  set linkState(v: 'up' | 'down' | undefined) { this.setEnumChildAttr('link', 'state', v, ['up', 'down'] as const); }
  get mtu() { return this.intChildAttr('mtu', 'size', { min: 68 }); }
  set mtu(v: number | undefined) { this.setIntChildAttr('mtu', 'size', v, { min: 68 }); }
  get script() { return this.childAttr('script', 'path'); }
  set script(v: string | undefined) { this.setChildAttr('script', 'path', v); }
  get vlan(): Vlan | undefined {
    const v = this.el.child('vlan');
    if (!v) return undefined;
    const tags = v.elements('tag').map((t) => {
      const tag: VlanTag = { id: this.toInt(t.getAttribute('id') ?? '', "attribute 'id'", { min: 0, max: 4095 }, t) };
      const nm = t.getAttribute('nativeMode');
      if (nm !== undefined) tag.nativeMode = this.toEnum(nm, "attribute 'nativeMode'", ['tagged', 'untagged'] as const, t);
      return tag;
    });
    const trunk = this.boolChildAttr('vlan', 'trunk');
    return trunk === undefined ? { tags } : { trunk, tags };
  }
  set vlan(v: Vlan | undefined) {
    if (v !== undefined) for (const t of v.tags) this.checkInt(t.id, 'vlan tag', { min: 0, max: 4095 });
    this.el.child('vlan')?.remove();
    if (v === undefined) return;
    this.setBoolChildAttr('vlan', 'trunk', v.trunk);
    const box = this.ensurePath('vlan');
    for (const t of v.tags) box.addElement(el('tag', { id: t.id, nativeMode: t.nativeMode }));
  }
  get romBar() { return this.boolChildAttr('rom', 'bar', 'on/off'); }
  set romBar(v: boolean | undefined) { this.setBoolChildAttr('rom', 'bar', v, 'on/off'); }
  get romFile() { return this.childAttr('rom', 'file'); }
  set romFile(v: string | undefined) { this.setChildAttr('rom', 'file', v); }
}
