import type { CachedImage } from '../cache.js';

/** One disk as the guest config needs it. */
export interface DiskSpec {
  /** 'disk' (root), 'disk.local' / 'disk.eph<N>' (ephemeral), 'disk.swap'. */
  name: string;
  type: 'file' | 'block';
  path: string;
  format: 'qcow2' | 'raw';
}

export type EphemeralFs = 'ext4' | 'none';

export interface EphemeralOptions {
  /** Default ext4. */
  fs?: EphemeralFs;
  /** Filesystem label (ext4: at most 16 bytes). Default: the disk name, shortened. */
  label?: string;
}

export interface DiskBackend {
  readonly kind: 'qcow2' | 'raw' | 'lvm';
  /**
   * The root disk from a cached base, grown to `sizeBytes` (0 or undefined: the image's own size).
   * Refuses (TOO_LARGE) a base whose virtual size exceeds sizeBytes.
   */
  createRoot(uuid: string, cached: CachedImage, sizeBytes?: number): Promise<DiskSpec>;
  createEphemeral(uuid: string, name: string, sizeBytes: number, opts?: EphemeralOptions): Promise<DiskSpec>;
  createSwap(uuid: string, sizeBytes: number): Promise<DiskSpec>;
  /** The instance's disks that exist now. */
  list(uuid: string): Promise<DiskSpec[]>;
  /** Remove every disk of the instance and its directory. Idempotent. */
  deleteAll(uuid: string): Promise<void>;
}

export interface BackendConfig {
  imagesType: 'qcow2' | 'raw' | 'lvm';
  instancesPath: string;
  /** qcow2 only: false makes the root a full qcow2 copy instead of an overlay (default true). */
  useCowImages?: boolean;
  /** lvm only: the volume group for instance disks. */
  volumeGroup?: string;
}
