/**
 * Domain capabilities (`virsh domcapabilities`, virConnectGetDomainCapabilities): what one emulator
 * offers for one machine type and domain type: CPU modes and models (with usability), device
 * enums (disk buses, graphics types, ...) and features (SEV, genid, ...).
 *
 * Enums are read generically: `devices.get('disk')?.enums.get('bus')` lists the disk buses, and so
 * on for any device or feature libvirt reports, including ones newer than this code.
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from './view.js';
import { el } from './xml/build.js';

/** An element with `supported='yes|no'` and `<enum name=...><value>...</value></enum>` children. */
export class SupportedItem extends XmlView {
  constructor(init: XmlElement | { name: string; supported?: boolean; enums?: Record<string, string[]> }) {
    super(init, isElement(init) ? init.name : init.name);
    if (!isElement(init)) {
      this.supported = init.supported;
      if (init.enums) for (const [k, v] of Object.entries(init.enums)) this.setEnum(k, v);
    }
  }
  get name(): string { return this.el.name; }
  get supported() { return this.boolAttr('supported'); }
  set supported(v) { this.setBoolAttr('supported', v); }
  /** Enum name -> values. */
  get enums(): Map<string, string[]> {
    return new Map(this.el.elements('enum').map((e) => [e.getAttribute('name') ?? '', e.elements('value').map((v) => v.text)]));
  }
  setEnum(name: string, values: string[]): void {
    let e = this.el.elements('enum').find((x) => x.getAttribute('name') === name);
    if (!e) {
      e = this.el.addElement(el('enum', { name }));
    }
    for (const v of e.elements('value')) v.remove();
    for (const v of values) e.addElement(el('value', null, v));
  }
}

export interface CpuModelInfo {
  name: string;
  usable?: 'yes' | 'no' | 'unknown';
  vendor?: string;
  deprecated?: boolean;
  /** Features that block the model on this host (from `<blockers>`), when reported. */
  blockers?: string[];
}

export interface CpuFeaturePolicy {
  name: string;
  policy?: string;
}

/** `<cpu><mode name='...' supported='...'>` */
export class CpuMode extends XmlView {
  constructor(init: XmlElement | { name: string; supported?: boolean }) {
    super(init, 'mode');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.requiredAttr('name'); }
  set name(v: string) { this.setAttr('name', v); }
  get supported() { return this.boolAttr('supported'); }
  set supported(v) { this.setBoolAttr('supported', v); }
  /** The models listed under this mode (custom: all named models; host-model: the one chosen). */
  get models(): CpuModelInfo[] {
    const blockers = new Map<string, string[]>();
    for (const b of this.el.elements('blockers')) blockers.set(b.getAttribute('model') ?? '', b.elements('feature').map((f) => f.getAttribute('name') ?? ''));
    return this.el.elements('model').map((m) => {
      const info: CpuModelInfo = { name: m.text };
      const usable = m.getAttribute('usable');
      if (usable === 'yes' || usable === 'no' || usable === 'unknown') info.usable = usable;
      const vendor = m.getAttribute('vendor');
      if (vendor !== undefined) info.vendor = vendor;
      const dep = m.getAttribute('deprecated');
      if (dep !== undefined) info.deprecated = dep === 'yes';
      const b = blockers.get(m.text);
      if (b) info.blockers = b;
      return info;
    });
  }
  /** Usable model names (custom mode). */
  get usableModels(): string[] {
    return this.models.filter((m) => m.usable === 'yes').map((m) => m.name);
  }
  get vendor() { return this.childText('vendor'); }
  /** Feature policies (host-model mode). */
  get features(): CpuFeaturePolicy[] {
    return this.el.elements('feature').map((f) => ({ name: f.getAttribute('name') ?? '', policy: f.getAttribute('policy') }));
  }
  get enums(): Map<string, string[]> {
    return new SupportedItem(this.el).enums;
  }
}

export interface DomainCapabilitiesOptions {
  path?: string;
  domain?: string;
  machine?: string;
  arch?: string;
  vcpuMax?: number;
}

export class DomainCapabilities extends XmlDocumentView {
  static override readonly childOrder = ['path', 'domain', 'machine', 'arch', 'vcpu', 'iothreads', 'os', 'cpu', 'memoryBacking', 'devices', 'features'];
  constructor(init: XmlElement | DomainCapabilitiesOptions = {}) {
    super(init, 'domainCapabilities');
    if (!isElement(init)) this.assign(init);
  }
  /** The emulator binary. */
  get path() { return this.childText('path'); }
  set path(v) { this.setChildText('path', v); }
  /** Domain type (kvm, qemu, ...). */
  get domain() { return this.childText('domain'); }
  set domain(v) { this.setChildText('domain', v); }
  get machine() { return this.childText('machine'); }
  set machine(v) { this.setChildText('machine', v); }
  get arch() { return this.childText('arch'); }
  set arch(v) { this.setChildText('arch', v); }
  get vcpuMax() { return this.el.child('vcpu') ? this.intOf('vcpu', 'max') : undefined; }
  set vcpuMax(v: number | undefined) {
    if (v === undefined) this.el.child('vcpu')?.remove();
    else this.ensurePath('vcpu').setAttribute('max', v);
  }
  get iothreadsSupported() { return this.supportedOf(this.el.child('iothreads')); }
  get os(): SupportedItem | undefined { return this.child('os', SupportedItem); }
  /** Firmware kinds for `<os firmware=...>`. */
  get firmware(): string[] { return this.os?.enums.get('firmware') ?? []; }
  get cpuModes() { return this.list('mode', CpuMode, { in: 'cpu' }); }
  cpuMode(name: string): CpuMode | undefined {
    return this.cpuModes.find((m) => m.name === name);
  }
  /** Every supported device kind, by element name (disk, graphics, video, hostdev, rng, ...). */
  get devices(): Map<string, SupportedItem> {
    return new Map((this.el.child('devices')?.elements() ?? []).map((e) => [e.name, new SupportedItem(e)]));
  }
  /** Every feature, by element name (gic, vmcoreinfo, genid, sev, hyperv, ...). */
  get features(): Map<string, SupportedItem> {
    return new Map((this.el.child('features')?.elements() ?? []).map((e) => [e.name, new SupportedItem(e)]));
  }
  /** Whether a feature is reported as supported (false when absent). */
  supports(feature: string): boolean {
    return this.features.get(feature)?.supported === true;
  }

  private intOf(child: string, attr: string): number | undefined {
    const e = this.el.child(child)!;
    const v = e.getAttribute(attr);
    return v === undefined ? undefined : this.toInt(v, `attribute '${attr}'`, { min: 0 }, e);
  }
  private supportedOf(e: XmlElement | undefined): boolean | undefined {
    return e ? new SupportedItem(e).supported : undefined;
  }
}

export function parseDomainCapabilities(xml: string): DomainCapabilities {
  return new DomainCapabilities(parseRoot(xml, 'domainCapabilities'));
}
