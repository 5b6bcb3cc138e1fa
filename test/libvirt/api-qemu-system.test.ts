// The typed API against the real daemon's qemu:///system drivers, for what the test driver lacks:
// secrets, volume upload/download (plain and sparse), wipe/resize, domain capabilities, host
// memory stats, device attach/detach/update, and a real QEMU domain (TCG) with stats, block
// resize, a console stream and lifecycle events. Everything is named stratus-api-q-<pid> and removed.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connect, type LibvirtConnection } from '../../src/libvirt/index.js';
import type { DomainLifecycleEvent, StoragePool, StorageVolume, VirStream, StreamChunk } from '../../src/libvirt/index.js';
import { ErrorCode, LibvirtError } from '../../src/libvirt/errors.js';
import { qemuProcedures } from '../../src/libvirt/protocol/qemu.js';
import { Program, ProgramVersion } from '../../src/libvirt/protocol/wire.js';
import {
  DomainBlockResizeFlags,
  DomainModificationImpact,
  DomainState,
  DomainXMLFlags,
  SecretUsageType,
  StoragePoolCreateFlags,
  StorageVolDownloadFlags,
  StorageVolUploadFlags,
} from '../../src/libvirt/protocol/constants.js';

const tag = `stratus-api-q-${process.pid}`;
const poolDir = `/tmp/${tag}-pool`;

let conn: LibvirtConnection | null = null;
let skip: string | false = false;

before(async () => {
  try {
    conn = await connect('qemu:///system', { openTimeout: 10_000 });
  } catch (err) {
    skip = `qemu:///system unavailable: ${(err as Error).message}`;
  }
});

after(async () => {
  if (!conn) return;
  for (const d of await conn.listAllDomains()) {
    if (!d.name.startsWith(tag)) continue;
    if (await d.isActive()) await d.destroy().catch(() => undefined);
    await d.undefine().catch(() => undefined);
  }
  for (const s of await conn.listAllSecrets()) if (s.usageId.includes(tag)) await s.undefine().catch(() => undefined);
  for (const p of await conn.listAllStoragePools()) {
    if (!p.name.startsWith(tag)) continue;
    for (const v of await p.listAllVolumes().catch(() => [])) await v.delete().catch(() => undefined);
    await p.destroy().catch(() => undefined);
    await p.undefine().catch(() => undefined);
  }
  rmSync(poolDir, { recursive: true, force: true });
  await conn.close();
});

function c(): LibvirtConnection {
  assert.ok(conn);
  return conn;
}

/** Read a download stream to its end, then finish it (the daemon confirms). */
async function readAll(stream: VirStream): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const ch of stream) chunks.push(ch);
  await stream.finish();
  return chunks;
}

const bytesOf = (chunks: StreamChunk[]) =>
  Buffer.concat(chunks.map((ch) => (ch.data ? ch.data : Buffer.alloc(Number(ch.hole)))));

describe('qemu:///system', () => {
  it('reports domain capabilities, host memory and CPU models', async (t) => {
    if (skip) return t.skip(skip);
    const caps = await c().getDomainCapabilities({ virttype: 'qemu', arch: 'x86_64' });
    assert.match(caps, /<domainCapabilities>[\s\S]*<domain>qemu<\/domain>/);
    const mem = await c().getNodeMemoryStats();
    assert.ok(mem.total > 0n && mem.free > 0n);
    const cell = await c().getNodeMemoryStats(0);
    assert.equal(typeof cell.total, 'bigint');
    assert.ok((await c().getCpuModelNames('x86_64')).includes('qemu64'));
    assert.equal(await c().getUri(), 'qemu:///system');
  });

  it('defines, sets, reads, finds and removes a secret', async (t) => {
    if (skip) return t.skip(skip);
    const usage = `/var/lib/${tag}/disk.luks`;
    const secret = await c().defineSecretXml(
      `<secret ephemeral='no' private='no'><usage type='volume'><volume>${usage}</volume></usage></secret>`,
    );
    assert.equal(secret.usageType, SecretUsageType.VOLUME);
    assert.equal(secret.usageId, usage);
    await secret.setValue('correct horse');
    assert.equal((await secret.getValue()).toString(), 'correct horse');
    const binary = Buffer.from([0, 1, 2, 255, 254]);
    await secret.setValue(binary);
    assert.deepEqual(await secret.getValue(), binary);
    assert.deepEqual((await c().lookupSecretByUsage(SecretUsageType.VOLUME, usage)).ref, secret.ref);
    assert.deepEqual((await c().lookupSecretByUuid(secret.uuid)).ref, secret.ref);
    assert.ok((await c().listAllSecrets()).some((s) => s.uuid === secret.uuid));
    assert.match(await secret.getXmlDesc(), new RegExp(`<uuid>${secret.uuid}</uuid>`));
    await secret.undefine();
    await assert.rejects(c().lookupSecretByUuid(secret.uuid), (e: unknown) => e instanceof LibvirtError && e.code === ErrorCode.NO_SECRET);
  });

  describe('volumes with data', () => {
    let pool: StoragePool;
    before(async () => {
      if (skip) return;
      rmSync(poolDir, { recursive: true, force: true });
      pool = await c().createStoragePoolXml(
        `<pool type='dir'><name>${tag}-pool</name><target><path>${poolDir}</path></target></pool>`,
        StoragePoolCreateFlags.WITH_BUILD,
      );
    });

    const newVolume = (name: string, capacity: number): Promise<StorageVolume> =>
      pool.createVolumeXml(
        `<volume><name>${name}</name><capacity>${capacity}</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>`,
      );

    it('uploads and downloads bytes', async (t) => {
      if (skip) return t.skip(skip);
      const vol = await newVolume('plain.raw', 1 << 20);
      const data = Buffer.alloc(600_000);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
      const up = await vol.upload(0, data.length);
      await up.write(data.subarray(0, 100_000));
      await up.write(data.subarray(100_000));
      await up.finish();
      const down = await vol.download(0, data.length);
      const back = bytesOf(await readAll(down));
      assert.equal(back.length, data.length);
      assert.ok(back.equals(data), 'downloaded bytes equal uploaded bytes');
      // A window in the middle.
      const mid = bytesOf(await readAll(await vol.download(1000, 5000)));
      assert.ok(mid.equals(data.subarray(1000, 6000)));
      await vol.delete();
    });

    it('uploads and downloads a sparse volume as data and holes', async (t) => {
      if (skip) return t.skip(skip);
      const vol = await newVolume('sparse.raw', 1 << 20);
      const up = await vol.upload(0, 0, StorageVolUploadFlags.SPARSE_STREAM);
      await up.write(Buffer.alloc(4096, 0xaa));
      await up.sendHole(1 << 20);
      await up.write(Buffer.alloc(4096, 0x55));
      await up.finish();
      const info = await vol.getInfo();
      assert.equal(info.capacity, BigInt(4096 + (1 << 20) + 4096));
      assert.ok(info.allocation < 1n << 20n, `allocation ${info.allocation} stays small`);
      const chunks = await readAll(await vol.download(0, 0, StorageVolDownloadFlags.SPARSE_STREAM));
      assert.ok(chunks.some((ch) => ch.hole !== undefined && ch.hole >= 1n << 20n), 'a hole arrived as a hole');
      const all = bytesOf(chunks);
      assert.equal(all.length, 4096 + (1 << 20) + 4096);
      assert.ok(all.subarray(0, 4096).every((b) => b === 0xaa));
      assert.ok(all.subarray(4096, 4096 + (1 << 20)).every((b) => b === 0));
      assert.ok(all.subarray(4096 + (1 << 20)).every((b) => b === 0x55));
      await vol.delete();
    });

    it('uploads a 1 GiB sparse volume without sending its zeros', async (t) => {
      if (skip) return t.skip(skip);
      const gib = 1 << 30;
      const vol = await newVolume('big.raw', gib);
      const up = await vol.upload(0, 0, StorageVolUploadFlags.SPARSE_STREAM);
      await up.write(Buffer.alloc(65536, 1));
      await up.sendHole(gib - 2 * 65536);
      await up.write(Buffer.alloc(65536, 2));
      await up.finish();
      const info = await vol.getInfo();
      assert.equal(info.capacity, BigInt(gib));
      assert.ok(info.allocation <= 1n << 20n, `allocation ${info.allocation}`);
      await vol.delete();
    });

    it('wipes, resizes and reports a volume', async (t) => {
      if (skip) return t.skip(skip);
      const vol = await newVolume('wipe.raw', 65536);
      await vol.wipe();
      await vol.resize(131072);
      assert.equal((await vol.getInfo()).capacity, 131072n);
      assert.equal(await vol.getPath(), `${poolDir}/wipe.raw`);
      assert.equal((await vol.lookupPool()).name, `${tag}-pool`);
      assert.deepEqual((await c().lookupStoragePoolByTargetPath(poolDir)).ref, pool.ref);
      await vol.delete();
    });
  });

  describe('a QEMU domain (TCG)', () => {
    const name = `${tag}-vm`;
    const disk = `${poolDir}-vm.raw`;
    const xml = `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk>
    <serial type='pty'/>
    <console type='pty'/>
  </devices>
</domain>`;

    after(() => rmSync(disk, { force: true }));

    it('attaches, updates and detaches a device in the persistent config', async (t) => {
      if (skip) return t.skip(skip);
      rmSync(disk, { force: true });
      const { writeFileSync } = await import('node:fs');
      writeFileSync(disk, Buffer.alloc(1 << 20));
      const dom = await c().defineDomainXml(xml);
      const cdrom = (src: string) =>
        `<disk type='file' device='cdrom'>${src}<target dev='hdc' bus='ide'/><readonly/></disk>`;
      await dom.attachDevice(cdrom(''), DomainModificationImpact.CONFIG);
      assert.match(await dom.getXmlDesc(DomainXMLFlags.INACTIVE), /<target dev='hdc' bus='ide'\/>/);
      await dom.updateDevice(cdrom(`<source file='/dev/null'/>`), DomainModificationImpact.CONFIG);
      assert.match(await dom.getXmlDesc(DomainXMLFlags.INACTIVE), /<source file='\/dev\/null'\/>/);
      await dom.detachDevice(cdrom(''), DomainModificationImpact.CONFIG);
      assert.doesNotMatch(await dom.getXmlDesc(DomainXMLFlags.INACTIVE), /dev='hdc'/);
    });

    it('starts, reports stats, resizes a disk, opens its console and stops, with events', async (t) => {
      if (skip) return t.skip(skip);
      const events = await c().domainEvents({ events: ['lifecycle'] });
      try {
        const defined = await c().lookupDomainByName(name);
        const dom = await defined.create();
        assert.equal((await dom.getState()).state, DomainState.RUNNING);
        const info = await dom.getInfo();
        assert.equal(info.maxMemoryKiB, 65536);
        const stats = await dom.getStats();
        assert.equal(stats['state.state'], DomainState.RUNNING);
        assert.equal(typeof stats['cpu.time'], 'bigint');
        const [total] = await dom.getCpuStats();
        assert.equal(typeof total.cpu_time, 'bigint');
        const block = await dom.blockStatsFlags('vda');
        assert.equal(typeof block.rd_bytes, 'bigint');
        assert.equal(typeof (await dom.blockStats('vda')).rdReq, 'bigint');
        await dom.blockResize('vda', 2 << 20, DomainBlockResizeFlags.BYTES);
        const blockInfo = await dom.getBlockInfo('vda');
        assert.equal(blockInfo.capacity, BigInt(2 << 20));
        assert.equal(await dom.getBlockJobInfo('vda'), null);
        assert.deepEqual(await dom.getDiskErrors(), []);
        await dom.setBlockIoTune('vda', { total_iops_sec: 500n }, DomainModificationImpact.LIVE);
        assert.equal((await dom.getBlockIoTune('vda')).total_iops_sec, 500n);
        assert.equal((await dom.getControlInfo()).state, 0);
        await dom.injectNmi();
        await dom.sendKey(0, 10, [28]);
        assert.equal(Number(stats['block.count']), 1);
        assert.equal((await dom.getStats())['block.0.capacity'], BigInt(2 << 20));
        // The QEMU program: a QMP command through the monitor passthrough.
        const qmp = await c().connection.rpc.callProgram(Program.QEMU, ProgramVersion.QEMU, qemuProcedures.domainMonitorCommand, {
          dom: dom.ref,
          cmd: '{"execute":"query-status"}',
          flags: 0,
        });
        assert.match(qmp.result, /"status":\s*"running"/);
        const console = await dom.openConsole();
        await console.write(Buffer.from('\r\n'));
        await console.abort();
        await dom.destroy();
        // QEMU reports RESUMED/UNPAUSED around the start too; what matters is start before stop.
        const seen: string[] = [];
        for await (const e of events) {
          const l = e as DomainLifecycleEvent;
          if (e.domain.name !== name) continue;
          seen.push(`${l.eventName}/${l.detailName}`);
          if (l.eventName === 'STOPPED') break;
        }
        assert.ok(seen.includes('STARTED/BOOTED'), seen.join(' '));
        assert.equal(seen.at(-1), 'STOPPED/DESTROYED');
        assert.ok(seen.indexOf('STARTED/BOOTED') < seen.length - 1);
        await defined.undefine();
      } finally {
        await events.close();
      }
    });
  });
});
