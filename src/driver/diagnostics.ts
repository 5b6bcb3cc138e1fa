/**
 * Diagnostics of one guest in both forms Nova users know: the flat dictionary (`cpu0_time`,
 * `memory-rss`, `vda_read`, `vnet0_rx`, ...) and the structured one (state, uptime, cpu/memory/
 * nic/disk details). Device names come from the running domain XML, so they match what
 * `virsh dumpxml` shows; counters come from libvirt's per-device statistics.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDomain, type Domain as DomainConfig } from '../config/index.js';
import { constants, parseLibvirtUri, type Domain, type LibvirtConnection } from '../libvirt/index.js';
import { parseStratusMetadata } from './metadata.js';

export type FlatDiagnostics = Record<string, number>;

export interface CpuDetail {
  id: number;
  /** CPU time used by this vCPU, ns. */
  time: number;
  /** Percent of one host CPU over the sampling interval; null when only one sample was taken. */
  utilisation: number | null;
}

export interface NicDetail {
  mac_address: string | null;
  /** The host-side device the counters are for (`vnet0`). */
  device: string | null;
  rx_octets: number;
  rx_errors: number;
  rx_drop: number;
  rx_packets: number;
  /** Not measured (libvirt gives counters, not rates). */
  rx_rate: number | null;
  tx_octets: number;
  tx_errors: number;
  tx_drop: number;
  tx_packets: number;
  tx_rate: number | null;
}

export interface DiskDetail {
  /** Target device (`vda`). */
  device: string;
  read_bytes: number;
  read_requests: number;
  write_bytes: number;
  write_requests: number;
  errors_count: number;
}

export interface StructuredDiagnostics {
  state: string;
  driver: 'libvirt';
  /** The domain type: 'kvm', 'qemu', 'lxc', 'test'. */
  hypervisor: string;
  hypervisor_os: 'linux';
  /** Seconds since the guest's process started; null when it cannot be known. */
  uptime: number | null;
  config_drive: boolean;
  num_cpus: number;
  num_nics: number;
  num_disks: number;
  cpu_details: CpuDetail[];
  /** MiB. */
  memory_details: { maximum: number; used: number };
  nic_details: NicDetail[];
  disk_details: DiskDetail[];
}

export interface Diagnostics {
  flat: FlatDiagnostics;
  structured: StructuredDiagnostics;
}

export interface DiagnosticsOptions {
  /** Take two CPU samples this far apart so utilisation can be computed (default 0: one sample). */
  sampleIntervalMs?: number;
  /** Override config-drive detection (default: a disk with role config in our metadata). */
  configDrive?: boolean;
}

const STATE_NAMES: Record<number, string> = {
  [constants.DomainState.NOSTATE]: 'pending',
  [constants.DomainState.RUNNING]: 'running',
  [constants.DomainState.BLOCKED]: 'blocked',
  [constants.DomainState.PAUSED]: 'paused',
  [constants.DomainState.SHUTDOWN]: 'shutdown',
  [constants.DomainState.SHUTOFF]: 'shutoff',
  [constants.DomainState.CRASHED]: 'crashed',
  [constants.DomainState.PMSUSPENDED]: 'suspended',
};

/** libvirt-python's names for the balloon statistics (what `memory-<stat>` keys have always used). */
const MEMORY_STAT_KEYS: Record<string, string> = {
  SWAP_IN: 'swap_in', SWAP_OUT: 'swap_out', MAJOR_FAULT: 'major_fault', MINOR_FAULT: 'minor_fault', UNUSED: 'unused',
  AVAILABLE: 'available', ACTUAL_BALLOON: 'actual', RSS: 'rss', USABLE: 'usable', LAST_UPDATE: 'last_update',
  DISK_CACHES: 'disk_caches', HUGETLB_PGALLOC: 'hugetlb_pgalloc', HUGETLB_PGFAIL: 'hugetlb_pgfail',
};

const num = (v: bigint | number): number => Number(v);

export async function getDiagnostics(conn: LibvirtConnection, domain: Domain, opts: DiagnosticsOptions = {}): Promise<Diagnostics> {
  const xml = parseDomain(await domain.getXmlDesc());
  const info = await domain.getInfo();
  const active = info.state === constants.DomainState.RUNNING || info.state === constants.DomainState.PAUSED || info.state === constants.DomainState.BLOCKED;
  const flat: FlatDiagnostics = {};

  // CPUs: per-vCPU time (two samples when asked, for utilisation)
  const cpuDetails: CpuDetail[] = [];
  if (active) {
    const hostCpus = (await conn.getNodeInfo()).cpus;
    const maplen = Math.ceil(hostCpus / 8);
    const sample = async () => (await domain.getVcpus(info.vcpus, maplen)).info;
    const first = await sample();
    let second: typeof first | undefined;
    const interval = opts.sampleIntervalMs ?? 0;
    if (interval > 0) {
      await new Promise((r) => setTimeout(r, interval));
      second = await sample();
    }
    for (const v of second ?? first) {
      const before = first.find((x) => x.number === v.number);
      const util = second && before ? Math.round((num(v.cpuTimeNs - before.cpuTimeNs) / (interval * 1e6)) * 1000) / 10 : null;
      cpuDetails.push({ id: v.number, time: num(v.cpuTimeNs), utilisation: util });
      flat[`cpu${v.number}_time`] = num(v.cpuTimeNs);
    }
  }

  // memory: the current allocation, then whatever the balloon reports
  flat.memory = info.memoryKiB;
  if (active) {
    const stats = await domain.memoryStats().catch(() => ({}) as Record<string, bigint>);
    for (const [k, v] of Object.entries(stats)) flat[`memory-${MEMORY_STAT_KEYS[k] ?? k.toLowerCase()}`] = num(v);
  }

  // disks, by target device
  const diskDetails: DiskDetail[] = [];
  const disks = xml.devices.disks.filter((d) => d.target?.dev !== undefined);
  for (const d of disks) {
    const dev = d.target!.dev!;
    if (!active || d.source?.location === undefined) continue; // an empty cdrom has no counters
    const s = await domain.blockStats(dev).catch(() => undefined);
    if (!s) continue;
    const detail: DiskDetail = { device: dev, read_bytes: num(s.rdBytes), read_requests: num(s.rdReq), write_bytes: num(s.wrBytes), write_requests: num(s.wrReq), errors_count: Math.max(0, num(s.errs)) };
    diskDetails.push(detail);
    flat[`${dev}_read`] = detail.read_bytes;
    flat[`${dev}_read_req`] = detail.read_requests;
    flat[`${dev}_write`] = detail.write_bytes;
    flat[`${dev}_write_req`] = detail.write_requests;
    flat[`${dev}_errors`] = num(s.errs);
  }

  // NICs, by host-side device
  const nicDetails: NicDetail[] = [];
  const nics = xml.devices.interfaces;
  for (const n of nics) {
    const dev = n.targetDev;
    const s = active && dev !== undefined ? await domain.interfaceStats(dev).catch(() => undefined) : undefined;
    const d: NicDetail = {
      mac_address: n.mac ?? null, device: dev ?? null,
      rx_octets: s ? num(s.rxBytes) : 0, rx_errors: s ? num(s.rxErrs) : 0, rx_drop: s ? num(s.rxDrop) : 0, rx_packets: s ? num(s.rxPackets) : 0, rx_rate: null,
      tx_octets: s ? num(s.txBytes) : 0, tx_errors: s ? num(s.txErrs) : 0, tx_drop: s ? num(s.txDrop) : 0, tx_packets: s ? num(s.txPackets) : 0, tx_rate: null,
    };
    nicDetails.push(d);
    if (s && dev !== undefined) {
      flat[`${dev}_rx`] = d.rx_octets;
      flat[`${dev}_rx_packets`] = d.rx_packets;
      flat[`${dev}_rx_errors`] = d.rx_errors;
      flat[`${dev}_rx_drop`] = d.rx_drop;
      flat[`${dev}_tx`] = d.tx_octets;
      flat[`${dev}_tx_packets`] = d.tx_packets;
      flat[`${dev}_tx_errors`] = d.tx_errors;
      flat[`${dev}_tx_drop`] = d.tx_drop;
    }
  }

  const structured: StructuredDiagnostics = {
    state: STATE_NAMES[info.state] ?? `unknown(${info.state})`,
    driver: 'libvirt',
    hypervisor: xml.type ?? 'unknown',
    hypervisor_os: 'linux',
    uptime: active ? await uptimeSeconds(conn, xml) : null,
    config_drive: opts.configDrive ?? hasConfigDrive(xml),
    num_cpus: info.vcpus,
    num_nics: nics.length,
    num_disks: disks.length,
    cpu_details: cpuDetails,
    memory_details: { maximum: Math.floor(info.maxMemoryKiB / 1024), used: Math.floor(info.memoryKiB / 1024) },
    nic_details: nicDetails,
    disk_details: diskDetails,
  };
  return { flat, structured };
}

/**
 * Whether the guest has a config drive: from the disk roles in our metadata, else (a domain
 * written without them) a disk whose file is named like `disk.config`.
 */
function hasConfigDrive(xml: DomainConfig): boolean {
  let roles: Array<{ role: string }> | undefined;
  try {
    roles = parseStratusMetadata(xml)?.disks;
  } catch {
    roles = undefined;
  }
  if (roles) return roles.some((d) => d.role === 'config');
  return xml.devices.disks.toArray().some((d) => {
    const src = d.source?.location;
    return src !== undefined && /(^|[._-])config([._-]|$)/i.test(basename(src));
  });
}

/**
 * Seconds since the guest started: from the QEMU process's start time when the daemon runs on
 * this machine (its pid file), else from a start time in our metadata, else null.
 */
async function uptimeSeconds(conn: LibvirtConnection, xml: DomainConfig): Promise<number | null> {
  const fromProcess = await qemuProcessUptime(conn, xml).catch(() => null);
  if (fromProcess !== null) return fromProcess;
  let started: string | undefined;
  try {
    started = parseStratusMetadata(xml)?.startedAt;
  } catch {
    started = undefined;
  }
  const t = started ? Date.parse(started) : NaN;
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((Date.now() - t) / 1000));
}

async function qemuProcessUptime(conn: LibvirtConnection, xml: DomainConfig): Promise<number | null> {
  const uri = parseLibvirtUri(conn.uri);
  // only a local system daemon's pid files are ours to read
  if (uri.host || !(xml.type === 'qemu' || xml.type === 'kvm') || xml.name === undefined) return null;
  const pid = (await readFile(`/run/libvirt/qemu/${xml.name}.pid`, 'utf8')).trim();
  if (!/^\d+$/.test(pid)) return null;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // fields after the command (which may hold spaces) start at field 3; starttime is field 22
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[22 - 3]);
  const uptime = Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
  // USER_HZ is 100 in Linux's user ABI on the architectures we run on
  return Math.max(0, Math.floor(uptime - startTicks / 100));
}
