/**
 * `stratus/image`: the image store, the per-host base-image cache, format safety checks, qemu-img,
 * and the disk backends (qcow2, raw, lvm) that make an instance's disks.
 *
 * Typical spawn:
 *   const store = new ImageStore('/var/lib/stratus/images');
 *   const cache = new ImageCache(instancesPath, store);
 *   const backend = createDiskBackend({ imagesType: 'qcow2', instancesPath });
 *   const base = await cache.fetch(imageId);               // copied once, checksum + safety checked
 *   const root = await backend.createRoot(uuid, base, flavorRootBytes);
 *   const eph  = await backend.createEphemeral(uuid, 'disk.local', bytes);
 *   const swap = await backend.createSwap(uuid, bytes);
 *   ...on failure or destroy: await backend.deleteAll(uuid);
 */
export { ImageError, type ImageErrorCode, type ImageErrorContext } from './errors.js';
export {
  inspectImage,
  parseInfo,
  createImage,
  convertImage,
  resizeImage,
  type ImageInfo,
  type InspectOptions,
  type CreateOptions,
  type ConvertOptions,
  type ResizeOptions,
} from './qemu-img.js';
export { assertImageSafe, checkImage, detectFormat, sniffHeader, DISK_FORMATS, type DiskFormat, type SafetyOptions, type HeaderSniff } from './safety.js';
export { ImageStore, CONTAINER_FORMATS, assertImageId, type ImageMeta, type ImportOptions, type SnapshotOptions, type ContainerFormat } from './store.js';
export { ImageCache, type CachedImage } from './cache.js';
export { sha256File } from './copy.js';
export {
  createDiskBackend,
  FileBackend,
  LvmBackend,
  lvmUnusableReason,
  type BackendConfig,
  type DiskBackend,
  type DiskSpec,
  type EphemeralFs,
  type EphemeralOptions,
} from './backends/index.js';
