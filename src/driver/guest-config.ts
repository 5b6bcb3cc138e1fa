/**
 * Guest configuration policy: one instance request + the driver config + what the host offers
 * (capabilities, domain capabilities) -> a typed Domain. Pure: no I/O, so every rule is unit
 * tested, and the caller probes what needs probing (virt type, disk cache mode) beforehand.
 *
 * The rules (issue 4, "Guest config policy"):
 * - CPU: host-model by default for kvm; nothing for qemu unless topology or flags need a <cpu>;
 *   custom models are checked against the emulator's list, case-insensitively; extra flags are
 *   features with policy require. Topology from the flavor (sockets = vcpus) or hw_cpu_* properties.
 * - Clock: utc (localtime for Windows); kvm gets pit delay, rtc catchup, no hpet (unless
 *   hw_time_hpet=true) and, for Windows, hypervclock and the Hyper-V enlightenments.
 * - Disks: virtio unless hw_disk_bus / hw_cdrom_bus say otherwise; volume serial = volume id.
 * - Console: serial pty logged to the console log + a console; VNC on request; a balloon with stats.
 * - NICs on a libvirt network or bridge; model from hw_vif_model (virtio default).
 * - Our metadata element, so the instance can be rebuilt from libvirt alone.
 */
import {
  Domain, Disk, Interface, Serial, Console, Graphics, Video, Input, MemBalloon, Filesystem,
  canonicalArch, DISK_BUSES,
  type Capabilities, type DomainCapabilities, type CpuOptions, type ClockOptions, type TimerOptions,
  type FeaturesOptions, type OsOptions, type DiskBus, type DiskCacheMode, type DeviceView, type DomainCpuTopology,
} from '../config/index.js';
import { effectiveCpuMode, type ResolvedDriverConfig } from './config.js';
import { GuestConfigError } from './errors.js';
import { stratusMetadataElement } from './metadata.js';
import type { GuestDisk, GuestRequest } from './types.js';

export interface GuestConfigContext {
  config: ResolvedDriverConfig;
  hostCaps: Capabilities;
  domCaps: DomainCapabilities;
  /**
   * Cache mode for file-backed disks, as cacheModeFor(instanceDir) found it. Unset: writethrough,
   * which works on every filesystem (config.diskCacheModes still wins).
   */
  fileCacheMode?: DiskCacheMode;
}

/** NIC models QEMU's x86 machines offer (hw_vif_model is checked against this list). */
export const VIF_MODELS = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'ne2k_pci', 'pcnet', 'vmxnet3'] as const;

/** Serials the guest sees are cut at 20 characters (virtio-blk's limit): /dev/disk/by-id/virtio-<first 20>. */
export const VIRTIO_SERIAL_MAX = 20;

export function buildGuestConfig(req: GuestRequest, ctx: GuestConfigContext): Domain {
  checkRequest(req);
  if (ctx.config.virtType === 'lxc') return buildContainer(req, ctx);

  const { config } = ctx;
  const props = req.image.properties;
  const osType = (req.osType ?? props.os_type ?? 'linux').toLowerCase();
  const windows = osType === 'windows';
  const arch = guestArch(req, ctx);

  const diskDevices = disks(req, ctx);
  const dom = new Domain({
    type: config.virtType,
    name: req.name,
    uuid: req.uuid,
    metadata: [stratusMetadataElement({
      uuid: req.uuid, name: req.name, flavor: req.flavor, imageId: req.image.id, owner: req.owner, createdAt: req.createdAt,
      disks: diskDevices.map((d, i) => ({ dev: d.target!.dev!, role: req.disks[i].role })),
    })],
    memory: { value: req.flavor.memoryMiB, unit: 'MiB' },
    vcpu: { count: req.flavor.vcpus },
    os: osConfig(req, arch, config),
    features: featuresConfig(windows, config.virtType),
    cpu: cpuConfig(req, ctx),
    clock: clockConfig(props, windows, config.virtType),
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
  });

  const devices: DeviceView[] = [...diskDevices, ...nics(req)];
  devices.push(
    // the pty keeps `virsh console` working; the log keeps the output after the guest is gone
    new Serial({ type: 'pty', log: { file: req.consoleLogPath, append: true }, target: { port: 0 } }),
    new Console({ type: 'pty', target: { type: 'serial', port: 0 } }),
  );
  if (req.vnc) devices.push(...vncDevices(req, ctx));
  const period = config.memballoonStatsPeriod;
  devices.push(new MemBalloon(period > 0 ? { model: 'virtio', statsPeriod: period } : { model: 'virtio' }));
  dom.devices.add(...devices);
  return dom;
}

// ---- request checks ------------------------------------------------------------------------------

function checkRequest(req: GuestRequest): void {
  const who = { instance: req.uuid };
  const f = req.flavor;
  if (!Number.isInteger(f.vcpus) || f.vcpus < 1) throw new GuestConfigError(`flavor ${f.name}: vcpus must be a whole number >= 1 (got ${f.vcpus})`, who);
  if (!Number.isInteger(f.memoryMiB) || f.memoryMiB < 16) throw new GuestConfigError(`flavor ${f.name}: memoryMiB must be a whole number >= 16 (got ${f.memoryMiB})`, who);
  for (const n of req.nics) {
    if ((n.network === undefined) === (n.bridge === undefined)) {
      throw new GuestConfigError(`NIC ${n.mac}: give exactly one of network or bridge`, who);
    }
  }
  for (const d of req.disks) {
    if (d.role === 'volume' && !d.serial) throw new GuestConfigError(`volume disk ${d.path} needs a serial (the volume id)`, who);
  }
}

/** The guest architecture: the image's `architecture` property, else the host's. Must be runnable here. */
function guestArch(req: GuestRequest, ctx: GuestConfigContext): string {
  const hostArch = ctx.hostCaps.host?.cpu?.arch;
  const wanted = req.image.properties.architecture;
  const arch = canonicalArch(wanted ?? hostArch ?? 'x86_64');
  const runnable = ctx.hostCaps.supportedInstances();
  const hvm = ctx.config.virtType === 'lxc' ? 'exe' : 'hvm';
  if (!runnable.some(([a, t, m]) => a === arch && t === ctx.config.virtType && m === hvm)) {
    const list = runnable.map((x) => x.join('/')).join(', ');
    throw new GuestConfigError(`this host cannot run ${arch}/${ctx.config.virtType}/${hvm} guests${wanted ? ` (image property architecture=${wanted})` : ''}; it offers ${list || 'nothing'}`, { instance: req.uuid });
  }
  return arch;
}

// ---- os, features, cpu, clock ------------------------------------------------------------------------

function osConfig(req: GuestRequest, arch: string, config: ResolvedDriverConfig): OsOptions {
  const machine = req.image.properties.hw_machine_type ?? config.machineType;
  const os: OsOptions = { type: 'hvm', arch };
  if (machine !== undefined) os.machine = machine;
  if (req.kernel) {
    os.kernel = req.kernel.kernel;
    if (req.kernel.initrd !== undefined) os.initrd = req.kernel.initrd;
    os.cmdline = req.kernel.cmdline;
  } else {
    const root = req.disks.find((d) => d.role === 'root');
    os.bootDevices = root?.device === 'cdrom' ? ['cdrom', 'hd'] : ['hd'];
  }
  return os;
}

function featuresConfig(windows: boolean, virtType: string): FeaturesOptions {
  const f: FeaturesOptions = { acpi: true, apic: true };
  // Hyper-V enlightenments are KVM features (QEMU's TCG does not implement them)
  if (windows && virtType === 'kvm') f.hyperv = { relaxed: true, vapic: true, spinlocks: 8191 };
  return f;
}

function cpuConfig(req: GuestRequest, ctx: GuestConfigContext): CpuOptions | undefined {
  const { config } = ctx;
  const mode = effectiveCpuMode(config, config.virtType);
  const explicitTopology = Object.keys(req.image.properties).some((k) => /^hw_cpu_(sockets|cores|threads)$/.test(k));
  const topology = cpuTopology(req);
  const features = config.cpuModelExtraFlags.map((name) => ({ name: name.toLowerCase(), policy: 'require' as const }));

  switch (mode) {
    case 'host-model':
    case 'host-passthrough':
      return { mode, topology, features };
    case 'custom':
      return { mode: 'custom', match: 'exact', model: { name: customModel(config.cpuModel!, req, ctx), fallback: 'forbid' }, topology, features };
    case 'none':
      if (features.length > 0) {
        // flags need a model to modify; qemu64 is what QEMU gives a guest without one
        return { mode: 'custom', match: 'exact', model: { name: customModel('qemu64', req, ctx), fallback: 'forbid' }, topology, features };
      }
      // a bare <cpu><topology/></cpu> only when the guest would otherwise see the wrong shape
      return req.flavor.vcpus > 1 || explicitTopology ? { topology } : undefined;
  }
}

/** The model's name as the emulator spells it, or an error listing some that exist. */
function customModel(name: string, req: GuestRequest, ctx: GuestConfigContext): string {
  const models = ctx.domCaps.cpuMode('custom')?.models ?? [];
  const hit = models.find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (hit) return hit.name;
  const usable = models.filter((m) => m.usable === 'yes').map((m) => m.name);
  const some = (usable.length ? usable : models.map((m) => m.name)).slice(0, 8);
  throw new GuestConfigError(
    `CPU model '${name}' (cpuModel) is not offered by ${ctx.domCaps.path ?? 'the emulator'} for ${ctx.config.virtType} guests` +
      (some.length ? `; valid models include ${some.join(', ')}` : '; it lists no custom models'),
    { instance: req.uuid, option: 'cpuModel', model: name },
  );
}

/**
 * Sockets x cores x threads = vcpus. Without image properties every vCPU is a socket (what
 * guests licensed per socket least like, but what every OS handles). hw_cpu_sockets / _cores /
 * _threads fix some factors; the rest are filled in, and a split that does not multiply out fails.
 */
export function cpuTopology(req: GuestRequest): DomainCpuTopology {
  const vcpus = req.flavor.vcpus;
  const props = req.image.properties;
  const read = (k: string): number | undefined => {
    const v = props[k];
    if (v === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(v)) throw new GuestConfigError(`image property ${k}='${v}' is not a whole number >= 1`, { instance: req.uuid });
    return Number(v);
  };
  let sockets = read('hw_cpu_sockets');
  let cores = read('hw_cpu_cores');
  const threads = read('hw_cpu_threads') ?? 1;
  if (sockets === undefined && cores === undefined) sockets = vcpus / threads;
  else if (sockets === undefined) sockets = vcpus / (cores! * threads);
  else if (cores === undefined) cores = vcpus / (sockets * threads);
  cores ??= 1;
  if (!Number.isInteger(sockets) || !Number.isInteger(cores) || sockets * cores * threads !== vcpus) {
    throw new GuestConfigError(
      `CPU topology from image properties (hw_cpu_sockets=${props.hw_cpu_sockets ?? '-'}, hw_cpu_cores=${props.hw_cpu_cores ?? '-'}, hw_cpu_threads=${props.hw_cpu_threads ?? '-'}) does not make ${vcpus} vCPUs (flavor ${req.flavor.name})`,
      { instance: req.uuid },
    );
  }
  return { sockets, cores, threads };
}

function clockConfig(props: Record<string, string>, windows: boolean, virtType: string): ClockOptions {
  const clock: ClockOptions = { offset: windows ? 'localtime' : 'utc' };
  if (virtType !== 'kvm') return clock;
  const hpet = (props.hw_time_hpet ?? '').toLowerCase();
  const timers: TimerOptions[] = [
    // delay: a guest that missed ticks is not flooded with them (Linux and Windows cope best)
    { name: 'pit', tickpolicy: 'delay' },
    { name: 'rtc', tickpolicy: 'catchup' },
    { name: 'hpet', present: hpet === 'true' || hpet === 'yes' || hpet === '1' },
  ];
  if (windows) timers.push({ name: 'hypervclock', present: true });
  clock.timers = timers;
  return clock;
}

// ---- devices -----------------------------------------------------------------------------------------

const BUS_PREFIX: Partial<Record<DiskBus, string>> = { virtio: 'vd', scsi: 'sd', sata: 'sd', usb: 'sd', ide: 'hd', fdc: 'fd', xen: 'xvd' };

/** `vda`, ..., `vdz`, `vdaa`, ... */
export function diskDeviceName(prefix: string, index: number): string {
  let s = '';
  let i = index;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return prefix + s;
}

function disks(req: GuestRequest, ctx: GuestConfigContext): Disk[] {
  const props = req.image.properties;
  const q35 = /q35/.test(props.hw_machine_type ?? ctx.config.machineType ?? '');
  const offered = ctx.domCaps.devices.get('disk')?.enums.get('bus');
  const used = new Map<string, number>();
  return req.disks.map((d) => {
    const device = d.device ?? (d.role === 'config' ? 'cdrom' : 'disk');
    const prop = device === 'cdrom' ? 'hw_cdrom_bus' : 'hw_disk_bus';
    // cdroms cannot be virtio; q35 has no IDE
    const dflt: DiskBus = device === 'cdrom' ? (q35 ? 'sata' : 'ide') : 'virtio';
    const bus = checkBus(props[prop] ?? dflt, prop, device, offered, req);
    const prefix = BUS_PREFIX[bus] ?? 'sd';
    const n = used.get(prefix) ?? 0;
    used.set(prefix, n + 1);
    return new Disk({
      type: d.type,
      device,
      driver: { name: 'qemu', type: d.format, cache: cacheMode(d, ctx) },
      source: d.type === 'file' ? { file: d.path } : { dev: d.path },
      target: { dev: diskDeviceName(prefix, n), bus },
      readonly: d.readonly === true || device === 'cdrom',
      serial: d.serial,
    });
  });
}

function checkBus(bus: string, prop: string, device: string, offered: string[] | undefined, req: GuestRequest): DiskBus {
  const ctx = { instance: req.uuid, property: prop };
  if (!(DISK_BUSES as readonly string[]).includes(bus)) {
    throw new GuestConfigError(`image property ${prop}='${bus}' is not a disk bus (one of ${DISK_BUSES.join(', ')})`, ctx);
  }
  if (device === 'cdrom' && bus === 'virtio') throw new GuestConfigError(`image property ${prop}='virtio': a cdrom cannot sit on the virtio bus (use ide, sata or scsi)`, ctx);
  if (offered && !offered.includes(bus)) {
    throw new GuestConfigError(`disk bus '${bus}' (${propertyOrDefault(prop)}) is not offered by this host's emulator (it offers ${offered.join(', ')})`, ctx);
  }
  return bus as DiskBus;
}

const propertyOrDefault = (prop: string) => `image property ${prop} or its default`;

function cacheMode(d: GuestDisk, ctx: GuestConfigContext): DiskCacheMode {
  const configured = ctx.config.diskCacheModes?.[d.type];
  if (configured !== undefined) return configured;
  // a block device always takes O_DIRECT; a file depends on the filesystem (probed by the caller)
  return d.type === 'block' ? 'none' : (ctx.fileCacheMode ?? 'writethrough');
}

function nics(req: GuestRequest): Interface[] {
  const model = req.image.properties.hw_vif_model ?? 'virtio';
  if (!(VIF_MODELS as readonly string[]).includes(model)) {
    throw new GuestConfigError(`image property hw_vif_model='${model}' is not a NIC model (one of ${VIF_MODELS.join(', ')})`, { instance: req.uuid, property: 'hw_vif_model' });
  }
  return req.nics.map((n) =>
    n.network !== undefined
      ? new Interface({ type: 'network', mac: n.mac, source: { network: n.network }, model })
      : new Interface({ type: 'bridge', mac: n.mac, source: { bridge: n.bridge }, model }),
  );
}

function vncDevices(req: GuestRequest, ctx: GuestConfigContext): DeviceView[] {
  const vnc = ctx.config.vnc;
  if (!vnc.enabled) throw new GuestConfigError('VNC was requested but the driver config has vnc.enabled = false', { instance: req.uuid, option: 'vnc.enabled' });
  return [
    // a USB tablet keeps the VNC pointer in step with the guest's
    new Input({ type: 'tablet', bus: 'usb' }),
    new Graphics({ type: 'vnc', port: -1, autoport: true, keymap: vnc.keymap, listens: [{ type: 'address', address: vnc.listen }] }),
    new Video({ model: { type: 'vga' } }),
  ];
}

// ---- containers --------------------------------------------------------------------------------------

/** LXC, minimally: /sbin/init in a container whose root is a host directory. */
function buildContainer(req: GuestRequest, ctx: GuestConfigContext): Domain {
  if (!req.rootfsDir) throw new GuestConfigError("virtType 'lxc' needs rootfsDir (the container's root filesystem directory)", { instance: req.uuid });
  guestArch(req, ctx);
  const dom = new Domain({
    type: 'lxc',
    name: req.name,
    uuid: req.uuid,
    metadata: [stratusMetadataElement({ uuid: req.uuid, name: req.name, flavor: req.flavor, imageId: req.image.id, owner: req.owner, createdAt: req.createdAt })],
    memory: { value: req.flavor.memoryMiB, unit: 'MiB' },
    vcpu: { count: req.flavor.vcpus },
    os: { type: 'exe', init: '/sbin/init' },
    onPoweroff: 'destroy',
    onReboot: 'restart',
    onCrash: 'destroy',
  });
  dom.devices.add(
    new Filesystem({ type: 'mount', source: { dir: req.rootfsDir }, target: '/' }),
    ...nics(req),
    new Console({ type: 'pty', target: { type: 'lxc', port: 0 } }),
  );
  return dom;
}
