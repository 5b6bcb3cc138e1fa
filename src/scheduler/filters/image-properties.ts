import type { HostFilter } from './filter.js';

/**
 * The image's architecture, hypervisor type and vm mode must all appear together in one of the
 * host's supported-instance triples. The host index holds partial keys per host kind, so each
 * kind is asked once per request and each host costs an array read.
 */
export const imagePropertiesFilter: HostFilter = {
  name: 'ImageProperties',
  appliesTo: (_spec, ctx) => ctx.wantedKey !== null,
  passes(host, _spec, ctx) {
    // Answered once per host kind when the request was prepared; the Set is the fallback.
    const fits = ctx.imageFitsKind !== null ? ctx.imageFitsKind[ctx.index.fixed.kind[host.i]] === 1 : host.instanceKeys.has(ctx.wantedKey as string);
    return fits ? true : ctx.imageRejection;
  },
};
