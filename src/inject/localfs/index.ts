/** LocalFS: the Vfs on a local mount (loop device, qcow2 through a qemu-storage-daemon FUSE export). */
export { LocalFsVfs, type LocalFsOptions } from './localfs.js';
export { GuestRoot, MAX_HOPS } from './guest-root.js';
