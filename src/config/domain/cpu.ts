/**
 * `<cpu>`: the CPU the guest sees. Mode (a named model, the host's model, the host CPU itself,
 * or everything the hypervisor can do), how strictly the model must match the host, extra or
 * removed features, topology, cache and guest NUMA cells.
 */
import { XmlView, isElement, type XmlElement } from '../view.js';
import { type Quantity } from '../units.js';
import { orderedEntries } from './base.js';

export const DOMAIN_CPU_MODES = ['custom', 'host-model', 'host-passthrough', 'maximum'] as const;
export type DomainCpuMode = (typeof DOMAIN_CPU_MODES)[number];
export const CPU_MATCHES = ['minimum', 'exact', 'strict'] as const;
export type CpuMatch = (typeof CPU_MATCHES)[number];
export const CPU_CHECKS = ['none', 'partial', 'full'] as const;
export type CpuCheck = (typeof CPU_CHECKS)[number];
export const CPU_POLICIES = ['force', 'require', 'optional', 'disable', 'forbid'] as const;
export type CpuPolicy = (typeof CPU_POLICIES)[number];

export interface CpuModelOptions {
  name?: string;
  /** allow: libvirt may fall back to a model closest to the host; forbid: fail instead. */
  fallback?: 'allow' | 'forbid';
  vendorId?: string;
}

export class CpuModel extends XmlView {
  constructor(init: XmlElement | CpuModelOptions = {}) {
    super(init, 'model');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.el.text === '' ? undefined : this.el.text; }
  set name(v: string | undefined) { this.el.text = v ?? ''; }
  get fallback() { return this.enumAttr('fallback', ['allow', 'forbid'] as const); }
  set fallback(v) { this.setEnumAttr('fallback', v, ['allow', 'forbid'] as const); }
  get vendorId() { return this.attr('vendor_id'); }
  set vendorId(v) { this.setAttr('vendor_id', v); }
}

export interface CpuFeatureOptions {
  name: string;
  policy?: CpuPolicy;
}

export class CpuFeature extends XmlView {
  constructor(init: XmlElement | CpuFeatureOptions) {
    super(init, 'feature');
    if (!isElement(init)) this.assign(Object.fromEntries(orderedEntries(init, ['policy', 'name'])));
  }
  get name() { return this.requiredAttr('name'); }
  set name(v: string) { this.setAttr('name', v); }
  get policy() { return this.enumAttr('policy', CPU_POLICIES); }
  set policy(v) { this.setEnumAttr('policy', v, CPU_POLICIES); }
}

export interface NumaCellOptions {
  id?: number;
  /** vCPUs of the cell as a set: `0-3,6`. */
  cpus?: string;
  memory: Quantity;
  memAccess?: 'shared' | 'private';
  discard?: boolean;
}

export class NumaCell extends XmlView {
  constructor(init: XmlElement | NumaCellOptions) {
    super(init, 'cell');
    if (!isElement(init)) this.assign(init);
  }
  get id() { return this.intAttr('id', { min: 0 }); }
  set id(v) { this.setIntAttr('id', v, { min: 0 }); }
  get cpus() { return this.attr('cpus'); }
  set cpus(v) { this.setAttr('cpus', v); }
  get memory(): Quantity | undefined { return this.quantityAttr(this.el, 'memory', 'unit', 'KiB'); }
  set memory(v: Quantity | undefined) { this.setQuantityAttr(this.el, 'memory', 'unit', v); }
  get memAccess() { return this.enumAttr('memAccess', ['shared', 'private'] as const); }
  set memAccess(v) { this.setEnumAttr('memAccess', v, ['shared', 'private'] as const); }
  get discard() { return this.boolAttr('discard'); }
  set discard(v) { this.setBoolAttr('discard', v); }
}

export interface DomainCpuTopology {
  sockets: number;
  dies?: number;
  clusters?: number;
  cores: number;
  threads: number;
}

export interface CpuCache {
  level?: number;
  mode: 'emulate' | 'passthrough' | 'disable';
}

/** Guest physical address bits: passed through from the host or emulated (`<maxphysaddr mode='emulate' bits='42'/>`). */
export interface MaxPhysAddr {
  mode: 'passthrough' | 'emulate';
  bits?: number;
  /** With passthrough: an upper bound (newer libvirt than 9.0). */
  limit?: number;
}

export interface CpuOptions {
  mode?: DomainCpuMode;
  match?: CpuMatch;
  check?: CpuCheck;
  migratable?: boolean;
  /** A model name, or the model with its fallback policy. */
  model?: CpuModel | CpuModelOptions | string;
  vendor?: string;
  topology?: DomainCpuTopology;
  cache?: CpuCache;
  maxPhysAddr?: MaxPhysAddr;
  features?: Array<CpuFeature | CpuFeatureOptions>;
  numaCells?: Array<NumaCell | NumaCellOptions>;
}

export class Cpu extends XmlView {
  static override readonly childOrder = ['model', 'vendor', 'topology', 'cache', 'maxphysaddr', 'feature', 'numa'];
  constructor(init: XmlElement | CpuOptions = {}) {
    super(init, 'cpu');
    if (!isElement(init)) this.assign(init);
  }
  get mode() { return this.enumAttr('mode', DOMAIN_CPU_MODES); }
  set mode(v) { this.setEnumAttr('mode', v, DOMAIN_CPU_MODES); }
  get match() { return this.enumAttr('match', CPU_MATCHES); }
  set match(v) { this.setEnumAttr('match', v, CPU_MATCHES); }
  get check() { return this.enumAttr('check', CPU_CHECKS); }
  set check(v) { this.setEnumAttr('check', v, CPU_CHECKS); }
  get migratable() { return this.boolAttr('migratable', 'on/off'); }
  set migratable(v) { this.setBoolAttr('migratable', v, 'on/off'); }
  get model(): CpuModel | undefined { return this.child('model', CpuModel); }
  set model(v: CpuModel | CpuModelOptions | string | undefined) {
    this.setChild('model', CpuModel, typeof v === 'string' ? { name: v } : v);
  }
  get vendor() { return this.childText('vendor'); }
  set vendor(v) { this.setChildText('vendor', v); }
  get topology(): DomainCpuTopology | undefined {
    const t = this.el.child('topology');
    if (!t) return undefined;
    const n = (a: string) => this.intChildAttr('topology', a, { min: 1 });
    const out: DomainCpuTopology = { sockets: n('sockets') ?? 1, cores: n('cores') ?? 1, threads: n('threads') ?? 1 };
    const dies = n('dies');
    if (dies !== undefined) out.dies = dies;
    const clusters = n('clusters');
    if (clusters !== undefined) out.clusters = clusters;
    return out;
  }
  set topology(v: DomainCpuTopology | undefined) {
    if (v === undefined) {
      this.el.child('topology')?.remove();
      return;
    }
    for (const [k, n] of Object.entries(v)) if (n !== undefined) this.checkInt(n as number, `topology ${k}`, { min: 1 });
    const t = this.ensurePath('topology');
    // libvirt's attribute order, whatever order the caller's object has
    t.setAttribute('sockets', v.sockets);
    t.setAttribute('dies', v.dies);
    t.setAttribute('clusters', v.clusters);
    t.setAttribute('cores', v.cores);
    t.setAttribute('threads', v.threads);
  }
  /** Guest vCPUs the topology describes (sockets x dies x clusters x cores x threads). */
  get topologyCount(): number | undefined {
    const t = this.topology;
    return t ? t.sockets * (t.dies ?? 1) * (t.clusters ?? 1) * t.cores * t.threads : undefined;
  }
  get cache(): CpuCache | undefined {
    const mode = this.enumChildAttr('cache', 'mode', ['emulate', 'passthrough', 'disable'] as const);
    if (mode === undefined) return undefined;
    const level = this.intChildAttr('cache', 'level', { min: 1 });
    return level === undefined ? { mode } : { level, mode };
  }
  set cache(v: CpuCache | undefined) {
    if (v === undefined) {
      this.el.child('cache')?.remove();
      return;
    }
    this.setIntChildAttr('cache', 'level', v.level, { min: 1 });
    this.setEnumChildAttr('cache', 'mode', v.mode, ['emulate', 'passthrough', 'disable'] as const);
  }
  get maxPhysAddr(): MaxPhysAddr | undefined {
    const mode = this.enumChildAttr('maxphysaddr', 'mode', ['passthrough', 'emulate'] as const);
    if (mode === undefined) return undefined;
    const out: MaxPhysAddr = { mode };
    const bits = this.intChildAttr('maxphysaddr', 'bits', { min: 0, max: 255 });
    if (bits !== undefined) out.bits = bits;
    const limit = this.intChildAttr('maxphysaddr', 'limit', { min: 0, max: 255 });
    if (limit !== undefined) out.limit = limit;
    return out;
  }
  set maxPhysAddr(v: MaxPhysAddr | undefined) {
    if (v === undefined) {
      this.el.child('maxphysaddr')?.remove();
      return;
    }
    this.setEnumChildAttr('maxphysaddr', 'mode', v.mode, ['passthrough', 'emulate'] as const);
    this.setIntChildAttr('maxphysaddr', 'bits', v.bits, { min: 0, max: 255 });
    this.setIntChildAttr('maxphysaddr', 'limit', v.limit, { min: 0, max: 255 });
  }
  get features() { return this.list<CpuFeature, CpuFeatureOptions>('feature', CpuFeature); }
  /** The policy of one named feature, or undefined when the document does not mention it. */
  featurePolicy(name: string): CpuPolicy | undefined {
    const f = this.features.find((x) => x.name === name);
    return f ? (f.policy ?? 'require') : undefined;
  }
  get numaCells() { return this.list<NumaCell, NumaCellOptions>('cell', NumaCell, { in: 'numa' }); }
}
