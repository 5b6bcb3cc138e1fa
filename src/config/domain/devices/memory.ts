/**
 * Memory given to the guest as devices: hot-pluggable DIMMs, NVDIMMs, virtio-pmem/virtio-mem
 * (`<memory model=...>`), and inter-VM shared memory (`<shmem>`).
 */
import { isElement, type XmlElement } from '../../view.js';
import { type Quantity } from '../../units.js';
import { type Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';

export const MEMORY_DEVICE_MODELS = ['dimm', 'nvdimm', 'virtio-pmem', 'virtio-mem', 'sgx-epc'] as const;
export type MemoryDeviceModel = (typeof MEMORY_DEVICE_MODELS)[number];

export interface MemoryDeviceOptions {
  model?: MemoryDeviceModel;
  access?: 'shared' | 'private';
  discard?: boolean;
  /** nvdimm / virtio-pmem backing file */
  sourcePath?: string;
  sourcePageSize?: Quantity;
  sourceNodemask?: string;
  size?: Quantity;
  /** Guest NUMA node the memory belongs to. */
  node?: number;
  /** nvdimm label area */
  labelSize?: Quantity;
  /** virtio-mem: block size and how much is plugged now */
  block?: Quantity;
  requested?: Quantity;
  alias?: string;
  address?: Address | AddressOptions;
}

export class MemoryDevice extends DeviceView {
  static override readonly childOrder = ['source', 'target', 'alias', 'address'];
  constructor(init: XmlElement | MemoryDeviceOptions = {}) {
    super(init, 'memory');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.enumAttr('model', MEMORY_DEVICE_MODELS); }
  set model(v) { this.setEnumAttr('model', v, MEMORY_DEVICE_MODELS); }
  get access() { return this.enumAttr('access', ['shared', 'private'] as const); }
  set access(v) { this.setEnumAttr('access', v, ['shared', 'private'] as const); }
  get discard() { return this.boolAttr('discard'); }
  set discard(v) { this.setBoolAttr('discard', v); }
  get sourcePath() { return this.childText('source/path'); }
  set sourcePath(v: string | undefined) { this.setChildText('source/path', v); }
  get sourcePageSize() { return this.quantityChild('source/pagesize', 'KiB'); }
  set sourcePageSize(v: Quantity | undefined) { this.setQuantityChild('source/pagesize', v); }
  get sourceNodemask() { return this.childText('source/nodemask'); }
  set sourceNodemask(v: string | undefined) { this.setChildText('source/nodemask', v); }
  get size() { return this.quantityChild('target/size', 'KiB'); }
  set size(v: Quantity | undefined) { this.setQuantityChild('target/size', v); }
  get node() { return this.intChildText('target/node', { min: 0 }); }
  set node(v: number | undefined) { this.setIntChildText('target/node', v, { min: 0 }); }
  get labelSize() { return this.quantityChild('target/label/size', 'KiB'); }
  set labelSize(v: Quantity | undefined) { this.setQuantityChild('target/label/size', v); }
  get block() { return this.quantityChild('target/block', 'KiB'); }
  set block(v: Quantity | undefined) { this.setQuantityChild('target/block', v); }
  get requested() { return this.quantityChild('target/requested', 'KiB'); }
  set requested(v: Quantity | undefined) { this.setQuantityChild('target/requested', v); }
}

export interface ShmemOptions {
  name?: string;
  role?: 'master' | 'peer';
  model?: 'ivshmem' | 'ivshmem-plain' | 'ivshmem-doorbell';
  /** Size of the region; without a unit libvirt reads bytes. */
  size?: Quantity;
  /** ivshmem-doorbell: the ivshmem server socket */
  serverPath?: string;
  msiVectors?: number;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Shmem extends DeviceView {
  static override readonly childOrder = ['model', 'size', 'server', 'msi', 'alias', 'address'];
  constructor(init: XmlElement | ShmemOptions = {}) {
    super(init, 'shmem');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get role() { return this.enumAttr('role', ['master', 'peer'] as const); }
  set role(v) { this.setEnumAttr('role', v, ['master', 'peer'] as const); }
  get model() { return this.enumChildAttr('model', 'type', ['ivshmem', 'ivshmem-plain', 'ivshmem-doorbell'] as const); }
  set model(v: ShmemOptions['model']) { this.setEnumChildAttr('model', 'type', v, ['ivshmem', 'ivshmem-plain', 'ivshmem-doorbell'] as const); }
  get size() { return this.quantityChild('size', 'bytes'); }
  set size(v: Quantity | undefined) { this.setQuantityChild('size', v); }
  get serverPath() { return this.childAttr('server', 'path'); }
  set serverPath(v: string | undefined) { this.setChildAttr('server', 'path', v); }
  get msiVectors() { return this.intChildAttr('msi', 'vectors', { min: 1 }); }
  set msiVectors(v: number | undefined) { this.setIntChildAttr('msi', 'vectors', v, { min: 1 }); }
}
