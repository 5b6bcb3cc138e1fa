/**
 * Typed reads on real documents, edits that touch only their own nodes, documents built from
 * scratch (validated with libvirt's virt-xml-validate), and bad values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Capabilities,
  ConfigError,
  Domain,
  DomainCapabilities,
  DomainSnapshot,
  Network,
  Secret,
  StoragePool,
  StorageVolume,
  SupportedItem,
  parseCapabilities,
  parseDocument,
  parseDomainCapabilities,
  parseDomainSnapshot,
  parseNetwork,
  parseSecret,
  parseStoragePool,
  parseStorageVolume,
  toBytes,
} from '../../src/config/index.js';
import { lineDiff } from '../helpers/line-diff.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'xml');
const fixture = (p: string) => readFileSync(join(FIX, p), 'utf8');

/** Lines that differ between two texts (for "only these lines changed" checks). */
export const changedLines = (before: string, after: string) => lineDiff(before, after);

function invalid(fn: () => unknown, path: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.code === 'INVALID_VALUE' && e.path === path && e.message.includes(path));
}

// ---- capabilities --------------------------------------------------------------------------------

test('capabilities (qemu driver): host and guests', () => {
  const caps = parseCapabilities(fixture('capabilities/qemu-x86_64.xml'));
  const host = caps.host!;
  assert.equal(host.uuid, 'af4513f0-f529-4343-9fca-26a3f7551a8c');
  assert.equal(host.cpu?.arch, 'x86_64');
  assert.equal(host.cpu?.model, 'kvm64');
  assert.equal(host.cpu?.vendor, 'AMD');
  assert.deepEqual(host.cpu?.topology, { sockets: 1, dies: 1, cores: 2, threads: 1 });
  assert.ok(host.cpu?.features.includes('avx2'));
  assert.deepEqual(host.cpu?.pageSizes.map((p) => toBytes(p)), [4096n, 2097152n, 1073741824n]);
  assert.deepEqual(host.powerManagement, []);
  assert.deepEqual(host.migrationFeatures, { live: true, uriTransports: ['tcp', 'rdma'] });
  assert.equal(host.cells.length, 1);
  assert.deepEqual(host.cells.at(0)?.memory, { value: 4679896, unit: 'KiB' });
  assert.deepEqual(host.cells.at(0)?.cpus.map((c) => c.id), [0, 1]);
  assert.deepEqual([...host.cells.at(0)!.distances], [[0, 10]]);
  assert.deepEqual(host.secmodels.map((s) => s.model), ['none', 'dac']);
  assert.equal(host.secmodels.at(1)?.baseLabels.get('kvm'), '+64055:+64055');
  assert.equal(caps.guests.length, 2);
  const g = caps.guests.at(1)!;
  assert.equal(g.osType, 'hvm');
  assert.equal(g.arch, 'x86_64');
  assert.equal(g.wordsize, 64);
  assert.equal(g.emulator, '/usr/bin/qemu-system-x86_64');
  assert.ok(g.machines.length > 10);
  assert.ok(g.machines.find((m) => m.name === 'pc')?.canonical?.startsWith('pc-i440fx'));
  assert.deepEqual(g.domainTypes, ['qemu', 'kvm']);
  assert.deepEqual(g.features.find((f) => f.name === 'acpi'), { name: 'acpi', default: 'on', toggle: true });
  assert.deepEqual(caps.supportedInstances(), [
    ['i686', 'qemu', 'hvm'],
    ['i686', 'kvm', 'hvm'],
    ['x86_64', 'qemu', 'hvm'],
    ['x86_64', 'kvm', 'hvm'],
  ]);
});

test('capabilities (test driver): cells, features flags, xen guests', () => {
  const caps = parseCapabilities(fixture('capabilities/test-driver.xml'));
  assert.deepEqual(caps.host?.cpu?.featureFlags, ['pae', 'nonpae']);
  assert.equal(caps.host?.cells.length, 2);
  assert.equal(caps.host?.cells.at(1)?.cpus.at(7)?.siblings, '15');
  assert.deepEqual(
    caps.supportedInstances().map((t) => t.join('/')),
    [...new Set(caps.guests.toArray().flatMap((g) => g.domainTypes.map((d) => `${g.arch}/${d}/${g.osType}`)))],
  );
});

test('capabilities built from scratch', () => {
  const caps = new Capabilities({
    host: { uuid: '00000000-0000-4000-8000-000000000001', cpu: { arch: 'aarch64', model: 'host', topology: { sockets: 1, cores: 4, threads: 1 } }, migrationFeatures: { live: true, uriTransports: ['tcp'] } },
    guests: [{ osType: 'HVM', arch: 'AMD64', wordsize: 64, emulator: '/usr/bin/qemu-system-x86_64', domains: [{ type: 'KVM' }, { type: 'qemu', machines: [{ name: 'q35' }] }] }],
  });
  assert.deepEqual(caps.supportedInstances(), [
    ['x86_64', 'kvm', 'hvm'],
    ['x86_64', 'qemu', 'hvm'],
  ]);
  const again = parseCapabilities(caps.toXML());
  assert.equal(again.host?.cpu?.arch, 'aarch64');
  assert.deepEqual(again.host?.cpu?.topology, { sockets: 1, cores: 4, threads: 1 });
  assert.equal(again.guests.at(0)?.domains.at(1)?.machines.at(0)?.name, 'q35');
  assert.match(caps.toXML(), /^<capabilities>\n {2}<host>\n {4}<uuid>/);
});

// ---- domain capabilities -------------------------------------------------------------------------

test('domain capabilities (qemu)', () => {
  const dc = parseDomainCapabilities(fixture('domcaps/qemu-x86_64.xml'));
  assert.equal(dc.path, '/usr/bin/qemu-system-x86_64');
  assert.equal(dc.domain, 'qemu');
  assert.equal(dc.arch, 'x86_64');
  assert.equal(dc.vcpuMax, 255);
  assert.equal(dc.iothreadsSupported, true);
  assert.equal(dc.cpuMode('host-passthrough')?.supported, false);
  assert.equal(dc.cpuMode('host-model')?.models[0]?.name, 'EPYC');
  const custom = dc.cpuMode('custom')!;
  assert.ok(custom.usableModels.includes('qemu64'));
  assert.equal(custom.models.find((m) => m.name === 'phenom')?.usable, 'no');
  assert.ok(dc.devices.get('disk')?.enums.get('bus')?.includes('virtio'));
  assert.ok(dc.devices.get('graphics')?.enums.get('type')?.includes('vnc'));
  assert.equal(dc.supports('genid'), true);
  assert.equal(dc.supports('sev'), false);
  assert.equal(dc.supports('no-such-feature'), false);
});

// ---- storage pools -------------------------------------------------------------------------------

test('storage pools: typed reads for netfs, logical, iscsi, fs, disk, scsi', () => {
  const netfs = parseStoragePool(fixture('pool/netfs.xml'));
  assert.equal(netfs.type, 'netfs');
  assert.equal(netfs.name, 'nfs-images');
  assert.deepEqual(netfs.capacity, { value: 0, unit: 'bytes' });
  assert.deepEqual(netfs.source?.hosts, [{ name: 'nfs.example.com', port: 2049 }]);
  assert.equal(netfs.source?.dir, '/export/images');
  assert.equal(netfs.source?.format, 'nfs');
  assert.equal(netfs.source?.protocolVersion, '4');
  assert.equal(netfs.target?.path, '/var/lib/stratus/nfs');
  assert.equal(netfs.target?.permissions?.mode, '0755');
  assert.equal(netfs.target?.permissions?.owner, 0);

  const lvm = parseStoragePool(fixture('pool/logical.xml'));
  assert.equal(lvm.type, 'logical');
  assert.deepEqual(lvm.source?.devices, ['/dev/sdb1', '/dev/sdc1']);
  assert.equal(lvm.source?.name, 'vg_stratus');
  assert.equal(lvm.source?.format, 'lvm2');

  const iscsi = parseStoragePool(fixture('pool/iscsi.xml'));
  assert.deepEqual(iscsi.source?.hosts, [{ name: 'iscsi.example.com' }]);
  assert.deepEqual(iscsi.source?.devices, ['iqn.2013-06.com.example:iscsi-pool']);
  assert.deepEqual(iscsi.source?.auth, { type: 'chap', username: 'myname', secretUsage: 'libvirtiscsi', secretUuid: undefined });
  assert.equal(iscsi.source?.initiatorIqn, 'iqn.2013-06.com.example:compute-1');

  const fs = parseStoragePool(fixture('pool/fs.xml'));
  assert.equal(fs.target?.permissions?.label, 'system_u:object_r:virt_image_t:s0');
  assert.equal(fs.target?.permissions?.group, 107);
  assert.equal(parseStoragePool(fixture('pool/disk.xml')).source?.format, 'gpt');
  assert.deepEqual(parseStoragePool(fixture('pool/scsi-fc.xml')).source?.adapter, {
    type: 'fc_host',
    parent: 'scsi_host3',
    managed: true,
    wwnn: '5001a4a93526d0a1',
    wwpn: '5001a4ace3ee047d',
  });
  const dir = parseStoragePool(fixture('pool/dir-test-driver.xml'));
  assert.equal(toBytes(dir.capacity!), 107374182400n);
});

test('storage pool edit touches only its own lines', () => {
  const xml = fixture('pool/netfs.xml');
  const pool = parseStoragePool(xml);
  pool.target!.permissions!.mode = '0700';
  pool.source!.dir = '/export/other';
  const diff = changedLines(xml, pool.toXML());
  assert.deepEqual(diff.removed, ["    <dir path='/export/images'/>", '      <mode>0755</mode>']);
  assert.deepEqual(diff.added, ["    <dir path='/export/other'/>", '      <mode>0700</mode>']);
});

test('storage pool bad values', () => {
  invalid(() => parseStoragePool("<pool type='dir'><capacity unit='bytes'>lots</capacity></pool>").capacity, '/pool/capacity');
  invalid(() => parseStoragePool("<pool type='dir'><capacity unit='parsec'>1</capacity></pool>").capacity, '/pool/capacity');
  invalid(() => parseStoragePool("<pool type='tape'/>").type, '/pool');
  invalid(() => parseStoragePool("<pool type='netfs'><source><host name='h' port='99999'/></source></pool>").source?.hosts, '/pool/source/host');
  invalid(() => parseStoragePool("<pool type='dir'><target><permissions><owner>-5</owner></permissions></target></pool>").target?.permissions?.owner, '/pool/target/permissions/owner');
  invalid(() => parseStoragePool("<pool type='dir'><target><permissions><mode>rwx</mode></permissions></target></pool>").target?.permissions?.mode, '/pool/target/permissions/mode');
  assert.throws(() => parseStoragePool('<network/>'), (e: unknown) => e instanceof ConfigError && e.code === 'WRONG_ROOT');
});

// ---- volumes -------------------------------------------------------------------------------------

test('storage volume: overlay with backing store', () => {
  const v = parseStorageVolume(fixture('volume/overlay-backing.xml'));
  assert.equal(v.type, 'file');
  assert.equal(v.name, 'instance-0000002a.disk');
  assert.equal(v.key, '/var/lib/stratus/instances/5f1c2a9e/disk');
  assert.deepEqual(v.capacity, { value: 20, unit: 'GiB' });
  assert.equal(toBytes(v.capacity!), 20n * 1024n ** 3n);
  assert.deepEqual(v.allocation, { value: 196608, unit: 'KiB' });
  assert.equal(v.target?.format, 'qcow2');
  assert.equal(v.target?.permissions?.owner, 64055);
  assert.equal(v.target?.compat, '1.1');
  assert.equal(v.target?.nocow, true);
  assert.equal(v.backingStore?.path, '/var/lib/stratus/instances/_base/8e3d0f6a');
  assert.equal(v.backingStore?.format, 'raw');
  assert.equal(v.backingStore?.permissions?.mode, '0644');
  const t = parseStorageVolume(fixture('volume/qcow2-test-driver.xml'));
  assert.equal(t.backingStore, undefined);
  assert.deepEqual(t.capacity, { value: 1073741824, unit: 'bytes' });
});

test('storage volume edits: resize and drop the backing store', () => {
  const xml = fixture('volume/overlay-backing.xml');
  const v = parseStorageVolume(xml);
  v.capacity = { value: 40, unit: 'GiB' };
  v.backingStore = undefined;
  const out = v.toXML();
  assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const diff = changedLines(xml, out);
  assert.deepEqual(diff.added, ["  <capacity unit='GiB'>40</capacity>"]);
  assert.equal(diff.removed.length, 1 + 7);
});

// ---- networks ------------------------------------------------------------------------------------

test('network: nat with dhcp (test driver)', () => {
  const n = parseNetwork(fixture('network/nat-test-driver.xml'));
  assert.equal(n.name, 'default');
  assert.equal(n.forward?.mode, 'nat');
  assert.deepEqual(n.bridge, { name: 'virbr0', stp: true, delay: 0 });
  const ip = n.ips.at(0)!;
  assert.equal(ip.address, '192.168.122.1');
  assert.equal(ip.netmask, '255.255.255.0');
  assert.equal(ip.prefixLength, 24);
  assert.deepEqual(ip.dhcpRanges, [{ start: '192.168.122.2', end: '192.168.122.254' }]);
});

test('network: isolated with hosts, dns, ipv6', () => {
  const n = parseNetwork(fixture('network/isolated.xml'));
  assert.equal(n.forward, undefined);
  assert.equal(n.mtu, 9000);
  assert.equal(n.mac, '52:54:00:0a:0b:0c');
  assert.equal(n.domainName, 'stratus.test');
  assert.equal(n.dns?.forwardPlainNames, false);
  assert.deepEqual(n.dns?.forwarders, ['8.8.8.8']);
  assert.equal(n.dns?.txt.get('example'), 'example & value');
  assert.deepEqual(n.dns?.hosts, [{ ip: '192.168.150.10', hostnames: ['db', 'db.stratus.test'] }]);
  assert.equal(n.ips.length, 2);
  assert.deepEqual(n.ips.at(0)?.dhcpHosts.map((h) => h.toJSON()), [
    { mac: '52:54:00:6c:3c:01', name: 'web', ip: '192.168.150.20' },
    { mac: '52:54:00:6c:3c:02', ip: '192.168.150.21' },
  ]);
  assert.equal(n.ips.at(1)?.family, 'ipv6');
  assert.equal(n.ips.at(1)?.prefixLength, 64);
  assert.deepEqual(parseNetwork(fixture('network/macvtap-pool.xml')).forward?.interfaces, ['eth10', 'eth11', 'eth12']);
  assert.equal(parseNetwork(fixture('network/hostdev-sriov.xml')).forward?.pf, 'eth3');
});

test('network edit: add a dhcp host, touching only that line', () => {
  const xml = fixture('network/isolated.xml');
  const n = parseNetwork(xml);
  const ip = n.ips.at(0)!;
  ip.dhcpHosts.push({ mac: '52:54:00:6c:3c:03', name: 'cache', ip: '192.168.150.22' });
  const diff = changedLines(xml, n.toXML());
  assert.deepEqual(diff.removed, []);
  assert.deepEqual(diff.added, ["      <host mac='52:54:00:6c:3c:03' name='cache' ip='192.168.150.22'/>"]);
});

test('network bad values', () => {
  invalid(() => parseNetwork("<network><forward mode='teleport'/></network>").forward?.mode, '/network/forward');
  invalid(() => parseNetwork("<network><bridge name='b' stp='yes'/></network>").bridge, '/network/bridge');
  invalid(() => parseNetwork("<network><ip address='10.0.0.1' netmask='255.0.255.0'/></network>").ips.at(0)?.prefixLength, '/network/ip');
  invalid(() => parseNetwork("<network><ip address='10.0.0.1' prefix='200'/></network>").ips.at(0)?.prefix, '/network/ip');
});

// ---- secrets and snapshots -----------------------------------------------------------------------

test('secrets', () => {
  const s = parseSecret(fixture('secret/volume.xml'));
  assert.equal(s.ephemeral, false);
  assert.equal(s.private, true);
  assert.equal(s.uuid, 'c1f11a6d-8c5d-4a3b-ac7a-4e171c5e0d4a');
  assert.deepEqual(s.usage, { type: 'volume', id: '/var/lib/stratus/instances/5f1c2a9e/disk' });
  assert.deepEqual(parseSecret(fixture('secret/ceph.xml')).usage, { type: 'ceph', id: 'client.stratus secret' });
  assert.deepEqual(parseSecret(fixture('secret/iscsi.xml')).usage, { type: 'iscsi', id: 'libvirtiscsi' });
  invalid(() => parseSecret("<secret ephemeral='maybe'/>").ephemeral, '/secret');
  invalid(() => parseSecret("<secret><usage type='kerberos'/></secret>").usage, '/secret/usage');
  s.usage = { type: 'ceph', id: 'client.admin' };
  assert.match(s.toXML(), /<usage type='ceph'>\n {4}<name>client\.admin<\/name>\n {2}<\/usage>/);
});

test('snapshots', () => {
  const s = parseDomainSnapshot(fixture('snapshot/internal-test-driver.xml'));
  assert.equal(s.name, 'snap2');
  assert.equal(s.description, 'second');
  assert.equal(s.state, 'running');
  assert.equal(s.parent, 'snap1');
  assert.equal(typeof s.creationTime, 'number');
  assert.ok(s.createdAt instanceof Date);
  assert.deepEqual(s.memory, { snapshot: 'internal' });
  assert.deepEqual(s.disks.map((d) => [d.name, d.snapshot]), [['vda', 'internal']]);
  assert.equal(s.domainElement?.child('name')?.text, 'test');
  const e = parseDomainSnapshot(fixture('snapshot/external-disks.xml'));
  assert.deepEqual(e.memory, { snapshot: 'external', file: '/var/lib/stratus/snapshots/before-upgrade.mem' });
  const vda = e.disks.at(0)!;
  assert.equal(vda.type, 'file');
  assert.equal(vda.sourceFile, '/var/lib/stratus/snapshots/before-upgrade.vda.qcow2');
  assert.equal(vda.driverType, 'qcow2');
  invalid(() => parseDomainSnapshot('<domainsnapshot><state>dreaming</state></domainsnapshot>').state, '/domainsnapshot/state');
  invalid(() => parseDomainSnapshot('<domainsnapshot><creationTime>yesterday</creationTime></domainsnapshot>').creationTime, '/domainsnapshot/creationTime');
});

// ---- parseDocument ------------------------------------------------------------------------------

test('parseDocument dispatches on the root element', () => {
  assert.ok(parseDocument(fixture('pool/netfs.xml')) instanceof StoragePool);
  assert.ok(parseDocument(fixture('volume/overlay-backing.xml')) instanceof StorageVolume);
  assert.ok(parseDocument(fixture('network/bridge.xml')) instanceof Network);
  assert.ok(parseDocument(fixture('secret/ceph.xml')) instanceof Secret);
  assert.ok(parseDocument(fixture('snapshot/external-disks.xml')) instanceof DomainSnapshot);
  assert.ok(parseDocument(fixture('capabilities/test-driver.xml')) instanceof Capabilities);
  const dom = parseDocument(fixture('domain/test-driver-test.xml'));
  assert.ok(dom instanceof Domain);
  assert.equal(dom.name, 'test');
  for (const bad of ['<constructor/>', '<toString/>', '<html/>']) {
    assert.throws(() => parseDocument(bad), (e: unknown) => e instanceof ConfigError && e.code === 'WRONG_ROOT');
  }
  assert.throws(() => parseDocument('<pool>'), (e: unknown) => e instanceof ConfigError && e.code === 'MALFORMED_XML');
});

test('domain capabilities built from scratch', () => {
  const dc = new DomainCapabilities({ path: '/usr/bin/qemu-system-x86_64', domain: 'kvm', machine: 'pc-q35-8.2', arch: 'x86_64', vcpuMax: 288 });
  dc.el.ensureChild('devices', DomainCapabilities.childOrder).addElement(new SupportedItem({ name: 'disk', supported: true, enums: { bus: ['virtio', 'sata'] } }).el);
  const back = parseDomainCapabilities(dc.toXML());
  assert.equal(back.vcpuMax, 288);
  assert.deepEqual(back.devices.get('disk')?.enums.get('bus'), ['virtio', 'sata']);
  assert.match(dc.toXML(), /<disk supported='yes'>\n {6}<enum name='bus'>\n {8}<value>virtio<\/value>/);
});

test('list setters reuse existing elements: unchanged entries keep their exact text', () => {
  const xml = fixture('pool/logical.xml');
  const pool = parseStoragePool(xml);
  pool.source!.devices = ['/dev/sdb1', '/dev/sdc1', '/dev/sdd1'];
  assert.deepEqual(changedLines(xml, pool.toXML()), { removed: [], added: ['    <device path="/dev/sdd1"/>'] });
  pool.source!.devices = ['/dev/sdb1'];
  assert.deepEqual(changedLines(xml, pool.toXML()), { removed: ['    <device path="/dev/sdc1"/>'], added: [] });
});
