/**
 * Config drives: what cloud-init guests read at first boot instead of (or beside) injection.
 * `config-2` is the OpenStack layout (openstack/latest/meta_data.json, user_data,
 * network_data.json, vendor_data.json, file contents under openstack/content/); `cidata` is
 * cloud-init's NoCloud (meta-data, user-data, network-config, vendor-data). The content is built
 * as a plain map of relative paths (testable without any tool) and written as ISO 9660 with
 * Joliet and Rock Ridge by xorriso through the one wrapper for external programs.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../util/exec.js';
import { checkGuestFilePath, type InjectedFile } from './steps/files.js';
import { checkHostname } from './steps/hostname.js';
import { ipv6Netmask, renderNetplan, resolveNetworkInfo, type NetworkInfo } from './steps/network.js';

export type ConfigDriveFormat = 'config-2' | 'cidata';

export interface ConfigDriveInstance {
  uuid: string;
  name: string;
  hostname: string;
  availabilityZone?: string;
  launchIndex?: number;
  projectId?: string;
  /** User metadata (meta_data.json "meta"). */
  metadata?: Record<string, string>;
  /** Key name -> public key line. */
  publicKeys?: Record<string, string>;
  /** Cleartext admin password for cloud-init to set (config-2 only, as Nova's admin_pass). */
  adminPass?: string;
}

export interface ConfigDriveOptions {
  /** Where the ISO goes (e.g. instances/<uuid>/disk.config); replaced atomically. */
  path: string;
  /** Default 'config-2'. */
  format?: ConfigDriveFormat;
  instance: ConfigDriveInstance;
  userData?: string | Buffer;
  vendorData?: Record<string, unknown>;
  network?: NetworkInfo;
  /** Files for cloud-init to write (config-2 only: NoCloud has no such field). */
  files?: InjectedFile[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class ConfigDriveError extends Error {
  override readonly name = 'ConfigDriveError';
  readonly code = 'CONFIG_DRIVE_FAILED';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`config drive ${path}: ${message}`, options);
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** OpenStack network_data.json: links (one per NIC), networks (one per address family), DNS services. */
export function networkDataJson(info: NetworkInfo): Record<string, unknown> {
  const nics = resolveNetworkInfo(info);
  const links: Record<string, unknown>[] = [];
  const networks: Record<string, unknown>[] = [];
  const allDns: string[] = [];
  const dnsServices = (list: string[]) => list.map((address) => ({ type: 'dns', address }));
  nics.forEach((n, i) => {
    const link = `interface${i}`;
    links.push({ id: link, type: 'phy', ethernet_mac_address: n.mac, mtu: null, vif_id: link });
    for (const d of n.dns) if (!allDns.includes(d)) allDns.push(d);
    const v4dns = n.dns.filter((d) => !d.includes(':'));
    const v6dns = n.dns.filter((d) => d.includes(':'));
    if (n.ipv4) {
      const id = `network${networks.length}`;
      networks.push({
        id,
        type: 'ipv4',
        link,
        ip_address: n.ipv4.address,
        netmask: n.ipv4.netmask,
        routes: n.ipv4.gateway ? [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: n.ipv4.gateway }] : [],
        network_id: id,
        services: dnsServices(v4dns),
      });
    }
    if (n.ipv6) {
      const id = `network${networks.length}`;
      networks.push({
        id,
        type: 'ipv6',
        link,
        ip_address: n.ipv6.address,
        netmask: ipv6Netmask(n.ipv6.prefix),
        routes: n.ipv6.gateway ? [{ network: '::', netmask: '::', gateway: n.ipv6.gateway }] : [],
        network_id: id,
        services: dnsServices(v6dns),
      });
    }
    if (!n.ipv4 && !n.ipv6) {
      const id = `network${networks.length}`;
      networks.push({ id, type: 'ipv4_dhcp', link, network_id: id });
    }
  });
  return { links, networks, services: dnsServices(allDns) };
}

function checkInstance(inst: ConfigDriveInstance, path: string): void {
  if (!/^[0-9a-fA-F-]{1,64}$/.test(inst.uuid)) throw new ConfigDriveError(path, `instance uuid ${JSON.stringify(inst.uuid)} is not a UUID`);
  try {
    checkHostname(inst.hostname);
  } catch (e) {
    throw new ConfigDriveError(path, (e as Error).message);
  }
}

/** The drive's files as relative path -> bytes; no I/O. */
export function configDriveContents(opts: Omit<ConfigDriveOptions, 'path' | 'timeoutMs' | 'signal'>): Map<string, Buffer> {
  const format = opts.format ?? 'config-2';
  const inst = opts.instance;
  checkInstance(inst, `(${format})`);
  const out = new Map<string, Buffer>();
  const put = (p: string, content: string | Buffer) => out.set(p, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  const keys = Object.entries(inst.publicKeys ?? {});

  if (format === 'config-2') {
    const files = (opts.files ?? []).map((f, i) => {
      checkGuestFilePath(f.path);
      const contentPath = `/content/${String(i).padStart(4, '0')}`;
      put(`openstack${contentPath}`, f.content);
      return { path: f.path, content_path: contentPath };
    });
    const meta: Record<string, unknown> = {
      uuid: inst.uuid,
      name: inst.name,
      hostname: inst.hostname,
      launch_index: inst.launchIndex ?? 0,
      availability_zone: inst.availabilityZone ?? null,
      project_id: inst.projectId ?? null,
      meta: inst.metadata ?? {},
      public_keys: Object.fromEntries(keys),
      keys: keys.map(([name, data]) => ({ name, type: 'ssh', data })),
      files,
      devices: [],
      // cloud-init seeds the guest's entropy pool from this, as Nova provided it.
      random_seed: randomBytes(512).toString('base64'),
    };
    if (inst.adminPass !== undefined) meta.admin_pass = inst.adminPass;
    put('openstack/latest/meta_data.json', json(meta));
    if (opts.userData !== undefined) put('openstack/latest/user_data', opts.userData);
    put('openstack/latest/vendor_data.json', json(opts.vendorData ?? {}));
    put('openstack/latest/network_data.json', json(opts.network ? networkDataJson(opts.network) : { links: [], networks: [], services: [] }));
    return out;
  }

  if (opts.files && opts.files.length > 0) {
    throw new ConfigDriveError(`(${format})`, 'NoCloud (cidata) has no files field: use config-2 or injection for files');
  }
  const q = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
  const meta = [`instance-id: ${q(inst.uuid)}`, `local-hostname: ${q(inst.hostname)}`];
  if (inst.availabilityZone) meta.push(`availability-zone: ${q(inst.availabilityZone)}`);
  if (keys.length) meta.push('public-keys:', ...keys.map(([, k]) => `  - ${q(k)}`));
  put('meta-data', `${meta.join('\n')}\n`);
  // cloud-init's NoCloud wants user-data to exist even when there is none.
  put('user-data', opts.userData ?? '');
  if (opts.network) {
    const named = new Set(opts.network.interfaces.flatMap((n) => (n.name !== undefined ? [n.name] : [])));
    put('network-config', renderNetplan(resolveNetworkInfo(opts.network), named));
  }
  if (opts.vendorData !== undefined) put('vendor-data', `#cloud-config\n${JSON.stringify(opts.vendorData)}\n`);
  return out;
}

/** Build the ISO at opts.path and return that path. Nothing is left behind on failure. */
export async function buildConfigDrive(opts: ConfigDriveOptions): Promise<string> {
  const format = opts.format ?? 'config-2';
  let contents: Map<string, Buffer>;
  try {
    contents = configDriveContents(opts);
  } catch (e) {
    if (e instanceof ConfigDriveError) throw new ConfigDriveError(opts.path, e.message.replace(/^config drive \S+: /, ''), { cause: e });
    throw new ConfigDriveError(opts.path, (e as Error).message, { cause: e });
  }
  const staging = await mkdtemp(join(tmpdir(), 'stratus-cd-'));
  const partial = `${opts.path}.partial`;
  try {
    // mkdtemp makes 0700; the tree's modes are what the guest sees (-r makes them world-readable anyway).
    await chmod(staging, 0o755);
    for (const [rel, data] of contents) {
      const file = join(staging, rel);
      await mkdir(dirname(file), { recursive: true, mode: 0o755 });
      await writeFile(file, data, { mode: 0o644 });
    }
    await mkdir(dirname(opts.path), { recursive: true });
    // -r is -R (Rock Ridge) with owners 0 and read permission for everyone, as Nova's drives had:
    // the host user's uid means nothing in the guest. -J adds Joliet for Windows guests.
    await run('xorriso', ['-as', 'mkisofs', '-o', partial, '-J', '-r', '-V', format, '-quiet', staging], {
      timeoutMs: opts.timeoutMs ?? 120_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    await rename(partial, opts.path);
    return opts.path;
  } catch (e) {
    await rm(partial, { force: true });
    throw new ConfigDriveError(opts.path, (e as Error).message, { cause: e });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
