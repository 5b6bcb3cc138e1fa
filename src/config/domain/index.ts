/**
 * The domain document of `stratus/config`: `parseDomain(xml)` and `new Domain({...})`, with one
 * view class per element of the guest configuration. Views read and write the parsed tree in
 * place, so whatever they do not model is written back untouched.
 *
 * ```ts
 * const dom = new Domain({
 *   type: 'qemu', name: 'guest-1', memory: { value: 512, unit: 'MiB' }, vcpu: { count: 1 },
 *   os: { type: 'hvm', arch: 'x86_64', machine: 'pc' },
 *   devices: [new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2' },
 *                        source: { file: '/var/lib/stratus/instances/1/disk' }, target: { dev: 'vda', bus: 'virtio' } })],
 * });
 * const live = parseDomain(xmlFromLibvirt);
 * live.memory = { value: 2, unit: 'GiB' };
 * live.devices.interfaces.push(new Interface({ type: 'network', source: { network: 'default' }, model: 'virtio' }));
 * live.devices.remove(live.devices.graphics.at(0)!);
 * live.toXML();
 * ```
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
