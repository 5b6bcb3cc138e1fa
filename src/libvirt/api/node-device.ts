/**
 * A host device (PCI function, USB device, SCSI host, mediated device, ...). Holds only its name;
 * each method is one REMOTE call. Detach/re-attach move a PCI device between its host driver and
 * vfio for passthrough.
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullNodeDevice } from '../protocol/remote-types.js';

export class NodeDevice {
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    readonly ref: NonnullNodeDevice,
  ) {
    this.#caller = caller;
  }

  /** e.g. 'pci_0000_00_1f_2'. */
  get name(): string {
    return this.ref.name;
  }

  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.nodeDeviceGetXmlDesc, { name: this.ref.name, flags }, opts);
    return r.xml;
  }

  /** Name of the parent device (null for the root, 'computer'). */
  async getParent(opts?: CallOptions): Promise<string | null> {
    const r = await this.#caller.call(P.nodeDeviceGetParent, { name: this.ref.name }, opts);
    return r.parentName;
  }

  /** Capability names ('pci', 'net', 'scsi_host', ...); asks for the count first. */
  async listCaps(opts?: CallOptions): Promise<string[]> {
    const n = await this.#caller.call(P.nodeDeviceNumOfCaps, { name: this.ref.name }, opts);
    if (n.num <= 0) return [];
    const r = await this.#caller.call(P.nodeDeviceListCaps, { name: this.ref.name, maxnames: n.num }, opts);
    return r.names;
  }

  /** Unbind from the host driver (for passthrough), to `driverName` (null: the default, vfio). */
  async detach(driverName: string | null = null, flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.nodeDeviceDetachFlags, { name: this.ref.name, driverName, flags }, opts);
  }

  /** Give a detached device back to its host driver. */
  async reAttach(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.nodeDeviceReAttach, { name: this.ref.name }, opts);
  }

  async reset(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.nodeDeviceReset, { name: this.ref.name }, opts);
  }

  /** Start a defined (mediated) device. */
  async create(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.nodeDeviceCreate, { name: this.ref.name, flags }, opts);
  }

  /** Remove a device created through libvirt (vHBA, mediated device). */
  async destroy(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.nodeDeviceDestroy, { name: this.ref.name }, opts);
  }

  async undefine(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.nodeDeviceUndefine, { name: this.ref.name, flags }, opts);
  }

  async isActive(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.nodeDeviceIsActive, { name: this.ref.name }, opts);
    return r.active !== 0;
  }

  async isPersistent(opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.nodeDeviceIsPersistent, { name: this.ref.name }, opts);
    return r.persistent !== 0;
  }

  toString(): string {
    return `NodeDevice(${this.ref.name})`;
  }
}
