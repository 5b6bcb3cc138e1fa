/**
 * Choosing the virt type at start. /dev/kvm existing is not enough: on nested hosts KVM guests
 * can abort (`failed to set MSR 0x10a` under host-model / host CPUs) or hang with the vCPU
 * spinning (qemu64). So when the operator did not choose, we boot a real, tiny KVM guest: the
 * host's kernel by direct boot, no disks, `console=ttyS0 panic=-1`, and wait a few seconds for
 * its banner on the serial log. The verdict is cached per host boot (boot_id) in the instances dir.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Domain, Serial, MemBalloon, type CpuOptions } from '../config/index.js';
import { constants, type LibvirtConnection } from '../libvirt/index.js';
import { checkRules, effectiveCpuMode, type CpuModeSetting, type DriverConfig, type ResolvedDriverConfig, type VirtType } from './config.js';
import { DriverError } from './errors.js';

/** One probe boot with one CPU definition. */
export interface KvmProbeAttempt {
  cpuMode: CpuModeSetting;
  cpuModel?: string;
  ok: boolean;
  /** Why it failed: QEMU's own error line, or what the guest did not do in time. */
  reason?: string;
  ms: number;
}

export interface KvmProbeResult {
  usable: boolean;
  /** The first failure's reason when no attempt worked. */
  reason?: string;
  /** CPU modes that booted the kernel (in the order tried). */
  workingCpuModes: CpuModeSetting[];
  attempts: KvmProbeAttempt[];
  kernel: string;
  /** When the probe ran (ISO) and under which host boot. */
  probedAt: string;
  bootId: string;
  uri: string;
  /** True when this result was read from the cache file. */
  cached?: boolean;
}

export interface VirtTypeDecision {
  config: ResolvedDriverConfig;
  /** How the virt type was chosen. */
  source: 'operator' | 'probe' | 'no-kvm-device';
  probe?: KvmProbeResult;
  /** The one line logged about the choice (if any). */
  message?: string;
}

export interface ResolveVirtTypeOptions {
  /** Where the one line about a fallback goes (default console.warn). */
  log?: (line: string) => void;
  /** Path of the KVM device (tests point it elsewhere). */
  kvmDevice?: string;
  /** Ignore a cached verdict and probe again. */
  refresh?: boolean;
  /** The kernel to boot (default: the newest /boot/vmlinuz-*-cloud-amd64, else any /boot/vmlinuz-*). */
  kernel?: string;
}

export const PROBE_CACHE_FILE = '.virt-type-probe.json';
const BANNER = /Linux version \d/;

/**
 * Settles the virt type. An operator's choice is kept (kvm is still probed, and an unusable KVM is
 * an error rather than a silent fallback); otherwise KVM is used when the probe boots a kernel,
 * else qemu (TCG) with one log line saying why.
 */
export async function resolveVirtType(conn: LibvirtConnection, config: DriverConfig, opts: ResolveVirtTypeOptions = {}): Promise<VirtTypeDecision> {
  const log = opts.log ?? ((l: string) => console.warn(l));
  const kvmDevice = opts.kvmDevice ?? '/dev/kvm';
  const resolved = (virtType: VirtType, extra: Partial<ResolvedDriverConfig> = {}): ResolvedDriverConfig => {
    const c: ResolvedDriverConfig = { ...config, ...extra, virtType };
    checkRules(c);
    return c;
  };

  if (config.virtType === 'qemu' || config.virtType === 'lxc') return { config: resolved(config.virtType), source: 'operator' };

  if (!existsSync(kvmDevice)) {
    if (config.virtType === 'kvm') {
      throw new DriverError('KVM_UNUSABLE', `virtType 'kvm' was set explicitly but ${kvmDevice} does not exist; not falling back to qemu (unset virtType to allow that)`, { option: 'virtType', path: kvmDevice });
    }
    const message = `KVM unavailable (no ${kvmDevice}); using qemu (TCG)`;
    log(message);
    return { config: resolved('qemu', { virtTypeProbed: true }), source: 'no-kvm-device', message };
  }

  const probe = await probeKvmCached(conn, config, opts);
  const wanted = effectiveCpuMode(config, 'kvm');
  if (probe.workingCpuModes.includes(wanted)) {
    return { config: resolved('kvm', { virtTypeProbed: config.virtType === undefined }), source: config.virtType ? 'operator' : 'probe', probe };
  }
  const failed = probe.attempts.find((a) => a.cpuMode === wanted);
  const why = failed?.reason ?? probe.reason ?? 'unknown';
  // every CPU mode tried, with what went wrong: "host-model: failed to set MSR ...; none: no console output ..."
  const whyAll = probe.attempts.filter((a) => !a.ok).map((a) => `${a.cpuMode}${a.cpuModel ? ` ${a.cpuModel}` : ''}: ${a.reason}`).join('; ') || why;

  if (config.cpuMode === undefined && probe.workingCpuModes.length > 0) {
    // the nested-KVM case: host-model aborts, but the hypervisor's default CPU runs
    const mode = probe.workingCpuModes[0];
    const message = `KVM works but CPU mode ${wanted} fails (${why}); using cpu mode ${mode}`;
    log(message);
    return { config: resolved('kvm', { cpuMode: mode, virtTypeProbed: config.virtType === undefined }), source: config.virtType ? 'operator' : 'probe', probe, message };
  }
  if (config.virtType === 'kvm') {
    throw new DriverError(
      'KVM_UNUSABLE',
      `virtType 'kvm' was set explicitly but KVM guests do not work on this host (${whyAll}); not falling back to qemu (unset virtType to allow that)`,
      { option: 'virtType', uri: conn.uri, attempts: probe.attempts },
    );
  }
  // TCG cannot pass the host CPU through (QEMU's domain capabilities say so): that mode goes
  const dropped = config.cpuMode === 'host-passthrough';
  const message = `KVM present but unusable (${whyAll}); using qemu (TCG)${dropped ? ' and cpu mode none instead of host-passthrough' : ''}`;
  log(message);
  return { config: resolved('qemu', dropped ? { virtTypeProbed: true, cpuMode: undefined } : { virtTypeProbed: true }), source: 'probe', probe, message };
}

/** The probe's verdict for this host boot: from `<virtProbeCacheDir or instancesPath>/.virt-type-probe.json`, or a fresh probe. */
export async function probeKvmCached(conn: LibvirtConnection, config: DriverConfig, opts: ResolveVirtTypeOptions = {}): Promise<KvmProbeResult> {
  const cacheDir = config.virtProbeCacheDir ?? config.instancesPath;
  const cacheFile = join(cacheDir, PROBE_CACHE_FILE);
  const bootId = await currentBootId();
  const plan = probePlan(config);
  if (!opts.refresh) {
    const hit = await readCache(cacheFile);
    if (hit && hit.bootId === bootId && hit.uri === conn.uri && samePlan(hit, plan)) return { ...hit, cached: true };
  }
  const result = await probeKvm(conn, { workDir: join(config.instancesPath, '.virt-type-probe'), cpus: plan, timeoutMs: config.virtProbeTimeoutMs, kernel: opts.kernel });
  await mkdir(cacheDir, { recursive: true });
  await writeFile(cacheFile, JSON.stringify(result, null, 2) + '\n');
  return result;
}

/** CPU definitions to try: the one the config implies for KVM, then (if different) none, the hypervisor default. */
function probePlan(config: DriverConfig): Array<{ cpuMode: CpuModeSetting; cpuModel?: string }> {
  const wanted = effectiveCpuMode(config, 'kvm');
  const plan: Array<{ cpuMode: CpuModeSetting; cpuModel?: string }> = [wanted === 'custom' ? { cpuMode: 'custom', cpuModel: config.cpuModel } : { cpuMode: wanted }];
  if (config.cpuMode === undefined && wanted !== 'none') plan.push({ cpuMode: 'none' });
  return plan;
}

function samePlan(hit: KvmProbeResult, plan: Array<{ cpuMode: CpuModeSetting; cpuModel?: string }>): boolean {
  return hit.attempts.length === plan.length && hit.attempts.every((a, i) => a.cpuMode === plan[i].cpuMode && a.cpuModel === plan[i].cpuModel);
}

async function readCache(file: string): Promise<KvmProbeResult | undefined> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as KvmProbeResult;
    return typeof v.bootId === 'string' && Array.isArray(v.attempts) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** This boot of the host (changes on every reboot, so a cached verdict never outlives a kernel/BIOS change). */
export async function currentBootId(): Promise<string> {
  return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
}

/** The newest Debian cloud kernel in /boot, else the newest vmlinuz. */
export async function findProbeKernel(bootDir = '/boot'): Promise<string> {
  const names = (await readdir(bootDir).catch(() => [] as string[])).filter((n) => n.startsWith('vmlinuz-')).sort().reverse();
  const pick = names.find((n) => n.endsWith('-cloud-amd64')) ?? names[0];
  if (!pick) {
    throw new DriverError('HOST_PROBE_FAILED', `no kernel in ${bootDir} to probe KVM with (install linux-image-cloud-amd64, see scripts/host-setup), or set virtType`, { path: bootDir });
  }
  return join(bootDir, pick);
}

export interface ProbeKvmOptions {
  /** Scratch dir for the serial logs (removed afterwards). */
  workDir: string;
  cpus: Array<{ cpuMode: CpuModeSetting; cpuModel?: string }>;
  /** How long to wait for the kernel banner per attempt. */
  timeoutMs?: number;
  kernel?: string;
  /** 'kvm' normally; 'qemu' lets a test check the probe itself on a host where TCG works. */
  domainType?: 'kvm' | 'qemu';
}

/** Boots the probe guest once per CPU definition (all at once; each is one tiny guest). */
export async function probeKvm(conn: LibvirtConnection, opts: ProbeKvmOptions): Promise<KvmProbeResult> {
  const kernel = opts.kernel ?? (await findProbeKernel());
  let attempts: KvmProbeAttempt[];
  await mkdir(opts.workDir, { recursive: true });
  try {
    // side by side: a hung guest costs the whole timeout, so the attempts should not queue behind it
    attempts = await Promise.all(opts.cpus.map((cpu) => probeOnce(conn, kernel, cpu, opts)));
  } finally {
    await rm(opts.workDir, { recursive: true, force: true });
  }
  const working = attempts.filter((a) => a.ok).map((a) => a.cpuMode);
  const result: KvmProbeResult = {
    usable: working.length > 0,
    workingCpuModes: working,
    attempts,
    kernel,
    probedAt: new Date().toISOString(),
    bootId: await currentBootId(),
    uri: conn.uri,
  };
  if (!result.usable) result.reason = attempts[0]?.reason;
  return result;
}

async function probeOnce(conn: LibvirtConnection, kernel: string, cpu: { cpuMode: CpuModeSetting; cpuModel?: string }, opts: ProbeKvmOptions): Promise<KvmProbeAttempt> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const name = `stratus-kvm-probe-${process.pid}-${randomUUID().slice(0, 8)}`;
  const logFile = join(opts.workDir, `${name}.log`);
  const attempt = (ok: boolean, reason?: string): KvmProbeAttempt => {
    const a: KvmProbeAttempt = { cpuMode: cpu.cpuMode, ok, ms: Date.now() - started };
    if (cpu.cpuModel !== undefined) a.cpuModel = cpu.cpuModel;
    if (reason !== undefined) a.reason = reason;
    return a;
  };
  const dom = probeDomain(name, kernel, logFile, cpu, opts.domainType ?? 'kvm');

  let guest;
  try {
    // AUTODESTROY: if we die mid-probe, the daemon removes the guest when our connection closes
    guest = await conn.createDomainXml(dom.toXML(), constants.DomainCreateFlags.START_AUTODESTROY);
  } catch (err) {
    return attempt(false, qemuReason((err as Error).message));
  }
  try {
    const deadline = started + timeoutMs;
    for (;;) {
      const out = await readFile(logFile, 'utf8').catch(() => '');
      if (BANNER.test(out)) return attempt(true);
      if (!(await guest.isActive().catch(() => false))) {
        return attempt(false, out.trim() ? 'the guest stopped before the kernel banner' : 'the guest stopped without any console output');
      }
      if (Date.now() >= deadline) {
        return attempt(false, out.trim() ? `no kernel banner within ${timeoutMs} ms` : `no console output within ${timeoutMs} ms (vCPU hung)`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await guest.destroy().catch(() => undefined);
  }
}

/** The probe guest, as typed config like every other domain we make. */
function probeDomain(name: string, kernel: string, logFile: string, cpu: { cpuMode: CpuModeSetting; cpuModel?: string }, type: 'kvm' | 'qemu'): Domain {
  let cpuOpts: CpuOptions | undefined;
  if (cpu.cpuMode === 'host-model' || cpu.cpuMode === 'host-passthrough') cpuOpts = { mode: cpu.cpuMode };
  else if (cpu.cpuMode === 'custom') cpuOpts = { mode: 'custom', match: 'exact', model: { name: cpu.cpuModel ?? 'qemu64', fallback: 'forbid' } };
  const dom = new Domain({
    type,
    name,
    uuid: randomUUID(),
    memory: { value: 128, unit: 'MiB' },
    vcpu: { count: 1 },
    os: { type: 'hvm', arch: 'x86_64', kernel, cmdline: 'console=ttyS0 panic=-1' },
    cpu: cpuOpts,
    // no root fs: the kernel panics, panic=-1 reboots at once, and every exit ends the guest
    onPoweroff: 'destroy',
    onReboot: 'destroy',
    onCrash: 'destroy',
  });
  dom.devices.add(new Serial({ type: 'pty', log: { file: logFile, append: false }, target: { port: 0 } }), new MemBalloon({ model: 'none' }));
  return dom;
}

/** QEMU's own complaint out of a libvirt error ("...: 2026-... qemu-system-x86_64: error: failed to set MSR 0x10a ..."). */
export function qemuReason(message: string): string {
  const m = /qemu-system-\w+: (?:error: )?([^\n]+)/.exec(message) ?? /error: ([^\n]+)/.exec(message);
  const line = (m ? m[1] : message.split('\n')[0]).trim();
  return line.length > 200 ? line.slice(0, 200) + '...' : line;
}

/** Whether a file exists (used by callers that want to show the cache). */
export async function probeCacheExists(instancesPath: string): Promise<boolean> {
  return stat(join(instancesPath, PROBE_CACHE_FILE)).then(() => true, () => false);
}
