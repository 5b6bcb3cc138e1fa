import type { HostFilter } from './filter.js';

/** Filters that only act when the request carries a scheduler hint. */

export const hostNameFilter: HostFilter = {
  name: 'HostName',
  appliesTo: (spec) => spec.hints?.host !== undefined,
  passes: (host, spec) => (host.state.name === spec.hints?.host ? true : `hint asks for host ${spec.hints?.host}`),
};

export const availabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZone',
  appliesTo: (spec) => spec.hints?.availabilityZone !== undefined,
  passes: (host, spec) =>
    host.state.availabilityZone === spec.hints?.availabilityZone ? true : `hint asks for zone ${spec.hints?.availabilityZone}`,
};

export const aggregateFilter: HostFilter = {
  name: 'Aggregate',
  appliesTo: (spec) => spec.hints?.aggregate !== undefined,
  passes: (host, spec) =>
    host.state.aggregates !== undefined && host.state.aggregates.includes(spec.hints?.aggregate as string)
      ? true
      : `hint asks for aggregate ${spec.hints?.aggregate}`,
};

/** Affinity: on a host the group already uses (any host while the group is empty). */
export const affinityFilter: HostFilter = {
  name: 'Affinity',
  appliesTo: (spec, ctx) => spec.hints?.group?.policy === 'affinity' && ctx.groupHosts !== null && ctx.groupHosts.size > 0,
  passes: (host, _spec, ctx) => (ctx.groupHosts?.has(host.state.name) ? true : 'not a host of the group'),
};

/** Anti-affinity: never on a host the group already uses. */
export const antiAffinityFilter: HostFilter = {
  name: 'AntiAffinity',
  appliesTo: (spec, ctx) => spec.hints?.group?.policy === 'anti-affinity' && ctx.groupHosts !== null && ctx.groupHosts.size > 0,
  passes: (host, _spec, ctx) => (ctx.groupHosts?.has(host.state.name) ? 'already holds a member of the group' : true),
};
