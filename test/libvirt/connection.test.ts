/**
 * The client against the real daemon: the test driver for breadth, qemu:///system for a real QEMU
 * guest (TCG), and libvirt's own clients (virsh, libvirt-python) for interop.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, constants, LibvirtError, ErrorCode, LibvirtClientError, type LibvirtConnection } from '../../src/libvirt/index.js';
import { python, tinyQemuDomainXml, virsh, virshQuiet } from '../helpers/system.js';

const { DomainState, DomainEventType, StorageVolUploadFlags, StorageVolDownloadFlags } = constants;
const QEMU = 'qemu:///system';
const TEST = 'test+unix:///default';
const prefix = `stratus-conn-${process.pid}`;

describe('connection to the test driver', () => {
  let conn: LibvirtConnection;
  before(async () => {
    conn = await connect(TEST);
  });
  after(() => conn.close());

  it('reports the same versions and host facts as libvirt-python', async () => {
    const py = JSON.parse(python(`import libvirt, json; c = libvirt.open('${TEST}'); i = c.getInfo(); print(json.dumps([c.getLibVersion(), c.getHostname(), i[0], i[1], i[2]]))`));
    const node = await conn.getNodeInfo();
    assert.deepEqual([await conn.getLibVersion(), await conn.getHostname(), node.model, Math.floor(node.memoryKiB / 1024), node.cpus], py);
  });

  it('keeps 500 calls in flight on one connection and matches every reply to its call', async () => {
    const names = (await conn.listAllDomains()).map((d) => d.name);
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => (i % 2 ? conn.getHostname() : conn.lookupDomainByName(names[0]).then((d) => d.name))),
    );
    const hostname = await conn.getHostname();
    results.forEach((r, i) => assert.equal(r, i % 2 ? hostname : names[0]));
  });

  it('raises LibvirtError with code, domain and procedure for a missing domain', async () => {
    await assert.rejects(conn.lookupDomainByName('no-such-domain'), (err: unknown) => {
      assert.ok(err instanceof LibvirtError);
      assert.equal(err.code, ErrorCode.NO_DOMAIN);
      assert.equal(err.codeName, 'VIR_ERR_NO_DOMAIN');
      assert.equal(err.procedure, 'DOMAIN_LOOKUP_BY_NAME');
      assert.match(err.message, /Domain not found/);
      return true;
    });
  });

  it('opens read-only and is refused writes', async () => {
    const ro = await connect(TEST, { readonly: true });
    try {
      await assert.rejects(ro.defineDomainXml(tinyQemuDomainXml('ro-denied').replace("type='qemu'", "type='test'")), (err: unknown) => {
        assert.ok(err instanceof LibvirtError);
        assert.equal(err.code, ErrorCode.OPERATION_DENIED);
        return true;
      });
    } finally {
      await ro.close();
    }
  });

  it('rejects pending and later calls once closed', async () => {
    const c = await connect(TEST);
    const pending = c.getHostname();
    await c.close();
    await pending.catch(() => undefined); // may have completed before the close
    await assert.rejects(c.getHostname(), (err: unknown) => err instanceof LibvirtClientError && err.code === 'CLOSED');
  });

  it('fails clearly when the socket does not exist', async () => {
    await assert.rejects(connect('test+unix:///default?socket=/nonexistent/libvirt-sock', { openTimeout: 5000 }), /\/nonexistent\/libvirt-sock/);
  });
});

describe('a real QEMU guest on qemu:///system', () => {
  let conn: LibvirtConnection;
  const name = `${prefix}-guest`;
  before(async () => {
    conn = await connect(QEMU);
  });
  after(async () => {
    virshQuiet(QEMU, 'destroy', name);
    virshQuiet(QEMU, 'undefine', name);
    await conn.close();
  });

  it('defines, starts, inspects, stops and undefines while lifecycle events arrive', async () => {
    const events = await conn.domainEvents({ events: ['lifecycle'] });
    const dom = await conn.defineDomainXml(tinyQemuDomainXml(name));
    assert.equal((await dom.getState()).state, DomainState.SHUTOFF);
    await dom.create();
    const info = await dom.getInfo();
    assert.equal(info.state, DomainState.RUNNING);
    assert.equal(info.vcpus, 1);
    assert.equal(info.maxMemoryKiB, 64 * 1024);

    // libvirt's own client sees what we started
    assert.match(virsh(QEMU, 'domstate', name), /running/);

    // stats: wait until QEMU has used some CPU
    let cpuTime = 0n;
    for (let i = 0; i < 50 && cpuTime === 0n; i++) {
      const [rec] = await conn.getDomainStats([dom]);
      cpuTime = BigInt(rec.params['cpu.time'] as bigint | number);
      if (cpuTime === 0n) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(cpuTime > 0n, 'cpu.time stays 0');
    const mem = await dom.memoryStats();
    assert.ok('RSS' in mem && 'ACTUAL_BALLOON' in mem, `memory stats: ${Object.keys(mem).join(',')}`);
    const xml = await dom.getXmlDesc();
    assert.match(xml, new RegExp(`<name>${name}</name>`));
    assert.match(xml, /<domain type='qemu' id='\d+'/);

    await dom.destroy();
    assert.equal((await dom.getState()).state, DomainState.SHUTOFF);
    await dom.undefine();
    await assert.rejects(conn.lookupDomainByName(name), (e: unknown) => e instanceof LibvirtError && e.code === ErrorCode.NO_DOMAIN);

    const seen: number[] = [];
    for await (const ev of events) {
      if (ev.type === 'lifecycle' && ev.domain.name === name) seen.push(ev.event);
      if (seen.includes(DomainEventType.UNDEFINED)) break;
    }
    assert.deepEqual(
      // QEMU's exit after destroy may add SHUTDOWN(FINISHED); resume events depend on the QEMU version
      seen.filter((e) => e !== DomainEventType.RESUMED && e !== DomainEventType.SHUTDOWN),
      [DomainEventType.DEFINED, DomainEventType.STARTED, DomainEventType.STOPPED, DomainEventType.UNDEFINED],
    );
    await events.close();
  });

  it('opens the serial console of a running guest as a stream', async () => {
    const dom = await conn.createDomainXml(tinyQemuDomainXml(name));
    try {
      const stream = await dom.openConsole(null, 0);
      await stream.write(Buffer.from('\r'));
      await stream.abort();
    } finally {
      await dom.destroy();
    }
  });
});

describe('interop with libvirt\'s own clients', () => {
  let conn: LibvirtConnection;
  const byVirsh = `${prefix}-by-virsh`;
  const byUs = `${prefix}-by-us`;
  let dir: string;
  before(async () => {
    conn = await connect(QEMU);
    dir = mkdtempSync(join(tmpdir(), 'stratus-interop-'));
  });
  after(async () => {
    for (const n of [byVirsh, byUs]) virshQuiet(QEMU, 'undefine', n);
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees a domain virsh defined, and virsh and libvirt-python see ours', async () => {
    const file = join(dir, 'd.xml');
    (await import('node:fs')).writeFileSync(file, tinyQemuDomainXml(byVirsh));
    virsh(QEMU, 'define', file);
    const theirs = await conn.lookupDomainByName(byVirsh);
    assert.equal(theirs.uuid, virsh(QEMU, 'domuuid', byVirsh).trim());

    const ours = await conn.defineDomainXml(tinyQemuDomainXml(byUs));
    assert.equal(virsh(QEMU, 'domuuid', byUs).trim(), ours.uuid);
    assert.equal(python(`import libvirt; print(libvirt.open('${QEMU}').lookupByName('${byUs}').UUIDString())`), ours.uuid);
    const listed = (await conn.listAllDomains()).map((d) => d.name);
    assert.ok(listed.includes(byUs) && listed.includes(byVirsh));
  });
});

describe('storage volume streams (1 GiB sparse)', () => {
  let conn: LibvirtConnection;
  let dir: string;
  const poolName = `${prefix}-pool`;
  const GiB = 1024 * 1024 * 1024;
  before(async () => {
    conn = await connect(QEMU);
    dir = mkdtempSync(join(tmpdir(), 'stratus-pool-'));
  });
  after(async () => {
    virshQuiet(QEMU, 'pool-destroy', poolName);
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads 1 GiB with holes without buffering it, and downloads it back as data + holes', async () => {
    const pool = await conn.createStoragePoolXml(`<pool type='dir'><name>${poolName}</name><target><path>${dir}</path></target></pool>`);
    const vol = await pool.createVolumeXml(`<volume><name>big.raw</name><capacity unit='bytes'>${GiB}</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>`);
    const head = Buffer.alloc(1024 * 1024, 0xab);
    const tail = Buffer.alloc(1024 * 1024, 0xcd);

    const rss0 = process.memoryUsage().rss;
    const up = await vol.upload(0, GiB, StorageVolUploadFlags.SPARSE_STREAM);
    await up.write(head);
    await up.sendHole(GiB - 2 * head.length);
    await up.write(tail);
    await up.finish();
    const grown = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    assert.ok(grown < 64, `RSS grew ${grown.toFixed(1)} MB for a 1 GiB sparse upload`);

    // the file on disk: right size, sparse, right bytes at both ends
    const path = await vol.getPath();
    const st = statSync(path);
    assert.equal(st.size, GiB);
    assert.ok(st.blocks * 512 < 64 * 1024 * 1024, `file allocates ${st.blocks * 512} bytes`);
    const fd = openSync(path, 'r');
    const probe = Buffer.alloc(4);
    readSync(fd, probe, 0, 4, 0);
    assert.deepEqual([...probe], [0xab, 0xab, 0xab, 0xab]);
    readSync(fd, probe, 0, 4, GiB - 4);
    assert.deepEqual([...probe], [0xcd, 0xcd, 0xcd, 0xcd]);
    readSync(fd, probe, 0, 4, GiB / 2);
    assert.deepEqual([...probe], [0, 0, 0, 0]);
    closeSync(fd);

    const down = await vol.download(0, GiB, StorageVolDownloadFlags.SPARSE_STREAM);
    let data = 0;
    let holes = 0n;
    let first: number | undefined;
    let last: number | undefined;
    for await (const chunk of down) {
      if (chunk.data) {
        first ??= chunk.data[0];
        last = chunk.data[chunk.data.length - 1];
        data += chunk.data.length;
      } else holes += chunk.hole;
    }
    await down.finish();
    assert.equal(BigInt(data) + holes, BigInt(GiB));
    assert.ok(holes >= BigInt(GiB - 4 * 1024 * 1024), `holes ${holes}`);
    assert.equal(first, 0xab);
    assert.equal(last, 0xcd);

    await vol.delete();
    await pool.destroy();
  });
});
