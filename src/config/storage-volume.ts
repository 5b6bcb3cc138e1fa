/**
 * Storage volumes (`virsh vol-dumpxml`): one disk image or block device in a pool, with its
 * format, permissions and backing store (the base image of a qcow2 overlay).
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from './view.js';
import { Permissions, type PermissionsOptions } from './storage-common.js';
import type { Quantity } from './units.js';

export const VOLUME_TYPES = ['file', 'block', 'dir', 'network', 'netdir', 'ploop'] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];

export interface VolumeTargetOptions {
  path?: string;
  /** raw, qcow2, vmdk, iso, ... (file volumes), or the partition type of disk pools. */
  format?: string;
  permissions?: Permissions | PermissionsOptions;
  /** qcow2 compatibility level ('0.10', '1.1'). */
  compat?: string;
  /** Disable copy-on-write (btrfs). */
  nocow?: boolean;
}

const TARGET_ORDER = ['path', 'format', 'permissions', 'timestamps', 'encryption', 'compat', 'clusterSize', 'nocow', 'features'];

export class VolumeTarget extends XmlView {
  static override readonly childOrder = TARGET_ORDER;
  constructor(init: XmlElement | VolumeTargetOptions = {}, name: 'target' | 'backingStore' = 'target') {
    super(init, isElement(init) ? init.name : name);
    if (!isElement(init)) this.assign(init);
  }
  get path() { return this.childText('path'); }
  set path(v) { this.setChildText('path', v); }
  get format() { return this.el.child('format')?.getAttribute('type'); }
  set format(v: string | undefined) {
    if (v === undefined) this.el.child('format')?.remove();
    else this.ensurePath('format').setAttribute('type', v);
  }
  get permissions(): Permissions | undefined { return this.child('permissions', Permissions); }
  set permissions(v: Permissions | PermissionsOptions | undefined) { this.setChild('permissions', Permissions, v); }
  get compat() { return this.childText('compat'); }
  set compat(v) { this.setChildText('compat', v); }
  get nocow() { return this.flagChild('nocow'); }
  set nocow(v: boolean) { this.setFlagChild('nocow', v); }
}

/** `<backingStore>`: the same shape as a target (path, format, permissions). */
export class BackingStore extends VolumeTarget {
  constructor(init: XmlElement | VolumeTargetOptions = {}) {
    super(init, 'backingStore');
  }
}

export interface StorageVolumeOptions {
  type?: VolumeType;
  name?: string;
  key?: string;
  capacity?: Quantity;
  allocation?: Quantity;
  target?: VolumeTarget | VolumeTargetOptions;
  backingStore?: BackingStore | VolumeTargetOptions;
}

export class StorageVolume extends XmlDocumentView {
  static override readonly childOrder = ['name', 'key', 'source', 'capacity', 'allocation', 'physical', 'target', 'backingStore'];
  constructor(init: XmlElement | StorageVolumeOptions = {}) {
    super(init, 'volume');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', VOLUME_TYPES); }
  set type(v) { this.setEnumAttr('type', v, VOLUME_TYPES); }
  get name() { return this.childText('name'); }
  set name(v) { this.setChildText('name', v); }
  /** Set by libvirt (usually the path); not needed when creating. */
  get key() { return this.childText('key'); }
  set key(v) { this.setChildText('key', v); }
  get capacity() { return this.quantityChild('capacity', 'bytes'); }
  set capacity(v) { this.setQuantityChild('capacity', v); }
  get allocation() { return this.quantityChild('allocation', 'bytes'); }
  set allocation(v) { this.setQuantityChild('allocation', v); }
  get physical() { return this.quantityChild('physical', 'bytes'); }
  get target(): VolumeTarget | undefined { return this.child('target', VolumeTarget); }
  set target(v: VolumeTarget | VolumeTargetOptions | undefined) { this.setChild('target', VolumeTarget, v); }
  get backingStore(): BackingStore | undefined { return this.child('backingStore', BackingStore); }
  set backingStore(v: BackingStore | VolumeTargetOptions | undefined) { this.setChild('backingStore', BackingStore, v); }
}

export function parseStorageVolume(xml: string): StorageVolume {
  return new StorageVolume(parseRoot(xml, 'volume'));
}
