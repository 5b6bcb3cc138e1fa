/**
 * The domain document (`<domain type='qemu'>`): a guest's whole configuration. Each section has
 * its own view class (os.ts, cpu.ts, clock.ts, features.ts, tuning.ts, devices/...); this class
 * holds the top-level scalars and hands out the sections.
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from '../view.js';
import { checkQuantity, type Quantity } from '../units.js';
import { ConfigError } from '../errors.js';
import { el } from '../xml/build.js';
import { Metadata } from './metadata.js';
import {
  MemoryBacking, type MemoryBackingOptions, Vcpu, type VcpuOptions, CpuTune, type CpuTuneOptions, NumaTune, type NumaTuneOptions,
  MemTune, type MemTuneOptions, BlkioTune, type BlkioTuneOptions, type IdMap, type IdMapRange,
} from './tuning.js';
import { Sysinfo, type SysinfoOptions } from './sysinfo.js';
import { Os, type OsOptions } from './os.js';
import { Features, type FeaturesOptions } from './features.js';
import { Cpu, type CpuOptions } from './cpu.js';
import { Clock, type ClockOptions } from './clock.js';
import { SecLabel, type SecLabelOptions, LaunchSecurity, type LaunchSecurityOptions } from './security.js';
import { Devices } from './devices/devices.js';
import { type DeviceView } from './devices/device.js';

export const DOMAIN_TYPES = ['qemu', 'kvm', 'lxc', 'xen', 'test', 'kqemu', 'openvz', 'uml', 'vmware', 'hyperv', 'vbox', 'phyp', 'vz', 'bhyve', 'ch'] as const;
export type DomainType = (typeof DOMAIN_TYPES)[number];
export const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'preserve', 'rename-restart'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
export const CRASH_ACTIONS = [...LIFECYCLE_ACTIONS, 'coredump-destroy', 'coredump-restart'] as const;
export type CrashAction = (typeof CRASH_ACTIONS)[number];

const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

export interface MaxMemory extends Quantity {
  /** Slots for hot-plugged memory devices. */
  slots?: number;
}

export interface PowerManagement {
  suspendToMem?: boolean;
  suspendToDisk?: boolean;
}

export interface DomainOptions {
  type?: DomainType;
  name?: string;
  uuid?: string;
  /** A VM generation id, or true to let libvirt generate one. */
  genid?: string | true;
  title?: string;
  description?: string;
  maxMemory?: MaxMemory;
  memory?: Quantity;
  currentMemory?: Quantity;
  memtune?: MemTune | MemTuneOptions;
  blkiotune?: BlkioTune | BlkioTuneOptions;
  memoryBacking?: MemoryBacking | MemoryBackingOptions;
  vcpu?: Vcpu | VcpuOptions;
  iothreads?: number;
  cputune?: CpuTune | CpuTuneOptions;
  numatune?: NumaTune | NumaTuneOptions;
  resourcePartition?: string;
  sysinfo?: Sysinfo | SysinfoOptions;
  os?: Os | OsOptions;
  /** Containers: user and group id ranges mapped into a user namespace. */
  idmap?: IdMap;
  features?: Features | FeaturesOptions;
  cpu?: Cpu | CpuOptions;
  clock?: Clock | ClockOptions;
  onPoweroff?: LifecycleAction;
  onReboot?: LifecycleAction;
  onCrash?: CrashAction;
  pm?: PowerManagement;
  /** Application elements for `<metadata>`, each declaring its own namespace. */
  metadata?: Array<XmlElement | XmlView>;
  emulator?: string;
  devices?: DeviceView[];
  seclabels?: Array<SecLabel | SecLabelOptions>;
  launchSecurity?: LaunchSecurity | LaunchSecurityOptions;
}

export class Domain extends XmlDocumentView {
  /** Top-level elements in the order libvirt writes them. */
  static override readonly childOrder = [
    'name', 'uuid', 'genid', 'title', 'description', 'metadata', 'maxMemory', 'memory', 'currentMemory', 'blkiotune', 'memtune',
    'memoryBacking', 'vcpu', 'vcpus', 'iothreads', 'iothreadids', 'defaultiothread', 'cputune', 'numatune', 'resource', 'sysinfo',
    'bootloader', 'bootloader_args', 'os', 'idmap', 'features', 'cpu', 'clock', 'on_poweroff', 'on_reboot', 'on_crash',
    'on_lockfailure', 'pm', 'perf', 'devices', 'seclabel', 'keywrap', 'launchSecurity',
  ];

  constructor(init: XmlElement | DomainOptions = {}) {
    super(init, 'domain');
    if (!isElement(init)) {
      const { devices, emulator, metadata, ...rest } = init;
      this.assign(rest);
      for (const m of metadata ?? []) this.setMetadataElement(m);
      if (emulator !== undefined) this.devices.emulator = emulator;
      if (devices) this.devices.add(...devices);
    }
  }

  get type() { return this.enumAttr('type', DOMAIN_TYPES); }
  set type(v) { this.setEnumAttr('type', v, DOMAIN_TYPES); }
  /** The running guest's id (live documents only). */
  get id() { return this.intAttr('id', { min: -1 }); }
  get name() { return this.childText('name'); }
  set name(v) { this.setChildText('name', v); }
  get uuid() { return this.childText('uuid'); }
  set uuid(v: string | undefined) {
    if (v !== undefined) this.checkUuid(v);
    this.setChildText('uuid', v);
  }
  /** The generation id; '' for `<genid/>` (libvirt fills one in). */
  get genid() { return this.childText('genid'); }
  set genid(v: string | true | undefined) {
    if (typeof v === 'string') this.checkUuid(v);
    this.setChildText('genid', v === true ? '' : v);
  }
  get title() { return this.childText('title'); }
  set title(v) { this.setChildText('title', v); }
  get description() { return this.childText('description'); }
  set description(v) { this.setChildText('description', v); }

  // ---- metadata -------------------------------------------------------------------------------

  get metadata(): Metadata | undefined { return this.child('metadata', Metadata); }
  /** An application's metadata element by namespace URI and local name. */
  metadataElement(namespace: string, localName: string): XmlElement | undefined {
    return this.metadata?.get(namespace, localName);
  }
  /** Stores an application's metadata element (replacing one with the same name), creating `<metadata>`. */
  setMetadataElement(item: XmlElement | XmlView): XmlElement {
    return new Metadata(this.ensurePath('metadata')).set(item);
  }
  removeMetadataElement(namespace: string, localName: string): boolean {
    const m = this.metadata;
    if (!m) return false;
    const gone = m.remove(namespace, localName);
    if (gone && m.elements().length === 0) m.el.remove();
    return gone;
  }

  // ---- memory ---------------------------------------------------------------------------------

  get memory() { return this.quantityChild('memory', 'KiB'); }
  set memory(v: Quantity | undefined) { this.setQuantityChild('memory', v); }
  get currentMemory() { return this.quantityChild('currentMemory', 'KiB'); }
  set currentMemory(v: Quantity | undefined) { this.setQuantityChild('currentMemory', v); }
  get maxMemory(): MaxMemory | undefined {
    const q = this.quantityChild('maxMemory', 'KiB');
    if (!q) return undefined;
    const slots = this.intChildAttr('maxMemory', 'slots', { min: 0 });
    return slots === undefined ? q : { ...q, slots };
  }
  set maxMemory(v: MaxMemory | undefined) {
    if (v === undefined) {
      this.el.child('maxMemory')?.remove();
      return;
    }
    if (v.slots !== undefined) this.checkInt(v.slots, 'maxMemory slots', { min: 0 });
    const { value, unit } = checkQuantity(v, `${this.el.path}/maxMemory`);
    const e = this.ensurePath('maxMemory');
    e.text = value;
    // libvirt writes slots before unit; keep that order when slots is new
    if (v.slots !== undefined && !e.hasAttribute('slots')) e.removeAttribute('unit');
    e.setAttribute('slots', v.slots);
    e.setAttribute('unit', unit);
  }
  get memtune(): MemTune | undefined { return this.child('memtune', MemTune); }
  set memtune(v: MemTune | MemTuneOptions | undefined) { this.setChild('memtune', MemTune, v); }
  get blkiotune(): BlkioTune | undefined { return this.child('blkiotune', BlkioTune); }
  set blkiotune(v: BlkioTune | BlkioTuneOptions | undefined) { this.setChild('blkiotune', BlkioTune, v); }
  get memoryBacking(): MemoryBacking | undefined { return this.child('memoryBacking', MemoryBacking); }
  set memoryBacking(v: MemoryBacking | MemoryBackingOptions | undefined) { this.setChild('memoryBacking', MemoryBacking, v); }

  // ---- CPU resources ----------------------------------------------------------------------------

  get vcpu(): Vcpu | undefined { return this.child('vcpu', Vcpu); }
  set vcpu(v: Vcpu | VcpuOptions | number | undefined) { this.setChild('vcpu', Vcpu, typeof v === 'number' ? { count: v } : v); }
  get iothreads() { return this.intChildText('iothreads', { min: 0 }); }
  set iothreads(v: number | undefined) { this.setIntChildText('iothreads', v, { min: 0 }); }
  get cputune(): CpuTune | undefined { return this.child('cputune', CpuTune); }
  set cputune(v: CpuTune | CpuTuneOptions | undefined) { this.setChild('cputune', CpuTune, v); }
  get numatune(): NumaTune | undefined { return this.child('numatune', NumaTune); }
  set numatune(v: NumaTune | NumaTuneOptions | undefined) { this.setChild('numatune', NumaTune, v); }
  /** The cgroup partition the guest is placed in (`<resource><partition>/machine</partition>`). */
  get resourcePartition() { return this.childText('resource/partition'); }
  set resourcePartition(v: string | undefined) {
    this.setChildText('resource/partition', v);
    const r = this.el.child('resource');
    if (v === undefined && r && r.elements().length === 0) r.remove();
  }
  get sysinfo(): Sysinfo | undefined { return this.child('sysinfo', Sysinfo); }
  set sysinfo(v: Sysinfo | SysinfoOptions | undefined) { this.setChild('sysinfo', Sysinfo, v); }

  // ---- platform -------------------------------------------------------------------------------

  get os(): Os | undefined { return this.child('os', Os); }
  set os(v: Os | OsOptions | undefined) { this.setChild('os', Os, v); }
  get idmap(): IdMap | undefined {
    const box = this.el.child('idmap');
    if (!box) return undefined;
    const ranges = (name: string): IdMapRange[] => box.elements(name).map((e) => {
      const n = (a: string) => this.toInt(e.getAttribute(a) ?? '', `attribute '${a}'`, { min: 0 }, e);
      return { start: n('start'), target: n('target'), count: n('count') };
    });
    return { uids: ranges('uid'), gids: ranges('gid') };
  }
  set idmap(v: IdMap | undefined) {
    this.el.child('idmap')?.remove();
    if (v === undefined) return;
    for (const r of [...v.uids, ...v.gids]) for (const n of [r.start, r.target, r.count]) this.checkInt(n, 'idmap range', { min: 0 });
    const range = (name: string) => (r: IdMapRange) => el(name, { start: r.start, target: r.target, count: r.count });
    this.el.addElement(el('idmap', null, [...v.uids.map(range('uid')), ...v.gids.map(range('gid'))]), Domain.childOrder);
  }
  get features(): Features | undefined { return this.child('features', Features); }
  set features(v: Features | FeaturesOptions | undefined) { this.setChild('features', Features, v); }
  get cpu(): Cpu | undefined { return this.child('cpu', Cpu); }
  set cpu(v: Cpu | CpuOptions | undefined) { this.setChild('cpu', Cpu, v); }
  get clock(): Clock | undefined { return this.child('clock', Clock); }
  set clock(v: Clock | ClockOptions | undefined) { this.setChild('clock', Clock, v); }

  // ---- lifecycle ------------------------------------------------------------------------------

  get onPoweroff() { return this.enumText('on_poweroff', LIFECYCLE_ACTIONS); }
  set onPoweroff(v: LifecycleAction | undefined) { this.setEnumText('on_poweroff', v, LIFECYCLE_ACTIONS); }
  get onReboot() { return this.enumText('on_reboot', LIFECYCLE_ACTIONS); }
  set onReboot(v: LifecycleAction | undefined) { this.setEnumText('on_reboot', v, LIFECYCLE_ACTIONS); }
  get onCrash() { return this.enumText('on_crash', CRASH_ACTIONS); }
  set onCrash(v: CrashAction | undefined) { this.setEnumText('on_crash', v, CRASH_ACTIONS); }
  get pm(): PowerManagement | undefined {
    if (!this.el.child('pm')) return undefined;
    const out: PowerManagement = {};
    const mem = this.boolChildAttr('pm/suspend-to-mem', 'enabled');
    if (mem !== undefined) out.suspendToMem = mem;
    const disk = this.boolChildAttr('pm/suspend-to-disk', 'enabled');
    if (disk !== undefined) out.suspendToDisk = disk;
    return out;
  }
  set pm(v: PowerManagement | undefined) {
    if (v === undefined) {
      this.el.child('pm')?.remove();
      return;
    }
    this.ensurePath('pm');
    this.setBoolChildAttr('pm/suspend-to-mem', 'enabled', v.suspendToMem);
    this.setBoolChildAttr('pm/suspend-to-disk', 'enabled', v.suspendToDisk);
  }

  // ---- devices and security ---------------------------------------------------------------------

  /** The devices, as one list per kind (`dom.devices.disks.push(new Disk({...}))`). */
  get devices(): Devices { return new Devices(this.el, Domain.childOrder); }
  get seclabels() { return this.list<SecLabel, SecLabelOptions>('seclabel', SecLabel); }
  get launchSecurity(): LaunchSecurity | undefined { return this.child('launchSecurity', LaunchSecurity); }
  set launchSecurity(v: LaunchSecurity | LaunchSecurityOptions | undefined) { this.setChild('launchSecurity', LaunchSecurity, v); }

  // ---- helpers ------------------------------------------------------------------------------

  private checkUuid(v: string): void {
    if (!UUID_RE.test(v)) throw new ConfigError('INVALID_VALUE', `'${v}' is not a UUID`, { path: this.el.path });
  }

  /** Text of a child holding one of a fixed set of words (`<on_crash>destroy</on_crash>`). */
  private enumText<T extends string>(path: string, values: readonly T[]): T | undefined {
    const e = this.el.find(path);
    return e === undefined ? undefined : this.toEnum(e.text.trim(), 'text', values, e);
  }

  private setEnumText<T extends string>(path: string, v: T | undefined, values: readonly T[]): void {
    if (v !== undefined) this.toEnum(v, `<${path}>`, values);
    this.setChildText(path, v);
  }
}

/** Parses a domain document (`virsh dumpxml`, a file, or one we wrote). */
export function parseDomain(xml: string): Domain {
  return new Domain(parseRoot(xml, 'domain'));
}
