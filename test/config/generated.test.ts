/**
 * Documents built from scratch with typed options: each must pass libvirt's own validator
 * (virt-xml-validate with the document's RNG schema), and a selection is defined in the real
 * daemon (test driver; secrets in the QEMU driver, which has a secret store) and read back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Capabilities,
  DomainSnapshot,
  Network,
  Secret,
  StoragePool,
  StorageVolume,
  parseNetwork,
  parseSecret,
  parseStoragePool,
  parseStorageVolume,
} from '../../src/config/index.js';
import { semanticDiff } from './semantic.js';
import { virsh, virshAvailable, virshSession, xmlOnly } from './virsh.js';

const dir = mkdtempSync(join(tmpdir(), 'stratus-config-gen-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const haveValidator = spawnSync('virt-xml-validate', ['--help'], { encoding: 'utf8' }).error === undefined;

function validate(name: string, xml: string, schema: string): void {
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('virt-xml-validate', [file, schema], { encoding: 'utf8' });
  assert.equal(r.status, 0, `virt-xml-validate ${schema} rejected ${name}:\n${r.stderr}${r.stdout}\n${xml}`);
}

function file(name: string, xml: string): string {
  const p = join(dir, name);
  writeFileSync(p, xml);
  return p;
}

const pools = {
  dir: () => new StoragePool({ type: 'dir', name: 'gen-dir', uuid: '2d1c0b9a-8f7e-4d6c-b5a4-938271605f4e', target: { path: '/var/lib/stratus/gen-dir', permissions: { mode: '0711', owner: 0, group: 0 } } }),
  netfs: () =>
    new StoragePool({
      type: 'netfs',
      name: 'gen-nfs',
      source: { hosts: [{ name: 'nfs.example.com' }], dir: '/export/images', format: 'nfs', protocolVersion: '4' },
      target: { path: '/var/lib/stratus/gen-nfs' },
    }),
  logical: () => new StoragePool({ type: 'logical', name: 'gen-vg', source: { name: 'gen-vg', devices: ['/dev/sdx1', '/dev/sdy1'], format: 'lvm2' }, target: { path: '/dev/gen-vg' } }),
  iscsi: () =>
    new StoragePool({
      type: 'iscsi',
      name: 'gen-iscsi',
      source: {
        hosts: [{ name: 'iscsi.example.com', port: 3260 }],
        devices: ['iqn.2013-06.com.example:iscsi-pool'],
        auth: { type: 'chap', username: 'stratus', secretUsage: 'libvirtiscsi' },
        initiatorIqn: 'iqn.2013-06.com.example:compute-1',
      },
      target: { path: '/dev/disk/by-path' },
    }),
  fs: () => new StoragePool({ type: 'fs', name: 'gen-fs', source: { devices: ['/dev/vdz1'], format: 'ext4' }, target: { path: '/srv/gen-fs' } }),
  disk: () => new StoragePool({ type: 'disk', name: 'gen-disk', source: { devices: ['/dev/sdz'], format: 'gpt' }, target: { path: '/dev' } }),
};

const volume = () =>
  new StorageVolume({
    type: 'file',
    name: 'gen-overlay.qcow2',
    capacity: { value: 2, unit: 'GiB' },
    allocation: { value: 0, unit: 'bytes' },
    target: { format: 'qcow2', permissions: { mode: '0644' }, compat: '1.1' },
    backingStore: { path: '/var/lib/stratus/_base/abc', format: 'raw' },
  });

const networks = {
  nat: () => {
    const n = new Network({
      name: 'gen-nat',
      uuid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      forward: { mode: 'nat' },
      bridge: { name: 'virbr77', stp: true, delay: 0 },
      mac: '52:54:00:77:00:01',
      domainName: 'gen.test',
      ips: [{ address: '192.168.177.1', netmask: '255.255.255.0', dhcpRanges: [{ start: '192.168.177.100', end: '192.168.177.200' }] }],
    });
    n.ips.at(0)!.dhcpHosts.push({ mac: '52:54:00:77:00:10', name: 'web', ip: '192.168.177.10' });
    return n;
  },
  isolated: () =>
    new Network({
      name: 'gen-isolated',
      bridge: { name: 'virbr78' },
      mtu: 9000,
      dns: { forwarders: ['9.9.9.9'], hosts: [{ ip: '10.78.0.5', hostnames: ['db', 'db.gen.test'] }] },
      ips: [
        { address: '10.78.0.1', prefix: 24 },
        { family: 'ipv6', address: 'fd00:78::1', prefix: 64, dhcpRanges: [{ start: 'fd00:78::100', end: 'fd00:78::1ff' }] },
      ],
    }),
  bridge: () => new Network({ name: 'gen-bridge', forward: { mode: 'bridge' }, bridge: { name: 'br0' } }),
  passthrough: () => new Network({ name: 'gen-direct', forward: { mode: 'passthrough', interfaces: ['eth10', 'eth11'] } }),
};

const secrets = {
  volume: () => new Secret({ ephemeral: false, private: true, uuid: '5b0c4d3e-2f1a-4b9c-8d7e-6f5a4b3c2d1e', description: 'stratus generated', usage: { type: 'volume', id: '/var/lib/stratus/gen/disk' } }),
  ceph: () => new Secret({ ephemeral: false, private: false, usage: { type: 'ceph', id: 'client.stratus-gen secret' } }),
  iscsi: () => new Secret({ usage: { type: 'iscsi', id: 'stratus-gen-iscsi' } }),
};

const snapshot = () =>
  new DomainSnapshot({
    name: 'gen-snap',
    description: 'before & after',
    memory: { snapshot: 'external', file: '/var/lib/stratus/snap/mem' },
    disks: [
      { name: 'vda', snapshot: 'external', type: 'file', sourceFile: '/var/lib/stratus/snap/vda.qcow2', driverType: 'qcow2' },
      { name: 'vdb', snapshot: 'no' },
    ],
  });

test('generated documents look like libvirt output', () => {
  assert.equal(
    pools.dir().toXML(),
    `<pool type='dir'>
  <name>gen-dir</name>
  <uuid>2d1c0b9a-8f7e-4d6c-b5a4-938271605f4e</uuid>
  <target>
    <path>/var/lib/stratus/gen-dir</path>
    <permissions>
      <mode>0711</mode>
      <owner>0</owner>
      <group>0</group>
    </permissions>
  </target>
</pool>
`,
  );
});

test('generated documents round-trip through their parsers', () => {
  for (const make of Object.values(pools)) {
    const x = make().toXML();
    assert.equal(parseStoragePool(x).toXML(), x);
  }
  for (const make of Object.values(networks)) {
    const x = make().toXML();
    assert.equal(parseNetwork(x).toXML(), x);
  }
  for (const make of Object.values(secrets)) {
    const x = make().toXML();
    assert.equal(parseSecret(x).toXML(), x);
  }
  const v = volume().toXML();
  assert.equal(parseStorageVolume(v).toXML(), v);
  assert.equal(parseNetwork(networks.nat().toXML()).ips.at(0)?.dhcpHosts.at(0)?.name, 'web');
});

test('generated documents pass virt-xml-validate', { skip: haveValidator ? false : 'virt-xml-validate not installed' }, () => {
  for (const [k, make] of Object.entries(pools)) validate(`pool-${k}`, make().toXML(), 'storagepool');
  validate('volume', volume().toXML(), 'storagevol');
  for (const [k, make] of Object.entries(networks)) validate(`net-${k}`, make().toXML(), 'network');
  for (const [k, make] of Object.entries(secrets)) validate(`secret-${k}`, make().toXML(), 'secret');
  validate('snapshot', snapshot().toXML(), 'domainsnapshot');
  const caps = new Capabilities({
    host: { uuid: '00000000-0000-4000-8000-000000000001', cpu: { arch: 'x86_64', model: 'qemu64', topology: { sockets: 1, dies: 1, cores: 2, threads: 1 } }, migrationFeatures: { live: true, uriTransports: ['tcp'] } },
    guests: [{ osType: 'hvm', arch: 'x86_64', wordsize: 64, emulator: '/usr/bin/qemu-system-x86_64', machines: [{ name: 'pc-q35-8.2', maxCpus: 288 }], domains: [{ type: 'qemu' }, { type: 'kvm' }] }],
  });
  validate('capabilities', caps.toXML(), 'capability');
});

const TEST_URI = 'test+unix:///default';

test('generated pools, volume and networks are accepted by the daemon (test driver)', { skip: virshAvailable(TEST_URI) ? false : 'no test driver' }, () => {
  const poolDir = pools.dir();
  const net = networks.nat();
  const isolated = networks.isolated();
  const vol = volume();
  vol.backingStore = undefined; // the test driver has no such base file
  const outs = virshSession(TEST_URI, [
    `pool-define ${file('p.xml', poolDir.toXML())}`,
    'pool-dumpxml gen-dir',
    `pool-define ${file('p2.xml', pools.netfs().toXML())}`,
    'pool-dumpxml gen-nfs',
    `vol-create default-pool ${file('v.xml', vol.toXML())}`,
    'vol-dumpxml --pool default-pool gen-overlay.qcow2',
    `net-define ${file('n.xml', net.toXML())}`,
    'net-dumpxml gen-nat',
    `net-define ${file('n2.xml', isolated.toXML())}`,
    'net-dumpxml gen-isolated',
    'pool-undefine gen-dir',
    'pool-undefine gen-nfs',
    'net-undefine gen-nat',
    'net-undefine gen-isolated',
  ]);
  const pool = parseStoragePool(xmlOnly(outs[1])!);
  assert.equal(pool.name, 'gen-dir');
  assert.equal(pool.uuid, poolDir.uuid);
  assert.equal(pool.target?.path, '/var/lib/stratus/gen-dir');
  assert.equal(pool.target?.permissions?.mode, '0711');
  assert.equal(parseStoragePool(xmlOnly(outs[3])!).source?.dir, '/export/images');
  const v = parseStorageVolume(xmlOnly(outs[5])!);
  assert.equal(v.name, 'gen-overlay.qcow2');
  assert.equal(v.capacity && Number(v.capacity.value), 2 * 1024 ** 3);
  const n = parseNetwork(xmlOnly(outs[7])!);
  assert.equal(n.forward?.mode, 'nat');
  assert.equal(n.bridge?.name, 'virbr77');
  assert.deepEqual(n.ips.at(0)?.dhcpRanges, [{ start: '192.168.177.100', end: '192.168.177.200' }]);
  assert.deepEqual(n.ips.at(0)?.dhcpHosts.map((h) => h.toJSON()), [{ mac: '52:54:00:77:00:10', name: 'web', ip: '192.168.177.10' }]);
  const iso = parseNetwork(xmlOnly(outs[9])!);
  assert.equal(iso.mtu, 9000);
  assert.deepEqual(iso.dns?.hosts, [{ ip: '10.78.0.5', hostnames: ['db', 'db.gen.test'] }]);
  // What the daemon gives back is what we sent, give or take what it fills in.
  assert.equal(semanticDiff(xmlOnly(outs[7])!.replace(/<uuid>.*<\/uuid>\n\s*/, ''), net.toXML().replace(/<uuid>.*<\/uuid>\n\s*/, '')), undefined);
});

const QEMU_URI = 'qemu:///system';

test('generated secrets are accepted by the daemon (qemu driver secret store)', { skip: virshAvailable(QEMU_URI) ? false : 'no qemu driver' }, (t) => {
  const s = secrets.volume();
  const uuid = s.uuid!;
  virsh(QEMU_URI, 'secret-undefine', uuid); // a leftover from an interrupted run
  const def = virsh(QEMU_URI, 'secret-define', file('s.xml', s.toXML()));
  if (!def.ok && /not supported|no connection driver/i.test(def.stderr)) {
    t.skip(`secrets unsupported: ${def.stderr.trim()}`);
    return;
  }
  assert.ok(def.ok, def.stderr);
  try {
    const back = parseSecret(virsh(QEMU_URI, 'secret-dumpxml', uuid).stdout);
    assert.equal(back.uuid, uuid);
    assert.equal(back.private, true);
    assert.equal(back.description, 'stratus generated');
    assert.deepEqual(back.usage, { type: 'volume', id: '/var/lib/stratus/gen/disk' });
  } finally {
    assert.ok(virsh(QEMU_URI, 'secret-undefine', uuid).ok);
  }
});
