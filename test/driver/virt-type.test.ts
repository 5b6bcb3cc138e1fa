// The virt-type probe against this host, for real: /dev/kvm is there but KVM guests abort
// (host-model: MSR 0x10a) or hang (default CPU), so the verdict must be "unusable" and the driver
// must fall back to qemu with one log line, within a few seconds. An operator's choice is kept.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type LibvirtConnection } from '../../src/libvirt/index.js';
import { loadDriverConfig, resolveVirtType, probeKvm, qemuReason, DriverError, PROBE_CACHE_FILE, type KvmProbeResult } from '../../src/driver/index.js';

let conn: LibvirtConnection | null = null;
let skip: string | false = false;
const dir = mkdtempSync(join('/var/tmp', 'stratus-drv-probe-'));

before(async () => {
  if (!existsSync('/dev/kvm')) skip = 'no /dev/kvm on this host';
  try {
    conn = await connect('qemu:///system', { openTimeout: 10_000 });
  } catch (err) {
    skip = `qemu:///system unavailable: ${(err as Error).message}`;
  }
});

after(async () => {
  if (conn) {
    // AUTODESTROY covers a crash; this covers a probe guest that outlived its test
    for (const d of await conn.listAllDomains()) if (d.name.startsWith(`stratus-kvm-probe-${process.pid}-`)) await d.destroy().catch(() => undefined);
    await conn.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function c(): LibvirtConnection {
  assert.ok(conn);
  return conn;
}

describe('virt type', () => {
  let first: KvmProbeResult | undefined;

  it('unset: probes KVM for real, finds it unusable, falls back to qemu with one clear line (< 15 s)', async (t) => {
    if (skip) return t.skip(skip);
    const lines: string[] = [];
    const t0 = Date.now();
    const d = await resolveVirtType(c(), loadDriverConfig({ instancesPath: dir }), { log: (l) => lines.push(l) });
    const ms = Date.now() - t0;
    assert.ok(ms < 15_000, `probe took ${ms} ms`);
    assert.equal(d.config.virtType, 'qemu');
    assert.equal(d.config.virtTypeProbed, true);
    assert.equal(d.source, 'probe');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^KVM present but unusable \(.+\); using qemu \(TCG\)$/);
    const p = d.probe!;
    assert.equal(p.usable, false);
    assert.equal(p.cached, undefined);
    // the nested-KVM case: which CPU modes failed, and how
    assert.deepEqual(p.attempts.map((a) => [a.cpuMode, a.ok]), [['host-model', false], ['none', false]]);
    assert.match(p.attempts[0].reason!, /MSR 0x10a|failed|exited/i, p.attempts[0].reason);
    assert.match(p.attempts[1].reason!, /within 5000 ms/);
    assert.match(lines[0], /host-model: .*; none: /);
    assert.match(p.kernel, /^\/boot\/vmlinuz-/);
    first = p;
    // no probe guest is left behind
    const left = (await c().listAllDomains()).filter((x) => x.name.startsWith(`stratus-kvm-probe-${process.pid}-`));
    assert.deepEqual(left.map((x) => x.name), []);
  });

  it('the verdict is cached for this boot in <instancesPath>/.virt-type-probe.json', async (t) => {
    if (skip || !first) return t.skip(skip || 'no first probe');
    const file = JSON.parse(readFileSync(join(dir, PROBE_CACHE_FILE), 'utf8')) as KvmProbeResult;
    assert.equal(file.bootId, readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    assert.equal(file.usable, false);
    const t0 = Date.now();
    const lines: string[] = [];
    const d = await resolveVirtType(c(), loadDriverConfig({ instancesPath: dir }), { log: (l) => lines.push(l) });
    assert.ok(Date.now() - t0 < 1000, 'from the cache, no guest started');
    assert.equal(d.probe?.cached, true);
    assert.equal(d.config.virtType, 'qemu');
    assert.equal(lines.length, 1);
  });

  it('explicit qemu (or lxc) is kept without probing', async (t) => {
    if (skip) return t.skip(skip);
    for (const virtType of ['qemu', 'lxc'] as const) {
      const t0 = Date.now();
      const lines: string[] = [];
      const d = await resolveVirtType(c(), loadDriverConfig({ instancesPath: join(dir, 'none-' + virtType), virtType }), { log: (l) => lines.push(l) });
      assert.equal(d.config.virtType, virtType);
      assert.equal(d.source, 'operator');
      assert.equal(d.probe, undefined);
      assert.deepEqual(lines, []);
      assert.ok(Date.now() - t0 < 500);
    }
  });

  it('explicit kvm on this host: no fallback, a KVM_UNUSABLE error that says so', async (t) => {
    if (skip) return t.skip(skip);
    const lines: string[] = [];
    await assert.rejects(resolveVirtType(c(), loadDriverConfig({ instancesPath: dir, virtType: 'kvm' }), { log: (l) => lines.push(l) }), (err: unknown) => {
      assert.ok(err instanceof DriverError);
      assert.equal(err.code, 'KVM_UNUSABLE');
      assert.equal(err.context.option, 'virtType');
      assert.match(err.message, /virtType 'kvm' was set explicitly but KVM guests do not work on this host \(.*\); not falling back to qemu/);
      return true;
    });
    assert.deepEqual(lines, []);
  });

  it('no KVM device: qemu at once, or an error when kvm was asked for', async (t) => {
    if (skip) return t.skip(skip);
    const lines: string[] = [];
    const d = await resolveVirtType(c(), loadDriverConfig({ instancesPath: dir }), { kvmDevice: '/nonexistent/kvm', log: (l) => lines.push(l) });
    assert.equal(d.config.virtType, 'qemu');
    assert.equal(d.source, 'no-kvm-device');
    assert.deepEqual(lines, ['KVM unavailable (no /nonexistent/kvm); using qemu (TCG)']);
    await assert.rejects(resolveVirtType(c(), loadDriverConfig({ instancesPath: dir, virtType: 'kvm' }), { kvmDevice: '/nonexistent/kvm' }), /does not exist; not falling back/);
  });

  it('the probe itself sees a kernel that does boot: the same guest under TCG prints its banner', async (t) => {
    if (skip) return t.skip(skip);
    // a generous timeout: TCG on a busy 2-core host can take a few seconds to the banner
    const r = await probeKvm(c(), { workDir: join(dir, 'tcg'), cpus: [{ cpuMode: 'none' }], domainType: 'qemu', timeoutMs: 20_000 });
    assert.equal(r.usable, true, JSON.stringify(r));
    assert.deepEqual(r.workingCpuModes, ['none']);
    assert.equal(existsSync(join(dir, 'tcg')), false, 'scratch dir removed');
  });

  it('QEMU reasons are cut out of libvirt messages', () => {
    const msg = 'internal error: process exited while connecting to monitor: 2026-11-26T20:57:58.219084Z qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69\nqemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: assertion failed';
    assert.equal(qemuReason(msg), 'failed to set MSR 0x10a to 0x69');
    assert.equal(qemuReason('something else\nmore'), 'something else');
  });
});
