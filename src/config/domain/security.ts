/**
 * Security settings of a guest: security labels (SELinux, AppArmor, DAC) and confidential
 * computing launch parameters (AMD SEV, s390 protected virtualization).
 */
import { XmlView, isElement, type XmlElement } from '../view.js';

export interface SecLabelOptions {
  /** dynamic: the driver makes a unique label; static: `label` is used; none: unconfined. */
  type?: 'dynamic' | 'static' | 'none';
  /** selinux, apparmor, dac */
  model?: string;
  relabel?: boolean;
  label?: string;
  imagelabel?: string;
  baselabel?: string;
}

export class SecLabel extends XmlView {
  static override readonly childOrder = ['label', 'imagelabel', 'baselabel'];
  constructor(init: XmlElement | SecLabelOptions = {}) {
    super(init, 'seclabel');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', ['dynamic', 'static', 'none'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['dynamic', 'static', 'none'] as const); }
  get model() { return this.attr('model'); }
  set model(v) { this.setAttr('model', v); }
  get relabel() { return this.boolAttr('relabel'); }
  set relabel(v) { this.setBoolAttr('relabel', v); }
  get label() { return this.childText('label'); }
  set label(v) { this.setChildText('label', v); }
  get imagelabel() { return this.childText('imagelabel'); }
  set imagelabel(v) { this.setChildText('imagelabel', v); }
  get baselabel() { return this.childText('baselabel'); }
  set baselabel(v) { this.setChildText('baselabel', v); }
}

export interface LaunchSecurityOptions {
  type?: 'sev' | 'sev-snp' | 's390-pv';
  /** SEV: C-bit position in page table entries. */
  cbitpos?: number;
  reducedPhysBits?: number;
  /** SEV guest policy, as libvirt writes it (`0x0003`). */
  policy?: string;
  dhCert?: string;
  session?: string;
  kernelHashes?: boolean;
}

export class LaunchSecurity extends XmlView {
  static override readonly childOrder = ['cbitpos', 'reducedPhysBits', 'policy', 'dhCert', 'session'];
  constructor(init: XmlElement | LaunchSecurityOptions = {}) {
    super(init, 'launchSecurity');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', ['sev', 'sev-snp', 's390-pv'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['sev', 'sev-snp', 's390-pv'] as const); }
  get cbitpos() { return this.intChildText('cbitpos', { min: 0 }); }
  set cbitpos(v: number | undefined) { this.setIntChildText('cbitpos', v, { min: 0 }); }
  get reducedPhysBits() { return this.intChildText('reducedPhysBits', { min: 0 }); }
  set reducedPhysBits(v: number | undefined) { this.setIntChildText('reducedPhysBits', v, { min: 0 }); }
  get policy() { return this.childText('policy'); }
  set policy(v: string | undefined) { this.setChildText('policy', v); }
  /** The policy as a number (it is written in hex). */
  get policyValue(): number | undefined {
    const p = this.el.child('policy');
    return p ? this.toInt(p.text, 'policy', { min: 0 }, p) : undefined;
  }
  get dhCert() { return this.childText('dhCert'); }
  set dhCert(v) { this.setChildText('dhCert', v); }
  get session() { return this.childText('session'); }
  set session(v) { this.setChildText('session', v); }
  get kernelHashes() { return this.boolAttr('kernelHashes'); }
  set kernelHashes(v) { this.setBoolAttr('kernelHashes', v); }
}
