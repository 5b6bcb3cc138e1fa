// hostReport against the real daemon (qemu:///system) and the daemon's test driver.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { connect } from '../../src/libvirt/index.js';
import { hostReport } from '../../src/driver/index.js';

async function withConn<T>(uri: string, t: { skip(msg: string): void }, fn: (c: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<void> {
  let conn;
  try {
    conn = await connect(uri, { openTimeout: 10_000 });
  } catch (err) {
    t.skip(`${uri} unavailable: ${(err as Error).message}`);
    return;
  }
  try {
    await fn(conn);
  } finally {
    await conn.close();
  }
}

describe('hostReport', () => {
  it('qemu:///system: QEMU version, this host, sane CPU/memory/disk, x86_64 qemu hvm', async (t) => {
    await withConn('qemu:///system', t, async (conn) => {
      const r = await hostReport(conn, '/var/tmp');
      assert.equal(r.hypervisorType, 'qemu');
      assert.match(r.hypervisorVersionText, /^\d+\.\d+\.\d+$/);
      assert.ok(r.hypervisorVersion >= 5_000_000, `QEMU >= 5: ${r.hypervisorVersion}`);
      assert.equal(r.hostname, hostname());
      assert.equal(r.cpu.arch, 'x86_64');
      assert.ok(r.cpu.model.length > 0 && r.cpu.vendor.length > 0);
      assert.ok(r.cpu.features.length > 5);
      const topo = r.cpu.topology;
      assert.ok(topo.sockets * topo.cores * topo.threads >= 1);
      assert.ok(r.vcpusTotal >= 1 && r.vcpusUsed >= 0);
      assert.ok(r.memoryTotalMiB > 512 && r.memoryFreeMiB > 0 && r.memoryFreeMiB <= r.memoryTotalMiB, JSON.stringify(r));
      assert.ok(r.localDiskTotalBytes > 0 && r.localDiskFreeBytes > 0 && r.localDiskFreeBytes <= r.localDiskTotalBytes);
      assert.ok(r.supportedInstances.some(([a, h, m]) => a === 'x86_64' && h === 'qemu' && m === 'hvm'), JSON.stringify(r.supportedInstances));
    });
  });

  it('test+unix:///default: the test driver host', async (t) => {
    await withConn('test+unix:///default', t, async (conn) => {
      const r = await hostReport(conn, '/var/tmp');
      assert.equal(r.hypervisorType, 'test');
      assert.equal(r.vcpusTotal, 16);
      assert.ok(r.vcpusUsed >= 2, 'the test driver starts with a running 2-vCPU domain');
      assert.ok(r.memoryTotalMiB > 0);
      assert.deepEqual(r.cpu.topology, { sockets: 2, cores: 2, threads: 2 });
      assert.ok(r.supportedInstances.length > 0);
      assert.ok(r.supportedInstances.every(([, h]) => h === 'test'));
    });
  });

  it('an instances path that does not exist is a clear error', async (t) => {
    await withConn('test+unix:///default', t, async (conn) => {
      await assert.rejects(hostReport(conn, '/nonexistent/stratus'), /cannot stat the filesystem of the instances path \/nonexistent\/stratus/);
    });
  });
});
