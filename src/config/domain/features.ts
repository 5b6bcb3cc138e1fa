/**
 * `<features>`: hypervisor features the guest sees. Plain markers (`<acpi/>`, `<apic/>`, `<pae/>`)
 * read as booleans; switches written `<name state='on|off'/>` read as true/false, or undefined
 * when absent (hypervisor default). Hyper-V enlightenments for Windows guests live in their own
 * view, `<hyperv>`.
 */
import { XmlView, isElement, type XmlElement } from '../view.js';
import { type Quantity } from '../units.js';

/** Hyper-V enlightenments that are plain on/off switches. */
export const HYPERV_SWITCHES = [
  'relaxed', 'vapic', 'vpindex', 'runtime', 'synic', 'reset', 'frequencies', 'reenlightenment', 'tlbflush', 'ipi', 'evmcs', 'avic',
] as const;
export type HypervSwitch = (typeof HYPERV_SWITCHES)[number];

export type HypervOptions = Partial<Record<HypervSwitch, boolean>> & {
  mode?: 'custom' | 'passthrough';
  /** true/false, or a number: on, with this many retries before the guest yields. */
  spinlocks?: boolean | number;
  stimer?: boolean;
  stimerDirect?: boolean;
  /** A vendor id string (at most 12 characters) the guest sees; undefined leaves it out. */
  vendorId?: string;
};

export class Hyperv extends XmlView {
  static override readonly childOrder = [
    'relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'vendor_id', 'frequencies', 'reenlightenment',
    'tlbflush', 'ipi', 'evmcs', 'avic',
  ];
  constructor(init: XmlElement | HypervOptions = {}) {
    super(init, 'hyperv');
    if (!isElement(init)) {
      for (const [k, v] of Object.entries(init)) {
        if ((HYPERV_SWITCHES as readonly string[]).includes(k)) this.set(k as HypervSwitch, v as boolean | undefined);
      }
      const { mode, spinlocks, stimer, stimerDirect, vendorId } = init;
      this.assign({ mode, spinlocks, stimer, stimerDirect, vendorId });
    }
  }
  get mode() { return this.enumAttr('mode', ['custom', 'passthrough'] as const); }
  set mode(v) { this.setEnumAttr('mode', v, ['custom', 'passthrough'] as const); }
  /** One of the plain switches. */
  get(name: HypervSwitch): boolean | undefined { return this.stateChild(name); }
  set(name: HypervSwitch, on: boolean | undefined): void { this.setStateChild(name, on); }
  /** Every plain switch present, by name. */
  get switches(): Partial<Record<HypervSwitch, boolean>> {
    const out: Partial<Record<HypervSwitch, boolean>> = {};
    for (const n of HYPERV_SWITCHES) {
      const v = this.get(n);
      if (v !== undefined) out[n] = v;
    }
    return out;
  }
  get relaxed() { return this.get('relaxed'); }
  set relaxed(v) { this.set('relaxed', v); }
  get vapic() { return this.get('vapic'); }
  set vapic(v) { this.set('vapic', v); }
  get vpindex() { return this.get('vpindex'); }
  set vpindex(v) { this.set('vpindex', v); }
  get runtime() { return this.get('runtime'); }
  set runtime(v) { this.set('runtime', v); }
  get synic() { return this.get('synic'); }
  set synic(v) { this.set('synic', v); }
  get reset() { return this.get('reset'); }
  set reset(v) { this.set('reset', v); }
  get frequencies() { return this.get('frequencies'); }
  set frequencies(v) { this.set('frequencies', v); }
  get tlbflush() { return this.get('tlbflush'); }
  set tlbflush(v) { this.set('tlbflush', v); }
  get ipi() { return this.get('ipi'); }
  set ipi(v) { this.set('ipi', v); }
  /** Spinlock enlightenment: false, true, or the retry count when on with retries. */
  get spinlocks(): boolean | number | undefined {
    const on = this.stateChild('spinlocks');
    if (on !== true) return on;
    return this.intChildAttr('spinlocks', 'retries', { min: 4095 }) ?? true;
  }
  set spinlocks(v: boolean | number | undefined) {
    if (typeof v === 'number') {
      this.checkInt(v, 'spinlocks retries', { min: 4095 });
      this.setStateChild('spinlocks', true);
      this.setChildAttr('spinlocks', 'retries', v);
      return;
    }
    this.setStateChild('spinlocks', v);
    if (v === false) this.setChildAttr('spinlocks', 'retries', undefined);
  }
  get stimer() { return this.stateChild('stimer'); }
  set stimer(v: boolean | undefined) { this.setStateChild('stimer', v); }
  get stimerDirect() { return this.stateChild('stimer/direct'); }
  set stimerDirect(v: boolean | undefined) {
    if (v !== undefined && !this.el.child('stimer')) this.setStateChild('stimer', true);
    this.setStateChild('stimer/direct', v);
  }
  get vendorId(): string | undefined { return this.stateChild('vendor_id') ? this.childAttr('vendor_id', 'value') : undefined; }
  set vendorId(v: string | undefined) {
    if (v === undefined) {
      this.el.child('vendor_id')?.remove();
      return;
    }
    this.setStateChild('vendor_id', true);
    this.setChildAttr('vendor_id', 'value', v);
  }
}

export interface FeaturesOptions {
  acpi?: boolean;
  apic?: boolean;
  /** APIC end-of-interrupt paravirtualization */
  apicEoi?: boolean;
  pae?: boolean;
  /** hardware-assisted paging */
  hap?: boolean;
  privnet?: boolean;
  viridian?: boolean;
  hyperv?: Hyperv | HypervOptions;
  /** hide the KVM signature from the guest (some drivers refuse to run under a hypervisor) */
  kvmHidden?: boolean;
  pvspinlock?: boolean;
  vmport?: boolean;
  smm?: boolean;
  smmTseg?: Quantity;
  ioapic?: 'qemu' | 'kvm';
  pmu?: boolean;
  vmcoreinfo?: boolean;
  gicVersion?: string;
}

export class Features extends XmlView {
  static override readonly childOrder = [
    'acpi', 'apic', 'pae', 'hap', 'viridian', 'privnet', 'hyperv', 'kvm', 'xen', 'pvspinlock', 'capabilities', 'pmu', 'vmport', 'gic',
    'smm', 'ioapic', 'hpt', 'htm', 'nested-hv', 'msrs', 'ccf-assist', 'cfpc', 'sbbc', 'ibs', 'vmcoreinfo', 'tcg', 'async-teardown',
  ];
  constructor(init: XmlElement | FeaturesOptions = {}) {
    super(init, 'features');
    if (!isElement(init)) this.assign(init);
  }
  get acpi() { return this.flagChild('acpi'); }
  set acpi(v: boolean) { this.setFlagChild('acpi', v); }
  get apic() { return this.flagChild('apic'); }
  set apic(v: boolean) { this.setFlagChild('apic', v); }
  get apicEoi() { return this.boolChildAttr('apic', 'eoi', 'on/off'); }
  set apicEoi(v: boolean | undefined) { this.setBoolChildAttr('apic', 'eoi', v, 'on/off'); }
  get pae() { return this.flagChild('pae'); }
  set pae(v: boolean) { this.setFlagChild('pae', v); }
  get privnet() { return this.flagChild('privnet'); }
  set privnet(v: boolean) { this.setFlagChild('privnet', v); }
  get viridian() { return this.flagChild('viridian'); }
  set viridian(v: boolean) { this.setFlagChild('viridian', v); }
  get hap() { return this.stateChild('hap'); }
  set hap(v: boolean | undefined) { this.setStateChild('hap', v); }
  get hyperv(): Hyperv | undefined { return this.child('hyperv', Hyperv); }
  set hyperv(v: Hyperv | HypervOptions | undefined) { this.setChild('hyperv', Hyperv, v); }
  get kvmHidden() { return this.stateChild('kvm/hidden'); }
  set kvmHidden(v: boolean | undefined) {
    this.setStateChild('kvm/hidden', v);
    const kvm = this.el.child('kvm');
    if (kvm && kvm.elements().length === 0) kvm.remove();
  }
  get pvspinlock() { return this.stateChild('pvspinlock'); }
  set pvspinlock(v: boolean | undefined) { this.setStateChild('pvspinlock', v); }
  get vmport() { return this.stateChild('vmport'); }
  set vmport(v: boolean | undefined) { this.setStateChild('vmport', v); }
  get smm() { return this.stateChild('smm'); }
  set smm(v: boolean | undefined) { this.setStateChild('smm', v); }
  /** Size of the SMM TSEG region (`<smm state='on'><tseg unit='MiB'>48</tseg></smm>`). */
  get smmTseg() { return this.quantityChild('smm/tseg', 'MiB'); }
  set smmTseg(v: Quantity | undefined) {
    if (v !== undefined && !this.el.child('smm')) this.setStateChild('smm', true);
    this.setQuantityChild('smm/tseg', v);
  }
  get ioapic() { return this.enumChildAttr('ioapic', 'driver', ['qemu', 'kvm'] as const); }
  set ioapic(v: 'qemu' | 'kvm' | undefined) { this.setEnumChildAttr('ioapic', 'driver', v, ['qemu', 'kvm'] as const); }
  get pmu() { return this.stateChild('pmu'); }
  set pmu(v: boolean | undefined) { this.setStateChild('pmu', v); }
  get vmcoreinfo() { return this.stateChild('vmcoreinfo'); }
  set vmcoreinfo(v: boolean | undefined) { this.setStateChild('vmcoreinfo', v); }
  get gicVersion() { return this.childAttr('gic', 'version'); }
  set gicVersion(v: string | undefined) { this.setChildAttr('gic', 'version', v); }
  /** Names of every feature element present, modeled or not. */
  get names(): string[] { return this.el.elements().map((e) => e.name); }
}
