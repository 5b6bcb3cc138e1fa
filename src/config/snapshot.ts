/**
 * Domain snapshots (`virsh snapshot-dumpxml`): name, description, state, parent, creation time,
 * memory and per-disk snapshot settings. The embedded `<domain>` (the guest as it was) is kept as
 * it is and exposed as an element; wrap it with the Domain class for typed access.
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from './view.js';

export const SNAPSHOT_MODES = ['no', 'internal', 'external', 'manual'] as const;
export type SnapshotMode = (typeof SNAPSHOT_MODES)[number];

export const SNAPSHOT_STATES = ['running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended', 'disk-snapshot', 'nostate'] as const;
export type SnapshotState = (typeof SNAPSHOT_STATES)[number];

export interface SnapshotDiskOptions {
  name: string;
  snapshot?: SnapshotMode;
  type?: 'file' | 'block' | 'network';
  /** Overlay file of an external snapshot. */
  sourceFile?: string;
  /** Overlay format (qcow2). */
  driverType?: string;
}

export class SnapshotDisk extends XmlView {
  static override readonly childOrder = ['driver', 'source'];
  constructor(init: XmlElement | SnapshotDiskOptions) {
    super(init, 'disk');
    if (!isElement(init)) this.assign(init);
  }
  /** Target dev (vda) or source path of the domain disk this entry is for. */
  get name() { return this.requiredAttr('name'); }
  set name(v: string) { this.setAttr('name', v); }
  get snapshot() { return this.enumAttr('snapshot', SNAPSHOT_MODES); }
  set snapshot(v) { this.setEnumAttr('snapshot', v, SNAPSHOT_MODES); }
  get type() { return this.enumAttr('type', ['file', 'block', 'network'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['file', 'block', 'network'] as const); }
  get sourceFile() { return this.el.child('source')?.getAttribute('file'); }
  set sourceFile(v: string | undefined) {
    if (v === undefined) this.el.child('source')?.remove();
    else this.ensurePath('source').setAttribute('file', v);
  }
  get driverType() { return this.el.child('driver')?.getAttribute('type'); }
  set driverType(v: string | undefined) {
    if (v === undefined) this.el.child('driver')?.remove();
    else this.ensurePath('driver').setAttribute('type', v);
  }
}

export interface SnapshotMemory {
  snapshot: SnapshotMode;
  file?: string;
}

export interface DomainSnapshotOptions {
  name?: string;
  description?: string;
  memory?: SnapshotMemory;
  disks?: Array<SnapshotDisk | SnapshotDiskOptions>;
}

export class DomainSnapshot extends XmlDocumentView {
  static override readonly childOrder = ['name', 'description', 'state', 'creationTime', 'parent', 'memory', 'disks', 'active', 'domain', 'inactiveDomain', 'cookie'];
  constructor(init: XmlElement | DomainSnapshotOptions = {}) {
    super(init, 'domainsnapshot');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.childText('name'); }
  set name(v) { this.setChildText('name', v); }
  get description() { return this.childText('description'); }
  set description(v) { this.setChildText('description', v); }
  /** The domain's state when the snapshot was taken (set by libvirt). */
  get state() {
    const s = this.el.child('state');
    return s ? this.toEnum(s.text, '<state>', SNAPSHOT_STATES, s) : undefined;
  }
  /** Name of the parent snapshot. */
  get parent() { return this.childText('parent/name'); }
  /** Seconds since the epoch (set by libvirt). */
  get creationTime() { return this.intChildText('creationTime', { min: 0 }); }
  /** Creation time as a Date. */
  get createdAt(): Date | undefined {
    const t = this.creationTime;
    return t === undefined ? undefined : new Date(t * 1000);
  }
  get memory(): SnapshotMemory | undefined {
    const m = this.el.child('memory');
    if (!m) return undefined;
    const out: SnapshotMemory = { snapshot: this.toEnum(m.getAttribute('snapshot') ?? '', "memory 'snapshot'", SNAPSHOT_MODES, m) };
    const file = m.getAttribute('file');
    if (file !== undefined) out.file = file;
    return out;
  }
  set memory(v: SnapshotMemory | undefined) {
    if (v === undefined) {
      this.el.child('memory')?.remove();
      return;
    }
    this.toEnum(v.snapshot, "memory 'snapshot'", SNAPSHOT_MODES);
    this.ensurePath('memory').setAttribute('snapshot', v.snapshot).setAttribute('file', v.file);
  }
  get disks() { return this.list<SnapshotDisk, SnapshotDiskOptions>('disk', SnapshotDisk, { in: 'disks' }); }
  /** Whether the domain was running (`<active>1</active>`), for snapshots of inactive state. */
  get active(): boolean | undefined {
    const a = this.el.child('active');
    return a ? this.toEnum(a.text.trim(), '<active>', ['0', '1'] as const, a) === '1' : undefined;
  }
  /** The embedded domain definition, untouched. */
  get domainElement(): XmlElement | undefined { return this.el.child('domain'); }
  get inactiveDomainElement(): XmlElement | undefined { return this.el.child('inactiveDomain'); }
}

export function parseDomainSnapshot(xml: string): DomainSnapshot {
  return new DomainSnapshot(parseRoot(xml, 'domainsnapshot'));
}
