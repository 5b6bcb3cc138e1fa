/**
 * `stratus/driver`: the compute driver's policy and host-facing probes. Lifecycle (spawn, reboot,
 * ...) builds on these:
 *
 * ```ts
 * const config = loadDriverConfig({ instancesPath: '/var/lib/stratus/instances' });
 * const { config: resolved } = await resolveVirtType(conn, config);        // probes KVM once per boot
 * const hostCaps = parseCapabilities(await conn.getCapabilities());
 * const domCaps = parseDomainCapabilities(await conn.getDomainCapabilities({ virttype: resolved.virtType }));
 * const dom = buildGuestConfig(request, { config: resolved, hostCaps, domCaps, fileCacheMode: await cacheModeFor(dir) });
 * await conn.defineDomainXml(dom.toXML());
 * ```
 */
export * from './errors.js';
export * from './types.js';
export * from './config.js';
export * from './metadata.js';
export * from './cache-mode.js';
export * from './guest-config.js';
export * from './virt-type.js';
export * from './host-report.js';
export * from './diagnostics.js';
export * from './compute.js';
