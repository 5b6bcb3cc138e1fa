// resolveVirtType's decisions for verdicts this host cannot produce (KVM working, or working only
// without host-model): a cached verdict for this boot is seeded, so no guest is started.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadDriverConfig, resolveVirtType, currentBootId, PROBE_CACHE_FILE, DriverError, type KvmProbeAttempt, type KvmProbeResult } from '../../src/driver/index.js';
import type { LibvirtConnection } from '../../src/libvirt/index.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// resolveVirtType only reads the URI when the verdict is cached; anything else would throw here
const conn = new Proxy({ uri: 'qemu:///system' }, {
  get: (target, key) => {
    if (key === 'uri') return target.uri;
    if (key === 'then') return undefined;
    throw new Error(`the cached verdict should have been used, not conn.${String(key)}`);
  },
}) as unknown as LibvirtConnection;

async function seeded(attempts: KvmProbeAttempt[]): Promise<string> {
  const dir = mkdtempSync(join('/var/tmp', 'stratus-drv-decide-'));
  dirs.push(dir);
  const working = attempts.filter((a) => a.ok).map((a) => a.cpuMode);
  const verdict: KvmProbeResult = {
    usable: working.length > 0, workingCpuModes: working, attempts, kernel: '/boot/vmlinuz-x', probedAt: new Date().toISOString(), bootId: await currentBootId(), uri: conn.uri,
  };
  writeFileSync(join(dir, PROBE_CACHE_FILE), JSON.stringify(verdict));
  return dir;
}

const ok = (cpuMode: KvmProbeAttempt['cpuMode']): KvmProbeAttempt => ({ cpuMode, ok: true, ms: 300 });
const bad = (cpuMode: KvmProbeAttempt['cpuMode'], reason: string): KvmProbeAttempt => ({ cpuMode, ok: false, ms: 300, reason });

describe('virt type decisions (cached verdicts)', () => {
  it('KVM works: kvm with host-model, no log line', async () => {
    const dir = await seeded([ok('host-model'), ok('none')]);
    const lines: string[] = [];
    const d = await resolveVirtType(conn, loadDriverConfig({ instancesPath: dir }), { log: (l) => lines.push(l) });
    assert.equal(d.config.virtType, 'kvm');
    assert.equal(d.config.cpuMode, undefined);
    assert.equal(d.source, 'probe');
    assert.equal(d.probe?.cached, true);
    assert.deepEqual(lines, []);
  });

  it('nested KVM: host-model aborts but the default CPU runs -> kvm with cpu mode none, one line', async () => {
    const dir = await seeded([bad('host-model', 'failed to set MSR 0x10a to 0x69'), ok('none')]);
    const lines: string[] = [];
    const d = await resolveVirtType(conn, loadDriverConfig({ instancesPath: dir }), { log: (l) => lines.push(l) });
    assert.equal(d.config.virtType, 'kvm');
    assert.equal(d.config.cpuMode, 'none');
    assert.deepEqual(lines, ['KVM works but CPU mode host-model fails (failed to set MSR 0x10a to 0x69); using cpu mode none']);
  });

  it('an operator-chosen CPU mode that fails under KVM is not swapped: qemu fallback (or an error with virtType kvm)', async () => {
    const dir = await seeded([bad('host-passthrough', 'failed to set MSR 0x10a to 0x69')]);
    const lines: string[] = [];
    const d = await resolveVirtType(conn, loadDriverConfig({ instancesPath: dir, cpuMode: 'host-passthrough' }), { log: (l) => lines.push(l) });
    assert.equal(d.config.virtType, 'qemu');
    // TCG has no host-passthrough: the mode goes, and the one line says so
    assert.equal(d.config.cpuMode, undefined);
    assert.deepEqual(lines, ['KVM present but unusable (host-passthrough: failed to set MSR 0x10a to 0x69); using qemu (TCG) and cpu mode none instead of host-passthrough']);
    await assert.rejects(resolveVirtType(conn, loadDriverConfig({ instancesPath: dir, cpuMode: 'host-passthrough', virtType: 'kvm' })), (err: unknown) => err instanceof DriverError && err.code === 'KVM_UNUSABLE');
  });

  it('an operator-chosen custom model survives the fallback (TCG emulates named models)', async () => {
    const dir = await seeded([{ ...bad('custom', 'no console output within 5000 ms (vCPU hung)'), cpuModel: 'Westmere' }]);
    const lines: string[] = [];
    const d = await resolveVirtType(conn, loadDriverConfig({ instancesPath: dir, cpuMode: 'custom', cpuModel: 'Westmere' }), { log: (l) => lines.push(l) });
    assert.equal(d.config.virtType, 'qemu');
    assert.deepEqual([d.config.cpuMode, d.config.cpuModel], ['custom', 'Westmere']);
    assert.deepEqual(lines, ['KVM present but unusable (custom Westmere: no console output within 5000 ms (vCPU hung)); using qemu (TCG)']);
    assert.equal(d.probe?.cached, true);
  });

  it('explicit kvm on a working host: kept, reported as the operator\'s', async () => {
    const dir = await seeded([ok('host-model'), ok('none')]);
    const d = await resolveVirtType(conn, loadDriverConfig({ instancesPath: dir, virtType: 'kvm' }), { log: () => assert.fail('no log line') });
    assert.equal(d.config.virtType, 'kvm');
    assert.equal(d.source, 'operator');
    assert.equal(d.config.virtTypeProbed, false);
  });
});
