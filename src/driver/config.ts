/**
 * The driver's configuration: a schema for the shape (zod) plus the rules a schema cannot say
 * well (which options may be combined). Every failure is a DriverConfigError naming the option,
 * at load time, so a bad config never reaches a guest definition.
 */
import { z } from 'zod';
import { DriverConfigError } from './errors.js';

export const VIRT_TYPES = ['kvm', 'qemu', 'lxc'] as const;
export type VirtType = (typeof VIRT_TYPES)[number];
export const CPU_MODES = ['host-model', 'host-passthrough', 'custom', 'none'] as const;
export type CpuModeSetting = (typeof CPU_MODES)[number];
export const IMAGES_TYPES = ['qcow2', 'raw', 'lvm'] as const;
export type ImagesType = (typeof IMAGES_TYPES)[number];
export const CACHE_MODES = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const;
export type CacheModeSetting = (typeof CACHE_MODES)[number];

const cpuFlag = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/i, 'a CPU flag name (letters, digits, _ . -)');

const schema = z.strictObject({
  /** Unset: probe the host at start (KVM if it really works, else qemu). */
  virtType: z.enum(VIRT_TYPES).optional(),
  /** Unset: host-model for kvm, none for qemu; must stay unset for lxc. */
  cpuMode: z.enum(CPU_MODES).optional(),
  cpuModel: z.string().min(1).optional(),
  cpuModelExtraFlags: z.array(cpuFlag).default([]),
  instancesPath: z.string().startsWith('/', 'an absolute path'),
  imagesType: z.enum(IMAGES_TYPES).default('qcow2'),
  useCowImages: z.boolean().default(true),
  lvmVolumeGroup: z.string().regex(/^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/, 'an LVM volume group name').optional(),
  /** Cache mode per disk source type; overrides the O_DIRECT probe (like Nova's disk_cachemodes). */
  diskCacheModes: z.strictObject({ file: z.enum(CACHE_MODES).optional(), block: z.enum(CACHE_MODES).optional() }).optional(),
  vnc: z.strictObject({ enabled: z.boolean().default(false), listen: z.string().min(1).default('127.0.0.1'), keymap: z.string().min(1).optional() }).default({ enabled: false, listen: '127.0.0.1' }),
  /** Seconds between balloon statistics updates; 0 turns them off. */
  memballoonStatsPeriod: z.number().int().min(0).max(86_400).default(10),
  libvirtUri: z.string().min(1).default('qemu:///system'),
  /** x86 machine type ('pc', 'q35', a versioned name); unset lets libvirt choose. */
  machineType: z.string().min(1).optional(),
  /**
   * File injection: the handler to use (the first of the list; a failure is fatal, never retried
   * with another handler) and the partition to inject into when the image does not say
   * (os_inject_partition): 0 = whole disk, N = partition N, unset = inspect the guest OS.
   */
  injection: z
    .strictObject({ handlers: z.array(z.enum(['guestfs', 'localfs'])).min(1).default(['guestfs']), partition: z.number().int().min(0).optional() })
    .default({ handlers: ['guestfs'] }),
  /** Where the KVM probe keeps its verdict for this host boot (default: instancesPath). */
  virtProbeCacheDir: z.string().startsWith('/', 'an absolute path').optional(),
  /** How long the KVM probe waits for the guest kernel's first output. */
  virtProbeTimeoutMs: z.number().int().min(500).max(60_000).default(5_000),
});

/** The configuration as given (everything defaulted except the virt type, which may be probed). */
export type DriverConfig = z.output<typeof schema>;
/** What loadDriverConfig accepts (defaults may be left out). */
export type DriverConfigInput = z.input<typeof schema>;
/** The configuration once the virt type is settled (see resolveVirtType). */
export interface ResolvedDriverConfig extends DriverConfig {
  virtType: VirtType;
  /** True when the virt type came from the probe, not from the operator. */
  virtTypeProbed?: boolean;
}

/** Validates a configuration object; throws DriverConfigError naming the first offending option. */
export function loadDriverConfig(input: unknown): DriverConfig {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.map(String).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const option = keys.length ? [path, keys[0]].filter(Boolean).join('.') : path || '(root)';
    const msg = issue.code === 'unrecognized_keys' ? `unknown option${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
    throw new DriverConfigError(option, msg);
  }
  const c = r.data;
  checkRules(c);
  return c;
}

/** The combinations a schema cannot express; also used when a probed virt type is filled in. */
export function checkRules(c: DriverConfig): void {
  if (c.cpuMode === 'custom' && c.cpuModel === undefined) {
    throw new DriverConfigError('cpuModel', "cpuMode 'custom' needs a cpuModel (e.g. 'Westmere', 'EPYC'); none was given");
  }
  if (c.cpuModel !== undefined && c.cpuMode !== 'custom') {
    throw new DriverConfigError('cpuModel', `cpuModel '${c.cpuModel}' is only used with cpuMode 'custom' (cpuMode is ${c.cpuMode === undefined ? 'unset' : `'${c.cpuMode}'`})`);
  }
  if (c.virtType === 'lxc' && c.cpuMode !== undefined) {
    throw new DriverConfigError('cpuMode', `cpuMode '${c.cpuMode}' has no meaning for virtType 'lxc' (containers share the host CPU); leave it unset`);
  }
  if (c.virtType === 'lxc' && c.cpuModelExtraFlags.length > 0) {
    throw new DriverConfigError('cpuModelExtraFlags', "CPU flags have no meaning for virtType 'lxc'; leave them out");
  }
  if (c.cpuModelExtraFlags.length > 0 && c.cpuMode === 'none') {
    throw new DriverConfigError('cpuModelExtraFlags', "extra CPU flags need a CPU definition; cpuMode 'none' has none");
  }
  if (c.imagesType === 'lvm' && c.lvmVolumeGroup === undefined) {
    throw new DriverConfigError('lvmVolumeGroup', "imagesType 'lvm' needs lvmVolumeGroup (the volume group the instance LVs go in)");
  }
}

/** The CPU mode in effect for a virt type: the operator's, else host-model (kvm) or none (qemu, lxc). */
export function effectiveCpuMode(c: Pick<DriverConfig, 'cpuMode'>, virtType: VirtType): CpuModeSetting {
  if (c.cpuMode !== undefined) return c.cpuMode;
  return virtType === 'kvm' ? 'host-model' : 'none';
}
