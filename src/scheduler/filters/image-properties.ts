import type { HostFilter } from './filter.js';

/**
 * The image's architecture, hypervisor type and vm mode must all appear together in one of the
 * host's supported-instance triples. The host index holds partial keys, so this is one lookup.
 */
export const imagePropertiesFilter: HostFilter = {
  name: 'ImageProperties',
  appliesTo: (_spec, ctx) => ctx.wantedKey !== null,
  passes(host, _spec, ctx) {
    return host.instanceKeys.has(ctx.wantedKey as string) ? true : `image wants ${ctx.wantedText}`;
  },
};
