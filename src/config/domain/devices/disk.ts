/**
 * Disks: `<disk type=... device=...>` with driver, source (file, block device, directory,
 * network protocol with hosts, storage pool volume, NVMe), authentication, encryption, backing
 * chain, target, I/O limits and the small flags (readonly, shareable, transient).
 */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { ConfigError } from '../../errors.js';
import { orderedEntries } from '../base.js';
import { Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';

export const DISK_TYPES = ['file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser'] as const;
export type DiskType = (typeof DISK_TYPES)[number];
export const DISK_DEVICES = ['disk', 'cdrom', 'floppy', 'lun'] as const;
export type DiskDevice = (typeof DISK_DEVICES)[number];
export const DISK_CACHE_MODES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const;
export type DiskCacheMode = (typeof DISK_CACHE_MODES)[number];
export const DISK_IO_MODES = ['threads', 'native', 'io_uring'] as const;
export type DiskIoMode = (typeof DISK_IO_MODES)[number];
export const DISK_BUSES = ['ide', 'fdc', 'scsi', 'virtio', 'xen', 'usb', 'uml', 'sata', 'sd'] as const;
export type DiskBus = (typeof DISK_BUSES)[number];
export const NETWORK_DISK_PROTOCOLS = ['nbd', 'rbd', 'sheepdog', 'gluster', 'iscsi', 'http', 'https', 'ftp', 'ftps', 'tftp', 'ssh', 'vxhs', 'nfs'] as const;
export type NetworkDiskProtocol = (typeof NETWORK_DISK_PROTOCOLS)[number];

// ---- driver -----------------------------------------------------------------------------------

export interface DiskDriverOptions {
  name?: string;
  /** Image format: raw, qcow2, ... */
  type?: string;
  cache?: DiskCacheMode;
  io?: DiskIoMode;
  discard?: 'unmap' | 'ignore';
  detectZeroes?: 'off' | 'on' | 'unmap';
  iothread?: number;
  queues?: number;
  errorPolicy?: 'stop' | 'report' | 'ignore' | 'enospace';
  copyOnRead?: boolean;
}

export class DiskDriver extends XmlView {
  constructor(init: XmlElement | DiskDriverOptions = {}) {
    super(init, 'driver');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get type() { return this.attr('type'); }
  set type(v) { this.setAttr('type', v); }
  get cache() { return this.enumAttr('cache', DISK_CACHE_MODES); }
  set cache(v) { this.setEnumAttr('cache', v, DISK_CACHE_MODES); }
  get io() { return this.enumAttr('io', DISK_IO_MODES); }
  set io(v) { this.setEnumAttr('io', v, DISK_IO_MODES); }
  get discard() { return this.enumAttr('discard', ['unmap', 'ignore'] as const); }
  set discard(v) { this.setEnumAttr('discard', v, ['unmap', 'ignore'] as const); }
  get detectZeroes() { return this.enumAttr('detect_zeroes', ['off', 'on', 'unmap'] as const); }
  set detectZeroes(v) { this.setEnumAttr('detect_zeroes', v, ['off', 'on', 'unmap'] as const); }
  get iothread() { return this.intAttr('iothread', { min: 1 }); }
  set iothread(v) { this.setIntAttr('iothread', v, { min: 1 }); }
  get queues() { return this.intAttr('queues', { min: 1 }); }
  set queues(v) { this.setIntAttr('queues', v, { min: 1 }); }
  get errorPolicy() { return this.enumAttr('error_policy', ['stop', 'report', 'ignore', 'enospace'] as const); }
  set errorPolicy(v) { this.setEnumAttr('error_policy', v, ['stop', 'report', 'ignore', 'enospace'] as const); }
  get copyOnRead() { return this.boolAttr('copy_on_read', 'on/off'); }
  set copyOnRead(v) { this.setBoolAttr('copy_on_read', v, 'on/off'); }
}

// ---- source -----------------------------------------------------------------------------------

export interface SourceHostOptions {
  name?: string;
  port?: number;
  transport?: 'tcp' | 'unix' | 'rdma';
  socket?: string;
}

/** One server of a network disk (`<host name='mon1' port='6789'/>`). */
export class SourceHost extends XmlView {
  constructor(init: XmlElement | SourceHostOptions = {}) {
    super(init, 'host');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get port() { return this.intAttr('port', { min: 0, max: 65535 }); }
  set port(v) { this.setIntAttr('port', v, { min: 0, max: 65535 }); }
  get transport() { return this.enumAttr('transport', ['tcp', 'unix', 'rdma'] as const); }
  set transport(v) { this.setEnumAttr('transport', v, ['tcp', 'unix', 'rdma'] as const); }
  get socket() { return this.attr('socket'); }
  set socket(v) { this.setAttr('socket', v); }
}

/** A reference to a libvirt secret, by UUID or by usage name. */
export interface SecretRef {
  type?: string;
  uuid?: string;
  usage?: string;
}

function readSecret(e: XmlElement | undefined): SecretRef | undefined {
  if (!e) return undefined;
  const out: SecretRef = {};
  for (const k of ['type', 'uuid', 'usage'] as const) {
    const v = e.getAttribute(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function writeSecret(e: XmlElement, s: SecretRef): void {
  e.setAttribute('type', s.type);
  e.setAttribute('uuid', s.uuid);
  e.setAttribute('usage', s.usage);
}

export interface DiskAuthOptions {
  username?: string;
  secret?: SecretRef;
}

/** Credentials of a network disk (`<auth username=...><secret type='ceph' uuid=.../></auth>`). */
export class DiskAuth extends XmlView {
  constructor(init: XmlElement | DiskAuthOptions = {}) {
    super(init, 'auth');
    if (!isElement(init)) this.assign(init);
  }
  get username() { return this.attr('username'); }
  set username(v) { this.setAttr('username', v); }
  get secret(): SecretRef | undefined { return readSecret(this.el.child('secret')); }
  set secret(v: SecretRef | undefined) {
    if (v === undefined) this.el.child('secret')?.remove();
    else writeSecret(this.ensurePath('secret'), v);
  }
}

export interface EncryptionOptions {
  format?: 'default' | 'qcow' | 'luks' | 'luks2' | 'luks-any';
  engine?: 'qemu' | 'librbd';
  secrets?: SecretRef[];
}

/** Image encryption (`<encryption format='luks'><secret type='passphrase' uuid=.../>`). */
export class Encryption extends XmlView {
  constructor(init: XmlElement | EncryptionOptions = {}) {
    super(init, 'encryption');
    if (!isElement(init)) this.assign(init);
  }
  get format() { return this.attr('format') as EncryptionOptions['format']; }
  set format(v: EncryptionOptions['format']) { this.setAttr('format', v); }
  get engine() { return this.enumAttr('engine', ['qemu', 'librbd'] as const); }
  set engine(v) { this.setEnumAttr('engine', v, ['qemu', 'librbd'] as const); }
  get secrets(): SecretRef[] { return this.el.elements('secret').map((e) => readSecret(e)!); }
  set secrets(v: SecretRef[]) {
    this.setAttrValues('secret', 'type', v.map((s) => s.type ?? ''));
    this.el.elements('secret').forEach((e, i) => writeSecret(e, v[i]));
  }
}

export interface DiskSourceOptions {
  /** type='file' */
  file?: string;
  /** type='block' */
  dev?: string;
  /** type='dir' */
  dir?: string;
  /** type='network' */
  protocol?: NetworkDiskProtocol;
  /** type='network': image, export or IQN/LUN name. */
  name?: string;
  query?: string;
  tls?: boolean;
  hosts?: Array<SourceHost | SourceHostOptions>;
  /** type='volume' */
  pool?: string;
  volume?: string;
  /** type='volume' with an iSCSI pool: host or direct. */
  mode?: 'host' | 'direct';
  /** type='nvme': 'pci' */
  type?: string;
  managed?: boolean;
  namespace?: number;
  startupPolicy?: 'mandatory' | 'requisite' | 'optional';
  auth?: DiskAuth | DiskAuthOptions;
  encryption?: Encryption | EncryptionOptions;
  address?: Address | AddressOptions;
  /** network protocols over TLS: verify the peer's certificate. */
  sslVerify?: boolean;
}

export class DiskSource extends XmlView {
  static override readonly childOrder = ['host', 'snapshot', 'config', 'auth', 'encryption', 'reservations', 'initiator', 'address', 'slices', 'ssl', 'cookies', 'readahead', 'timeout'];
  constructor(init: XmlElement | DiskSourceOptions = {}) {
    super(init, 'source');
    if (!isElement(init)) this.assign(init);
  }
  get file() { return this.attr('file'); }
  set file(v) { this.setAttr('file', v); }
  get dev() { return this.attr('dev'); }
  set dev(v) { this.setAttr('dev', v); }
  get dir() { return this.attr('dir'); }
  set dir(v) { this.setAttr('dir', v); }
  get protocol() { return this.enumAttr('protocol', NETWORK_DISK_PROTOCOLS); }
  set protocol(v) { this.setEnumAttr('protocol', v, NETWORK_DISK_PROTOCOLS); }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get query() { return this.attr('query'); }
  set query(v) { this.setAttr('query', v); }
  get tls() { return this.boolAttr('tls'); }
  set tls(v) { this.setBoolAttr('tls', v); }
  get hosts() { return this.list<SourceHost, SourceHostOptions>('host', SourceHost); }
  get pool() { return this.attr('pool'); }
  set pool(v) { this.setAttr('pool', v); }
  get volume() { return this.attr('volume'); }
  /** A volume name: no `/`, and not `.` or `..` (libvirt's schema). */
  set volume(v: string | undefined) {
    if (v !== undefined && (v === '' || v.includes('/') || v === '.' || v === '..')) {
      throw new ConfigError('INVALID_VALUE', `'${v}' is not a volume name`, { path: this.el.path });
    }
    this.setAttr('volume', v);
  }
  get mode() { return this.enumAttr('mode', ['host', 'direct'] as const); }
  set mode(v) { this.setEnumAttr('mode', v, ['host', 'direct'] as const); }
  get type() { return this.attr('type'); }
  set type(v) { this.setAttr('type', v); }
  get managed() { return this.boolAttr('managed'); }
  set managed(v) { this.setBoolAttr('managed', v); }
  get namespace() { return this.intAttr('namespace', { min: 1 }); }
  set namespace(v) { this.setIntAttr('namespace', v, { min: 1 }); }
  get startupPolicy() { return this.enumAttr('startupPolicy', ['mandatory', 'requisite', 'optional'] as const); }
  set startupPolicy(v) { this.setEnumAttr('startupPolicy', v, ['mandatory', 'requisite', 'optional'] as const); }
  get auth(): DiskAuth | undefined { return this.child('auth', DiskAuth); }
  set auth(v: DiskAuth | DiskAuthOptions | undefined) { this.setChild('auth', DiskAuth, v); }
  get encryption(): Encryption | undefined { return this.child('encryption', Encryption); }
  set encryption(v: Encryption | EncryptionOptions | undefined) { this.setChild('encryption', Encryption, v); }
  get address(): Address | undefined { return this.child('address', Address); }
  set address(v: Address | AddressOptions | undefined) { this.setChild('address', Address, v); }
  get sslVerify() { return this.boolChildAttr('ssl', 'verify'); }
  set sslVerify(v: boolean | undefined) { this.setBoolChildAttr('ssl', 'verify', v); }
  /** Where the data is, whatever the source type: a path, a device, `protocol://host/name`, `pool/volume`. */
  get location(): string | undefined {
    const p = this.file ?? this.dev ?? this.dir;
    if (p !== undefined) return p;
    if (this.protocol !== undefined) {
      const h = this.hosts.at(0);
      const where = h ? (h.socket ?? `${h.name ?? ''}${h.port !== undefined ? ':' + h.port : ''}`) : '';
      return `${this.protocol}://${where}/${this.name ?? ''}`;
    }
    if (this.pool !== undefined) return `${this.pool}/${this.volume ?? ''}`;
    return undefined;
  }
}

// ---- backing chain ----------------------------------------------------------------------------

export interface BackingStoreOptions {
  type?: DiskType;
  /** Image format of this layer (`<format type='qcow2'/>`). */
  format?: string;
  source?: DiskSource | DiskSourceOptions;
  /** The next layer down; `null` writes an explicit end of chain (`<backingStore/>`). */
  backingStore?: DiskBackingStore | BackingStoreOptions | null;
}

/**
 * One layer below a disk image. A chain ends with an empty `<backingStore/>` (libvirt knows
 * there is nothing below) or with no element (not probed).
 */
export class DiskBackingStore extends XmlView {
  static override readonly childOrder = ['format', 'source', 'backingStore'];
  constructor(init: XmlElement | BackingStoreOptions = {}) {
    super(init, 'backingStore');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', DISK_TYPES); }
  set type(v) { this.setEnumAttr('type', v, DISK_TYPES); }
  get index() { return this.intAttr('index', { min: 0 }); }
  set index(v) { this.setIntAttr('index', v, { min: 0 }); }
  get format() { return this.childAttr('format', 'type'); }
  set format(v: string | undefined) { this.setChildAttr('format', 'type', v); }
  get source(): DiskSource | undefined { return this.child('source', DiskSource); }
  set source(v: DiskSource | DiskSourceOptions | undefined) { this.setChild('source', DiskSource, v); }
  /** True for the explicit end marker `<backingStore/>`. */
  get isEnd(): boolean { return this.el.attributes.length === 0 && this.el.elements().length === 0; }
  get backingStore(): DiskBackingStore | undefined { return this.child('backingStore', DiskBackingStore); }
  set backingStore(v: DiskBackingStore | BackingStoreOptions | null | undefined) { setBacking(this, v); }
}

function setBacking(owner: DiskBackingStore | Disk, v: DiskBackingStore | BackingStoreOptions | null | undefined): void {
  // `setChild` is protected: go through a small subclass-free path using the public element API
  const old = owner.el.child('backingStore');
  if (v === undefined) {
    old?.remove();
    return;
  }
  const view = v === null ? new DiskBackingStore() : v instanceof DiskBackingStore ? v : new DiskBackingStore(v);
  if (view.el === old) return;
  if (old) {
    old.parentElement!.placeElement(view.el, { after: old });
    old.remove();
  } else owner.el.addElement(view.el, (owner.constructor as { childOrder?: readonly string[] }).childOrder);
}

// ---- target, limits ---------------------------------------------------------------------------

export interface DiskTargetOptions {
  dev?: string;
  bus?: DiskBus;
  tray?: 'open' | 'closed';
  removable?: boolean;
  rotationRate?: number;
}

export class DiskTarget extends XmlView {
  constructor(init: XmlElement | DiskTargetOptions = {}) {
    super(init, 'target');
    if (!isElement(init)) this.assign(init);
  }
  get dev() { return this.attr('dev'); }
  set dev(v) { this.setAttr('dev', v); }
  get bus() { return this.enumAttr('bus', DISK_BUSES); }
  set bus(v) { this.setEnumAttr('bus', v, DISK_BUSES); }
  get tray() { return this.enumAttr('tray', ['open', 'closed'] as const); }
  set tray(v) { this.setEnumAttr('tray', v, ['open', 'closed'] as const); }
  get removable() { return this.boolAttr('removable', 'on/off'); }
  set removable(v) { this.setBoolAttr('removable', v, 'on/off'); }
  get rotationRate() { return this.intAttr('rotation_rate', { min: 1 }); }
  set rotationRate(v) { this.setIntAttr('rotation_rate', v, { min: 1 }); }
}

/** The I/O limits libvirt knows, by our property name and their element name. */
const IOTUNE_FIELDS = {
  totalBytesSec: 'total_bytes_sec',
  readBytesSec: 'read_bytes_sec',
  writeBytesSec: 'write_bytes_sec',
  totalIopsSec: 'total_iops_sec',
  readIopsSec: 'read_iops_sec',
  writeIopsSec: 'write_iops_sec',
  totalBytesSecMax: 'total_bytes_sec_max',
  readBytesSecMax: 'read_bytes_sec_max',
  writeBytesSecMax: 'write_bytes_sec_max',
  totalIopsSecMax: 'total_iops_sec_max',
  readIopsSecMax: 'read_iops_sec_max',
  writeIopsSecMax: 'write_iops_sec_max',
  totalBytesSecMaxLength: 'total_bytes_sec_max_length',
  readBytesSecMaxLength: 'read_bytes_sec_max_length',
  writeBytesSecMaxLength: 'write_bytes_sec_max_length',
  totalIopsSecMaxLength: 'total_iops_sec_max_length',
  readIopsSecMaxLength: 'read_iops_sec_max_length',
  writeIopsSecMaxLength: 'write_iops_sec_max_length',
  sizeIopsSec: 'size_iops_sec',
} as const;
export type IoTuneLimit = keyof typeof IOTUNE_FIELDS;
export type IoTuneOptions = Partial<Record<IoTuneLimit, number | bigint>> & { groupName?: string };

/** Disk I/O throttling (`<iotune><total_bytes_sec>...`). */
export class IoTune extends XmlView {
  static override readonly childOrder = [...Object.values(IOTUNE_FIELDS), 'group_name'];
  constructor(init: XmlElement | IoTuneOptions = {}) {
    super(init, 'iotune');
    if (!isElement(init)) {
      for (const [k, v] of Object.entries(init)) {
        if (k === 'groupName') this.groupName = v as string | undefined;
        else this.set(k as IoTuneLimit, v as number | bigint | undefined);
      }
    }
  }
  get(limit: IoTuneLimit): number | bigint | undefined { return this.bigChildText(IOTUNE_FIELDS[limit]); }
  set(limit: IoTuneLimit, v: number | bigint | undefined): void { this.setBigChildText(IOTUNE_FIELDS[limit], v); }
  get totalBytesSec() { return this.get('totalBytesSec'); }
  set totalBytesSec(v) { this.set('totalBytesSec', v); }
  get readBytesSec() { return this.get('readBytesSec'); }
  set readBytesSec(v) { this.set('readBytesSec', v); }
  get writeBytesSec() { return this.get('writeBytesSec'); }
  set writeBytesSec(v) { this.set('writeBytesSec', v); }
  get totalIopsSec() { return this.get('totalIopsSec'); }
  set totalIopsSec(v) { this.set('totalIopsSec', v); }
  get readIopsSec() { return this.get('readIopsSec'); }
  set readIopsSec(v) { this.set('readIopsSec', v); }
  get writeIopsSec() { return this.get('writeIopsSec'); }
  set writeIopsSec(v) { this.set('writeIopsSec', v); }
  get groupName() { return this.childText('group_name'); }
  set groupName(v) { this.setChildText('group_name', v); }
  /** Every limit present, by property name. */
  toJSON(): IoTuneOptions {
    const out: IoTuneOptions = {};
    for (const k of Object.keys(IOTUNE_FIELDS) as IoTuneLimit[]) {
      const v = this.get(k);
      if (v !== undefined) out[k] = v;
    }
    if (this.groupName !== undefined) out.groupName = this.groupName;
    return out;
  }
}

// ---- the disk ---------------------------------------------------------------------------------

/** Block sizes the guest sees (`<blockio logical_block_size='512' physical_block_size='4096'/>`). */
export interface BlockIo {
  logicalBlockSize?: number;
  physicalBlockSize?: number;
}

export interface DiskOptions {
  type?: DiskType;
  device?: DiskDevice;
  driver?: DiskDriver | DiskDriverOptions;
  source?: DiskSource | DiskSourceOptions;
  backingStore?: DiskBackingStore | BackingStoreOptions | null;
  target?: DiskTarget | DiskTargetOptions;
  iotune?: IoTune | IoTuneOptions;
  bootOrder?: number;
  readonly?: boolean;
  shareable?: boolean;
  transient?: boolean;
  serial?: string;
  wwn?: string;
  vendor?: string;
  product?: string;
  blockio?: BlockIo;
  /** Placed inside `<source>` (libvirt's current form); see Disk#auth. */
  auth?: DiskAuth | DiskAuthOptions;
  encryption?: Encryption | EncryptionOptions;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Disk extends DeviceView {
  static override readonly childOrder = [
    'driver', 'auth', 'source', 'backingStore', 'backenddomain', 'geometry', 'blockio', 'mirror', 'target', 'iotune',
    'throttlefilters', 'boot', 'readonly', 'shareable', 'transient', 'serial', 'wwn', 'vendor', 'product', 'encryption',
    'alias', 'address',
  ];
  constructor(init: XmlElement | DiskOptions = {}) {
    super(init, 'disk');
    if (!isElement(init)) {
      // the source first: auth and encryption may be placed inside it
      const { auth, encryption, ...rest } = init;
      this.assign(Object.fromEntries(orderedEntries(rest, ['type', 'device', 'driver', 'source'])));
      if (auth !== undefined) this.auth = auth;
      if (encryption !== undefined) this.encryption = encryption;
    }
  }
  get type() { return this.enumAttr('type', DISK_TYPES); }
  set type(v) { this.setEnumAttr('type', v, DISK_TYPES); }
  get device() { return this.enumAttr('device', DISK_DEVICES); }
  set device(v) { this.setEnumAttr('device', v, DISK_DEVICES); }
  get driver(): DiskDriver | undefined { return this.child('driver', DiskDriver); }
  set driver(v: DiskDriver | DiskDriverOptions | undefined) { this.setChild('driver', DiskDriver, v); }
  get source(): DiskSource | undefined { return this.child('source', DiskSource); }
  set source(v: DiskSource | DiskSourceOptions | undefined) { this.setChild('source', DiskSource, v); }
  get backingStore(): DiskBackingStore | undefined { return this.child('backingStore', DiskBackingStore); }
  set backingStore(v: DiskBackingStore | BackingStoreOptions | null | undefined) { setBacking(this, v); }
  /** The layers below the image, top first (the end marker `<backingStore/>` excluded). */
  get backingChain(): DiskBackingStore[] {
    const out: DiskBackingStore[] = [];
    for (let b = this.backingStore; b && !b.isEnd; b = b.backingStore) out.push(b);
    return out;
  }
  get target(): DiskTarget | undefined { return this.child('target', DiskTarget); }
  set target(v: DiskTarget | DiskTargetOptions | undefined) { this.setChild('target', DiskTarget, v); }
  get iotune(): IoTune | undefined { return this.child('iotune', IoTune); }
  set iotune(v: IoTune | IoTuneOptions | undefined) { this.setChild('iotune', IoTune, v); }
  get readonly() { return this.flagChild('readonly'); }
  set readonly(v: boolean) { this.setFlagChild('readonly', v); }
  get shareable() { return this.flagChild('shareable'); }
  set shareable(v: boolean) { this.setFlagChild('shareable', v); }
  get transient() { return this.flagChild('transient'); }
  set transient(v: boolean) { this.setFlagChild('transient', v); }
  get serial() { return this.childText('serial'); }
  /** Letters, digits, space and `_ . + -` only (libvirt's schema; QEMU passes it to the guest). */
  set serial(v: string | undefined) {
    if (v !== undefined && !/^[A-Za-z0-9_.+\- ]+$/.test(v)) throw new ConfigError('INVALID_VALUE', `disk serial '${v}' may hold only letters, digits, space and _ . + -`, { path: this.el.path });
    this.setChildText('serial', v);
  }
  get wwn() { return this.childText('wwn'); }
  set wwn(v) { this.setChildText('wwn', v); }
  get vendor() { return this.childText('vendor'); }
  set vendor(v) { this.setChildText('vendor', v); }
  get product() { return this.childText('product'); }
  set product(v) { this.setChildText('product', v); }
  get blockio(): BlockIo | undefined {
    if (!this.el.child('blockio')) return undefined;
    const out: BlockIo = {};
    const l = this.intChildAttr('blockio', 'logical_block_size', { min: 1 });
    if (l !== undefined) out.logicalBlockSize = l;
    const p = this.intChildAttr('blockio', 'physical_block_size', { min: 1 });
    if (p !== undefined) out.physicalBlockSize = p;
    return out;
  }
  set blockio(v: BlockIo | undefined) {
    if (v === undefined) {
      this.el.child('blockio')?.remove();
      return;
    }
    this.ensurePath('blockio');
    this.setIntChildAttr('blockio', 'logical_block_size', v.logicalBlockSize, { min: 1 });
    this.setIntChildAttr('blockio', 'physical_block_size', v.physicalBlockSize, { min: 1 });
  }
  /**
   * Credentials, wherever the document keeps them: inside `<source>` (current form) or directly
   * in `<disk>` (older form). A new one goes inside the source.
   */
  get auth(): DiskAuth | undefined {
    const e = this.el.find('source/auth') ?? this.el.child('auth');
    return e ? new DiskAuth(e) : undefined;
  }
  set auth(v: DiskAuth | DiskAuthOptions | undefined) {
    if (this.el.child('auth')) {
      this.setChild('auth', DiskAuth, v);
      return;
    }
    if (v === undefined) {
      this.el.find('source/auth')?.remove();
      return;
    }
    const src = this.source ?? ((this.source = {}), this.source!);
    src.auth = v;
  }
  /** Encryption, inside `<source>` or (older form) directly in `<disk>`. A new one goes in the source. */
  get encryption(): Encryption | undefined {
    const e = this.el.find('source/encryption') ?? this.el.child('encryption');
    return e ? new Encryption(e) : undefined;
  }
  set encryption(v: Encryption | EncryptionOptions | undefined) {
    if (this.el.child('encryption')) {
      this.setChild('encryption', Encryption, v);
      return;
    }
    if (v === undefined) {
      this.el.find('source/encryption')?.remove();
      return;
    }
    const src = this.source ?? ((this.source = {}), this.source!);
    src.encryption = v;
  }
}
