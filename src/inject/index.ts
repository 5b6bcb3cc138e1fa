/** stratus/inject: the public face of guest file injection and config drives. */
export { InjectionError, type GuestStat, type Vfs } from './vfs.js';
export { inject, STEP_ORDER, type InjectionItems, type InjectionResult, type InjectionStepName } from './injector.js';
export { SSH_KEY_MARKER, type SshKeyItem } from './steps/ssh-key.js';
export { setShadowHash, type AdminPasswordItem } from './steps/password.js';
export {
  ipv6Netmask,
  renderDebianInterfaces,
  renderNetplan,
  renderNetworkd,
  renderNmKeyfile,
  resolveNetworkInfo,
  type Ipv4Config,
  type Ipv6Config,
  type NetworkInfo,
  type NetworkInterface,
  type ResolvedInterface,
} from './steps/network.js';
export { METADATA_PATH } from './steps/metadata.js';
export { checkGuestFilePath, type InjectedFile } from './steps/files.js';
export { checkHostname, updateHosts } from './steps/hostname.js';
export { CRYPT_ALPHABET, hashPassword, md5Crypt, randomSalt, sha512Crypt, type PasswordHashAlgorithm } from './steps/crypt.js';
export {
  buildConfigDrive,
  configDriveContents,
  ConfigDriveError,
  networkDataJson,
  type ConfigDriveFormat,
  type ConfigDriveInstance,
  type ConfigDriveOptions,
} from './config-drive.js';
export { GuestFsVfs, type GuestFsVfsOptions } from './guestfs/index.js';
export { LocalFsVfs, type LocalFsOptions } from './localfs/index.js';
