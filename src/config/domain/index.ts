/**
 * The domain document of `stratus/config`: `parseDomain(xml)` and `new Domain({...})`, with one
 * view class per element of the guest configuration.
 */
export * from './domain.js';
export * from './metadata.js';
export * from './os.js';
export * from './features.js';
export * from './cpu.js';
export * from './clock.js';
export * from './tuning.js';
export * from './sysinfo.js';
export * from './security.js';
export * from './devices/address.js';
export * from './devices/device.js';
export * from './devices/devices.js';
export * from './devices/disk.js';
export * from './devices/controller.js';
export * from './devices/filesystem.js';
export * from './devices/interface.js';
export * from './devices/chardev.js';
export * from './devices/display.js';
export * from './devices/hostdev.js';
export * from './devices/platform.js';
export * from './devices/memory.js';
