/**
 * Device addresses (`<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>`
 * and the drive, usb, isa, virtio-serial, ccw... forms), also the type-less host addresses inside a
 * hostdev or NVMe `<source>`.
 *
 * PCI numbers are written in hex as libvirt does; every other number in decimal. Reads accept both.
 */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { orderedEntries } from '../base.js';

export type AddressType =
  | 'pci' | 'drive' | 'virtio-serial' | 'ccid' | 'usb' | 'spapr-vio' | 'ccw' | 'isa'
  | 'virtio-mmio' | 'dimm' | 'unassigned';

export interface AddressOptions {
  type?: AddressType;
  domain?: number;
  bus?: number;
  slot?: number;
  function?: number;
  multifunction?: boolean;
  controller?: number;
  target?: number;
  unit?: number;
  port?: string;
  device?: number;
  iobase?: number;
  irq?: number;
  reg?: number;
  cssid?: number;
  ssid?: number;
  devno?: number;
  base?: number;
  /** mdev and some host addresses are a UUID. */
  uuid?: string;
}

/** Attributes that only PCI addresses carry, so their presence marks a type-less address as PCI. */
const PCI_ONLY = ['domain', 'function'];

export class Address extends XmlView {
  constructor(init: XmlElement | AddressOptions = {}) {
    super(init, 'address');
    // type and the PCI-only numbers first, so `bus` knows whether to be written in hex
    if (!isElement(init)) this.assign(Object.fromEntries(orderedEntries(init, ['type', ...PCI_ONLY])));
  }
  /** PCI numbers are hex; a DIMM's slot or a USB bus is decimal. */
  private hexWidth(digits: number): number | undefined {
    return this.isPci ? digits : undefined;
  }
  get type() { return this.attr('type') as AddressType | undefined; }
  set type(v: AddressType | undefined) { this.setAttr('type', v); }

  private get isPci(): boolean {
    const t = this.attr('type');
    return t === 'pci' || (t === undefined && PCI_ONLY.some((a) => this.el.hasAttribute(a)));
  }
  private num(name: string): number | undefined { return this.intAttr(name, { min: 0 }); }
  private setNum(name: string, v: number | undefined, hexDigits?: number): void {
    if (v !== undefined) this.checkInt(v, `attribute '${name}'`, { min: 0 });
    this.setAttr(name, v === undefined ? undefined : hexDigits !== undefined ? '0x' + v.toString(16).padStart(hexDigits, '0') : v);
  }

  get domain() { return this.num('domain'); }
  set domain(v) { this.setNum('domain', v, 4); }
  get bus() { return this.num('bus'); }
  set bus(v) { this.setNum('bus', v, this.hexWidth(2)); }
  get slot() { return this.num('slot'); }
  set slot(v) { this.setNum('slot', v, this.hexWidth(2)); }
  get function() { return this.num('function'); }
  set function(v) { this.setNum('function', v, 1); }
  get multifunction() { return this.boolAttr('multifunction', 'on/off'); }
  set multifunction(v) { this.setBoolAttr('multifunction', v, 'on/off'); }
  get controller() { return this.num('controller'); }
  set controller(v) { this.setNum('controller', v); }
  get target() { return this.num('target'); }
  set target(v) { this.setNum('target', v); }
  get unit() { return this.num('unit'); }
  set unit(v) { this.setNum('unit', v); }
  /** USB ports are dotted paths (`1.2`); virtio-serial ports are numbers: kept as text. */
  get port() { return this.attr('port'); }
  set port(v) { this.setAttr('port', v); }
  get device() { return this.num('device'); }
  set device(v) { this.setNum('device', v); }
  get iobase() { return this.num('iobase'); }
  set iobase(v) { this.setNum('iobase', v, 3); }
  get irq() { return this.num('irq'); }
  set irq(v) { this.setNum('irq', v); }
  get reg() { return this.num('reg'); }
  set reg(v) { this.setNum('reg', v, 4); }
  get cssid() { return this.num('cssid'); }
  set cssid(v) { this.setNum('cssid', v, 1); }
  get ssid() { return this.num('ssid'); }
  set ssid(v) { this.setNum('ssid', v, 1); }
  get devno() { return this.num('devno'); }
  set devno(v) { this.setNum('devno', v, 4); }
  get base() { return this.num('base'); }
  set base(v) { this.setNum('base', v, 8); }
  get uuid() { return this.attr('uuid'); }
  set uuid(v) { this.setAttr('uuid', v); }

  /** `0000:00:03.0`, the host's way of naming a PCI function. */
  get pciName(): string | undefined {
    if (!this.isPci) return undefined;
    const hex = (n: number | undefined, w: number) => (n ?? 0).toString(16).padStart(w, '0');
    return `${hex(this.domain, 4)}:${hex(this.bus, 2)}:${hex(this.slot, 2)}.${(this.function ?? 0).toString(16)}`;
  }
}
