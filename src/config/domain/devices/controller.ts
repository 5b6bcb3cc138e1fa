/** Bus controllers (`<controller type='scsi' index='0' model='virtio-scsi'>`, PCI roots and ports, USB...). */
import { isElement, type XmlElement } from '../../view.js';
import { type Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';

export const CONTROLLER_TYPES = ['ide', 'fdc', 'scsi', 'sata', 'usb', 'ccid', 'virtio-serial', 'xenbus', 'pci', 'isa', 'nvme'] as const;
export type ControllerType = (typeof CONTROLLER_TYPES)[number];

export interface ControllerDriverOptions {
  queues?: number;
  iothread?: number;
  cmdPerLun?: number;
  maxSectors?: number;
}

export interface ControllerOptions {
  type?: ControllerType;
  index?: number;
  /** virtio-scsi, qemu-xhci, pcie-root, pcie-root-port, ... */
  model?: string;
  ports?: number;
  vectors?: number;
  driver?: ControllerDriverOptions;
  /** PCI controllers: the emulated device (`<model name='pcie-root-port'/>`). */
  modelName?: string;
  /** PCI ports: chassis and port numbers (`<target chassis='1' port='0x10'/>`). */
  targetChassis?: number;
  targetPort?: number;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Controller extends DeviceView {
  static override readonly childOrder = ['model', 'driver', 'target', 'master', 'alias', 'address'];
  constructor(init: XmlElement | ControllerOptions = {}) {
    super(init, 'controller');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', CONTROLLER_TYPES); }
  set type(v) { this.setEnumAttr('type', v, CONTROLLER_TYPES); }
  get index() { return this.intAttr('index', { min: 0 }); }
  set index(v) { this.setIntAttr('index', v, { min: 0 }); }
  get model() { return this.attr('model'); }
  set model(v) { this.setAttr('model', v); }
  get ports() { return this.intAttr('ports', { min: 0 }); }
  set ports(v) { this.setIntAttr('ports', v, { min: 0 }); }
  get vectors() { return this.intAttr('vectors', { min: 0 }); }
  set vectors(v) { this.setIntAttr('vectors', v, { min: 0 }); }
  get driver(): ControllerDriverOptions | undefined {
    if (!this.el.child('driver')) return undefined;
    const out: ControllerDriverOptions = {};
    const q = this.intChildAttr('driver', 'queues', { min: 1 });
    if (q !== undefined) out.queues = q;
    const t = this.intChildAttr('driver', 'iothread', { min: 1 });
    if (t !== undefined) out.iothread = t;
    const c = this.intChildAttr('driver', 'cmd_per_lun', { min: 1 });
    if (c !== undefined) out.cmdPerLun = c;
    const m = this.intChildAttr('driver', 'max_sectors', { min: 1 });
    if (m !== undefined) out.maxSectors = m;
    return out;
  }
  set driver(v: ControllerDriverOptions | undefined) {
    if (v === undefined) {
      this.el.child('driver')?.remove();
      return;
    }
    this.setIntChildAttr('driver', 'queues', v.queues, { min: 1 });
    this.setIntChildAttr('driver', 'iothread', v.iothread, { min: 1 });
    this.setIntChildAttr('driver', 'cmd_per_lun', v.cmdPerLun, { min: 1 });
    this.setIntChildAttr('driver', 'max_sectors', v.maxSectors, { min: 1 });
  }
  get modelName() { return this.childAttr('model', 'name'); }
  set modelName(v: string | undefined) { this.setChildAttr('model', 'name', v); }
  get targetChassis() { return this.intChildAttr('target', 'chassis', { min: 0 }); }
  set targetChassis(v: number | undefined) { this.setIntChildAttr('target', 'chassis', v, { min: 0 }); }
  get targetPort() { return this.intChildAttr('target', 'port', { min: 0 }); }
  set targetPort(v: number | undefined) {
    if (v !== undefined) this.checkInt(v, 'target port', { min: 0 });
    this.setChildAttr('target', 'port', v === undefined ? undefined : '0x' + v.toString(16));
  }
}
