import type { HostIndex, IndexedHost } from '../host-index.js';
import type { VersionPredicate } from './hypervisor-version.js';
import type { RequestSpec, SchedulerConfig } from '../types.js';

/** Per-request facts computed once, so filters do no parsing or allocation per host. */
export interface FilterContext {
  readonly index: HostIndex;
  readonly config: SchedulerConfig;
  /** Epoch ms, read once per request. */
  readonly now: number;
  /** The image's canonical triple key ('*' for parts it does not name), or null when it names none. */
  readonly wantedKey: string | null;
  /** e.g. "aarch64" or "x86_64/xen/hvm": the parts the image names. */
  readonly wantedText: string;
  /** "image wants <wantedText>", built once per request. */
  readonly imageRejection: string;
  /** Per host kind (HostIndex.fixed.kinds): 1 when the kind offers the wanted triple. Null when the image names none. */
  readonly imageFitsKind: Uint8Array | null;
  /** The image's img_hv_requested_version, parsed once; null when it has none. */
  readonly hypervisorVersion: VersionPredicate | null;
  readonly requestedDiskGiB: number;
  /** Hosts of the request's server group (grows within one selectHosts call). */
  readonly groupHosts: Set<string> | null;
}

export interface HostFilter {
  readonly name: string;
  /** False when the request cannot be rejected by this filter (no hint given...): it is then skipped. */
  appliesTo(spec: RequestSpec, ctx: FilterContext): boolean;
  /** true, or why not (a per-request constant where possible: it is returned for many hosts). */
  passes(host: IndexedHost, spec: RequestSpec, ctx: FilterContext): true | string;
  /** Why the hosts this filter rejected were rejected, as one phrase for NoValidHost. */
  summarize?(rejected: readonly IndexedHost[], spec: RequestSpec, ctx: FilterContext): string;
}
