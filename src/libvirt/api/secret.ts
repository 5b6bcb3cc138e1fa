/**
 * A secret (a passphrase, a Ceph key, ...). Holds only the daemon's reference (uuid, usage type,
 * usage id); each method is one REMOTE call. Values are raw bytes.
 */
import type { Caller, CallOptions } from '../rpc/types.js';
import { remoteProcedures as P } from '../protocol/remote.js';
import type { NonnullSecret } from '../protocol/remote-types.js';

export class Secret {
  readonly #caller: Caller;

  constructor(
    caller: Caller,
    readonly ref: NonnullSecret,
  ) {
    this.#caller = caller;
  }

  get uuid(): string {
    return this.ref.uuid;
  }
  /** `SecretUsageType.*`. */
  get usageType(): number {
    return this.ref.usageType;
  }
  /** What the secret is for (a volume path, a Ceph user, ...). */
  get usageId(): string {
    return this.ref.usageId;
  }

  async getXmlDesc(flags = 0, opts?: CallOptions): Promise<string> {
    const r = await this.#caller.call(P.secretGetXmlDesc, { secret: this.ref, flags }, opts);
    return r.xml;
  }

  /** Set the value; strings are sent as UTF-8. */
  async setValue(value: Buffer | string, flags = 0, opts?: CallOptions): Promise<void> {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    await this.#caller.call(P.secretSetValue, { secret: this.ref, value: bytes, flags }, opts);
  }

  /** The value (refused for private secrets). */
  async getValue(flags = 0, opts?: CallOptions): Promise<Buffer> {
    const r = await this.#caller.call(P.secretGetValue, { secret: this.ref, flags }, opts);
    return r.value;
  }

  async undefine(opts?: CallOptions): Promise<void> {
    await this.#caller.call(P.secretUndefine, { secret: this.ref }, opts);
  }

  toString(): string {
    return `Secret(${this.ref.uuid})`;
  }
}
