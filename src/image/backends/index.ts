import { ImageError } from '../errors.js';
import { FileBackend } from './file.js';
import { LvmBackend } from './lvm.js';
import type { BackendConfig, DiskBackend } from './types.js';

export type { BackendConfig, DiskBackend, DiskSpec, EphemeralFs, EphemeralOptions } from './types.js';
export { FileBackend } from './file.js';
export { LvmBackend, lvmUnusableReason } from './lvm.js';

/** The backend named by config `imagesType`. */
export function createDiskBackend(config: BackendConfig): DiskBackend {
  switch (config.imagesType) {
    case 'qcow2':
    case 'raw':
      return new FileBackend(config);
    case 'lvm':
      return new LvmBackend(config);
    default:
      throw new ImageError('INVALID_ARGUMENT', `imagesType ${JSON.stringify(config.imagesType as string)} is not qcow2, raw or lvm`);
  }
}
