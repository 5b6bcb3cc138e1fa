/**
 * Domains built from scratch with typed options, the way the compute driver will build guests:
 * every one must pass libvirt's validator (virt-xml-validate ... domain), and a selection is
 * defined in the real daemon (QEMU with type='qemu', LXC), read back with dumpxml, and undefined.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { el } from '../../src/config/xml/build.js';
import { toBytes } from '../../src/config/units.js';
import {
  Channel, Console, Controller, Disk, Domain, Filesystem, Graphics, Hostdev, Input, Interface, Iommu, MemBalloon, MemoryDevice, Panic,
  Parallel, Redirdev, Rng, Serial, Shmem, Sound, Tpm, Video, Vsock, Watchdog, parseDomain, type CpuOptions, type DomainCpuMode,
} from '../../src/config/domain/index.js';
import { semanticDiff } from './semantic.js';
import { LXC_URI, QEMU_URI, assertValid, defineAndDump, haveLxc, haveQemu, haveValidator, testName } from './domain-helpers.js';

const NS = 'https://stratus.example/xmlns/instance/1.0';
/** Fresh per run: libvirt refuses a second domain with the same UUID (see testName). */
const LINUX_UUID = randomUUID();
const EMULATOR = '/usr/bin/qemu-system-x86_64';

/** Our instance record in the domain's metadata, as the compute driver will write it. */
function instanceMetadata(uuid: string) {
  return el('stratus:instance', { 'xmlns:stratus': NS }, [
    el('stratus:uuid', null, uuid),
    el('stratus:flavor', { name: 'm1.small', vcpus: 2, memoryMb: 512 }),
    el('stratus:owner', null, 'project-42'),
  ]);
}

/** A Linux guest the way the compute driver boots one: qcow2 overlay, config drive, NICs, console log. */
function linuxGuest(name: string): Domain {
  return new Domain({
    type: 'qemu',
    name,
    uuid: LINUX_UUID,
    title: 'Linux guest',
    description: 'built by stratus tests <generated & validated>',
    metadata: [instanceMetadata(LINUX_UUID)],
    memory: { value: 512, unit: 'MiB' },
    currentMemory: { value: 512, unit: 'MiB' },
    vcpu: { count: 2, placement: 'static' },
    sysinfo: { type: 'smbios', system: { manufacturer: 'Stratus', product: 'Stratus Compute', serial: 'stratus-linux', uuid: LINUX_UUID } },
    os: { type: 'hvm', arch: 'x86_64', machine: 'pc', kernel: '/var/lib/stratus/instances/x/kernel', initrd: '/var/lib/stratus/instances/x/initrd', cmdline: 'root=/dev/vda console=ttyS0', smbiosMode: 'sysinfo' },
    features: { acpi: true, apic: true },
    cpu: { mode: 'custom', match: 'exact', check: 'partial', model: { name: 'qemu64', fallback: 'allow' }, topology: { sockets: 1, cores: 2, threads: 1 }, features: [{ name: 'sse4.2', policy: 'require' }, { name: 'svm', policy: 'disable' }] },
    clock: { offset: 'utc', timers: [{ name: 'pit', tickpolicy: 'delay' }, { name: 'rtc', tickpolicy: 'catchup' }, { name: 'hpet', present: false }] },
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
    pm: { suspendToMem: false, suspendToDisk: false },
    emulator: EMULATOR,
    devices: [
      new Disk({
        type: 'file', device: 'disk',
        driver: { name: 'qemu', type: 'qcow2', cache: 'none', io: 'native', discard: 'unmap' },
        source: { file: '/var/lib/stratus/instances/x/disk' },
        backingStore: { type: 'file', format: 'raw', source: { file: '/var/lib/stratus/_base/abc' }, backingStore: null },
        target: { dev: 'vda', bus: 'virtio' },
        serial: 'root-disk',
        blockio: { logicalBlockSize: 512, physicalBlockSize: 4096 },
        iotune: { totalBytesSec: 100_000_000, totalIopsSec: 2000 },
      }),
      new Disk({ type: 'file', device: 'cdrom', driver: { name: 'qemu', type: 'raw' }, source: { file: '/var/lib/stratus/instances/x/disk.config' }, target: { dev: 'sda', bus: 'scsi' }, readonly: true }),
      new Disk({
        type: 'network', device: 'disk', driver: { name: 'qemu', type: 'raw', cache: 'writeback' },
        source: { protocol: 'rbd', name: 'volumes/volume-1', hosts: [{ name: 'ceph-mon1', port: 6789 }, { name: 'ceph-mon2', port: 6789 }] },
        auth: { username: 'stratus', secret: { type: 'ceph', uuid: '2a5c8b2e-3b5e-4a3c-9e6f-6a3f8c1d2e4f' } },
        target: { dev: 'vdb', bus: 'virtio' }, serial: 'volume-1',
      }),
      new Disk({ type: 'block', device: 'disk', driver: { name: 'qemu', type: 'raw', cache: 'none', io: 'native' }, source: { dev: '/dev/stratus-vg/volume-2' }, target: { dev: 'vdc', bus: 'virtio' }, shareable: true }),
      new Controller({ type: 'scsi', index: 0, model: 'virtio-scsi' }),
      new Interface({ type: 'network', mac: '52:54:00:12:34:01', source: { network: 'default' }, model: 'virtio', driver: { name: 'vhost', queues: 2 }, bandwidth: { inbound: { average: 10000, peak: 20000, burst: 1024 }, outbound: { average: 10000 } }, mtu: 1500 }),
      new Interface({ type: 'bridge', mac: '52:54:00:12:34:02', source: { bridge: 'br-int' }, virtualport: { type: 'openvswitch', parameters: { interfaceid: '09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' } }, model: 'virtio', targetDev: 'tap09b11c53-8b', vlan: { trunk: true, tags: [{ id: 42 }, { id: 43, nativeMode: 'untagged' }] } }),
      new Interface({ type: 'ethernet', mac: '52:54:00:12:34:03', targetDev: 'tapstratus0', targetManaged: false, model: 'virtio' }),
      new Serial({ type: 'pty', log: { file: '/var/lib/stratus/instances/x/console.log', append: true }, target: { port: 0 } }),
      new Console({ type: 'pty', target: { type: 'serial', port: 0 } }),
      new Channel({ type: 'unix', target: { type: 'virtio', name: 'org.qemu.guest_agent.0' } }),
      new Input({ type: 'tablet', bus: 'usb' }),
      new Graphics({ type: 'vnc', port: -1, autoport: true, keymap: 'en-us', listens: [{ type: 'address', address: '127.0.0.1' }] }),
      new Video({ model: { type: 'cirrus' } }),
      new MemBalloon({ model: 'virtio', statsPeriod: 10 }),
      new Rng({ model: 'virtio', rate: { bytes: 1024, period: 1000 }, backend: { model: 'random', path: '/dev/urandom' } }),
    ],
  });
}

/** A Windows-like guest: Hyper-V enlightenments, local-time clock, IDE disks, e1000, QXL. */
function windowsGuest(name: string): Domain {
  return new Domain({
    type: 'qemu',
    name,
    memory: { value: 2, unit: 'GiB' },
    vcpu: { count: 2 },
    os: { type: 'hvm', arch: 'x86_64', machine: 'pc', bootDevices: ['cdrom', 'hd'], bootMenu: { enable: true, timeout: 3000 } },
    features: {
      acpi: true, apic: true, pae: true, kvmHidden: true, vmport: false,
      hyperv: { mode: 'custom', relaxed: true, vapic: true, spinlocks: 8191, vpindex: true, runtime: true, synic: true, stimer: true, reset: true, vendorId: 'StratusHV', frequencies: true, tlbflush: true, ipi: true },
    },
    cpu: { mode: 'host-model', check: 'partial', topology: { sockets: 1, cores: 2, threads: 1 } },
    clock: { offset: 'localtime', timers: [{ name: 'rtc', tickpolicy: 'catchup' }, { name: 'pit', tickpolicy: 'delay' }, { name: 'hpet', present: false }, { name: 'hypervclock', present: true }] },
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'restart',
    emulator: EMULATOR,
    devices: [
      new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2' }, source: { file: '/var/lib/stratus/win.qcow2' }, target: { dev: 'hda', bus: 'ide' } }),
      new Disk({ type: 'file', device: 'cdrom', driver: { name: 'qemu', type: 'raw' }, target: { dev: 'hdc', bus: 'ide' }, readonly: true }),
      new Interface({ type: 'network', source: { network: 'default' }, model: 'e1000' }),
      new Input({ type: 'tablet', bus: 'usb' }),
      new Graphics({ type: 'vnc', port: -1, autoport: true, listens: [{ type: 'address', address: '127.0.0.1' }] }),
      new Video({ model: { type: 'qxl', ram: 65536, vram: 65536, vgamem: 16384, heads: 1, primary: true } }),
      new Sound({ model: 'ich6' }),
      new MemBalloon({ model: 'virtio', statsPeriod: 5 }),
      new Panic({ model: 'hyperv' }),
    ],
  });
}

/** The smallest useful QEMU guest, for the CPU mode variants. */
function cpuGuest(name: string, cpu: CpuOptions): Domain {
  return new Domain({
    type: 'qemu', name, memory: { value: 256, unit: 'MiB' }, vcpu: { count: 2 },
    os: { type: 'hvm', arch: 'x86_64', machine: 'q35' },
    features: { acpi: true, apic: true },
    cpu,
    clock: { offset: 'utc' },
    emulator: EMULATOR,
    devices: [new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2' }, source: { file: '/var/lib/stratus/tiny.qcow2' }, target: { dev: 'vda', bus: 'virtio' }, bootOrder: 1 }), new MemBalloon({ model: 'none' })],
  });
}

/** A guest tuned for placement: huge pages, NUMA cells, pinning, iothreads, memory hot-plug. */
function tunedGuest(name: string): Domain {
  return new Domain({
    type: 'qemu', name,
    maxMemory: { value: 4, unit: 'GiB', slots: 4 },
    memory: { value: 1, unit: 'GiB' },
    memoryBacking: { nosharepages: true },
    memtune: { hardLimit: { value: 2, unit: 'GiB' }, softLimit: { value: 1536, unit: 'MiB' } },
    blkiotune: { weight: 500, deviceWeights: [{ path: '/dev/sda', weight: 300 }] },
    vcpu: { count: 4, current: 2, placement: 'static', cpuset: '0-1' },
    iothreads: 2,
    cputune: { shares: 2048, period: 100000, quota: 50000, vcpuPins: [{ vcpu: 0, cpuset: '0' }, { vcpu: 1, cpuset: '1' }], emulatorPin: '0-1', vcpuScheds: [{ vcpus: '0', scheduler: 'batch' }] },
    numatune: { memory: { mode: 'strict', nodeset: '0' } },
    resourcePartition: '/machine',
    os: { type: 'hvm', arch: 'x86_64', machine: 'pc' },
    features: { acpi: true, apic: true, pmu: false },
    cpu: { mode: 'custom', match: 'exact', model: 'qemu64', topology: { sockets: 2, dies: 1, cores: 2, threads: 1 }, numaCells: [{ id: 0, cpus: '0-1', memory: { value: 512, unit: 'MiB' } }, { id: 1, cpus: '2-3', memory: { value: 512, unit: 'MiB' } }] },
    clock: { offset: 'variable', adjustment: 3600, basis: 'utc' },
    emulator: EMULATOR,
    devices: [
      new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'raw', iothread: 1 }, source: { file: '/var/lib/stratus/tuned.img' }, target: { dev: 'vda', bus: 'virtio' } }),
      new MemoryDevice({ model: 'dimm', size: { value: 512, unit: 'MiB' }, node: 1 }),
      new Watchdog({ model: 'i6300esb', action: 'reset' }),
    ],
  });
}

/** Most device kinds at once (validated; several need host hardware, so it is not defined). */
function deviceZoo(name: string): Domain {
  return new Domain({
    type: 'kvm', name, memory: { value: 1, unit: 'GiB' }, vcpu: { count: 1 },
    memoryBacking: { source: 'memfd', access: 'shared' },
    os: { type: 'hvm', arch: 'x86_64', machine: 'q35', firmware: 'efi', loader: { readonly: true, type: 'pflash', secure: true, path: '/usr/share/OVMF/OVMF_CODE.secboot.fd' }, nvram: { template: '/usr/share/OVMF/OVMF_VARS.fd', path: '/var/lib/stratus/nvram.fd' } },
    features: { acpi: true, apic: true, smm: true, ioapic: 'qemu', hap: true },
    cpu: { mode: 'host-passthrough', migratable: true, cache: { mode: 'passthrough' } },
    clock: { offset: 'timezone', timezone: 'Europe/Paris', timers: [{ name: 'tsc', frequency: 2596140000, mode: 'native' }, { name: 'kvmclock', present: true }, { name: 'rtc', tickpolicy: 'catchup', track: 'wall', catchup: { threshold: 123, slew: 120, limit: 10000 } }] },
    seclabels: [{ type: 'dynamic', model: 'dac', relabel: true }, { type: 'static', model: 'selinux', relabel: true, label: 'system_u:system_r:svirt_t:s0:c1,c2' }],
    launchSecurity: { type: 'sev', cbitpos: 47, reducedPhysBits: 1, policy: '0x0003' },
    devices: [
      new Disk({ type: 'volume', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { pool: 'default', volume: 'v1' }, target: { dev: 'vda', bus: 'virtio' } }),
      new Disk({ type: 'dir', device: 'disk', driver: { name: 'qemu', type: 'fat' }, source: { dir: '/srv/fat' }, target: { dev: 'sdb', bus: 'usb' }, readonly: true }),
      new Disk({ type: 'nvme', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { type: 'pci', managed: true, namespace: 1, address: { domain: 0, bus: 1, slot: 0, function: 0 } }, target: { dev: 'vdb', bus: 'virtio' } }),
      new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2' }, source: { file: '/srv/enc.qcow2' }, encryption: { format: 'luks', secrets: [{ type: 'passphrase', uuid: '0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f' }] }, target: { dev: 'vdc', bus: 'virtio' } }),
      new Disk({ type: 'network', device: 'lun', driver: { name: 'qemu', type: 'raw' }, source: { protocol: 'iscsi', name: 'iqn.2013-07.com.example:pool/1', hosts: [{ name: 'iscsi.example', port: 3260 }] }, target: { dev: 'sdc', bus: 'scsi' }, wwn: '5000c50015ea71ac', vendor: 'STRATUS', product: 'VDISK' }),
      new Filesystem({ type: 'mount', accessmode: 'passthrough', driver: { type: 'virtiofs', queue: 1024 }, binaryPath: '/usr/libexec/virtiofsd', source: { dir: '/srv/shared' }, target: 'shared' }),
      new Filesystem({ type: 'mount', accessmode: 'mapped', driver: { type: 'path', wrpolicy: 'immediate' }, source: { dir: '/srv/ro' }, target: 'ro', readonly: true }),
      new Interface({ type: 'direct', mac: '52:54:00:00:00:01', source: { dev: 'eth0', mode: 'vepa' }, model: 'virtio', virtualport: { type: '802.1Qbg', parameters: { managerid: '11', typeid: '1193047', typeidversion: '2' } } }),
      new Interface({ type: 'user', model: 'virtio', linkState: 'down' }),
      new Interface({ type: 'vhostuser', mac: '52:54:00:00:00:02', source: { type: 'unix', path: '/run/vhu.sock', mode: 'client' }, model: 'virtio' }),
      new Interface({ type: 'hostdev', managed: true, source: { hostAddress: { type: 'pci', domain: 0, bus: 3, slot: 0, function: 1 } } }),
      new Interface({ type: 'network', source: { network: 'default' }, model: 'virtio', filterref: { filter: 'clean-traffic', parameters: [{ name: 'IP', value: '10.0.0.5' }] }, bootOrder: 2 }),
      new Serial({ type: 'tcp', source: { mode: 'bind', host: '127.0.0.1', service: 4555 }, protocol: 'telnet', target: { port: 0 } }),
      new Serial({ type: 'udp', sources: [{ mode: 'bind', host: '127.0.0.1', service: 4556 }, { mode: 'connect', host: '127.0.0.1', service: 4557 }], target: { port: 1 } }),
      new Serial({ type: 'file', source: { path: '/var/log/stratus/serial2.log', append: true }, target: { port: 2 } }),
      new Parallel({ type: 'pty', target: { port: 0 } }),
      new Channel({ type: 'spicevmc', target: { type: 'virtio', name: 'com.redhat.spice.0' } }),
      new Graphics({ type: 'spice', autoport: true, listens: [{ type: 'network', network: 'default' }] }),
      new Graphics({ type: 'vnc', socket: '/run/stratus/vnc.sock', listens: [{ type: 'socket', socket: '/run/stratus/vnc.sock' }] }),
      new Video({ model: { type: 'virtio', heads: 1, primary: true } }),
      new Hostdev({ mode: 'subsystem', type: 'pci', managed: true, source: { address: { domain: 0, bus: 6, slot: 2, function: 0 } }, romBar: true }),
      new Hostdev({ mode: 'subsystem', type: 'usb', source: { vendorId: '0x1234', productId: '0xbeef' } }),
      new Hostdev({ mode: 'subsystem', type: 'mdev', model: 'vfio-pci', source: { address: { uuid: 'c2177883-f1bb-47f0-914d-32a22e3a8804' } } }),
      new Redirdev({ bus: 'usb', type: 'spicevmc' }),
      new Watchdog({ model: 'ib700', action: 'poweroff' }),
      new Tpm({ model: 'tpm-crb', backend: { type: 'emulator', version: '2.0' } }),
      new Panic({ model: 'isa', address: { type: 'isa', iobase: 0x505 } }),
      new Shmem({ name: 'stratus-shm', model: 'ivshmem-plain', size: { value: 4, unit: 'MiB' } }),
      new MemoryDevice({ model: 'nvdimm', access: 'shared', sourcePath: '/tmp/nvdimm', size: { value: 512, unit: 'MiB' }, node: 0, labelSize: { value: 128, unit: 'KiB' } }),
      new Iommu({ model: 'intel', driver: { intremap: true, cachingMode: true } }),
      new Vsock({ model: 'virtio', cid: 'auto' }),
      new MemBalloon({ model: 'virtio', statsPeriod: 10 }),
      new Controller({ type: 'pci', index: 0, model: 'pcie-root' }),
      new Controller({ type: 'pci', index: 1, model: 'pcie-root-port', modelName: 'pcie-root-port', targetChassis: 1, targetPort: 0x10 }),
      new Controller({ type: 'scsi', index: 0, model: 'virtio-scsi', driver: { queues: 2 } }),
    ],
  });
}

/** A container: LXC with an init program, root filesystem, tmpfs and a network. */
function lxcGuest(name: string): Domain {
  return new Domain({
    type: 'lxc', name, memory: { value: 256, unit: 'MiB' }, vcpu: { count: 1 },
    os: { type: 'exe', init: '/sbin/init', initArgs: ['--log-level=info'], initEnv: { STRATUS_INSTANCE: 'x', LANG: 'C.UTF-8' }, initDir: '/root' },
    idmap: { uids: [{ start: 0, target: 100000, count: 65536 }], gids: [{ start: 0, target: 100000, count: 65536 }] },
    clock: { offset: 'utc' },
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy',
    emulator: '/usr/lib/libvirt/libvirt_lxc',
    devices: [
      new Filesystem({ type: 'mount', source: { dir: '/var/lib/stratus/containers/x' }, target: '/' }),
      new Filesystem({ type: 'ram', source: { usage: { value: 65536, unit: 'KiB' } }, target: '/run' }),
      new Interface({ type: 'network', source: { network: 'default' } }),
      new Console({ type: 'pty', target: { type: 'lxc', port: 0 } }),
    ],
  });
}

const CPU_VARIANTS: Array<[DomainCpuMode, CpuOptions]> = [
  ['custom', { mode: 'custom', match: 'exact', check: 'partial', model: { name: 'Westmere', fallback: 'allow' }, features: [{ name: 'aes', policy: 'require' }, { name: 'x2apic', policy: 'optional' }, { name: 'vmx', policy: 'disable' }] }],
  ['host-model', { mode: 'host-model', check: 'partial' }],
  ['host-passthrough', { mode: 'host-passthrough', check: 'none', migratable: true, maxPhysAddr: { mode: 'emulate', bits: 42 } }],
  ['maximum', { mode: 'maximum', check: 'none' }],
];

const GENERATED: Array<[string, () => Domain]> = [
  ['linux', () => linuxGuest(testName('gen-linux'))],
  ['windows', () => windowsGuest(testName('gen-windows'))],
  ['tuned', () => tunedGuest(testName('gen-tuned'))],
  ['zoo', () => deviceZoo(testName('gen-zoo'))],
  ['lxc', () => lxcGuest(testName('gen-lxc'))],
  ...CPU_VARIANTS.map(([mode, cpu]): [string, () => Domain] => [`cpu-${mode}`, () => cpuGuest(testName(`gen-cpu-${mode}`), cpu)]),
];

test('generated domains pass virt-xml-validate', { skip: !haveValidator && 'virt-xml-validate not installed' }, () => {
  for (const [label, make] of GENERATED) assertValid(`generated-${label}`, make().toXML());
});

test('generated domains parse back to the same typed values and round trip byte for byte', () => {
  for (const [label, make] of GENERATED) {
    const xml = make().toXML();
    const back = parseDomain(xml);
    assert.equal(back.toXML(), xml, label);
    assert.equal(semanticDiff(xml, back.toXML()), undefined, label);
  }
  const linux = parseDomain(linuxGuest('x').toXML());
  assert.deepEqual(linux.memory, { value: 512, unit: 'MiB' });
  assert.equal(linux.metadataElement(NS, 'instance')?.child('stratus:owner')?.text, 'project-42');
  assert.equal(linux.description, 'built by stratus tests <generated & validated>');
  assert.deepEqual(linux.devices.disks.map((d) => d.target?.dev), ['vda', 'sda', 'vdb', 'vdc']);
  assert.equal(linux.devices.disks.at(0)?.backingChain[0].source?.file, '/var/lib/stratus/_base/abc');
  assert.equal(linux.devices.disks.at(0)?.backingChain[0].backingStore?.isEnd, true);
  assert.equal(linux.devices.disks.at(2)?.auth?.username, 'stratus');
  assert.ok(linux.devices.disks.at(2)!.el.find('source/auth'), 'auth is written inside <source>');
  assert.deepEqual(linux.devices.serials.at(0)?.log, { file: '/var/lib/stratus/instances/x/console.log', append: true });
  assert.equal(linux.devices.memballoon?.statsPeriod, 10);
  assert.deepEqual(linux.cpu?.features.map((f) => f.name), ['sse4.2', 'svm']);
  const zoo = parseDomain(deviceZoo('z').toXML());
  assert.equal(zoo.devices.disks.at(2)?.source?.address?.el.getAttribute('bus'), '0x01');
  assert.equal(zoo.devices.hostdevs.at(0)?.source?.address?.pciName, '0000:06:02.0');
  assert.equal(zoo.devices.panics.at(0)?.address?.el.getAttribute('iobase'), '0x505');
  assert.equal(zoo.devices.vsocks.at(0)?.cid, 'auto');
  // the document reads like libvirt's own: devices in libvirt's order, two-space indentation
  const x = linuxGuest('y').toXML();
  assert.ok(x.startsWith("<domain type='qemu'>\n  <name>y</name>\n"), 'single quotes and two-space indentation, like virsh dumpxml');
  const order = ['<emulator>', '<disk ', '<controller ', '<interface ', '<serial ', '<console ', '<channel ', '<input ', '<graphics ', '<video>', '<memballoon ', '<rng '];
  const at = order.map((t) => x.indexOf(t));
  assert.deepEqual([...at].sort((a, b) => a - b), at, 'device kinds in libvirt order');
});

test('a selection of generated QEMU guests defines in the daemon and reads back', { skip: !haveQemu && 'qemu:///system not reachable' }, () => {
  const chosen: Array<() => Domain> = [
    () => linuxGuest(testName('gen-linux')),
    () => windowsGuest(testName('gen-windows')),
    () => tunedGuest(testName('gen-tuned')),
    ...CPU_VARIANTS.map(([mode, cpu]) => () => cpuGuest(testName(`gen-cpu-${mode}`), cpu)),
  ];
  for (const make of chosen) {
    const dom = make();
    const dumped = parseDomain(defineAndDump(QEMU_URI, dom.name!, dom.toXML()));
    assert.equal(dumped.name, dom.name);
    assert.equal(dumped.type, 'qemu');
    assert.equal(dumped.cpu?.mode, dom.cpu?.mode);
    // libvirt sorts disks by target; compare the sets
    assert.deepEqual(dumped.devices.disks.map((d) => d.target?.dev).sort(), dom.devices.disks.map((d) => d.target?.dev).sort());
    assert.equal(dumped.devices.memballoon?.statsPeriod, dom.devices.memballoon?.statsPeriod);
    assert.deepEqual(dumped.devices.interfaces.map((i) => i.model), dom.devices.interfaces.map((i) => i.model));
    // libvirt counts hot-plugged DIMMs into <memory>
    const dimms = dom.devices.memoryDevices.map((m) => toBytes(m.size!)).reduce((a, b) => a + b, 0n);
    assert.equal(toBytes(dumped.memory!), toBytes(dom.memory!) + dimms);
  }
  const linux = parseDomain(defineAndDump(QEMU_URI, testName('gen-linux'), linuxGuest(testName('gen-linux')).toXML()));
  assert.equal(linux.metadataElement(NS, 'instance')?.child('stratus:flavor')?.getAttribute('name'), 'm1.small');
  assert.deepEqual(linux.devices.serials.at(0)?.log, { file: '/var/lib/stratus/instances/x/console.log', append: true });
  assert.equal(linux.devices.disks.find((d) => d.target?.dev === 'vdb')?.auth?.secret?.uuid, '2a5c8b2e-3b5e-4a3c-9e6f-6a3f8c1d2e4f');
  assert.equal(linux.devices.interfaces.at(1)?.virtualport?.parameters.interfaceid, '09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f');
  assert.deepEqual(linux.clock?.timers.map((t) => [t.name, t.tickpolicy, t.present]), [['pit', 'delay', undefined], ['rtc', 'catchup', undefined], ['hpet', undefined, false]]);
  const win = parseDomain(defineAndDump(QEMU_URI, testName('gen-windows'), windowsGuest(testName('gen-windows')).toXML()));
  assert.equal(win.features?.hyperv?.spinlocks, 8191);
  assert.equal(win.features?.hyperv?.vendorId, 'StratusHV');
  assert.equal(win.features?.kvmHidden, true);
  const tuned = parseDomain(defineAndDump(QEMU_URI, testName('gen-tuned'), tunedGuest(testName('gen-tuned')).toXML()));
  assert.equal(toBytes(tuned.memtune!.hardLimit!), 2n * 1024n ** 3n);
  assert.equal(tuned.blkiotune?.weight, 500);
  assert.deepEqual(tuned.blkiotune?.deviceWeights, [{ path: '/dev/sda', weight: 300 }]);
  assert.deepEqual(tuned.cputune?.vcpuPins, [{ vcpu: 0, cpuset: '0' }, { vcpu: 1, cpuset: '1' }]);
  assert.deepEqual(tuned.cputune?.vcpuScheds, [{ vcpus: '0', scheduler: 'batch' }]);
  assert.deepEqual(tuned.maxMemory, { value: 4194304, unit: 'KiB', slots: 4 });
  assert.equal(tuned.clock?.adjustment, 3600);
  const vlan = linux.devices.interfaces.find((i) => i.type === 'bridge')?.vlan;
  assert.deepEqual(vlan, { trunk: true, tags: [{ id: 42 }, { id: 43, nativeMode: 'untagged' }] });
  assert.deepEqual(linux.devices.disks.find((d) => d.target?.dev === 'vda')?.blockio, { logicalBlockSize: 512, physicalBlockSize: 4096 });
});

test('a generated LXC guest defines in the daemon and reads back', { skip: !haveLxc && 'lxc:///system not reachable' }, () => {
  const dom = lxcGuest(testName('gen-lxc'));
  const back = parseDomain(defineAndDump(LXC_URI, testName('gen-lxc'), dom.toXML()));
  assert.equal(back.os?.init, '/sbin/init');
  assert.deepEqual(back.os?.initArgs, ['--log-level=info']);
  assert.deepEqual(back.os?.initEnv, { STRATUS_INSTANCE: 'x', LANG: 'C.UTF-8' });
  assert.deepEqual(back.devices.filesystems.map((f) => f.target), ['/', '/run']);
  assert.deepEqual(back.idmap, { uids: [{ start: 0, target: 100000, count: 65536 }], gids: [{ start: 0, target: 100000, count: 65536 }] });
});

test('an edited live dump still validates and defines', { skip: (!haveQemu || !haveValidator) && 'needs qemu:///system and virt-xml-validate' }, () => {
  const first = parseDomain(defineAndDump(QEMU_URI, testName('gen-edit'), cpuGuest(testName('gen-edit'), CPU_VARIANTS[0][1]).toXML()));
  first.memory = { value: 1, unit: 'GiB' };
  first.currentMemory = { value: 1, unit: 'GiB' };
  first.vcpu = { count: 4, placement: 'static' };
  first.devices.disks.push(new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { file: '/var/lib/stratus/extra.img' }, target: { dev: 'vdb', bus: 'virtio' } }));
  first.devices.interfaces.push(new Interface({ type: 'network', source: { network: 'default' }, model: 'virtio' }));
  first.devices.remove(first.devices.memballoon!);
  first.devices.memballoons.push({ model: 'virtio', statsPeriod: 15 });
  first.setMetadataElement(instanceMetadata('edit'));
  assertValid('edited-dump', first.toXML());
  const again = parseDomain(defineAndDump(QEMU_URI, testName('gen-edit'), first.toXML()));
  assert.deepEqual(again.memory, { value: 1048576, unit: 'KiB' });
  assert.equal(again.vcpu?.count, 4);
  assert.deepEqual(again.devices.disks.map((d) => d.target?.dev), ['vda', 'vdb']);
  assert.equal(again.devices.interfaces.length, 1);
  assert.equal(again.devices.memballoon?.statsPeriod, 15);
  assert.equal(again.metadataElement(NS, 'instance')?.child('stratus:uuid')?.text, 'edit');
});
