/** Shared fixtures for the driver tests: a request, a config, host and domain capabilities, schema validation. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCapabilities, parseDomainCapabilities, type Capabilities, type DomainCapabilities, type Domain } from '../../src/config/index.js';
import { loadDriverConfig, type DriverConfigInput, type GuestConfigContext, type GuestRequest, type ResolvedDriverConfig, type VirtType } from '../../src/driver/index.js';

/** Tests run from the repository root (npm test, node --test): fixtures are read from there. */
function fixture(rel: string): string {
  return readFileSync(join(process.cwd(), 'test', 'fixtures', 'xml', rel), 'utf8');
}

export const hostCaps: Capabilities = parseCapabilities(fixture('capabilities/qemu-x86_64.xml'));
export const domCaps: DomainCapabilities = parseDomainCapabilities(fixture('domcaps/qemu-x86_64.xml'));

export function config(virtType: VirtType, input: Partial<DriverConfigInput> = {}): ResolvedDriverConfig {
  return { ...loadDriverConfig({ instancesPath: '/var/lib/stratus/instances', ...input }), virtType };
}

export function ctx(virtType: VirtType, input: Partial<DriverConfigInput> = {}, extra: Partial<GuestConfigContext> = {}): GuestConfigContext {
  return { config: config(virtType, input), hostCaps, domCaps, ...extra };
}

export const VOLUME_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export function request(over: Partial<GuestRequest> = {}, props: Record<string, string> = {}): GuestRequest {
  return {
    uuid: '6f1c4b55-2d0e-4a0e-9b7a-0d7f3c1e9a11',
    name: 'stratus-drv-unit',
    flavor: { name: 'm1.small', vcpus: 2, memoryMiB: 256, rootGiB: 1, ephemeralGiB: 1, swapMiB: 64 },
    image: { id: 'img-0001', properties: props },
    disks: [
      { role: 'root', type: 'file', path: '/var/lib/stratus/instances/x/disk', format: 'qcow2' },
      { role: 'ephemeral', type: 'file', path: '/var/lib/stratus/instances/x/disk.eph0', format: 'qcow2' },
      { role: 'swap', type: 'file', path: '/var/lib/stratus/instances/x/disk.swap', format: 'raw' },
      { role: 'volume', type: 'block', path: '/dev/loop7', format: 'raw', serial: VOLUME_ID },
      { role: 'config', type: 'file', path: '/var/lib/stratus/instances/x/disk.config', format: 'raw' },
    ],
    nics: [{ mac: '52:54:00:aa:bb:01', network: 'default' }, { mac: '52:54:00:aa:bb:02', bridge: 'br-stratus' }],
    consoleLogPath: '/var/lib/stratus/instances/x/console.log',
    owner: 'alice',
    createdAt: '2026-11-26T12:00:00.000Z',
    ...over,
  };
}

/** virt-xml-validate <file> domain; throws with its output when the document is invalid. */
export function validateDomain(dom: Domain): void {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-drv-xml-'));
  try {
    const f = join(dir, 'domain.xml');
    writeFileSync(f, dom.toXML());
    try {
      execFileSync('virt-xml-validate', [f, 'domain'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`virt-xml-validate refused the domain:\n${e.stderr ?? ''}${e.stdout ?? ''}\n${dom.toXML()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
