/**
 * Resource placement and limits: vCPU count and placement, CPU tuning (pinning, shares,
 * bandwidth), NUMA memory policy, memory backing (huge pages, locking, sharing) and the
 * resource partition.
 */
import { XmlView, isElement, type XmlElement } from '../view.js';
import { type Quantity } from '../units.js';
import { el } from '../xml/build.js';

export interface VcpuOptions {
  /** Maximum vCPUs (what hot-plug can reach). */
  count: number;
  /** vCPUs online at boot, when fewer than `count`. */
  current?: number;
  placement?: 'static' | 'auto';
  /** Host CPUs the vCPUs may run on: `0-3,^2`. */
  cpuset?: string;
}

/** `<vcpu placement='static' cpuset='0-3' current='2'>4</vcpu>` */
export class Vcpu extends XmlView {
  constructor(init: XmlElement | VcpuOptions) {
    super(init, 'vcpu');
    if (!isElement(init)) this.assign(init);
  }
  get count(): number { return this.toInt(this.el.text, 'vcpu count', { min: 1 }); }
  set count(v: number) {
    this.checkInt(v, 'vcpu count', { min: 1 });
    this.el.text = String(v);
  }
  get current() { return this.intAttr('current', { min: 1 }); }
  set current(v) { this.setIntAttr('current', v, { min: 1 }); }
  get placement() { return this.enumAttr('placement', ['static', 'auto'] as const); }
  set placement(v) { this.setEnumAttr('placement', v, ['static', 'auto'] as const); }
  get cpuset() { return this.attr('cpuset'); }
  set cpuset(v) { this.setAttr('cpuset', v); }
}

export interface VcpuPin {
  vcpu: number;
  cpuset: string;
}

export interface IothreadPin {
  iothread: number;
  cpuset: string;
}

/** Host scheduler policy for a set of vCPUs (`<vcpusched vcpus='0-1' scheduler='fifo' priority='1'/>`). */
export interface VcpuSched {
  vcpus: string;
  scheduler: 'batch' | 'idle' | 'fifo' | 'rr';
  /** fifo / rr only: 1..99 */
  priority?: number;
}

const SCHEDULERS = ['batch', 'idle', 'fifo', 'rr'] as const;

export interface CpuTuneOptions {
  /** Relative CPU weight against other guests. */
  shares?: number;
  /** CFS bandwidth: period (µs) and quota (µs per period, -1 unlimited) per vCPU. */
  period?: number;
  quota?: number;
  globalPeriod?: number;
  globalQuota?: number;
  emulatorPeriod?: number;
  emulatorQuota?: number;
  vcpuPins?: VcpuPin[];
  /** Host CPUs for the emulator threads. */
  emulatorPin?: string;
  iothreadPins?: IothreadPin[];
  /** Real-time (or batch/idle) scheduling of vCPUs. */
  vcpuScheds?: VcpuSched[];
}

/** libvirt's ranges: periods 1 ms..1 s in µs, quota -1 (unlimited) up to 2^44 - 1 µs. */
const QUOTA = { min: -1, max: 17592186044415 } as const;
const PERIOD = { min: 1000, max: 1000000 } as const;

export class CpuTune extends XmlView {
  static override readonly childOrder = [
    'shares', 'period', 'quota', 'global_period', 'global_quota', 'emulator_period', 'emulator_quota', 'iothread_period',
    'iothread_quota', 'vcpupin', 'emulatorpin', 'iothreadpin', 'vcpusched', 'iothreadsched', 'emulatorsched', 'cachetune', 'memorytune',
  ];
  constructor(init: XmlElement | CpuTuneOptions = {}) {
    super(init, 'cputune');
    if (!isElement(init)) this.assign(init);
  }
  get shares() { return this.intChildText('shares', { min: 0 }); }
  set shares(v: number | undefined) { this.setIntChildText('shares', v, { min: 0 }); }
  get period() { return this.intChildText('period', PERIOD); }
  set period(v: number | undefined) { this.setIntChildText('period', v, PERIOD); }
  get quota() { return this.intChildText('quota', QUOTA); }
  set quota(v: number | undefined) { this.setIntChildText('quota', v, QUOTA); }
  get globalPeriod() { return this.intChildText('global_period', PERIOD); }
  set globalPeriod(v: number | undefined) { this.setIntChildText('global_period', v, PERIOD); }
  get globalQuota() { return this.intChildText('global_quota', QUOTA); }
  set globalQuota(v: number | undefined) { this.setIntChildText('global_quota', v, QUOTA); }
  get emulatorPeriod() { return this.intChildText('emulator_period', PERIOD); }
  set emulatorPeriod(v: number | undefined) { this.setIntChildText('emulator_period', v, PERIOD); }
  get emulatorQuota() { return this.intChildText('emulator_quota', QUOTA); }
  set emulatorQuota(v: number | undefined) { this.setIntChildText('emulator_quota', v, QUOTA); }
  get vcpuPins(): VcpuPin[] {
    return this.el.elements('vcpupin').map((e) => ({
      vcpu: this.toInt(e.getAttribute('vcpu') ?? '', "attribute 'vcpu'", { min: 0 }, e),
      cpuset: e.getAttribute('cpuset') ?? '',
    }));
  }
  set vcpuPins(v: VcpuPin[]) {
    for (const p of v) this.checkInt(p.vcpu, 'vcpupin vcpu', { min: 0 });
    this.setAttrValues('vcpupin', 'vcpu', v.map((p) => String(p.vcpu)));
    this.el.elements('vcpupin').forEach((e, i) => e.setAttribute('cpuset', v[i].cpuset));
  }
  get emulatorPin() { return this.childAttr('emulatorpin', 'cpuset'); }
  set emulatorPin(v: string | undefined) { this.setChildAttr('emulatorpin', 'cpuset', v); }
  get iothreadPins(): IothreadPin[] {
    return this.el.elements('iothreadpin').map((e) => ({
      iothread: this.toInt(e.getAttribute('iothread') ?? '', "attribute 'iothread'", { min: 1 }, e),
      cpuset: e.getAttribute('cpuset') ?? '',
    }));
  }
  set iothreadPins(v: IothreadPin[]) {
    for (const p of v) this.checkInt(p.iothread, 'iothreadpin iothread', { min: 1 });
    this.setAttrValues('iothreadpin', 'iothread', v.map((p) => String(p.iothread)));
    this.el.elements('iothreadpin').forEach((e, i) => e.setAttribute('cpuset', v[i].cpuset));
  }
  get vcpuScheds(): VcpuSched[] {
    return this.el.elements('vcpusched').map((e) => {
      const out: VcpuSched = {
        vcpus: e.getAttribute('vcpus') ?? '',
        scheduler: this.toEnum(e.getAttribute('scheduler') ?? '', "attribute 'scheduler'", SCHEDULERS, e),
      };
      const prio = e.getAttribute('priority');
      if (prio !== undefined) out.priority = this.toInt(prio, "attribute 'priority'", { min: 0, max: 99 }, e);
      return out;
    });
  }
  set vcpuScheds(v: VcpuSched[]) {
    for (const x of v) {
      this.toEnum(x.scheduler, 'vcpusched scheduler', SCHEDULERS);
      if (x.priority !== undefined) this.checkInt(x.priority, 'vcpusched priority', { min: 0, max: 99 });
    }
    this.setAttrValues('vcpusched', 'vcpus', v.map((x) => x.vcpus));
    this.el.elements('vcpusched').forEach((e, i) => {
      e.setAttribute('scheduler', v[i].scheduler);
      e.setAttribute('priority', v[i].priority);
    });
  }
}

export type NumaMode = 'strict' | 'preferred' | 'interleave' | 'restrictive';
const NUMA_MODES = ['strict', 'preferred', 'interleave', 'restrictive'] as const;

export interface NumaMemory {
  mode?: NumaMode;
  /** Host NUMA nodes: `0-1`. */
  nodeset?: string;
  placement?: 'static' | 'auto';
}

export interface NumaMemnode {
  cellid: number;
  mode: NumaMode;
  nodeset: string;
}

export interface NumaTuneOptions {
  memory?: NumaMemory;
  memnodes?: NumaMemnode[];
}

export class NumaTune extends XmlView {
  static override readonly childOrder = ['memory', 'memnode'];
  constructor(init: XmlElement | NumaTuneOptions = {}) {
    super(init, 'numatune');
    if (!isElement(init)) this.assign(init);
  }
  get memory(): NumaMemory | undefined {
    if (!this.el.child('memory')) return undefined;
    const out: NumaMemory = {};
    const mode = this.enumChildAttr('memory', 'mode', NUMA_MODES);
    if (mode !== undefined) out.mode = mode;
    const nodeset = this.childAttr('memory', 'nodeset');
    if (nodeset !== undefined) out.nodeset = nodeset;
    const placement = this.enumChildAttr('memory', 'placement', ['static', 'auto'] as const);
    if (placement !== undefined) out.placement = placement;
    return out;
  }
  set memory(v: NumaMemory | undefined) {
    if (v === undefined) {
      this.el.child('memory')?.remove();
      return;
    }
    this.ensurePath('memory');
    this.setEnumChildAttr('memory', 'mode', v.mode, NUMA_MODES);
    this.setChildAttr('memory', 'nodeset', v.nodeset);
    this.setEnumChildAttr('memory', 'placement', v.placement, ['static', 'auto'] as const);
  }
  get memnodes(): NumaMemnode[] {
    return this.el.elements('memnode').map((e) => ({
      cellid: this.toInt(e.getAttribute('cellid') ?? '', "attribute 'cellid'", { min: 0 }, e),
      mode: this.toEnum(e.getAttribute('mode') ?? '', "attribute 'mode'", NUMA_MODES, e),
      nodeset: e.getAttribute('nodeset') ?? '',
    }));
  }
  set memnodes(v: NumaMemnode[]) {
    this.setAttrValues('memnode', 'cellid', v.map((m) => String(m.cellid)));
    this.el.elements('memnode').forEach((e, i) => {
      e.setAttribute('mode', v[i].mode);
      e.setAttribute('nodeset', v[i].nodeset);
    });
  }
}

export interface HugePage {
  /** Page size; without a unit libvirt reads KiB. */
  size?: number;
  unit?: string;
  /** Guest NUMA nodes backed by this page size. */
  nodeset?: string;
}

export interface MemoryBackingOptions {
  /** true: default huge pages; a list: one page size per set of guest nodes. */
  hugepages?: boolean | HugePage[];
  nosharepages?: boolean;
  locked?: boolean;
  source?: 'file' | 'anonymous' | 'memfd';
  access?: 'shared' | 'private';
  allocation?: 'immediate' | 'ondemand';
  discard?: boolean;
}

export class MemoryBacking extends XmlView {
  static override readonly childOrder = ['hugepages', 'nosharepages', 'locked', 'source', 'access', 'allocation', 'discard'];
  constructor(init: XmlElement | MemoryBackingOptions = {}) {
    super(init, 'memoryBacking');
    if (!isElement(init)) this.assign(init);
  }
  /** false when absent, true for `<hugepages/>`, the pages otherwise. */
  get hugepages(): boolean | HugePage[] {
    const h = this.el.child('hugepages');
    if (!h) return false;
    const pages = h.elements('page');
    if (pages.length === 0) return true;
    return pages.map((p) => {
      const out: HugePage = {};
      const size = p.getAttribute('size');
      if (size !== undefined) out.size = this.toInt(size, "attribute 'size'", { min: 1 }, p);
      const unit = p.getAttribute('unit');
      if (unit !== undefined) out.unit = unit;
      const nodeset = p.getAttribute('nodeset');
      if (nodeset !== undefined) out.nodeset = nodeset;
      return out;
    });
  }
  set hugepages(v: boolean | HugePage[]) {
    if (v === false) {
      this.el.child('hugepages')?.remove();
      return;
    }
    this.ensurePath('hugepages');
    const pages = v === true ? [] : v;
    for (const p of pages) if (p.size !== undefined) this.checkInt(p.size, 'huge page size', { min: 1 });
    this.setAttrValues('hugepages/page', 'size', pages.map((p) => (p.size === undefined ? '' : String(p.size))));
    this.el.findAll('hugepages/page').forEach((e, i) => {
      if (pages[i].size === undefined) e.removeAttribute('size');
      e.setAttribute('unit', pages[i].unit);
      e.setAttribute('nodeset', pages[i].nodeset);
    });
  }
  get nosharepages() { return this.flagChild('nosharepages'); }
  set nosharepages(v: boolean) { this.setFlagChild('nosharepages', v); }
  get locked() { return this.flagChild('locked'); }
  set locked(v: boolean) { this.setFlagChild('locked', v); }
  get source() { return this.enumChildAttr('source', 'type', ['file', 'anonymous', 'memfd'] as const); }
  set source(v: MemoryBackingOptions['source']) { this.setEnumChildAttr('source', 'type', v, ['file', 'anonymous', 'memfd'] as const); }
  get access() { return this.enumChildAttr('access', 'mode', ['shared', 'private'] as const); }
  set access(v: MemoryBackingOptions['access']) { this.setEnumChildAttr('access', 'mode', v, ['shared', 'private'] as const); }
  get allocation() { return this.enumChildAttr('allocation', 'mode', ['immediate', 'ondemand'] as const); }
  set allocation(v: MemoryBackingOptions['allocation']) { this.setEnumChildAttr('allocation', 'mode', v, ['immediate', 'ondemand'] as const); }
  get discard() { return this.flagChild('discard'); }
  set discard(v: boolean) { this.setFlagChild('discard', v); }
}

export interface MemTuneOptions {
  /** The most memory the guest (with QEMU's own) may use on the host. */
  hardLimit?: Quantity;
  /** What the host reclaims down to under memory pressure. */
  softLimit?: Quantity;
  swapHardLimit?: Quantity;
  minGuarantee?: Quantity;
}

const MEMTUNE_FIELDS = { hardLimit: 'hard_limit', softLimit: 'soft_limit', swapHardLimit: 'swap_hard_limit', minGuarantee: 'min_guarantee' } as const;

/** `<memtune>`: host memory limits of the guest process (sizes default to KiB). */
export class MemTune extends XmlView {
  static override readonly childOrder = Object.values(MEMTUNE_FIELDS);
  constructor(init: XmlElement | MemTuneOptions = {}) {
    super(init, 'memtune');
    if (!isElement(init)) this.assign(init);
  }
  get hardLimit() { return this.quantityChild('hard_limit', 'KiB'); }
  set hardLimit(v: Quantity | undefined) { this.setQuantityChild('hard_limit', v); }
  get softLimit() { return this.quantityChild('soft_limit', 'KiB'); }
  set softLimit(v: Quantity | undefined) { this.setQuantityChild('soft_limit', v); }
  get swapHardLimit() { return this.quantityChild('swap_hard_limit', 'KiB'); }
  set swapHardLimit(v: Quantity | undefined) { this.setQuantityChild('swap_hard_limit', v); }
  get minGuarantee() { return this.quantityChild('min_guarantee', 'KiB'); }
  set minGuarantee(v: Quantity | undefined) { this.setQuantityChild('min_guarantee', v); }
}

export interface BlkioDeviceWeight {
  path: string;
  weight: number;
}

export interface BlkioTuneOptions {
  /** Relative I/O weight, 100..1000. */
  weight?: number;
  deviceWeights?: BlkioDeviceWeight[];
}

/** `<blkiotune>`: the guest's share of host block I/O. */
export class BlkioTune extends XmlView {
  static override readonly childOrder = ['weight', 'device'];
  constructor(init: XmlElement | BlkioTuneOptions = {}) {
    super(init, 'blkiotune');
    if (!isElement(init)) this.assign(init);
  }
  get weight() { return this.intChildText('weight', { min: 100, max: 1000 }); }
  set weight(v: number | undefined) { this.setIntChildText('weight', v, { min: 100, max: 1000 }); }
  get deviceWeights(): BlkioDeviceWeight[] {
    return this.el.elements('device').filter((e) => e.child('weight')).map((e) => ({
      path: e.child('path')?.text ?? '',
      weight: this.toInt(e.child('weight')!.text, 'weight', { min: 100, max: 1000 }, e.child('weight')),
    }));
  }
  set deviceWeights(v: BlkioDeviceWeight[]) {
    for (const d of v) this.checkInt(d.weight, 'device weight', { min: 100, max: 1000 });
    this.el.removeChildren('device');
    for (const d of v) this.el.addElement(el('device', null, [el('path', null, d.path), el('weight', null, String(d.weight))]), this.schemaOrder);
  }
}

export interface IdMapRange {
  /** First id inside the container. */
  start: number;
  /** First id on the host it maps to. */
  target: number;
  count: number;
}

export interface IdMap {
  uids: IdMapRange[];
  gids: IdMapRange[];
}
