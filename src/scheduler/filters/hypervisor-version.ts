import type { HostFilter } from './filter.js';

/**
 * `img_hv_requested_version` (e.g. ">= 6.0, < 9"): the host's hypervisor version must satisfy
 * every clause. Versions are packed as libvirt packs them (major*1e6 + minor*1e3 + release). A
 * host that does not report a version passes, as in Nova: the property narrows, it does not exclude
 * hosts we know nothing about.
 */

export interface VersionPredicate {
  text: string;
  /** Null when the text could not be parsed: every host with a version is then rejected. */
  test: ((packed: number) => boolean) | null;
}

const CLAUSE = /^\s*(>=|<=|==|!=|=|>|<)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/;

export function packVersion(major: number, minor = 0, release = 0): number {
  return major * 1_000_000 + minor * 1_000 + release;
}

export function parseVersionPredicate(text: string): VersionPredicate {
  const tests: Array<(v: number) => boolean> = [];
  for (const clause of text.split(',')) {
    const m = CLAUSE.exec(clause);
    if (!m) return { text, test: null };
    const want = packVersion(Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0));
    switch (m[1] ?? '==') {
      case '>=': tests.push((v) => v >= want); break;
      case '<=': tests.push((v) => v <= want); break;
      case '>': tests.push((v) => v > want); break;
      case '<': tests.push((v) => v < want); break;
      case '!=': tests.push((v) => v !== want); break;
      default: tests.push((v) => v === want);
    }
  }
  return { text, test: (v) => tests.every((t) => t(v)) };
}

export const hypervisorVersionFilter: HostFilter = {
  name: 'HypervisorVersion',
  appliesTo: (_spec, ctx) => ctx.hypervisorVersion !== null,
  passes(host, _spec, ctx) {
    const v = host.state.hypervisorVersion;
    if (v === undefined) return true;
    const p = ctx.hypervisorVersion as VersionPredicate;
    if (p.test === null) return `image asks for an unparsable hypervisor version "${p.text}"`;
    return p.test(v) ? true : `image wants hypervisor version ${p.text}`;
  },
};
