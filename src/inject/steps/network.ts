/**
 * Network step: static addresses from the instance's network info, rendered for every network
 * stack the guest shows signs of. Debian's /etc/network/interfaces is always written (as Nova
 * did); systemd-networkd, netplan and NetworkManager files are added when their configuration
 * directory exists in the guest. Every value is validated before it reaches a config file, so a
 * hostile name or address cannot add lines of its own.
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Vfs } from '../vfs.js';
import { isDir, StepError } from './context.js';

export interface Ipv4Config {
  address: string;
  /** Dotted netmask, or give `prefix`. */
  netmask?: string;
  prefix?: number;
  gateway?: string;
}

export interface Ipv6Config {
  address: string;
  prefix: number;
  gateway?: string;
}

export interface NetworkInterface {
  /** Guest interface name; default eth<index>. */
  name?: string;
  mac: string;
  ipv4?: Ipv4Config;
  ipv6?: Ipv6Config;
  dns?: string[];
}

export interface NetworkInfo {
  interfaces: NetworkInterface[];
}

/** One interface with every value checked and both netmask forms computed. */
export interface ResolvedInterface {
  name: string;
  mac: string;
  ipv4?: { address: string; netmask: string; prefix: number; gateway?: string };
  ipv6?: { address: string; prefix: number; gateway?: string };
  dns: string[];
}

function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
}

function netmaskToPrefix(mask: string): number | undefined {
  if (!isIPv4(mask)) return undefined;
  const n = mask.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
  const prefix = Math.clz32(~n >>> 0); // the count of leading one bits
  // Contiguous ones only: the mask must equal the one its prefix makes.
  return prefixToNetmask(prefix) === mask ? prefix : undefined;
}

/** The IPv6 netmask of a prefix in the form network_data.json uses (e.g. ffff:ffff:ffff:ffff::). */
export function ipv6Netmask(prefix: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    groups.push(((0xffff << (16 - bits)) & 0xffff).toString(16));
  }
  // Compress the trailing zero groups the way inet_ntop would.
  const firstZero = groups.findIndex((g, i) => groups.slice(i).every((x) => x === '0'));
  if (firstZero === -1) return groups.join(':');
  if (firstZero === 0) return '::';
  return `${groups.slice(0, firstZero).join(':')}::`;
}

const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

function bad(message: string): never {
  throw new StepError(undefined, `network info: ${message}`);
}

export function resolveNetworkInfo(info: NetworkInfo): ResolvedInterface[] {
  const names = new Set<string>();
  return info.interfaces.map((nic, i) => {
    const name = nic.name ?? `eth${i}`;
    if (!IFNAME.test(name)) bad(`interface name ${JSON.stringify(name)} is not a valid Linux interface name`);
    if (names.has(name)) bad(`interface name ${name} is used twice`);
    names.add(name);
    const mac = nic.mac.toLowerCase();
    if (!MAC.test(mac)) bad(`${name}: MAC ${JSON.stringify(nic.mac)} is not aa:bb:cc:dd:ee:ff`);
    const out: ResolvedInterface = { name, mac, dns: [] };
    if (nic.ipv4) {
      const { address, gateway } = nic.ipv4;
      if (!isIPv4(address)) bad(`${name}: ${JSON.stringify(address)} is not an IPv4 address`);
      let prefix = nic.ipv4.prefix;
      if (prefix === undefined) {
        if (nic.ipv4.netmask === undefined) bad(`${name}: IPv4 needs a netmask or a prefix`);
        prefix = netmaskToPrefix(nic.ipv4.netmask);
        if (prefix === undefined) bad(`${name}: ${JSON.stringify(nic.ipv4.netmask)} is not a contiguous IPv4 netmask`);
      }
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) bad(`${name}: IPv4 prefix ${prefix} is out of range`);
      const netmask = prefixToNetmask(prefix);
      if (nic.ipv4.netmask !== undefined && nic.ipv4.netmask !== netmask) bad(`${name}: netmask ${nic.ipv4.netmask} and prefix ${prefix} disagree`);
      if (gateway !== undefined && !isIPv4(gateway)) bad(`${name}: gateway ${JSON.stringify(gateway)} is not an IPv4 address`);
      out.ipv4 = { address, netmask, prefix, ...(gateway !== undefined ? { gateway } : {}) };
    }
    if (nic.ipv6) {
      const { address, prefix, gateway } = nic.ipv6;
      if (!isIPv6(address)) bad(`${name}: ${JSON.stringify(address)} is not an IPv6 address`);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128) bad(`${name}: IPv6 prefix ${prefix} is out of range`);
      if (gateway !== undefined && !isIPv6(gateway)) bad(`${name}: gateway ${JSON.stringify(gateway)} is not an IPv6 address`);
      out.ipv6 = { address, prefix, ...(gateway !== undefined ? { gateway } : {}) };
    }
    for (const d of nic.dns ?? []) {
      if (!isIPv4(d) && !isIPv6(d)) bad(`${name}: DNS server ${JSON.stringify(d)} is not an IP address`);
      out.dns.push(d);
    }
    return out;
  });
}

/** Debian ifupdown: auto + iface stanzas, static when addressed, dhcp otherwise. */
export function renderDebianInterfaces(nics: ResolvedInterface[]): string {
  const out = [
    '# Written by stratus at instance creation.',
    '# The format is described in interfaces(5).',
    '',
    'auto lo',
    'iface lo inet loopback',
  ];
  for (const n of nics) {
    out.push('', `auto ${n.name}`);
    if (n.ipv4) {
      out.push(`iface ${n.name} inet static`, `    hwaddress ether ${n.mac}`, `    address ${n.ipv4.address}`, `    netmask ${n.ipv4.netmask}`);
      if (n.ipv4.gateway) out.push(`    gateway ${n.ipv4.gateway}`);
      if (n.dns.length) out.push(`    dns-nameservers ${n.dns.join(' ')}`);
    } else if (!n.ipv6) {
      out.push(`iface ${n.name} inet dhcp`);
    }
    if (n.ipv6) {
      out.push('', `iface ${n.name} inet6 static`, `    address ${n.ipv6.address}`, `    netmask ${n.ipv6.prefix}`);
      if (n.ipv6.gateway) out.push(`    gateway ${n.ipv6.gateway}`);
      if (!n.ipv4 && n.dns.length) out.push(`    dns-nameservers ${n.dns.join(' ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** systemd-networkd: one .network file per interface, matched by MAC. */
export function renderNetworkd(n: ResolvedInterface): string {
  const out = ['# Written by stratus at instance creation.', '[Match]', `MACAddress=${n.mac}`, '', '[Network]'];
  if (!n.ipv4 && !n.ipv6) out.push('DHCP=yes');
  if (n.ipv4) out.push(`Address=${n.ipv4.address}/${n.ipv4.prefix}`);
  if (n.ipv4?.gateway) out.push(`Gateway=${n.ipv4.gateway}`);
  if (n.ipv6) out.push(`Address=${n.ipv6.address}/${n.ipv6.prefix}`);
  if (n.ipv6?.gateway) out.push(`Gateway=${n.ipv6.gateway}`);
  for (const d of n.dns) out.push(`DNS=${d}`);
  return `${out.join('\n')}\n`;
}

const q = (s: string) => JSON.stringify(s); // JSON strings are valid YAML double-quoted scalars

/**
 * Netplan (network config version 2): also what cloud-init's NoCloud network-config reads.
 * `set-name` is given only when the caller named the interface; otherwise the kernel's name stays.
 */
export function renderNetplan(nics: ResolvedInterface[], named: ReadonlySet<string> = new Set(nics.map((n) => n.name))): string {
  const out = ['# Written by stratus at instance creation.', 'network:', '  version: 2', '  ethernets:'];
  for (const n of nics) {
    out.push(`    ${q(n.name)}:`, '      match:', `        macaddress: ${q(n.mac)}`);
    if (named.has(n.name)) out.push(`      set-name: ${q(n.name)}`);
    if (!n.ipv4 && !n.ipv6) out.push('      dhcp4: true');
    const addrs = [n.ipv4 && `${n.ipv4.address}/${n.ipv4.prefix}`, n.ipv6 && `${n.ipv6.address}/${n.ipv6.prefix}`].filter((x): x is string => !!x);
    if (addrs.length) out.push('      addresses:', ...addrs.map((a) => `        - ${q(a)}`));
    const routes = [n.ipv4?.gateway && ['0.0.0.0/0', n.ipv4.gateway], n.ipv6?.gateway && ['::/0', n.ipv6.gateway]].filter((x): x is string[] => !!x);
    if (routes.length) out.push('      routes:', ...routes.flatMap(([to, via]) => [`        - to: ${q(to!)}`, `          via: ${q(via!)}`]));
    if (n.dns.length) out.push('      nameservers:', '        addresses:', ...n.dns.map((d) => `          - ${q(d)}`));
  }
  return `${out.join('\n')}\n`;
}

/** A stable UUID per MAC, so injecting twice rewrites the same NetworkManager connection. */
function connectionUuid(mac: string): string {
  const h = createHash('sha256').update(`stratus-nm:${mac}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** NetworkManager keyfile (.nmconnection), matched by MAC. */
export function renderNmKeyfile(n: ResolvedInterface): string {
  const dns4 = n.dns.filter((d) => isIPv4(d));
  const dns6 = n.dns.filter((d) => isIPv6(d));
  const out = [
    '# Written by stratus at instance creation.',
    '[connection]',
    `id=stratus-${n.name}`,
    `uuid=${connectionUuid(n.mac)}`,
    'type=ethernet',
    'autoconnect=true',
    '',
    '[ethernet]',
    `mac-address=${n.mac.toUpperCase()}`,
    '',
    '[ipv4]',
  ];
  if (n.ipv4) {
    out.push('method=manual', `address1=${n.ipv4.address}/${n.ipv4.prefix}${n.ipv4.gateway ? `,${n.ipv4.gateway}` : ''}`);
    if (dns4.length) out.push(`dns=${dns4.join(';')};`);
  } else {
    out.push(n.ipv6 ? 'method=disabled' : 'method=auto');
  }
  out.push('', '[ipv6]');
  if (n.ipv6) {
    out.push('method=manual', `address1=${n.ipv6.address}/${n.ipv6.prefix}${n.ipv6.gateway ? `,${n.ipv6.gateway}` : ''}`);
    if (dns6.length) out.push(`dns=${dns6.join(';')};`);
  } else {
    out.push('method=auto');
  }
  return `${out.join('\n')}\n`;
}

export const NETWORKD_DIR = '/etc/systemd/network';
export const NETPLAN_DIR = '/etc/netplan';
export const NM_DIR = '/etc/NetworkManager/system-connections';

export async function injectNetwork(vfs: Vfs, info: NetworkInfo): Promise<void> {
  const nics = resolveNetworkInfo(info);
  if (nics.length === 0) return;
  await vfs.makePath('/etc/network');
  await vfs.replaceFile('/etc/network/interfaces', renderDebianInterfaces(nics));

  if (await isDir(vfs, NETWORKD_DIR)) {
    for (const n of nics) await vfs.replaceFile(`${NETWORKD_DIR}/10-stratus-${n.name}.network`, renderNetworkd(n));
  }
  if (await isDir(vfs, NETPLAN_DIR)) {
    const path = `${NETPLAN_DIR}/50-stratus.yaml`;
    const named = new Set(info.interfaces.flatMap((nic) => (nic.name !== undefined ? [nic.name] : [])));
    await vfs.replaceFile(path, renderNetplan(nics, named));
    await vfs.setPermissions(path, 0o600); // netplan warns about (and future versions refuse) readable files
  }
  if (await isDir(vfs, NM_DIR)) {
    for (const n of nics) {
      const path = `${NM_DIR}/stratus-${n.name}.nmconnection`;
      await vfs.replaceFile(path, renderNmKeyfile(n));
      await vfs.setPermissions(path, 0o600); // NetworkManager ignores keyfiles others can read
      await vfs.setOwnership(path, 'root', 'root');
    }
  }
}
