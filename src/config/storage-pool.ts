/**
 * Storage pools (`virsh pool-dumpxml`): where volumes live. Typed for the pool kinds the compute
 * service uses (dir, fs, netfs, logical, disk, iscsi) and read generically for the rest; anything
 * not modelled stays in the document.
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from './view.js';
import { Permissions, type PermissionsOptions } from './storage-common.js';
import type { Quantity } from './units.js';

export const POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage'] as const;
export type PoolType = (typeof POOL_TYPES)[number];

export interface PoolHost {
  name: string;
  port?: number;
}

export interface PoolAdapter {
  type?: 'scsi_host' | 'fc_host';
  name?: string;
  parent?: string;
  wwnn?: string;
  wwpn?: string;
  managed?: boolean;
}

export interface PoolAuth {
  type: 'chap' | 'ceph';
  username: string;
  secretUsage?: string;
  secretUuid?: string;
}

export interface PoolSourceOptions {
  hosts?: PoolHost[];
  /** Source directory (netfs export path, gluster dir). */
  dir?: string;
  /** Source devices (block devices of fs/logical/disk pools, iSCSI LUN path). */
  devices?: string[];
  /** Pool-specific format: fs type (ext4, auto), netfs protocol family (nfs, cifs, glusterfs), disk label (dos, gpt), lvm2. */
  format?: string;
  /** Volume group (logical), iSCSI target IQN is `devices`; rbd pool name, gluster volume... */
  name?: string;
  adapter?: PoolAdapter;
  auth?: PoolAuth;
  /** iSCSI initiator IQN. */
  initiatorIqn?: string;
  /** NFS protocol version. */
  protocolVersion?: string;
  vendor?: string;
  product?: string;
}

const SOURCE_ORDER = ['host', 'device', 'dir', 'adapter', 'name', 'format', 'auth', 'initiator', 'protocol', 'vendor', 'product'];

export class PoolSource extends XmlView {
  static override readonly childOrder = SOURCE_ORDER;
  constructor(init: XmlElement | PoolSourceOptions = {}) {
    super(init, 'source');
    if (!isElement(init)) this.assign(init);
  }
  get hosts(): PoolHost[] {
    return this.el.elements('host').map((h) => {
      const out: PoolHost = { name: h.getAttribute('name') ?? '' };
      const port = h.getAttribute('port');
      if (port !== undefined) out.port = this.toInt(port, "attribute 'port'", { min: 0, max: 65535 }, h);
      return out;
    });
  }
  set hosts(v: PoolHost[]) {
    for (const h of v) if (h.port !== undefined) this.checkInt(h.port, 'host port', { min: 0, max: 65535 });
    this.setAttrValues('host', 'name', v.map((h) => h.name));
    const els = this.el.elements('host');
    v.forEach((h, i) => els[i].setAttribute('port', h.port));
  }
  get dir() { return this.el.child('dir')?.getAttribute('path'); }
  set dir(v: string | undefined) { this.setOne('dir', 'path', v); }
  get devices(): string[] { return this.attrValues('device', 'path'); }
  set devices(v: string[]) { this.setAttrValues('device', 'path', v); }
  get format() { return this.el.child('format')?.getAttribute('type'); }
  set format(v: string | undefined) { this.setOne('format', 'type', v); }
  get name() { return this.childText('name'); }
  set name(v) { this.setChildText('name', v); }
  get adapter(): PoolAdapter | undefined {
    const a = this.el.child('adapter');
    if (!a) return undefined;
    const out: PoolAdapter = {};
    const type = a.getAttribute('type');
    if (type !== undefined) out.type = this.toEnum(type, "adapter 'type'", ['scsi_host', 'fc_host'] as const, a);
    for (const k of ['name', 'parent', 'wwnn', 'wwpn'] as const) {
      const v = a.getAttribute(k);
      if (v !== undefined) out[k] = v;
    }
    const managed = a.getAttribute('managed');
    if (managed !== undefined) out.managed = this.toBool(managed, "adapter 'managed'", 'yes/no', a);
    return out;
  }
  set adapter(v: PoolAdapter | undefined) {
    if (!v) {
      this.el.child('adapter')?.remove();
      return;
    }
    const a = this.ensurePath('adapter');
    a.setAttribute('type', v.type).setAttribute('name', v.name).setAttribute('parent', v.parent);
    a.setAttribute('managed', v.managed === undefined ? undefined : v.managed ? 'yes' : 'no');
    a.setAttribute('wwnn', v.wwnn).setAttribute('wwpn', v.wwpn);
  }
  get auth(): PoolAuth | undefined {
    const a = this.el.child('auth');
    if (!a) return undefined;
    const s = a.child('secret');
    return {
      type: this.toEnum(a.getAttribute('type') ?? '', "auth 'type'", ['chap', 'ceph'] as const, a),
      username: a.getAttribute('username') ?? '',
      secretUsage: s?.getAttribute('usage'),
      secretUuid: s?.getAttribute('uuid'),
    };
  }
  set auth(v: PoolAuth | undefined) {
    this.el.child('auth')?.remove();
    if (!v) return;
    const a = this.ensurePath('auth');
    a.setAttribute('type', v.type).setAttribute('username', v.username);
    a.ensureChild('secret').setAttribute('uuid', v.secretUuid).setAttribute('usage', v.secretUsage);
  }
  get initiatorIqn() { return this.el.find('initiator/iqn')?.getAttribute('name'); }
  set initiatorIqn(v: string | undefined) {
    if (v === undefined) this.el.child('initiator')?.remove();
    else this.ensurePath('initiator/iqn').setAttribute('name', v);
  }
  get protocolVersion() { return this.el.child('protocol')?.getAttribute('ver'); }
  set protocolVersion(v: string | undefined) { this.setOne('protocol', 'ver', v); }
  get vendor() { return this.el.child('vendor')?.getAttribute('name'); }
  set vendor(v: string | undefined) { this.setOne('vendor', 'name', v); }
  get product() { return this.el.child('product')?.getAttribute('name'); }
  set product(v: string | undefined) { this.setOne('product', 'name', v); }

  /** `<name attr='value'/>`, removed when the value is undefined. */
  private setOne(name: string, attr: string, v: string | undefined): void {
    if (v === undefined) this.el.child(name)?.remove();
    else this.ensurePath(name).setAttribute(attr, v);
  }
}

export interface PoolTargetOptions {
  path?: string;
  permissions?: Permissions | PermissionsOptions;
}

export class PoolTarget extends XmlView {
  static override readonly childOrder = ['path', 'permissions'];
  constructor(init: XmlElement | PoolTargetOptions = {}) {
    super(init, 'target');
    if (!isElement(init)) this.assign(init);
  }
  get path() { return this.childText('path'); }
  set path(v) { this.setChildText('path', v); }
  get permissions(): Permissions | undefined { return this.child('permissions', Permissions); }
  set permissions(v: Permissions | PermissionsOptions | undefined) { this.setChild('permissions', Permissions, v); }
}

export interface StoragePoolOptions {
  type?: PoolType;
  name?: string;
  uuid?: string;
  capacity?: Quantity;
  allocation?: Quantity;
  available?: Quantity;
  source?: PoolSource | PoolSourceOptions;
  target?: PoolTarget | PoolTargetOptions;
}

export class StoragePool extends XmlDocumentView {
  static override readonly childOrder = ['name', 'uuid', 'capacity', 'allocation', 'available', 'features', 'source', 'target'];
  constructor(init: XmlElement | StoragePoolOptions = {}) {
    super(init, 'pool');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', POOL_TYPES); }
  set type(v) { this.setEnumAttr('type', v, POOL_TYPES); }
  get name() { return this.childText('name'); }
  set name(v) { this.setChildText('name', v); }
  get uuid() { return this.childText('uuid'); }
  set uuid(v) { this.setChildText('uuid', v); }
  get capacity() { return this.quantityChild('capacity', 'bytes'); }
  set capacity(v) { this.setQuantityChild('capacity', v); }
  get allocation() { return this.quantityChild('allocation', 'bytes'); }
  set allocation(v) { this.setQuantityChild('allocation', v); }
  get available() { return this.quantityChild('available', 'bytes'); }
  set available(v) { this.setQuantityChild('available', v); }
  get source(): PoolSource | undefined { return this.child('source', PoolSource); }
  set source(v: PoolSource | PoolSourceOptions | undefined) { this.setChild('source', PoolSource, v); }
  get target(): PoolTarget | undefined { return this.child('target', PoolTarget); }
  set target(v: PoolTarget | PoolTargetOptions | undefined) { this.setChild('target', PoolTarget, v); }
}

export function parseStoragePool(xml: string): StoragePool {
  return new StoragePool(parseRoot(xml, 'pool'));
}
