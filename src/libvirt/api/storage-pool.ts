/**
 * A storage pool. Holds only the daemon's reference (name, uuid); each method is one REMOTE call.
 * Sizes are bytes and stay bigint (pools can be larger than 2^53 bytes).
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullStoragePool } from '../protocol/remote-types.js';
import { StorageVolume } from './storage-volume.js';

export interface StoragePoolInfo {
  /** `StoragePoolState.*`. */
  state: number;
  capacity: bigint;
  allocation: bigint;
  available: bigint;
}

export class StoragePool {
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    readonly ref: NonnullStoragePool,
  ) {
    this.#caller = caller;
  }

  get name(): string {
    return this.ref.name;
  }
  get uuid(): string {
    return this.ref.uuid;
  }

  /** Prepare the underlying storage (mkdir, mkfs, label) (`StoragePoolBuildFlags`). */
  async build(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolBuild, { pool: this.ref, flags }, opts);
  }

  /** Start (activate) a defined pool (`StoragePoolCreateFlags`). */
  async create(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolCreate, { pool: this.ref, flags }, opts);
  }

  /** Stop the pool; its data stays. */
  async destroy(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolDestroy, { pool: this.ref }, opts);
  }

  /** Remove the underlying storage (`StoragePoolDeleteFlags`); the pool must be inactive. */
  async delete(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolDelete, { pool: this.ref, flags }, opts);
  }

  async undefine(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolUndefine, { pool: this.ref }, opts);
  }

  /** Rescan the pool's volumes. */
  async refresh(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolRefresh, { pool: this.ref, flags }, opts);
  }

  async getInfo(opts?: CallOptions): Promise<StoragePoolInfo> {
    const r = await this.#caller.call(P.storagePoolGetInfo, { pool: this.ref }, opts);
    return { state: r.state, capacity: r.capacity, allocation: r.allocation, available: r.available };
  }

  /** Pool XML (`StorageXMLFlags.INACTIVE`). */
  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.storagePoolGetXmlDesc, { pool: this.ref, flags }, opts);
    return r.xml;
  }

  async getAutostart(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.storagePoolGetAutostart, { pool: this.ref }, opts);
    return r.autostart !== 0;
  }

  async setAutostart(autostart: boolean, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storagePoolSetAutostart, { pool: this.ref, autostart: autostart ? 1 : 0 }, opts);
  }

  async isActive(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.storagePoolIsActive, { pool: this.ref }, opts);
    return r.active !== 0;
  }

  async isPersistent(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.storagePoolIsPersistent, { pool: this.ref }, opts);
    return r.persistent !== 0;
  }

  async listAllVolumes(flags = 0, opts?: CallOptions): Promise<StorageVolume[]> {
    const r = await this.#caller.call(P.storagePoolListAllVolumes, { pool: this.ref, needResults: 1, flags }, opts);
    return r.vols.map((v) => new StorageVolume(this.#caller, v));
  }

  async numOfVolumes(opts?: CallOptions): Promise<number> {
    const r = await this.#caller.call(P.storagePoolNumOfVolumes, { pool: this.ref }, opts);
    return r.num;
  }

  async lookupVolumeByName(name: string, opts?: CallOptions): Promise<StorageVolume> {
    const r = await this.#caller.call(P.storageVolLookupByName, { pool: this.ref, name }, opts);
    return new StorageVolume(this.#caller, r.vol);
  }

  /** Create a volume from XML (`StorageVolCreateFlags`). */
  async createVolumeXml(xml: string, flags = 0, opts?: CallOptions): Promise<StorageVolume> {
    const r = await this.#caller.call(P.storageVolCreateXml, { pool: this.ref, xml, flags }, opts);
    return new StorageVolume(this.#caller, r.vol);
  }

  /** Create a volume in this pool as a copy of `source` (which may live in another pool). */
  async createVolumeXmlFrom(xml: string, source: StorageVolume, flags = 0, opts?: CallOptions): Promise<StorageVolume> {
    const r = await this.#caller.call(P.storageVolCreateXmlFrom, { pool: this.ref, xml, clonevol: source.ref, flags }, opts);
    return new StorageVolume(this.#caller, r.vol);
  }

  toString(): string {
    return `StoragePool(${this.ref.name})`;
  }
}
