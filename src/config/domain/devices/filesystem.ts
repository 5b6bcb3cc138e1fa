/**
 * Shared host directories and container filesystems: `<filesystem type=...>` with its driver
 * (9p `path`/`handle`, `virtiofs`, LXC `loop`/`nbd`), source, target and readonly flag.
 */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { type Quantity } from '../../units.js';
import { type Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';

export const FILESYSTEM_TYPES = ['mount', 'block', 'file', 'template', 'ram', 'bind', 'volume'] as const;
export type FilesystemType = (typeof FILESYSTEM_TYPES)[number];
export const FILESYSTEM_ACCESS_MODES = ['passthrough', 'mapped', 'squash'] as const;
export type FilesystemAccessMode = (typeof FILESYSTEM_ACCESS_MODES)[number];

export interface FilesystemDriverOptions {
  type?: 'path' | 'handle' | 'loop' | 'nbd' | 'ploop' | 'virtiofs';
  format?: string;
  wrpolicy?: 'immediate';
  queue?: number;
}

export class FilesystemDriver extends XmlView {
  constructor(init: XmlElement | FilesystemDriverOptions = {}) {
    super(init, 'driver');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', ['path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs'] as const); }
  get format() { return this.attr('format'); }
  set format(v) { this.setAttr('format', v); }
  get wrpolicy() { return this.enumAttr('wrpolicy', ['immediate'] as const); }
  set wrpolicy(v) { this.setEnumAttr('wrpolicy', v, ['immediate'] as const); }
  get queue() { return this.intAttr('queue', { min: 1 }); }
  set queue(v) { this.setIntAttr('queue', v, { min: 1 }); }
}

export interface FilesystemSourceOptions {
  /** mount, bind */
  dir?: string;
  /** file (image) */
  file?: string;
  /** block */
  dev?: string;
  /** template (LXC) */
  name?: string;
  /** virtiofs with an externally started daemon */
  socket?: string;
  /** volume */
  pool?: string;
  volume?: string;
  /** ram: size of the tmpfs */
  usage?: Quantity;
}

export class FilesystemSource extends XmlView {
  constructor(init: XmlElement | FilesystemSourceOptions = {}) {
    super(init, 'source');
    if (!isElement(init)) this.assign(init);
  }
  get dir() { return this.attr('dir'); }
  set dir(v) { this.setAttr('dir', v); }
  get file() { return this.attr('file'); }
  set file(v) { this.setAttr('file', v); }
  get dev() { return this.attr('dev'); }
  set dev(v) { this.setAttr('dev', v); }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get socket() { return this.attr('socket'); }
  set socket(v) { this.setAttr('socket', v); }
  get pool() { return this.attr('pool'); }
  set pool(v) { this.setAttr('pool', v); }
  get volume() { return this.attr('volume'); }
  set volume(v) { this.setAttr('volume', v); }
  get usage(): Quantity | undefined { return this.quantityAttr(this.el, 'usage', 'units', 'KiB'); }
  set usage(v: Quantity | undefined) { this.setQuantityAttr(this.el, 'usage', 'units', v); }
}

export interface FilesystemOptions {
  type?: FilesystemType;
  accessmode?: FilesystemAccessMode;
  model?: 'virtio' | 'virtio-transitional' | 'virtio-non-transitional';
  driver?: FilesystemDriver | FilesystemDriverOptions;
  /** virtiofs: path of the virtiofsd binary */
  binaryPath?: string;
  source?: FilesystemSource | FilesystemSourceOptions;
  /** Mount tag (9p, virtiofs) or mount point inside a container. */
  target?: string;
  readonly?: boolean;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Filesystem extends DeviceView {
  static override readonly childOrder = ['driver', 'binary', 'source', 'target', 'idmap', 'readonly', 'space_hard_limit', 'space_soft_limit', 'boot', 'alias', 'address'];
  constructor(init: XmlElement | FilesystemOptions = {}) {
    super(init, 'filesystem');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', FILESYSTEM_TYPES); }
  set type(v) { this.setEnumAttr('type', v, FILESYSTEM_TYPES); }
  get accessmode() { return this.enumAttr('accessmode', FILESYSTEM_ACCESS_MODES); }
  set accessmode(v) { this.setEnumAttr('accessmode', v, FILESYSTEM_ACCESS_MODES); }
  get model() { return this.enumAttr('model', ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const); }
  set model(v) { this.setEnumAttr('model', v, ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const); }
  get driver(): FilesystemDriver | undefined { return this.child('driver', FilesystemDriver); }
  set driver(v: FilesystemDriver | FilesystemDriverOptions | undefined) { this.setChild('driver', FilesystemDriver, v); }
  get binaryPath() { return this.childAttr('binary', 'path'); }
  set binaryPath(v: string | undefined) { this.setChildAttr('binary', 'path', v); }
  get source(): FilesystemSource | undefined { return this.child('source', FilesystemSource); }
  set source(v: FilesystemSource | FilesystemSourceOptions | undefined) { this.setChild('source', FilesystemSource, v); }
  get target() { return this.childAttr('target', 'dir'); }
  set target(v: string | undefined) { this.setChildAttr('target', 'dir', v); }
  get readonly() { return this.flagChild('readonly'); }
  set readonly(v: boolean) { this.setFlagChild('readonly', v); }
}
