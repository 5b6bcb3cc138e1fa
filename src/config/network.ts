/**
 * Virtual networks (`virsh net-dumpxml`): forward mode and interfaces, bridge, MAC, IP addresses
 * with DHCP ranges and static hosts, and DNS.
 */
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from './view.js';
import { ConfigError } from './errors.js';
import { el } from './xml/build.js';

export const FORWARD_MODES = ['nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev'] as const;
export type ForwardMode = (typeof FORWARD_MODES)[number];

export interface ForwardOptions {
  mode?: ForwardMode;
  dev?: string;
  /** Host interfaces (`<interface dev=...>`) of bridge/private/vepa/passthrough pools. */
  interfaces?: string[];
  /** Physical function (`<pf dev=...>`) of an SR-IOV pool. */
  pf?: string;
}

export class Forward extends XmlView {
  static override readonly childOrder = ['nat', 'pf', 'interface', 'address', 'driver'];
  constructor(init: XmlElement | ForwardOptions = {}) {
    super(init, 'forward');
    if (!isElement(init)) this.assign(init);
  }
  /** Absent mode means nat to libvirt. */
  get mode() { return this.enumAttr('mode', FORWARD_MODES); }
  set mode(v) { this.setEnumAttr('mode', v, FORWARD_MODES); }
  get dev() { return this.attr('dev'); }
  set dev(v) { this.setAttr('dev', v); }
  get interfaces(): string[] { return this.attrValues('interface', 'dev'); }
  set interfaces(v: string[]) { this.setAttrValues('interface', 'dev', v); }
  get pf() { return this.el.child('pf')?.getAttribute('dev'); }
  set pf(v: string | undefined) {
    if (v === undefined) this.el.child('pf')?.remove();
    else this.ensurePath('pf').setAttribute('dev', v);
  }
  /** NAT address range (`<nat><address start end/>`). */
  get natAddressRange(): { start: string; end: string } | undefined {
    const a = this.el.find('nat/address');
    return a ? { start: a.getAttribute('start') ?? '', end: a.getAttribute('end') ?? '' } : undefined;
  }
  /** NAT port range (`<nat><port start end/>`). */
  get natPortRange(): { start: number; end: number } | undefined {
    const p = this.el.find('nat/port');
    if (!p) return undefined;
    const num = (a: string) => this.toInt(p.getAttribute(a) ?? '', `attribute '${a}'`, { min: 0, max: 65535 }, p);
    return { start: num('start'), end: num('end') };
  }
}

export interface BridgeOptions {
  name?: string;
  stp?: boolean;
  delay?: number;
  macTableManager?: 'kernel' | 'libvirt';
}

export interface DhcpRange {
  start: string;
  end: string;
}

export interface DhcpHost {
  mac?: string;
  id?: string;
  name?: string;
  ip: string;
}

export interface IpOptions {
  address?: string;
  netmask?: string;
  prefix?: number;
  family?: 'ipv4' | 'ipv6';
  dhcpRanges?: DhcpRange[];
  dhcpHosts?: DhcpHost[];
  tftpRoot?: string;
  bootpFile?: string;
}

export class DhcpHostView extends XmlView {
  constructor(init: XmlElement | DhcpHost) {
    super(init, 'host');
    if (!isElement(init)) this.assign(init);
  }
  get mac() { return this.attr('mac'); }
  set mac(v) { this.setAttr('mac', v); }
  /** DHCP client id (IPv4) or DUID (IPv6). */
  get id() { return this.attr('id'); }
  set id(v) { this.setAttr('id', v); }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get ip() { return this.attr('ip') ?? ''; }
  set ip(v: string) { this.setAttr('ip', v); }
  toJSON(): DhcpHost {
    const out: DhcpHost = { ip: this.ip };
    if (this.mac !== undefined) out.mac = this.mac;
    if (this.id !== undefined) out.id = this.id;
    if (this.name !== undefined) out.name = this.name;
    return out;
  }
}

export class NetworkIp extends XmlView {
  static override readonly childOrder = ['tftp', 'dhcp'];
  constructor(init: XmlElement | IpOptions = {}) {
    super(init, 'ip');
    if (!isElement(init)) this.assign(init);
  }
  get address() { return this.attr('address'); }
  set address(v) { this.setAttr('address', v); }
  get netmask() { return this.attr('netmask'); }
  set netmask(v) { this.setAttr('netmask', v); }
  get prefix() { return this.intAttr('prefix', { min: 0, max: 128 }); }
  set prefix(v) { this.setIntAttr('prefix', v, { min: 0, max: 128 }); }
  get family() { return this.enumAttr('family', ['ipv4', 'ipv6'] as const); }
  set family(v) { this.setEnumAttr('family', v, ['ipv4', 'ipv6'] as const); }
  /** Prefix length from `prefix`, or computed from `netmask`. */
  get prefixLength(): number | undefined {
    const p = this.prefix;
    if (p !== undefined) return p;
    const m = this.netmask;
    return m === undefined ? undefined : netmaskToPrefix(m, this.el);
  }
  get dhcpRanges(): DhcpRange[] {
    return this.el.findAll('dhcp/range').map((r) => ({ start: r.getAttribute('start') ?? '', end: r.getAttribute('end') ?? '' }));
  }
  set dhcpRanges(v: DhcpRange[]) {
    this.setAttrValues('dhcp/range', 'start', v.map((r) => r.start));
    this.el.findAll('dhcp/range').forEach((e, i) => e.setAttribute('end', v[i].end));
    this.dropEmptyDhcp();
  }
  /** Static DHCP leases; push, remove and edit them like an array. */
  get dhcpHosts() { return this.list<DhcpHostView, DhcpHost>('host', DhcpHostView, { in: 'dhcp' }); }
  get tftpRoot() { return this.el.child('tftp')?.getAttribute('root'); }
  set tftpRoot(v: string | undefined) {
    if (v === undefined) this.el.child('tftp')?.remove();
    else this.ensurePath('tftp').setAttribute('root', v);
  }
  get bootpFile() { return this.el.find('dhcp/bootp')?.getAttribute('file'); }
  set bootpFile(v: string | undefined) {
    if (v === undefined) this.el.find('dhcp/bootp')?.remove();
    else this.ensurePath('dhcp/bootp').setAttribute('file', v);
  }

  private dropEmptyDhcp(): void {
    const d = this.el.child('dhcp');
    if (d && d.elements().length === 0) d.remove();
  }
}

export interface DnsHost {
  ip: string;
  hostnames: string[];
}

export interface DnsOptions {
  enable?: boolean;
  forwardPlainNames?: boolean;
  forwarders?: string[];
  hosts?: DnsHost[];
}

export class NetworkDns extends XmlView {
  static override readonly childOrder = ['forwarder', 'txt', 'host', 'srv'];
  constructor(init: XmlElement | DnsOptions = {}) {
    super(init, 'dns');
    if (!isElement(init)) this.assign(init);
  }
  get enable() { return this.boolAttr('enable'); }
  set enable(v) { this.setBoolAttr('enable', v); }
  get forwardPlainNames() { return this.boolAttr('forwardPlainNames'); }
  set forwardPlainNames(v) { this.setBoolAttr('forwardPlainNames', v); }
  /** Upstream server addresses (`<forwarder addr=...>`). */
  get forwarders(): string[] { return this.attrValues('forwarder', 'addr'); }
  set forwarders(v: string[]) { this.setAttrValues('forwarder', 'addr', v); }
  get hosts(): DnsHost[] {
    return this.el.elements('host').map((h) => ({ ip: h.getAttribute('ip') ?? '', hostnames: h.elements('hostname').map((n) => n.text) }));
  }
  set hosts(v: DnsHost[]) {
    this.setAttrValues('host', 'ip', v.map((h) => h.ip));
    this.el.elements('host').forEach((e, i) => {
      const want = v[i].hostnames;
      const have = e.elements('hostname');
      if (have.length === want.length && have.every((h, k) => h.text === want[k])) return;
      for (const h of have) h.remove();
      for (const n of want) e.addElement(el('hostname', null, n));
    });
  }
  /** TXT records by name. */
  get txt(): Map<string, string> {
    return new Map(this.el.elements('txt').map((t) => [t.getAttribute('name') ?? '', t.getAttribute('value') ?? '']));
  }
}

export interface NetworkOptions {
  name?: string;
  uuid?: string;
  forward?: Forward | ForwardOptions;
  bridge?: BridgeOptions;
  mtu?: number;
  mac?: string;
  domainName?: string;
  dns?: NetworkDns | DnsOptions;
  ips?: Array<NetworkIp | IpOptions>;
}

export class Network extends XmlDocumentView {
  static override readonly childOrder = ['name', 'uuid', 'title', 'description', 'metadata', 'forward', 'bridge', 'mtu', 'mac', 'domain', 'dns', 'ip', 'route'];
  constructor(init: XmlElement | NetworkOptions = {}) {
    super(init, 'network');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.childText('name'); }
  set name(v) { this.setChildText('name', v); }
  get uuid() { return this.childText('uuid'); }
  set uuid(v) { this.setChildText('uuid', v); }
  get forward(): Forward | undefined { return this.child('forward', Forward); }
  set forward(v: Forward | ForwardOptions | undefined) { this.setChild('forward', Forward, v); }
  get bridge(): BridgeOptions | undefined {
    const b = this.el.child('bridge');
    if (!b) return undefined;
    const out: BridgeOptions = {};
    const name = b.getAttribute('name');
    if (name !== undefined) out.name = name;
    const stp = b.getAttribute('stp');
    if (stp !== undefined) out.stp = this.toBool(stp, "attribute 'stp'", 'on/off', b);
    const delay = b.getAttribute('delay');
    if (delay !== undefined) out.delay = this.toInt(delay, "attribute 'delay'", { min: 0 }, b);
    const mtm = b.getAttribute('macTableManager');
    if (mtm !== undefined) out.macTableManager = this.toEnum(mtm, "attribute 'macTableManager'", ['kernel', 'libvirt'] as const, b);
    return out;
  }
  set bridge(v: BridgeOptions | undefined) {
    if (v === undefined) {
      this.el.child('bridge')?.remove();
      return;
    }
    if (v.delay !== undefined) this.checkInt(v.delay, 'bridge delay', { min: 0 });
    const b = this.ensurePath('bridge');
    b.setAttribute('name', v.name);
    b.setAttribute('stp', v.stp === undefined ? undefined : v.stp ? 'on' : 'off');
    b.setAttribute('delay', v.delay);
    b.setAttribute('macTableManager', v.macTableManager);
  }
  get mtu() {
    const m = this.el.child('mtu');
    return m ? this.toInt(m.getAttribute('size') ?? '', "attribute 'size'", { min: 68 }, m) : undefined;
  }
  set mtu(v: number | undefined) {
    if (v === undefined) this.el.child('mtu')?.remove();
    else {
      this.checkInt(v, 'mtu', { min: 68 });
      this.ensurePath('mtu').setAttribute('size', v);
    }
  }
  get mac() { return this.el.child('mac')?.getAttribute('address'); }
  set mac(v: string | undefined) {
    if (v === undefined) this.el.child('mac')?.remove();
    else this.ensurePath('mac').setAttribute('address', v);
  }
  /** DNS domain of the network (`<domain name=...>`). */
  get domainName() { return this.el.child('domain')?.getAttribute('name'); }
  set domainName(v: string | undefined) {
    if (v === undefined) this.el.child('domain')?.remove();
    else this.ensurePath('domain').setAttribute('name', v);
  }
  get dns(): NetworkDns | undefined { return this.child('dns', NetworkDns); }
  set dns(v: NetworkDns | DnsOptions | undefined) { this.setChild('dns', NetworkDns, v); }
  get ips() { return this.list<NetworkIp, IpOptions>('ip', NetworkIp); }
}

export function parseNetwork(xml: string): Network {
  return new Network(parseRoot(xml, 'network'));
}

function netmaskToPrefix(mask: string, at: XmlElement): number {
  const parts = mask.split('.');
  const bad = () => new ConfigError('INVALID_VALUE', `netmask '${mask}' is not a contiguous IPv4 mask`, { path: at.path });
  if (parts.length !== 4) throw bad();
  let value = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) throw bad();
    value = value * 256 + Number(p);
  }
  let bits = 0;
  while (bits < 32 && (value & (0x80000000 >>> bits)) !== 0) bits++;
  // the ones must be contiguous: nothing may be set after them
  const expected = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  if (value !== expected) throw bad();
  return bits;
}
