/**
 * A storage volume. Holds only the daemon's reference (pool name, volume name, key); each method
 * is one REMOTE call. Upload and download open a data stream with backpressure (see `VirStream`).
 */
import type { Caller, CallOptions, VirStream } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullStorageVol } from '../protocol/remote-types.js';
import { StoragePool } from './storage-pool.js';

export interface StorageVolumeInfo {
  /** `StorageVolType.*`. */
  type: number;
  capacity: bigint;
  allocation: bigint;
}

export class StorageVolume {
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    readonly ref: NonnullStorageVol,
  ) {
    this.#caller = caller;
  }

  get name(): string {
    return this.ref.name;
  }
  /** Name of the pool the volume is in. */
  get poolName(): string {
    return this.ref.pool;
  }
  /** The volume's unique key (for file volumes, usually its path). */
  get key(): string {
    return this.ref.key;
  }

  /** Remove the volume (`StorageVolDeleteFlags`). */
  async delete(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storageVolDelete, { vol: this.ref, flags }, opts);
  }

  /** Overwrite the contents with zeros. */
  async wipe(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storageVolWipe, { vol: this.ref, flags }, opts);
  }

  /** Overwrite the contents with a pattern (`StorageVolWipeAlgorithm`). */
  async wipePattern(algorithm: number, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storageVolWipePattern, { vol: this.ref, algorithm, flags }, opts);
  }

  /** Change the capacity, in bytes (`StorageVolResizeFlags`: ALLOCATE, DELTA, SHRINK). */
  async resize(capacity: number | bigint, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.storageVolResize, { vol: this.ref, capacity: BigInt(capacity), flags }, opts);
  }

  /** Type, capacity and allocation; with flags (`StorageVolInfoFlags`) uses STORAGE_VOL_GET_INFO_FLAGS. */
  async getInfo(flags = 0, opts?: CallOptions): Promise<StorageVolumeInfo> {
    const r = flags
      ? await this.#caller.call(P.storageVolGetInfoFlags, { vol: this.ref, flags }, opts)
      : await this.#caller.call(P.storageVolGetInfo, { vol: this.ref }, opts);
    return { type: r.type, capacity: r.capacity, allocation: r.allocation };
  }

  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.storageVolGetXmlDesc, { vol: this.ref, flags }, opts);
    return r.xml;
  }

  /** The path a guest would use for this volume. */
  async getPath(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.storageVolGetPath, { vol: this.ref }, opts);
    return r.name;
  }

  /** The pool holding this volume. */
  async lookupPool(opts?: CallOptions): Promise<StoragePool> {
    const r = await this.#caller.call(P.storagePoolLookupByVolume, { vol: this.ref }, opts);
    return new StoragePool(this.#caller, r.pool);
  }

  /**
   * Open an upload stream writing `length` bytes at `offset` (0 = to the end). With
   * `StorageVolUploadFlags.SPARSE_STREAM`, `sendHole` skips zero ranges. Write, then `finish()`.
   */
  async upload(offset: number | bigint = 0, length: number | bigint = 0, flags = 0, opts?: CallOptions): Promise<VirStream> {
    const { stream } = await this.#caller.callStream(
      P.storageVolUpload,
      { vol: this.ref, offset: BigInt(offset), length: BigInt(length), flags },
      opts,
    );
    return stream;
  }

  /**
   * Open a download stream of `length` bytes from `offset` (0 = to the end). With
   * `StorageVolDownloadFlags.SPARSE_STREAM` holes arrive as `{ hole }` chunks.
   */
  async download(offset: number | bigint = 0, length: number | bigint = 0, flags = 0, opts?: CallOptions): Promise<VirStream> {
    const { stream } = await this.#caller.callStream(
      P.storageVolDownload,
      { vol: this.ref, offset: BigInt(offset), length: BigInt(length), flags },
      opts,
    );
    return stream;
  }

  toString(): string {
    return `StorageVolume(${this.ref.pool}/${this.ref.name})`;
  }
}
