/**
 * A virtual network. Holds only the daemon's reference (name, uuid); each method is one REMOTE call.
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullNetwork } from '../protocol/remote-types.js';
import { DrvFeature } from '../protocol/constants.js';

export interface NetworkDhcpLease {
  iface: string;
  /** Seconds since the epoch. */
  expiryTime: number;
  /** `IPAddrType.*`. */
  type: number;
  mac: string | null;
  iaid: string | null;
  ipAddress: string;
  prefix: number;
  hostname: string | null;
  clientId: string | null;
}

export class Network {
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    readonly ref: NonnullNetwork,
  ) {
    this.#caller = caller;
  }

  get name(): string {
    return this.ref.name;
  }
  get uuid(): string {
    return this.ref.uuid;
  }

  /** Start a defined network. */
  async create(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.networkCreate, { net: this.ref }, opts);
  }

  async destroy(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.networkDestroy, { net: this.ref }, opts);
  }

  async undefine(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.networkUndefine, { net: this.ref }, opts);
  }

  /** Network XML (`NetworkXMLFlags.INACTIVE`). */
  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.networkGetXmlDesc, { net: this.ref, flags }, opts);
    return r.xml;
  }

  async getBridgeName(opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.networkGetBridgeName, { net: this.ref }, opts);
    return r.name;
  }

  async getAutostart(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.networkGetAutostart, { net: this.ref }, opts);
    return r.autostart !== 0;
  }

  async setAutostart(autostart: boolean, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.networkSetAutostart, { net: this.ref, autostart: autostart ? 1 : 0 }, opts);
  }

  async isActive(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.networkIsActive, { net: this.ref }, opts);
    return r.active !== 0;
  }

  async isPersistent(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.networkIsPersistent, { net: this.ref }, opts);
    return r.persistent !== 0;
  }

  /** Current DHCP leases, optionally only those of one MAC address. */
  async getDhcpLeases(mac: string | null = null, flags = 0, opts?: CallOptions): Promise<NetworkDhcpLease[]> {
    const r = await this.#caller.call(P.networkGetDhcpLeases, { net: this.ref, mac, needResults: 1, flags }, opts);
    return r.leases.map((l) => ({
      iface: l.iface,
      expiryTime: Number(l.expirytime),
      type: l.type,
      mac: l.mac,
      iaid: l.iaid,
      ipAddress: l.ipaddr,
      prefix: l.prefix,
      hostname: l.hostname,
      clientId: l.clientid,
    }));
  }

  /**
   * Change one part of the definition (`NetworkUpdateCommand`, `NetworkUpdateSection`,
   * `NetworkUpdateFlags`). `parentIndex` selects e.g. which <ip> element (-1: the first fitting).
   *
   * Two calls: libvirt long sent command and section swapped on the wire, and daemons that carry
   * the fix say so with DrvFeature.NETWORK_UPDATE_HAS_CORRECT_ORDER; we ask, then send the order
   * that daemon expects.
   */
  async update(command: number, section: number, parentIndex: number, xml: string, flags = 0, opts?: CallOptions): Promise<void> {
    const probe = await this.#caller.call(P.connectSupportsFeature, { feature: DrvFeature.NETWORK_UPDATE_HAS_CORRECT_ORDER }, opts);
    const [first, second] = probe.supported ? [command, section] : [section, command];
    await this.#caller.call(P.networkUpdate, { net: this.ref, command: first, section: second, parentIndex, xml, flags }, opts);
  }

  toString(): string {
    return `Network(${this.ref.name})`;
  }
}
