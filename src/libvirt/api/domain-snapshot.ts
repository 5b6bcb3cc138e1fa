/**
 * A snapshot of one domain. Holds only the reference (snapshot name + its domain); each method is
 * one REMOTE call.
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullDomainSnapshot } from '../protocol/remote-types.js';
import { Domain } from './domain.js';

export class DomainSnapshot {
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    readonly ref: NonnullDomainSnapshot,
  ) {
    this.#caller = caller;
  }

  get name(): string {
    return this.ref.name;
  }

  /** The domain this snapshot belongs to. */
  get domain(): Domain {
    return new Domain(this.#caller, this.ref.dom);
  }

  /** Snapshot XML (`DomainSnapshotXMLFlags.SECURE`). */
  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.domainSnapshotGetXmlDesc, { snap: this.ref, flags }, opts);
    return r.xml;
  }

  /** Return the domain to this snapshot's state (`DomainSnapshotRevertFlags`). */
  async revert(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainRevertToSnapshot, { snap: this.ref, flags }, opts);
  }

  /** Delete it (`DomainSnapshotDeleteFlags`: CHILDREN, CHILDREN_ONLY, METADATA_ONLY). */
  async delete(flags = 0, opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.domainSnapshotDelete, { snap: this.ref, flags }, opts);
  }

  async getParent(flags = 0, opts?: CallOptions): Promise<DomainSnapshot> {
    const r = await this.#caller.call(P.domainSnapshotGetParent, { snap: this.ref, flags }, opts);
    return new DomainSnapshot(this.#caller, r.snap);
  }

  async isCurrent(flags = 0, opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainSnapshotIsCurrent, { snap: this.ref, flags }, opts);
    return r.current !== 0;
  }

  async hasMetadata(flags = 0, opts?: CallOptions): Promise<boolean> {
    const r = await this.#caller.call(P.domainSnapshotHasMetadata, { snap: this.ref, flags }, opts);
    return r.metadata !== 0;
  }

  /** Children (`DomainSnapshotListFlags`, e.g. DESCENDANTS for the whole subtree). */
  async listAllChildren(flags = 0, opts?: CallOptions): Promise<DomainSnapshot[]> {
    const r = await this.#caller.call(P.domainSnapshotListAllChildren, { snapshot: this.ref, needResults: 1, flags }, opts);
    return r.snapshots.map((s) => new DomainSnapshot(this.#caller, s));
  }

  toString(): string {
    return `DomainSnapshot(${this.ref.dom.name}/${this.ref.name})`;
  }
}
