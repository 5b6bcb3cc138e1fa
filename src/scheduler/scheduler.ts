/**
 * Filter then weigh. Every filter that applies to the request sees every host (first failure
 * wins); the survivors are weighed and the heaviest is chosen (ties: the earlier host in the list).
 * Only when nothing survives is the host list walked again, to say who rejected what.
 */
import { ANY, tripleKey, wantedInstance } from './canonical.js';
import { NoValidHostError, type FilterRejection } from './errors.js';
import { DEFAULT_FILTERS, parseVersionPredicate, type FilterContext, type HostFilter } from './filters/index.js';
import { HostIndex, type IndexedHost } from './host-index.js';
import { requestedDiskGiB, resolveConfig, type HostState, type RequestSpec, type SchedulerConfig, type Selection } from './types.js';
import { DEFAULT_WEIGHERS, weighCandidates, type HostWeigher } from './weighers/index.js';

export interface SchedulerOptions {
  filters?: readonly HostFilter[];
  weighers?: readonly HostWeigher[];
}

interface Scratch {
  candidates: Int32Array;
  weights: Float64Array;
}

/** Candidate and weight buffers reused across requests over the same snapshot (forks share them). */
const scratchByHosts = new WeakMap<readonly IndexedHost[], Scratch>();

function scratchFor(index: HostIndex): Scratch {
  let s = scratchByHosts.get(index.hosts);
  if (s === undefined) {
    s = { candidates: new Int32Array(index.size), weights: new Float64Array(index.size) };
    scratchByHosts.set(index.hosts, s);
  }
  return s;
}

function toIndex(hosts: readonly HostState[] | HostIndex): HostIndex {
  return hosts instanceof HostIndex ? hosts : HostIndex.build(hosts);
}

function makeContext(index: HostIndex, spec: RequestSpec, config: SchedulerConfig, groupHosts: Set<string> | null): FilterContext {
  const want = wantedInstance(spec.image.properties);
  const named = [want.architecture, want.hypervisorType, want.vmMode].filter((v): v is string => v !== undefined);
  const wantedKey = named.length === 0 ? null : tripleKey(want.architecture ?? ANY, want.hypervisorType ?? ANY, want.vmMode ?? ANY);
  const requestedVersion = spec.image.properties.img_hv_requested_version;
  let imageFitsKind: Uint8Array | null = null;
  if (wantedKey !== null) {
    const kinds = index.fixed.kinds;
    imageFitsKind = new Uint8Array(kinds.length);
    for (let k = 0; k < kinds.length; k++) imageFitsKind[k] = kinds[k].has(wantedKey) ? 1 : 0;
  }
  return {
    index,
    config,
    now: config.now ? config.now() : Date.now(),
    wantedKey,
    wantedText: named.join('/'),
    imageRejection: `image wants ${named.join('/')}`,
    imageFitsKind,
    hypervisorVersion: requestedVersion !== undefined && requestedVersion.trim() !== '' ? parseVersionPredicate(requestedVersion) : null,
    requestedDiskGiB: requestedDiskGiB(spec.flavor),
    groupHosts,
  };
}

function pick(index: HostIndex, spec: RequestSpec, ctx: FilterContext, options: SchedulerOptions): Selection {
  const filters = (options.filters ?? DEFAULT_FILTERS).filter((f) => f.appliesTo(spec, ctx));
  const nf = filters.length;
  const hosts = index.hosts;
  const n = hosts.length;
  const { candidates, weights } = scratchFor(index);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const h = hosts[i];
    let ok = true;
    for (let f = 0; f < nf; f++) {
      if (filters[f].passes(h, spec, ctx) !== true) {
        ok = false;
        break;
      }
    }
    if (ok) candidates[count++] = i;
  }
  if (count === 0) throw new NoValidHostError(explainRejections(hosts, filters, spec, ctx), n);
  weighCandidates(index, candidates, count, weights, options.weighers ?? DEFAULT_WEIGHERS, ctx.config);
  let bestK = 0;
  for (let k = 1; k < count; k++) if (weights[k] > weights[bestK]) bestK = k;
  return { host: hosts[candidates[bestK]].state.name, weight: weights[bestK] };
}

function explainRejections(hosts: readonly IndexedHost[], filters: readonly HostFilter[], spec: RequestSpec, ctx: FilterContext): FilterRejection[] {
  const rejected = filters.map(() => [] as IndexedHost[]);
  const reasons = filters.map(() => new Set<string>());
  for (const h of hosts) {
    for (let f = 0; f < filters.length; f++) {
      const r = filters[f].passes(h, spec, ctx);
      if (r !== true) {
        rejected[f].push(h);
        reasons[f].add(r);
        break;
      }
    }
  }
  const out: FilterRejection[] = [];
  filters.forEach((f, k) => {
    if (rejected[k].length === 0) return;
    const reason = f.summarize ? f.summarize(rejected[k], spec, ctx) : [...reasons[k]].slice(0, 3).join('; ');
    out.push({ filter: f.name, count: rejected[k].length, reason });
  });
  return out;
}

/** The best host for one instance. Throws NoValidHostError when no host passes every filter. */
export function schedule(
  hosts: readonly HostState[] | HostIndex,
  spec: RequestSpec,
  config?: Partial<SchedulerConfig>,
  options: SchedulerOptions = {},
): Selection {
  const index = toIndex(hosts);
  const cfg = resolveConfig(config);
  const group = spec.hints?.group;
  return pick(index, spec, makeContext(index, spec, cfg, group ? new Set(group.hosts) : null), options);
}

/**
 * Hosts for `count` instances of one request. Each pick is claimed in a private copy of the usage
 * (and joins the server group), so later picks in the same call see it: no host is overcommitted
 * and anti-affinity spreads. The snapshot passed in is not changed. All or nothing: throws
 * NoValidHostError if any instance cannot be placed.
 */
export function selectHosts(
  hosts: readonly HostState[] | HostIndex,
  spec: RequestSpec,
  count: number,
  config?: Partial<SchedulerConfig>,
  options: SchedulerOptions = {},
): Selection[] {
  const index = toIndex(hosts).fork();
  const cfg = resolveConfig(config);
  const group = spec.hints?.group;
  const groupHosts = group ? new Set(group.hosts) : null;
  const ctx = makeContext(index, spec, cfg, groupHosts);
  const out: Selection[] = [];
  for (let k = 0; k < count; k++) {
    const sel = pick(index, spec, ctx, options);
    index.claim(index.indexOf(sel.host) as number, spec);
    groupHosts?.add(sel.host);
    out.push(sel);
  }
  return out;
}
