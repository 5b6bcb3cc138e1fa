/**
 * Host capabilities (`virsh capabilities`, virConnectGetCapabilities): what the host is (CPU, NUMA
 * cells, power management, migration transports, security models) and which guests it can run
 * (OS type x architecture x domain type, with emulators and machine types).
 *
 * The scheduler's question "can this host run that image?" is answered by supportedInstances().
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from './view.js';
import { parseQuantity, type Quantity } from './units.js';
import { ConfigError } from './errors.js';
import { el } from './xml/build.js';

// ---- host ------------------------------------------------------------------------------------

export interface CpuTopology {
  sockets?: number;
  dies?: number;
  clusters?: number;
  cores?: number;
  threads?: number;
}

export interface HostCpuOptions {
  arch?: string;
  model?: string;
  vendor?: string;
  topology?: CpuTopology;
  features?: string[];
}

export class HostCpu extends XmlView {
  static override readonly childOrder = ['arch', 'features', 'model', 'vendor', 'microcode', 'signature', 'counter', 'topology', 'maxphysaddr', 'feature', 'pages'];
  constructor(init: XmlElement | HostCpuOptions = {}) {
    super(init, 'cpu');
    if (!isElement(init)) this.assign(init);
  }
  get arch() { return this.childText('arch'); }
  set arch(v) { this.setChildText('arch', v); }
  get model() { return this.childText('model'); }
  set model(v) { this.setChildText('model', v); }
  get vendor() { return this.childText('vendor'); }
  set vendor(v) { this.setChildText('vendor', v); }
  get topology(): CpuTopology | undefined {
    return readTopology(this, 'topology');
  }
  set topology(v: CpuTopology | undefined) {
    writeTopology(this.el, 'topology', v, this.schemaOrder);
  }
  /** Names of the `<feature name=...>` elements. */
  get features(): string[] { return this.attrValues('feature', 'name'); }
  set features(v: string[]) { this.setAttrValues('feature', 'name', v); }
  /** Flags written as empty children of `<features>` (e.g. pae, nonpae, vmx, svm). */
  get featureFlags(): string[] { return this.childNames('features') ?? []; }
  set featureFlags(v: string[]) { this.setChildNames('features', v.length ? v : undefined); }
  /** Page sizes the host supports. */
  get pageSizes(): Quantity[] {
    return this.el.elements('pages').map((p) => parseQuantity(p.getAttribute('size') ?? '', p.getAttribute('unit'), 'KiB', p.path));
  }
}

export interface CellCpu {
  id: number;
  socketId?: number;
  dieId?: number;
  coreId?: number;
  siblings?: string;
}

export class HostCell extends XmlView {
  constructor(init: XmlElement | { id?: number; memory?: Quantity } = {}) {
    super(init, 'cell');
    if (!isElement(init)) this.assign(init);
  }
  get id() { return this.intAttr('id', { min: 0 }); }
  set id(v) { this.setIntAttr('id', v, { min: 0 }); }
  get memory() { return this.quantityChild('memory', 'KiB'); }
  set memory(v) { this.setQuantityChild('memory', v); }
  get cpus(): CellCpu[] {
    return this.el.findAll('cpus/cpu').map((c) => {
      const v = new CellCpuView(c);
      return { id: v.id, socketId: v.socketId, dieId: v.dieId, coreId: v.coreId, siblings: v.siblings };
    });
  }
  /** Distances to other cells, by cell id. */
  get distances(): Map<number, number> {
    const m = new Map<number, number>();
    for (const s of this.el.findAll('distances/sibling')) {
      const v = new SiblingView(s);
      m.set(v.id, v.value);
    }
    return m;
  }
}

class CellCpuView extends XmlView {
  constructor(init: XmlElement) {
    super(init, 'cpu');
  }
  get id() { return this.intAttr('id', { min: 0 }) ?? 0; }
  get socketId() { return this.intAttr('socket_id', { min: 0 }); }
  get dieId() { return this.intAttr('die_id', { min: 0 }); }
  get coreId() { return this.intAttr('core_id', { min: 0 }); }
  get siblings() { return this.attr('siblings'); }
}

class SiblingView extends XmlView {
  constructor(init: XmlElement) {
    super(init, 'sibling');
  }
  get id() { return this.intAttr('id', { min: 0 }) ?? 0; }
  get value() { return this.intAttr('value', { min: 0 }) ?? 0; }
}

export interface SecModelOptions {
  model?: string;
  doi?: string;
}

export class SecModel extends XmlView {
  static override readonly childOrder = ['model', 'doi', 'baselabel'];
  constructor(init: XmlElement | SecModelOptions = {}) {
    super(init, 'secmodel');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.childText('model'); }
  set model(v) { this.setChildText('model', v); }
  get doi() { return this.childText('doi'); }
  set doi(v) { this.setChildText('doi', v); }
  /** Base labels by virtualization type (`kvm` -> `+64055:+64055`). */
  get baseLabels(): Map<string, string> {
    return new Map(this.el.elements('baselabel').map((b) => [b.getAttribute('type') ?? '', b.text]));
  }
}

export interface MigrationFeatures {
  live: boolean;
  uriTransports: string[];
}

export interface HostOptions {
  uuid?: string;
  cpu?: HostCpu | HostCpuOptions;
  powerManagement?: string[];
  migrationFeatures?: MigrationFeatures;
  secmodels?: Array<SecModel | SecModelOptions>;
}

export class CapsHost extends XmlView {
  static override readonly childOrder = ['uuid', 'cpu', 'power_management', 'iommu', 'migration_features', 'topology', 'cache', 'memory_bandwidth', 'secmodel'];
  constructor(init: XmlElement | HostOptions = {}) {
    super(init, 'host');
    if (!isElement(init)) this.assign(init);
  }
  get uuid() { return this.childText('uuid'); }
  set uuid(v) { this.setChildText('uuid', v); }
  get cpu(): HostCpu | undefined { return this.child('cpu', HostCpu); }
  set cpu(v: HostCpu | HostCpuOptions | undefined) { this.setChild('cpu', HostCpu, v); }
  /** Suspend targets (`suspend_mem`, `suspend_disk`, `suspend_hybrid`); undefined when not reported. */
  get powerManagement(): string[] | undefined { return this.childNames('power_management'); }
  set powerManagement(v: string[] | undefined) { this.setChildNames('power_management', v); }
  get iommuSupport() { return this.el.child('iommu') ? this.boolOf('iommu', 'support') : undefined; }
  get migrationFeatures(): MigrationFeatures | undefined {
    const m = this.el.child('migration_features');
    if (!m) return undefined;
    return { live: m.child('live') !== undefined, uriTransports: m.findAll('uri_transports/uri_transport').map((e) => e.text) };
  }
  set migrationFeatures(v: MigrationFeatures | undefined) {
    this.el.child('migration_features')?.remove();
    if (!v) return;
    const m = this.ensurePath('migration_features');
    if (v.live) m.ensureChild('live');
    if (v.uriTransports.length) {
      const t = m.ensureChild('uri_transports');
      for (const u of v.uriTransports) t.addElement(textElement('uri_transport', u));
    }
  }
  /** NUMA cells of the host (empty when the topology is not reported). */
  get cells() { return this.list('cell', HostCell, { in: 'topology/cells' }); }
  get secmodels() { return this.list('secmodel', SecModel); }

  private boolOf(child: string, attr: string): boolean | undefined {
    const v = this.el.child(child)?.getAttribute(attr);
    return v === undefined ? undefined : v === 'yes';
  }
}

// ---- guests ----------------------------------------------------------------------------------

export interface MachineOptions {
  name: string;
  canonical?: string;
  maxCpus?: number;
}

export class Machine extends XmlView {
  constructor(init: XmlElement | MachineOptions) {
    super(init, 'machine');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.el.text; }
  set name(v: string) { this.el.text = v; }
  get canonical() { return this.attr('canonical'); }
  set canonical(v) { this.setAttr('canonical', v); }
  get maxCpus() { return this.intAttr('maxCpus', { min: 0 }); }
  set maxCpus(v) { this.setIntAttr('maxCpus', v, { min: 0 }); }
}

export interface GuestDomainOptions {
  type: string;
  emulator?: string;
  machines?: Array<Machine | MachineOptions>;
}

/** `<domain type='kvm'>` inside a guest's `<arch>`: a hypervisor that can run this guest. */
export class GuestDomain extends XmlView {
  static override readonly childOrder = ['emulator', 'machine'];
  constructor(init: XmlElement | GuestDomainOptions) {
    super(init, 'domain');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.requiredAttr('type'); }
  set type(v: string) { this.setAttr('type', v); }
  get emulator() { return this.childText('emulator'); }
  set emulator(v) { this.setChildText('emulator', v); }
  get machines() { return this.list<Machine, MachineOptions>('machine', Machine); }
}

export interface GuestFeature {
  name: string;
  default?: 'on' | 'off';
  toggle?: boolean;
}

export interface GuestOptions {
  osType: string;
  arch: string;
  wordsize?: number;
  emulator?: string;
  machines?: Array<Machine | MachineOptions>;
  domains?: Array<GuestDomain | GuestDomainOptions>;
  features?: GuestFeature[];
}

export class CapsGuest extends XmlView {
  static override readonly childOrder = ['os_type', 'arch', 'features'];
  static readonly archOrder = ['wordsize', 'emulator', 'loader', 'machine', 'domain'];
  constructor(init: XmlElement | GuestOptions) {
    super(init, 'guest');
    if (!isElement(init)) {
      // the arch element must exist before its children are filled
      this.osType = init.osType;
      this.arch = init.arch;
      const { osType: _o, arch: _a, ...rest } = init;
      this.assign(rest);
    }
  }
  get osType() { return this.childText('os_type') ?? ''; }
  set osType(v: string) { this.setChildText('os_type', v); }
  get arch() { return this.el.child('arch')?.getAttribute('name') ?? ''; }
  set arch(v: string) { this.ensurePath('arch').setAttribute('name', v); }
  get wordsize() { return this.intChildText('arch/wordsize', { min: 1 }); }
  set wordsize(v) { this.archChild('wordsize', v); }
  get emulator() { return this.childText('arch/emulator'); }
  set emulator(v) { this.archChild('emulator', v); }
  /** Machine types of the default emulator. */
  get machines() { return this.list<Machine, MachineOptions>('machine', Machine, { in: 'arch', childOrder: CapsGuest.archOrder }); }
  /** Hypervisors (domain types) that run this guest. */
  get domains() { return this.list<GuestDomain, GuestDomainOptions>('domain', GuestDomain, { in: 'arch', childOrder: CapsGuest.archOrder }); }
  get domainTypes(): string[] { return this.domains.map((d) => d.type); }
  get features(): GuestFeature[] {
    const box = this.el.child('features');
    if (!box) return [];
    return box.elements().map((f) => {
      const out: GuestFeature = { name: f.name };
      const d = f.getAttribute('default');
      if (d === 'on' || d === 'off') out.default = d;
      const t = f.getAttribute('toggle');
      if (t !== undefined) out.toggle = t === 'yes';
      return out;
    });
  }
  set features(v: GuestFeature[]) {
    this.setChildNames('features', v.map((f) => f.name));
    const box = this.el.child('features');
    for (const f of v) {
      const e = box?.child(f.name);
      e?.setAttribute('default', f.default);
      e?.setAttribute('toggle', f.toggle === undefined ? undefined : f.toggle ? 'yes' : 'no');
    }
  }

  private archChild(name: string, value: string | number | undefined): void {
    const arch = this.ensurePath('arch');
    if (value === undefined) arch.child(name)?.remove();
    else arch.ensureChild(name, CapsGuest.archOrder).text = String(value);
  }
}

// ---- the document ----------------------------------------------------------------------------

export interface CapabilitiesOptions {
  host?: CapsHost | HostOptions;
  guests?: Array<CapsGuest | GuestOptions>;
}

/** `(architecture, hypervisor type, vm mode)`, canonical lower-case, e.g. `['x86_64', 'kvm', 'hvm']`. */
export type SupportedInstance = [architecture: string, hypervisorType: string, vmMode: string];

export class Capabilities extends XmlDocumentView {
  static override readonly childOrder = ['host', 'guest'];
  constructor(init: XmlElement | CapabilitiesOptions = {}) {
    super(init, 'capabilities');
    if (!isElement(init)) this.assign(init);
  }
  get host(): CapsHost | undefined { return this.child('host', CapsHost); }
  set host(v: CapsHost | HostOptions | undefined) { this.setChild('host', CapsHost, v); }
  get guests() { return this.list<CapsGuest, GuestOptions>('guest', CapsGuest); }

  /**
   * One triple per guest architecture and domain type, deduplicated, in document order:
   * the instance kinds this host can run.
   */
  supportedInstances(): SupportedInstance[] {
    const seen = new Set<string>();
    const out: SupportedInstance[] = [];
    for (const g of this.guests) {
      const arch = canonicalArch(g.arch);
      const mode = canonicalVmMode(g.osType);
      for (const d of g.domains) {
        const triple: SupportedInstance = [arch, d.type.toLowerCase(), mode];
        const key = triple.join('/');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(triple);
      }
    }
    return out;
  }
}

export function parseCapabilities(xml: string): Capabilities {
  return new Capabilities(parseRoot(xml, 'capabilities'));
}

/** Architecture names as the scheduler compares them (aliases folded: amd64 -> x86_64, i386 -> i686). */
export function canonicalArch(arch: string): string {
  const a = arch.trim().toLowerCase();
  if (a === 'amd64' || a === 'x64') return 'x86_64';
  if (a === 'i386' || a === 'i486' || a === 'i586') return 'i686';
  return a;
}

/** VM modes as the scheduler compares them (old spellings folded: hv -> hvm, pv -> xen). */
export function canonicalVmMode(mode: string): string {
  const m = mode.trim().toLowerCase();
  if (m === 'hv' || m === 'baremetal') return 'hvm';
  if (m === 'pv') return 'xen';
  return m;
}

// ---- shared helpers --------------------------------------------------------------------------

function textElement(name: string, text: string): XmlElement {
  return el(name, null, text);
}

const TOPOLOGY_ATTRS: Array<[keyof CpuTopology, string]> = [
  ['sockets', 'sockets'],
  ['dies', 'dies'],
  ['clusters', 'clusters'],
  ['cores', 'cores'],
  ['threads', 'threads'],
];

export function readTopology(view: XmlView, path: string): CpuTopology | undefined {
  const e = view.el.find(path);
  if (!e) return undefined;
  const out: CpuTopology = {};
  for (const [key, attr] of TOPOLOGY_ATTRS) {
    const v = e.getAttribute(attr);
    if (v === undefined) continue;
    const n = Number(v);
    if (!/^[0-9]+$/.test(v.trim()) || n < 1) {
      throw new ConfigError('INVALID_VALUE', `attribute '${attr}': '${v}' is not a positive integer`, { path: e.path });
    }
    out[key] = n;
  }
  return out;
}

export function writeTopology(el: XmlElement, path: string, v: CpuTopology | undefined, order?: readonly string[]): void {
  if (v === undefined) {
    el.find(path)?.remove();
    return;
  }
  const t = el.find(path) ?? el.ensureChild(path, order);
  for (const [key, attr] of TOPOLOGY_ATTRS) {
    const n = v[key];
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 1)) {
      throw new ConfigError('INVALID_VALUE', `topology ${key} must be a positive integer, got ${n}`, { path: t.path });
    }
    t.setAttribute(attr, n);
  }
}
