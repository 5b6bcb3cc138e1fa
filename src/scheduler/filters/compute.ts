import type { HostFilter } from './filter.js';

/** A host is up when it is enabled and its agent has heartbeaten within heartbeatMaxAgeMs. */
export const computeFilter: HostFilter = {
  name: 'Compute',
  appliesTo: () => true,
  passes(host, _spec, ctx) {
    const f = ctx.index.fixed;
    if (f.enabled[host.i] === 0) return 'disabled';
    return ctx.now - f.heartbeatMs[host.i] <= ctx.config.heartbeatMaxAgeMs ? true : 'heartbeat too old';
  },
  summarize(rejected) {
    let disabled = 0;
    for (const h of rejected) if (!h.state.enabled) disabled++;
    const stale = rejected.length - disabled;
    return [disabled > 0 ? `${disabled} disabled` : '', stale > 0 ? `${stale} with a stale heartbeat` : ''].filter(Boolean).join(', ');
  },
};
