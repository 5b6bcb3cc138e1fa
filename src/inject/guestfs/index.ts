export { GuestFsVfs, defaultGuestfsEnv, type GuestFsVfsOptions, type GuestfsEnv } from './vfs.js';
export { launchStats } from './libguestfs.js';
