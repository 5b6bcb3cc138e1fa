/**
 * The compute driver's lifecycle on one libvirt host: spawn an instance from an image (disks from
 * the image backend, guest config from the policy, define + start), and everything after (reboot,
 * power, pause, suspend, snapshot, rebuild, console, destroy). State lives in libvirt: each domain
 * carries the stratus metadata element, so `list()` rebuilds the host's instances from libvirt alone.
 *
 * Every operation that makes things undoes them in reverse order when a later step fails.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCapabilities, parseDomain, parseDomainCapabilities, type Capabilities, type DomainCapabilities } from '../config/index.js';
import { createDiskBackend, ImageCache, ImageError, ImageStore, type CachedImage, type DiskBackend, type DiskSpec, type ImageMeta } from '../image/index.js';
import { buildConfigDrive, GuestFsVfs, inject, LocalFsVfs, type ConfigDriveFormat, type InjectionItems, type NetworkInfo, type Vfs } from '../inject/index.js';
import { connect, constants, ErrorCode, isLibvirtError, type Domain, type LibvirtConnection } from '../libvirt/index.js';
import { cacheModeFor } from './cache-mode.js';
import { loadDriverConfig, type DriverConfigInput, type ResolvedDriverConfig } from './config.js';
import { getDiagnostics, type Diagnostics } from './diagnostics.js';
import { buildGuestConfig } from './guest-config.js';
import { hostReport, type HostReport } from './host-report.js';
import { parseStratusMetadata } from './metadata.js';
import type { Flavor, GuestDisk, GuestNic, GuestRequest, KernelBoot, StratusInstanceMetadata } from './types.js';
import { resolveVirtType, type VirtTypeDecision } from './virt-type.js';

const { DomainState, DomainUndefineFlags } = constants;
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export type ComputeErrorCode =
  | 'IMAGE_NOT_FOUND'
  | 'DUPLICATE_NAME'
  | 'DUPLICATE_UUID'
  | 'INSUFFICIENT_MEMORY'
  | 'INSTANCE_NOT_FOUND'
  | 'INVALID_STATE'
  | 'SPAWN_FAILED'
  | 'TIMEOUT'
  | 'HOST_UNAVAILABLE';

export class ComputeError extends Error {
  override readonly name = 'ComputeError';
  constructor(
    readonly code: ComputeErrorCode,
    message: string,
    readonly instance?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SpawnRequest {
  name: string;
  imageId: string;
  flavor: Flavor;
  /** Default: a new random UUID. */
  uuid?: string;
  nics?: GuestNic[];
  vnc?: boolean;
  owner?: string;
  osType?: string;
  /** Extra words for a direct-kernel-boot command line (AMI images), e.g. `stratus.stay=1`. */
  kernelArgs?: string;
  /** Give up waiting for RUNNING after this long (default 60 s). */
  timeoutMs?: number;
  /** Files, key, password, network config, metadata and hostname written into the root disk before boot (one mount). */
  inject?: InjectionItems;
  /** A config drive (ISO 9660 cdrom) for cloud-init: OpenStack `config-2` or NoCloud `cidata`. */
  configDrive?: { format?: ConfigDriveFormat; userData?: string; network?: NetworkInfo; metadata?: Record<string, string> };
}

export interface InstanceInfo {
  uuid: string;
  name: string;
  /** 'running', 'paused', 'shutoff', 'suspended' (managed save), 'crashed', ... */
  state: string;
  metadata: StratusInstanceMetadata;
  vcpus: number;
  memoryKiB: number;
}

export interface ComputeDriverOptions {
  /** Driver configuration (see loadDriverConfig); libvirtUri and instancesPath come from here. */
  config: DriverConfigInput;
  /** Where the image store keeps images. */
  imagesDir: string;
  log?: (line: string) => void;
}

export class ComputeDriver {
  private constructor(
    readonly conn: LibvirtConnection,
    readonly config: ResolvedDriverConfig,
    readonly virtType: VirtTypeDecision,
    readonly store: ImageStore,
    readonly cache: ImageCache,
    readonly backend: DiskBackend,
    private readonly hostCaps: Capabilities,
    private readonly domCaps: DomainCapabilities,
  ) {}

  /** Connect to the host's libvirtd, settle the virt type (probing KVM once per boot), read capabilities. */
  static async open(opts: ComputeDriverOptions): Promise<ComputeDriver> {
    const base = loadDriverConfig(opts.config);
    let conn: LibvirtConnection;
    try {
      conn = await connect(base.libvirtUri, { openTimeout: 15_000 });
    } catch (err) {
      throw new ComputeError('HOST_UNAVAILABLE', `cannot reach libvirtd at ${base.libvirtUri}: ${(err as Error).message}`, undefined, { cause: err });
    }
    try {
      await mkdir(base.instancesPath, { recursive: true, mode: 0o755 });
      const decision = await resolveVirtType(conn, base, opts.log ? { log: opts.log } : {});
      const config = decision.config;
      const [caps, domCaps] = await Promise.all([conn.getCapabilities(), conn.getDomainCapabilities({ virttype: config.virtType })]);
      const store = new ImageStore(opts.imagesDir);
      const backend = createDiskBackend({
        imagesType: config.imagesType,
        instancesPath: config.instancesPath,
        useCowImages: config.useCowImages,
        ...(config.lvmVolumeGroup ? { volumeGroup: config.lvmVolumeGroup } : {}),
      });
      return new ComputeDriver(conn, config, decision, store, new ImageCache(config.instancesPath, store), backend, parseCapabilities(caps), parseDomainCapabilities(domCaps));
    } catch (err) {
      await conn.close();
      throw err;
    }
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  instanceDir(uuid: string): string {
    return join(this.config.instancesPath, uuid);
  }

  consoleLogPath(uuid: string): string {
    return join(this.instanceDir(uuid), 'console.log');
  }

  // ---- spawn ------------------------------------------------------------------------------------

  async spawn(req: SpawnRequest): Promise<InstanceInfo> {
    const uuid = req.uuid ?? randomUUID();
    const undo: Array<() => Promise<unknown>> = [];
    try {
      await this.checkFree(req.name, uuid);
      const image = await this.image(req.imageId, uuid);
      await this.checkMemory(req.flavor, uuid);

      const dir = this.instanceDir(uuid);
      await mkdir(dir, { mode: 0o755 }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new ComputeError('DUPLICATE_UUID', `instance directory ${dir} already exists`, uuid) : err;
      });
      undo.push(() => this.backend.deleteAll(uuid));
      undo.push(() => rm(dir, { recursive: true, force: true }));

      const disks = await this.makeDisks(uuid, image, req.flavor);
      if (req.inject && Object.keys(req.inject).length > 0) await inject(this.injectionVfs(image, disks[0]), req.inject);
      if (req.configDrive) disks.push(await this.configDrive(uuid, req));
      const kernel = await this.kernelBoot(image, req.kernelArgs);
      const request: GuestRequest = {
        uuid,
        name: req.name,
        flavor: req.flavor,
        image: { id: image.id, properties: image.properties },
        disks,
        ...(kernel ? { kernel } : {}),
        nics: req.nics ?? [],
        consoleLogPath: this.consoleLogPath(uuid),
        ...(req.vnc !== undefined ? { vnc: req.vnc } : {}),
        owner: req.owner ?? 'admin',
        createdAt: new Date().toISOString(),
        ...(req.osType ? { osType: req.osType } : {}),
      };
      const domain = buildGuestConfig(request, { config: this.config, hostCaps: this.hostCaps, domCaps: this.domCaps, fileCacheMode: await cacheModeFor(dir) });

      const dom = await this.conn.defineDomainXml(domain.toXML());
      undo.push(() => dom.undefine(DomainUndefineFlags.MANAGED_SAVE | DomainUndefineFlags.NVRAM).catch(() => undefined));
      await dom.create();
      undo.push(() => dom.destroy().catch(() => undefined));
      await this.waitForState(dom, [DomainState.RUNNING], req.timeoutMs ?? 60_000, uuid);
      return await this.info(dom);
    } catch (err) {
      for (const step of undo.reverse()) await step().catch(() => undefined);
      if (err instanceof ComputeError || err instanceof ImageError) throw err;
      throw new ComputeError('SPAWN_FAILED', `spawn of ${req.name} (${uuid}) failed and was undone: ${(err as Error).message}`, uuid, { cause: err });
    }
  }

  private async checkFree(name: string, uuid: string): Promise<void> {
    const byName = await this.conn.lookupDomainByName(name).catch(notFound);
    if (byName) throw new ComputeError('DUPLICATE_NAME', `an instance named ${name} already exists on this host (${byName.uuid})`, uuid);
    const byUuid = await this.conn.lookupDomainByUuid(uuid).catch(notFound);
    if (byUuid) throw new ComputeError('DUPLICATE_UUID', `a domain with uuid ${uuid} already exists (${byUuid.name})`, uuid);
  }

  private async image(id: string, uuid: string): Promise<ImageMeta> {
    try {
      return await this.store.get(id);
    } catch (err) {
      if (err instanceof ImageError && err.code === 'NOT_FOUND') throw new ComputeError('IMAGE_NOT_FOUND', `image ${id} does not exist in ${this.store.dir}`, uuid, { cause: err });
      throw err;
    }
  }

  /** The host must have the flavor's memory free now (TCG guests touch all of it). */
  private async checkMemory(flavor: Flavor, uuid: string): Promise<void> {
    const free = Number(await this.conn.getFreeMemory());
    const want = flavor.memoryMiB * MiB;
    if (want > free) {
      throw new ComputeError('INSUFFICIENT_MEMORY', `flavor ${flavor.name} needs ${flavor.memoryMiB} MiB but the host has ${Math.floor(free / MiB)} MiB free`, uuid);
    }
  }

  private async makeDisks(uuid: string, image: ImageMeta, flavor: Flavor): Promise<GuestDisk[]> {
    const cached = await this.cache.fetch(image.id);
    // whole MiB, so a fractional flavor size is still a size qemu-img and LVM accept
    const rootBytes = flavor.rootGiB > 0 ? Math.floor(flavor.rootGiB * 1024) * MiB : undefined;
    const specs: DiskSpec[] = [await this.backend.createRoot(uuid, cached, rootBytes)];
    if (flavor.ephemeralGiB > 0) specs.push(await this.backend.createEphemeral(uuid, 'disk.local', flavor.ephemeralGiB * GiB));
    if (flavor.swapMiB > 0) specs.push(await this.backend.createSwap(uuid, flavor.swapMiB * MiB));
    const roles = ['root', 'ephemeral', 'swap'] as const;
    return specs.map((s, i) => ({ role: roles[i], type: s.type, path: s.path, format: s.format }));
  }

  /**
   * The VFS for the root disk: the configured handler (no fallback to another), the partition from
   * the image's os_inject_partition first and the host config second (unset: inspect the guest).
   */
  private injectionVfs(image: ImageMeta, root: GuestDisk): Vfs {
    const fromImage = image.properties.os_inject_partition;
    const partition = fromImage !== undefined && fromImage !== '' ? Number(fromImage) : this.config.injection.partition;
    if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) {
      throw new ComputeError('SPAWN_FAILED', `image ${image.id}: os_inject_partition must be a whole number >= 0 (got ${fromImage})`);
    }
    const opts = { disk: root.path, format: root.format, ...(partition !== undefined ? { partition } : {}) };
    return this.config.injection.handlers[0] === 'guestfs' ? new GuestFsVfs(opts) : new LocalFsVfs(opts);
  }

  private async configDrive(uuid: string, req: SpawnRequest): Promise<GuestDisk> {
    const cd = req.configDrive!;
    const path = join(this.instanceDir(uuid), 'disk.config');
    const keys = req.inject?.sshKey ? { default: req.inject.sshKey.key.trim() } : undefined;
    await buildConfigDrive({
      path,
      format: cd.format ?? 'config-2',
      instance: { uuid, name: req.name, hostname: req.inject?.hostname ?? req.name, ...(keys ? { publicKeys: keys } : {}), ...(cd.metadata ? { metadata: cd.metadata } : {}) },
      ...(cd.userData !== undefined ? { userData: cd.userData } : {}),
      ...(cd.network ?? req.inject?.network ? { network: cd.network ?? req.inject?.network } : {}),
    });
    return { role: 'config', type: 'file', path, format: 'raw', device: 'cdrom', readonly: true };
  }

  /** AMI-style images boot their kernel and ramdisk (images named by kernel_id / ramdisk_id) directly. */
  private async kernelBoot(image: ImageMeta, extraArgs?: string): Promise<KernelBoot | undefined> {
    const kernelId = image.properties.kernel_id;
    if (!kernelId) return undefined;
    const kernel: CachedImage = await this.cache.fetch(kernelId);
    const ramdiskId = image.properties.ramdisk_id;
    const initrd = ramdiskId ? (await this.cache.fetch(ramdiskId)).path : undefined;
    const cmdline = [image.properties.os_command_line ?? 'root=/dev/vda console=ttyS0', extraArgs].filter(Boolean).join(' ');
    return { kernel: kernel.path, ...(initrd ? { initrd } : {}), cmdline };
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  async find(uuid: string): Promise<Domain> {
    const dom = await this.conn.lookupDomainByUuid(uuid).catch(notFound);
    if (!dom) throw new ComputeError('INSTANCE_NOT_FOUND', `no instance ${uuid} on ${this.conn.uri}`, uuid);
    return dom;
  }

  /** Soft reboot: ACPI shutdown and start again; a guest that ignores it for `timeoutMs` is reset hard. */
  async reboot(uuid: string, opts: { hard?: boolean; timeoutMs?: number } = {}): Promise<'soft' | 'hard'> {
    const dom = await this.find(uuid);
    await this.requireState(dom, uuid, [DomainState.RUNNING], 'reboot');
    if (!opts.hard) {
      await dom.shutdown();
      if (await this.reached(dom, [DomainState.SHUTOFF], opts.timeoutMs ?? 30_000)) {
        await dom.create();
        await this.waitForState(dom, [DomainState.RUNNING], 60_000, uuid);
        return 'soft';
      }
    }
    await dom.destroy().catch(() => undefined);
    await dom.create();
    await this.waitForState(dom, [DomainState.RUNNING], 60_000, uuid);
    return 'hard';
  }

  /** Graceful shutdown with a timeout, then destroy. */
  async powerOff(uuid: string, opts: { timeoutMs?: number } = {}): Promise<'graceful' | 'forced'> {
    const dom = await this.find(uuid);
    if ((await dom.getState()).state === DomainState.SHUTOFF) return 'graceful';
    await dom.shutdown().catch(() => undefined);
    if (await this.reached(dom, [DomainState.SHUTOFF], opts.timeoutMs ?? 30_000)) return 'graceful';
    try {
      await dom.destroy();
    } catch (err) {
      // It went down by itself between the last look and the destroy.
      if (isLibvirtError(err, ErrorCode.OPERATION_INVALID) && (await dom.getState()).state === DomainState.SHUTOFF) return 'graceful';
      throw err;
    }
    await this.waitForState(dom, [DomainState.SHUTOFF], 30_000, uuid);
    return 'forced';
  }

  async powerOn(uuid: string): Promise<void> {
    const dom = await this.find(uuid);
    await this.requireState(dom, uuid, [DomainState.SHUTOFF], 'power on');
    await dom.create();
    await this.waitForState(dom, [DomainState.RUNNING], 60_000, uuid);
  }

  async pause(uuid: string): Promise<void> {
    const dom = await this.find(uuid);
    await this.requireState(dom, uuid, [DomainState.RUNNING], 'pause');
    await dom.suspend();
  }

  async unpause(uuid: string): Promise<void> {
    const dom = await this.find(uuid);
    await this.requireState(dom, uuid, [DomainState.PAUSED], 'unpause');
    await dom.resume();
  }

  /** Suspend to disk (libvirt managed save): the guest's memory is saved and QEMU exits. */
  async suspend(uuid: string): Promise<void> {
    const dom = await this.find(uuid);
    await this.requireState(dom, uuid, [DomainState.RUNNING, DomainState.PAUSED], 'suspend');
    await dom.managedSave();
  }

  async resume(uuid: string): Promise<void> {
    const dom = await this.find(uuid);
    if (!(await dom.hasManagedSaveImage())) throw new ComputeError('INVALID_STATE', `instance ${uuid} is not suspended`, uuid);
    await dom.create();
    await this.waitForState(dom, [DomainState.RUNNING], 60_000, uuid);
  }

  /** Stop the guest, remove its domain, disks and directory. Idempotent. */
  async destroy(uuid: string): Promise<void> {
    const dom = await this.conn.lookupDomainByUuid(uuid).catch(notFound);
    if (dom) {
      await dom.destroy().catch((err: unknown) => {
        if (!isLibvirtError(err, ErrorCode.OPERATION_INVALID)) throw err; // not running
      });
      await dom.undefine(DomainUndefineFlags.MANAGED_SAVE | DomainUndefineFlags.SNAPSHOTS_METADATA | DomainUndefineFlags.NVRAM).catch((err: unknown) => {
        if (!isLibvirtError(err, ErrorCode.NO_DOMAIN)) throw err;
      });
    }
    await this.backend.deleteAll(uuid);
    await rm(this.instanceDir(uuid), { recursive: true, force: true });
  }

  /**
   * Snapshot the root disk into a new image (a standalone qcow2, flattened from its base). A running
   * guest is paused for the copy so the image is consistent, then resumed.
   */
  async snapshot(uuid: string, name: string): Promise<ImageMeta> {
    const dom = await this.find(uuid);
    const meta = await this.metadataOf(dom);
    const image = await this.store.get(meta.imageId);
    const root = parseDomain(await dom.getXmlDesc()).devices.disks.at(0);
    const source = root?.source?.file ?? root?.source?.dev;
    if (!source) throw new ComputeError('INVALID_STATE', `instance ${uuid} has no root disk source`, uuid);
    const { kernel_id, ramdisk_id, ...props } = image.properties;
    const properties = { ...props, ...(kernel_id ? { kernel_id } : {}), ...(ramdisk_id ? { ramdisk_id } : {}), snapshot_of: uuid, base_image_ref: image.id };
    const sourceFormat = root?.driver?.type === 'qcow2' ? 'qcow2' : 'raw';
    const wasRunning = (await dom.getState()).state === DomainState.RUNNING;
    if (wasRunning) await dom.suspend();
    try {
      return await this.store.snapshotFrom(source, { name, sourceFormat, forceShare: true, containerFormat: image.containerFormat, properties, minDisk: image.minDisk, minRam: image.minRam });
    } finally {
      if (wasRunning) await dom.resume().catch(() => undefined);
    }
  }

  /** Replace the instance's disks with a fresh copy of `imageId` (default: its own image) and boot it. */
  async rebuild(uuid: string, imageId?: string): Promise<InstanceInfo> {
    const dom = await this.find(uuid);
    const meta = await this.metadataOf(dom);
    const xml = await dom.getXmlDesc(constants.DomainXMLFlags.INACTIVE);
    await this.powerOff(uuid, { timeoutMs: 1 });
    await dom.undefine(DomainUndefineFlags.MANAGED_SAVE | DomainUndefineFlags.NVRAM);
    await this.backend.deleteAll(uuid);
    await rm(this.instanceDir(uuid), { recursive: true, force: true });
    try {
      return await this.spawn({ uuid, name: meta.name, imageId: imageId ?? meta.imageId, flavor: meta.flavor, owner: meta.owner });
    } catch (err) {
      // Leave the old definition in place (without disks) so the operator sees what failed.
      await this.conn.defineDomainXml(xml).catch(() => undefined);
      throw err;
    }
  }

  /** The serial console's log (the last `maxBytes` of it). */
  async consoleOutput(uuid: string, maxBytes = 1024 * 1024): Promise<string> {
    const path = this.consoleLogPath(uuid);
    const st = await stat(path).catch(() => undefined);
    if (!st) return '';
    const fh = await open(path, 'r');
    try {
      const len = Math.min(st.size, maxBytes);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, st.size - len);
      return buf.toString('utf8');
    } finally {
      await fh.close();
    }
  }

  /** Instances on this host: every domain carrying stratus metadata. */
  async list(): Promise<InstanceInfo[]> {
    const out: InstanceInfo[] = [];
    for (const dom of await this.conn.listAllDomains()) {
      const info = await this.info(dom).catch(() => undefined);
      if (info) out.push(info);
    }
    return out;
  }

  async show(uuid: string): Promise<InstanceInfo> {
    return this.info(await this.find(uuid));
  }

  async diagnostics(uuid: string, opts?: { sampleIntervalMs?: number }): Promise<Diagnostics> {
    return getDiagnostics(this.conn, await this.find(uuid), opts);
  }

  hostReport(): Promise<HostReport> {
    return hostReport(this.conn, this.config.instancesPath);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private async metadataOf(dom: Domain): Promise<StratusInstanceMetadata> {
    const meta = parseStratusMetadata(parseDomain(await dom.getXmlDesc()));
    if (!meta) throw new ComputeError('INSTANCE_NOT_FOUND', `domain ${dom.name} is not a stratus instance (no metadata)`, dom.uuid);
    return meta;
  }

  private async info(dom: Domain): Promise<InstanceInfo> {
    const [meta, info, saved] = await Promise.all([this.metadataOf(dom), dom.getInfo(), dom.hasManagedSaveImage().catch(() => false)]);
    const state = info.state === DomainState.SHUTOFF && saved ? 'suspended' : stateName(info.state);
    return { uuid: dom.uuid, name: dom.name, state, metadata: meta, vcpus: info.vcpus, memoryKiB: info.memoryKiB };
  }

  private async requireState(dom: Domain, uuid: string, states: number[], action: string): Promise<void> {
    const { state } = await dom.getState();
    if (!states.includes(state)) {
      throw new ComputeError('INVALID_STATE', `cannot ${action} instance ${uuid}: it is ${stateName(state)} (needs ${states.map(stateName).join(' or ')})`, uuid);
    }
  }

  private async reached(dom: Domain, states: number[], timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (states.includes((await dom.getState()).state)) return true;
      if (Date.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async waitForState(dom: Domain, states: number[], timeoutMs: number, uuid: string): Promise<void> {
    if (!(await this.reached(dom, states, timeoutMs))) {
      const { state } = await dom.getState();
      throw new ComputeError('TIMEOUT', `instance ${uuid} is ${stateName(state)} after ${timeoutMs} ms (waiting for ${states.map(stateName).join('/')})`, uuid);
    }
  }
}

function stateName(state: number): string {
  return (constants.nameOf(DomainState, state) ?? `state ${state}`).toLowerCase();
}

/** For lookups: a missing domain is `undefined`, anything else is an error. */
function notFound(err: unknown): undefined {
  if (isLibvirtError(err, ErrorCode.NO_DOMAIN)) return undefined;
  throw err;
}
