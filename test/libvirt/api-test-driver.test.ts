// The typed API against the daemon's test driver (test+unix:///default): broad coverage of
// connect, domain, snapshot, pool, volume and network calls, errors and events. The test driver's
// state is shared by every client of the daemon, so everything made here is named stratus-api-*
// with this process's pid and removed again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type LibvirtConnection } from '../../src/libvirt/index.js';
import {
  Domain,
  DomainSnapshot,
  Network,
  StoragePool,
  type DomainEvent,
  type DomainEventSubscription,
  type DomainLifecycleEvent,
} from '../../src/libvirt/api/index.js';
import { ErrorCode, ErrorDomain, LibvirtError } from '../../src/libvirt/errors.js';
import {
  ConnectListAllDomainsFlags,
  DomainDefineFlags,
  DomainEventType,
  DomainModificationImpact,
  DomainState,
  DomainXMLFlags,
  DrvFeature,
  NetworkUpdateCommand,
  NetworkUpdateFlags,
  NetworkUpdateSection,
  StoragePoolState,
  StorageVolInfoFlags,
} from '../../src/libvirt/protocol/constants.js';

const URI = 'test+unix:///default';
const tag = `stratus-api-${process.pid}`;

const domainXml = (name: string) => `<domain type='test'>
  <name>${name}</name>
  <memory unit='KiB'>131072</memory>
  <vcpu>2</vcpu>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/guest/${name}.img'/><target dev='vda' bus='virtio'/></disk>
  </devices>
</domain>`;

/** Rejects with a LibvirtError of `code` that names `procedure`. */
function libvirtError(code: number, procedure?: string) {
  return (err: unknown) => {
    assert.ok(err instanceof LibvirtError, `expected LibvirtError, got ${String(err)}`);
    assert.equal(err.code, code, `code ${err.codeName}: ${err.message}`);
    if (procedure) assert.equal(err.procedure, procedure);
    return true;
  };
}

/**
 * Waits for the next `n` events about this test's domains (other clients of the shared test
 * driver may cause events too), with a deadline so a missing event fails instead of hanging.
 */
async function take(sub: DomainEventSubscription, n: number, ms = 5000): Promise<DomainEvent[]> {
  const out: DomainEvent[] = [];
  const deadline = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`only ${out.length} of ${n} events within ${ms} ms`)), ms).unref());
  while (out.length < n) {
    const r = await Promise.race([sub.next(), deadline]);
    if (r.done) break;
    if (r.value.domain.name.startsWith(tag)) out.push(r.value);
  }
  return out;
}

const lifecycle = (evs: DomainEvent[]) =>
  evs.filter((e): e is DomainLifecycleEvent => e.type === 'lifecycle').map((e) => `${e.domain.name}:${e.eventName}/${e.detailName}`);

let conn: LibvirtConnection;

async function cleanup(): Promise<void> {
  for (const d of await conn.listAllDomains()) {
    if (!d.name.startsWith(tag)) continue;
    if (await d.isActive()) await d.destroy().catch(() => undefined);
    await d.undefine().catch(() => undefined);
  }
  for (const p of await conn.listAllStoragePools()) {
    if (!p.name.startsWith(tag)) continue;
    if (await p.isActive()) await p.destroy().catch(() => undefined);
    await p.undefine().catch(() => undefined);
  }
  const pool = await conn.lookupStoragePoolByName('default-pool');
  for (const v of await pool.listAllVolumes()) if (v.name.startsWith(tag)) await v.delete().catch(() => undefined);
  for (const n of await conn.listAllNetworks()) {
    if (!n.name.startsWith(tag)) continue;
    if (await n.isActive()) await n.destroy().catch(() => undefined);
    await n.undefine().catch(() => undefined);
  }
}

before(async () => {
  conn = await connect(URI);
  await cleanup();
});

after(async () => {
  await cleanup();
  await conn.close();
});

describe('connection and host', () => {
  it('reports versions, names and the URI', async () => {
    const lib = await conn.getLibVersion();
    assert.ok(lib >= 1_000_000, `libvirt ${lib}`);
    assert.equal(typeof (await conn.getVersion()), 'number');
    assert.ok((await conn.getHostname()).length > 0);
    assert.equal(await conn.getUri(), 'test:///default');
    assert.equal(await conn.getType(), 'TEST');
    assert.equal(await conn.isSecure(), true);
    assert.ok((await conn.getMaxVcpus()) > 0);
    assert.match(await conn.getSysinfo(), /<sysinfo/);
    assert.equal(await conn.supportsFeature(DrvFeature.REMOTE_EVENT_CALLBACK), true);
    assert.equal(await conn.supportsFeature(DrvFeature.PROGRAM_KEEPALIVE), true);
  });

  it('returns capabilities and the test host’s fixed node facts', async () => {
    assert.match(await conn.getCapabilities(), /<capabilities>[\s\S]*<host>/);
    const info = await conn.getNodeInfo();
    assert.deepEqual(info, { model: 'i686', memoryKiB: 3145728, cpus: 16, mhz: 1400, nodes: 2, sockets: 2, cores: 2, threads: 2 });
    const cpu = await conn.getNodeCpuStats();
    for (const k of ['kernel', 'user', 'idle', 'iowait']) assert.equal(typeof cpu[k], 'bigint', k);
    assert.equal(typeof (await conn.getFreeMemory()), 'bigint');
    const cells = await conn.getCellsFreeMemory(0, 2);
    assert.equal(cells.length, 2);
  });

  it('turns the daemon’s errors into LibvirtError with code, domain and procedure', async () => {
    await assert.rejects(conn.getDomainCapabilities(), libvirtError(ErrorCode.NO_SUPPORT, 'CONNECT_GET_DOMAIN_CAPABILITIES'));
    await assert.rejects(conn.lookupDomainByName(`${tag}-missing`), (err: unknown) => {
      assert.ok(err instanceof LibvirtError);
      assert.equal(err.code, ErrorCode.NO_DOMAIN);
      assert.equal(err.codeName, 'VIR_ERR_NO_DOMAIN');
      assert.equal(err.domain, ErrorDomain.TEST);
      assert.equal(err.domainName, 'VIR_FROM_TEST');
      assert.equal(err.procedure, 'DOMAIN_LOOKUP_BY_NAME');
      assert.equal(err.levelName, 'ERROR');
      assert.ok(err.message.length > 0);
      return true;
    });
    await assert.rejects(conn.lookupDomainByUuid('00000000-0000-0000-0000-00000000beef'), libvirtError(ErrorCode.NO_DOMAIN));
    await assert.rejects(conn.lookupStoragePoolByName(`${tag}-missing`), libvirtError(ErrorCode.NO_STORAGE_POOL));
    await assert.rejects(conn.lookupNetworkByName(`${tag}-missing`), libvirtError(ErrorCode.NO_NETWORK));
    // The connection stays usable after errors.
    assert.equal(await conn.getType(), 'TEST');
  });
});

describe('the built-in "test" domain', () => {
  let dom: Domain;
  before(async () => {
    dom = await conn.lookupDomainByName('test');
  });

  it('is found by name, uuid and id, and in the lists', async () => {
    const byUuid = await conn.lookupDomainByUuid(dom.uuid);
    const byId = await conn.lookupDomainById(dom.id);
    assert.deepEqual(byUuid.ref, dom.ref);
    assert.deepEqual(byId.ref, dom.ref);
    assert.ok((await conn.listAllDomains()).some((d) => d.uuid === dom.uuid));
    assert.ok((await conn.listAllDomains(ConnectListAllDomainsFlags.ACTIVE)).some((d) => d.uuid === dom.uuid));
    assert.ok(!(await conn.listAllDomains(ConnectListAllDomainsFlags.INACTIVE)).some((d) => d.uuid === dom.uuid));
    assert.ok((await conn.numOfDomains()) >= 1);
  });

  it('has info, state, XML and flags', async () => {
    const info = await dom.getInfo();
    assert.equal(info.state, DomainState.RUNNING);
    assert.equal(info.maxMemoryKiB, 8388608);
    assert.equal(typeof info.cpuTimeNs, 'bigint');
    assert.equal(info.vcpus, 2);
    assert.deepEqual(await dom.getState(), { state: DomainState.RUNNING, reason: 0 });
    assert.match(await dom.getXmlDesc(), /<name>test<\/name>/);
    assert.match(await dom.getXmlDesc(DomainXMLFlags.INACTIVE), /<domain type='test'/);
    assert.equal(await dom.isActive(), true);
    assert.equal(await dom.isPersistent(), true);
    assert.equal(await dom.getOsType(), 'linux');
    assert.equal(await dom.getMaxMemoryKiB(), 8388608);
    assert.equal(await dom.getVcpusFlags(), 2);
    assert.equal(typeof (await dom.getHostname()), 'string');
  });

  it('reports statistics', async () => {
    const block = await dom.blockStats('vda');
    assert.equal(typeof block.rdBytes, 'bigint');
    const net = await dom.interfaceStats('testnet0');
    assert.equal(typeof net.txBytes, 'bigint');
    const mem = await dom.memoryStats();
    assert.equal(mem.ACTUAL_BALLOON, 2097152n);
    const vcpus = await dom.getVcpus(2, 2);
    assert.equal(vcpus.info.length, 2);
    assert.equal(vcpus.cpumaps.length, 4);
    const [total] = await dom.getCpuStats();
    assert.equal(typeof total.cpu_time, 'bigint');
    const perCpu = await dom.getCpuStats(0, 2);
    assert.equal(perCpu.length, 2);
    assert.equal(typeof perCpu[0].cpu_time, 'bigint');
    const addrs = await dom.interfaceAddresses(0);
    assert.ok(addrs[0].addrs.length > 0);
    const memParams = await dom.getMemoryParameters();
    assert.ok('hard_limit' in memParams);
    await assert.rejects(dom.blockStatsFlags('vda'), libvirtError(ErrorCode.NO_SUPPORT, 'DOMAIN_BLOCK_STATS_FLAGS'));
  });

  it('returns domain stats records with Domain objects', async () => {
    const all = await conn.getAllDomainStats();
    const mine = all.find((r) => r.domain.uuid === dom.uuid);
    assert.ok(mine);
    assert.ok(mine.domain instanceof Domain);
    assert.equal(mine.params['state.state'], DomainState.RUNNING);
    const listed = await conn.getDomainStats([dom]);
    assert.equal(listed.length, 1);
    assert.deepEqual(listed[0].params, mine.params);
    assert.deepEqual(await dom.getStats(), mine.params);
  });

  it('sets and reads autostart', async () => {
    const before = await dom.getAutostart();
    await dom.setAutostart(!before);
    assert.equal(await dom.getAutostart(), !before);
    await dom.setAutostart(before);
    assert.equal(await dom.getAutostart(), before);
  });
});

describe('a domain’s life, with events', () => {
  let events: DomainEventSubscription;
  let unrelated: DomainEventSubscription;
  const name = `${tag}-life`;

  let quiet: Domain;

  before(async () => {
    events = await conn.domainEvents({ events: ['lifecycle', 'reboot'] });
    // Filtered by the daemon to a domain nothing touches: must see none of the others' events.
    quiet = await conn.defineDomainXml(domainXml(`${tag}-quiet`));
    unrelated = await conn.domainEvents({ domain: quiet });
    await take(events, 1);
  });
  after(async () => {
    await events.close();
    await unrelated.close();
    await quiet.undefine();
  });

  it('defines, starts, pauses, resumes, stops and undefines, each with its lifecycle event', async () => {
    assert.equal(events.callbackIds.length, 2);
    const dom = await conn.defineDomainXml(domainXml(name));
    assert.equal(dom.name, name);
    assert.equal(dom.id, -1);
    assert.equal(await dom.isActive(), false);
    assert.deepEqual(lifecycle(await take(events, 1)), [`${name}:DEFINED/ADDED`]);

    const running = await dom.create();
    assert.ok(running.id > 0, 'create returns the domain with its id');
    assert.equal((await running.getState()).state, DomainState.RUNNING);
    await running.suspend();
    assert.equal((await running.getState()).state, DomainState.PAUSED);
    await running.resume();
    await running.destroy();
    assert.equal((await dom.getState()).state, DomainState.SHUTOFF);
    await dom.undefine();
    await assert.rejects(conn.lookupDomainByName(name), libvirtError(ErrorCode.NO_DOMAIN));

    assert.deepEqual(lifecycle(await take(events, 5)), [
      `${name}:STARTED/BOOTED`,
      `${name}:SUSPENDED/PAUSED`,
      `${name}:RESUMED/UNPAUSED`,
      `${name}:STOPPED/DESTROYED`,
      `${name}:UNDEFINED/REMOVED`,
    ]);
  });

  it('shuts down, reboots, resets and uses a managed save image', async () => {
    const dom = await conn.defineDomainXml(domainXml(`${name}-2`), DomainDefineFlags.VALIDATE);
    await take(events, 1);
    await dom.create();
    await dom.reboot();
    await dom.reset();
    await dom.shutdown();
    assert.equal((await dom.getState()).state, DomainState.SHUTOFF);
    await dom.create();
    await dom.managedSave();
    assert.equal(await dom.hasManagedSaveImage(), true);
    await dom.managedSaveRemove();
    assert.equal(await dom.hasManagedSaveImage(), false);
    await dom.undefine();
    assert.deepEqual(lifecycle(await take(events, 5)), [
      `${name}-2:STARTED/BOOTED`,
      `${name}-2:STOPPED/SHUTDOWN`,
      `${name}-2:STARTED/BOOTED`,
      `${name}-2:STOPPED/SAVED`,
      `${name}-2:UNDEFINED/REMOVED`,
    ]);
  });

  it('saves to a file and restores from it', async () => {
    const dom = await conn.defineDomainXml(domainXml(`${name}-saved`));
    await take(events, 1);
    await dom.create();
    const file = `/tmp/${name}-saved.img`;
    await dom.save(file);
    assert.equal((await dom.getState()).state, DomainState.SHUTOFF);
    assert.match(await conn.getSaveImageXmlDesc(file), new RegExp(`<name>${name}-saved</name>`));
    await conn.restoreDomain(file);
    assert.equal((await dom.getState()).state, DomainState.RUNNING);
    await dom.destroy();
    await dom.undefine();
    assert.deepEqual(lifecycle(await take(events, 5)), [
      `${name}-saved:STARTED/BOOTED`,
      `${name}-saved:STOPPED/SAVED`,
      `${name}-saved:STARTED/RESTORED`,
      `${name}-saved:STOPPED/DESTROYED`,
      `${name}-saved:UNDEFINED/REMOVED`,
    ]);
  });

  it('changes memory and vCPUs of the persistent config', async () => {
    const dom = await conn.defineDomainXml(domainXml(`${name}-3`));
    await dom.setMemoryFlags(65536, DomainModificationImpact.CONFIG);
    await dom.setVcpusFlags(1, DomainModificationImpact.CONFIG);
    const xml = await dom.getXmlDesc(DomainXMLFlags.INACTIVE);
    assert.match(xml, /<currentMemory unit='KiB'>65536<\/currentMemory>/);
    assert.match(xml, /<vcpu placement='static'[^>]*>1<\/vcpu>|<vcpu[^>]*current='1'/);
    await dom.undefine();
  });

  it('runs a transient domain from XML', async () => {
    const dom = await conn.createDomainXml(domainXml(`${name}-transient`));
    assert.ok(dom.id > 0);
    assert.equal(await dom.isPersistent(), false);
    await dom.destroy();
    await assert.rejects(dom.getInfo(), libvirtError(ErrorCode.NO_DOMAIN));
  });

  it('delivers nothing to a subscription filtered to another domain, and ends on close()', async () => {
    const r = await Promise.race([unrelated.next(), new Promise((res) => setTimeout(() => res('quiet'), 200))]);
    assert.equal(r, 'quiet');
    const ids = unrelated.callbackIds;
    assert.equal(ids.length, 1);
    await unrelated.close();
    assert.deepEqual(await unrelated.next(), { value: undefined, done: true });
    assert.deepEqual(unrelated.callbackIds, []);
  });

  it('shares one daemon registration between subscriptions of the same kind', async () => {
    const a = await conn.domainEvents();
    const b = await conn.domainEvents();
    assert.deepEqual(a.callbackIds, b.callbackIds, 'the daemon allows one registration per kind and filter');
    const dom = await conn.defineDomainXml(domainXml(`${name}-shared`));
    assert.deepEqual(lifecycle(await take(a, 1)), [`${name}-shared:DEFINED/ADDED`]);
    assert.deepEqual(lifecycle(await take(b, 1)), [`${name}-shared:DEFINED/ADDED`]);
    await a.close();
    await dom.undefine();
    assert.deepEqual(lifecycle(await take(b, 1)), [`${name}-shared:UNDEFINED/REMOVED`], 'the other subscription still receives');
    await b.close();
    // Both closed: a new subscription registers afresh.
    const c = await conn.domainEvents();
    assert.equal(c.callbackIds.length, 1);
    await c.close();
    await take(events, 2);
  });

  it('ends subscriptions with the reason when the connection closes', async () => {
    const other = await connect(URI);
    const sub = await other.domainEvents({ events: ['lifecycle', 'reboot'] });
    const pending = sub.next();
    await other.close();
    await assert.rejects(pending, (err: unknown) => err instanceof Error);
    assert.deepEqual(await sub.next(), { value: undefined, done: true });
    await sub.close();
  });

  it('closes a subscription when its AbortSignal fires', async () => {
    const ac = new AbortController();
    const sub = await conn.domainEvents({ signal: ac.signal });
    const pending = sub.next();
    ac.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
  });

  it('can be consumed with for-await and left with break', async () => {
    const sub = await conn.domainEvents();
    const dom = await conn.defineDomainXml(domainXml(`${name}-4`));
    let first: DomainEvent | undefined;
    for await (const e of sub) {
      if (!e.domain.name.startsWith(tag)) continue;
      first = e;
      break;
    }
    assert.equal(first?.type, 'lifecycle');
    assert.equal((first as DomainLifecycleEvent).event, DomainEventType.DEFINED);
    assert.deepEqual(await sub.next(), { value: undefined, done: true }, 'break closed it');
    await dom.undefine();
  });
});

describe('snapshots', () => {
  it('creates, lists, looks up, reverts to and deletes snapshots', async () => {
    const dom = await conn.defineDomainXml(domainXml(`${tag}-snap`));
    const running = await dom.create();
    assert.equal(await running.hasCurrentSnapshot(), false);
    const s1 = await running.createSnapshotXml(`<domainsnapshot><name>one</name></domainsnapshot>`);
    assert.ok(s1 instanceof DomainSnapshot);
    assert.equal(s1.name, 'one');
    assert.equal(s1.domain.uuid, dom.uuid);
    const s2 = await running.createSnapshotXml(`<domainsnapshot><name>two</name></domainsnapshot>`);
    assert.deepEqual((await running.listAllSnapshots()).map((s) => s.name).sort(), ['one', 'two']);
    assert.equal(await running.snapshotNum(), 2);
    assert.equal((await running.currentSnapshot()).name, 'two');
    assert.equal(await running.hasCurrentSnapshot(), true);
    assert.equal((await running.lookupSnapshotByName('one')).name, 'one');
    assert.equal((await s2.getParent()).name, 'one');
    assert.deepEqual((await s1.listAllChildren()).map((s) => s.name), ['two']);
    assert.match(await s1.getXmlDesc(), /<name>one<\/name>/);
    assert.equal(await s2.isCurrent(), true);
    assert.equal(await s1.hasMetadata(), true);
    await s1.revert();
    assert.equal(await s1.isCurrent(), true);
    await s2.delete();
    await s1.delete();
    assert.equal(await running.snapshotNum(), 0);
    await assert.rejects(running.lookupSnapshotByName('one'), libvirtError(ErrorCode.NO_DOMAIN_SNAPSHOT));
    await running.destroy();
    await dom.undefine();
  });
});

describe('storage pools and volumes', () => {
  it('reads the default pool', async () => {
    const pool = await conn.lookupStoragePoolByName('default-pool');
    const info = await pool.getInfo();
    assert.equal(info.state, StoragePoolState.RUNNING);
    assert.equal(typeof info.capacity, 'bigint');
    assert.match(await pool.getXmlDesc(), /<pool type='dir'>/);
    assert.deepEqual((await conn.lookupStoragePoolByUuid(pool.uuid)).ref, pool.ref);
    assert.ok((await conn.listAllStoragePools()).some((p) => p.name === 'default-pool'));
    assert.equal(await pool.isActive(), true);
  });

  it('defines, builds, starts, refreshes, stops, deletes and undefines a pool', async () => {
    const name = `${tag}-pool`;
    const pool = await conn.defineStoragePoolXml(
      `<pool type='dir'><name>${name}</name><target><path>/${name}</path></target></pool>`,
    );
    assert.ok(pool instanceof StoragePool);
    assert.equal(await pool.isPersistent(), true);
    assert.equal(await pool.isActive(), false);
    await pool.build();
    await pool.create();
    await pool.refresh();
    assert.equal((await pool.getInfo()).state, StoragePoolState.RUNNING);
    await pool.setAutostart(true);
    assert.equal(await pool.getAutostart(), true);
    await pool.destroy();
    await pool.delete();
    await pool.undefine();
    await assert.rejects(conn.lookupStoragePoolByName(name), libvirtError(ErrorCode.NO_STORAGE_POOL));
  });

  it('creates, clones, finds, inspects and deletes volumes', async () => {
    const pool = await conn.lookupStoragePoolByName('default-pool');
    const before = await pool.numOfVolumes();
    const vol = await pool.createVolumeXml(`<volume><name>${tag}-a.img</name><capacity>1048576</capacity></volume>`);
    assert.equal(vol.name, `${tag}-a.img`);
    assert.equal(vol.poolName, 'default-pool');
    const clone = await pool.createVolumeXmlFrom(`<volume><name>${tag}-b.img</name><capacity>1048576</capacity></volume>`, vol);
    assert.equal(await pool.numOfVolumes(), before + 2);
    assert.deepEqual(
      (await pool.listAllVolumes()).map((v) => v.name).filter((n) => n.startsWith(tag)).sort(),
      [`${tag}-a.img`, `${tag}-b.img`],
    );
    const path = await vol.getPath();
    assert.deepEqual((await conn.lookupStorageVolumeByPath(path)).ref, vol.ref);
    assert.deepEqual((await conn.lookupStorageVolumeByKey(vol.key)).ref, vol.ref);
    assert.deepEqual((await pool.lookupVolumeByName(vol.name)).ref, vol.ref);
    assert.equal((await vol.lookupPool()).name, 'default-pool');
    const info = await vol.getInfo();
    assert.equal(info.capacity, 1048576n);
    assert.deepEqual(await vol.getInfo(StorageVolInfoFlags.USE_ALLOCATION), info);
    assert.match(await vol.getXmlDesc(), new RegExp(`<name>${tag}-a.img</name>`));
    // The test driver has no data path: streams fail cleanly with the daemon's error.
    await assert.rejects(vol.upload(), libvirtError(ErrorCode.NO_SUPPORT, 'STORAGE_VOL_UPLOAD'));
    await assert.rejects(vol.download(), libvirtError(ErrorCode.NO_SUPPORT, 'STORAGE_VOL_DOWNLOAD'));
    await clone.delete();
    await vol.delete();
    assert.equal(await pool.numOfVolumes(), before);
  });
});

describe('host devices', () => {
  it('lists, finds and describes node devices', async () => {
    const names = (await conn.listAllNodeDevices()).map((d) => d.name);
    assert.ok(names.includes('computer'));
    const host = await conn.lookupNodeDeviceByName('scsi_host1');
    assert.equal(await host.getParent(), 'computer');
    assert.deepEqual(await host.listCaps(), ['scsi_host']);
    assert.match(await host.getXmlDesc(), /<name>scsi_host1<\/name>/);
    assert.equal(await (await conn.lookupNodeDeviceByName('computer')).getParent(), null);
    await assert.rejects(conn.lookupNodeDeviceByName(`${tag}-missing`), libvirtError(ErrorCode.NO_NODE_DEVICE));
  });
});

describe('networks', () => {
  const netXml = (name: string, octet: number) => `<network>
  <name>${name}</name>
  <bridge name='stv${octet}'/>
  <ip address='192.168.${octet}.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.${octet}.2' end='192.168.${octet}.254'/></dhcp>
  </ip>
</network>`;

  it('defines, starts, updates, stops and undefines a network', async () => {
    const name = `${tag}-net`;
    const net = await conn.defineNetworkXml(netXml(name, 211));
    assert.ok(net instanceof Network);
    assert.equal(await net.isActive(), false);
    assert.equal(await net.isPersistent(), true);
    await net.create();
    assert.equal(await net.isActive(), true);
    assert.equal(await net.getBridgeName(), 'stv211');
    assert.deepEqual((await conn.lookupNetworkByName(name)).ref, net.ref);
    assert.deepEqual((await conn.lookupNetworkByUuid(net.uuid)).ref, net.ref);
    assert.ok((await conn.listAllNetworks()).some((n) => n.uuid === net.uuid));
    await net.setAutostart(true);
    assert.equal(await net.getAutostart(), true);
    // ADD_LAST (3) and IP_DHCP_HOST (4) differ, so a swapped order on the wire would fail.
    await net.update(
      NetworkUpdateCommand.ADD_LAST,
      NetworkUpdateSection.IP_DHCP_HOST,
      -1,
      `<host mac='52:54:00:aa:bb:cc' ip='192.168.211.9'/>`,
      NetworkUpdateFlags.LIVE | NetworkUpdateFlags.CONFIG,
    );
    assert.match(await net.getXmlDesc(), /<host mac='52:54:00:aa:bb:cc' ip='192.168.211.9'\/>/);
    await assert.rejects(net.getDhcpLeases(), libvirtError(ErrorCode.NO_SUPPORT, 'NETWORK_GET_DHCP_LEASES'));
    await net.destroy();
    await net.undefine();
    await assert.rejects(conn.lookupNetworkByName(name), libvirtError(ErrorCode.NO_NETWORK));
  });

  it('runs a transient network from XML', async () => {
    const net = await conn.createNetworkXml(netXml(`${tag}-tnet`, 212));
    assert.equal(await net.isActive(), true);
    assert.equal(await net.isPersistent(), false);
    await net.destroy();
  });
});
