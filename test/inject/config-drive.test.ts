import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfigDrive, configDriveContents, ConfigDriveError, type NetworkInfo } from '../../src/inject/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stratus-cd-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function xorriso(...args: string[]): string {
  return execFileSync('xorriso', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
/** Every path in the ISO (Rock Ridge names). */
function listIso(iso: string): string[] {
  return xorriso('-indev', iso, '-find', '/', '-type', 'f')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^'|'$/g, ''))
    .sort();
}
function extract(iso: string, path: string): Buffer {
  const out = join(dir, `x-${Math.random().toString(36).slice(2)}`);
  xorriso('-osirrox', 'on', '-indev', iso, '-extract', path, out);
  const data = readFileSync(out);
  rmSync(out, { force: true });
  return data;
}
function toc(iso: string): string {
  return execFileSync('xorriso', ['-indev', iso, '-toc', '-pvd_info'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const UUID = '3f0c7d1e-5b7a-4c55-9d0e-2a9f8f1b6c11';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEQQ5OBfYnGa alice@example';
const NET: NetworkInfo = {
  interfaces: [
    { mac: '52:54:00:aa:bb:01', ipv4: { address: '192.168.10.5', prefix: 24, gateway: '192.168.10.1' }, ipv6: { address: 'fd00::5', prefix: 64, gateway: 'fd00::1' }, dns: ['192.168.10.1', 'fd00::53'] },
    { name: 'data0', mac: '52:54:00:aa:bb:02' },
  ],
};

describe('config drive', () => {
  it('config-2: OpenStack layout, label, Joliet + Rock Ridge, readable contents', async () => {
    const iso = join(dir, 'inst1', 'disk.config');
    const userData = '#cloud-config\nruncmd:\n  - echo hi\n';
    const got = await buildConfigDrive({
      path: iso,
      instance: { uuid: UUID, name: 'web-1', hostname: 'web-1', availabilityZone: 'az1', publicKeys: { alice: KEY }, metadata: { role: 'web' } },
      userData,
      vendorData: { vendor: true },
      network: NET,
      files: [{ path: '/etc/motd', content: 'hello\n' }],
    });
    assert.equal(got, iso);
    assert.deepEqual(listIso(iso), [
      '/openstack/content/0000',
      '/openstack/latest/meta_data.json',
      '/openstack/latest/network_data.json',
      '/openstack/latest/user_data',
      '/openstack/latest/vendor_data.json',
    ]);
    const t = toc(iso);
    assert.match(t, /^Volume Id\s*:\s*config-2$/m);
    assert.match(t, /ISO offers\s*:\s*Rock_Ridge Joliet/);
    assert.equal(execFileSync('blkid', ['-o', 'value', '-s', 'LABEL', iso], { encoding: 'utf8' }).trim(), 'config-2');

    const meta = JSON.parse(extract(iso, '/openstack/latest/meta_data.json').toString('utf8'));
    assert.equal(meta.uuid, UUID);
    assert.equal(meta.name, 'web-1');
    assert.equal(meta.hostname, 'web-1');
    assert.equal(meta.availability_zone, 'az1');
    assert.deepEqual(meta.public_keys, { alice: KEY });
    assert.deepEqual(meta.keys, [{ name: 'alice', type: 'ssh', data: KEY }]);
    assert.deepEqual(meta.meta, { role: 'web' });
    assert.deepEqual(meta.files, [{ path: '/etc/motd', content_path: '/content/0000' }]);
    assert.equal(Buffer.from(meta.random_seed, 'base64').length, 512);
    assert.equal(extract(iso, '/openstack/content/0000').toString(), 'hello\n');
    assert.equal(extract(iso, '/openstack/latest/user_data').toString(), userData);
    assert.deepEqual(JSON.parse(extract(iso, '/openstack/latest/vendor_data.json').toString()), { vendor: true });

    const net = JSON.parse(extract(iso, '/openstack/latest/network_data.json').toString());
    assert.deepEqual(net.links, [
      { id: 'interface0', type: 'phy', ethernet_mac_address: '52:54:00:aa:bb:01', mtu: null, vif_id: 'interface0' },
      { id: 'interface1', type: 'phy', ethernet_mac_address: '52:54:00:aa:bb:02', mtu: null, vif_id: 'interface1' },
    ]);
    assert.deepEqual(net.networks, [
      {
        id: 'network0', type: 'ipv4', link: 'interface0', ip_address: '192.168.10.5', netmask: '255.255.255.0',
        routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: '192.168.10.1' }], network_id: 'network0',
        services: [{ type: 'dns', address: '192.168.10.1' }],
      },
      {
        id: 'network1', type: 'ipv6', link: 'interface0', ip_address: 'fd00::5', netmask: 'ffff:ffff:ffff:ffff::',
        routes: [{ network: '::', netmask: '::', gateway: 'fd00::1' }], network_id: 'network1',
        services: [{ type: 'dns', address: 'fd00::53' }],
      },
      { id: 'network2', type: 'ipv4_dhcp', link: 'interface1', network_id: 'network2' },
    ]);
    assert.deepEqual(net.services, [{ type: 'dns', address: '192.168.10.1' }, { type: 'dns', address: 'fd00::53' }]);

    // Rock Ridge: world-readable, owned by 0, whoever built it
    const lsl = xorriso('-indev', iso, '-lsl', '/openstack/latest/meta_data.json');
    assert.match(lsl, /^-r--r--r--\s+1\s+0\s+0\s/m);
    // Joliet alone (what Windows reads) has the same lowercase names
    const joliet = execFileSync('xorriso', ['-rockridge', 'off', '-joliet', 'on', '-indev', iso, '-find', '/', '-type', 'f'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(joliet, /'\/openstack\/latest\/network_data\.json'/);
    assert.deepEqual(readdirSync(join(dir, 'inst1')), ['disk.config'], 'no partial file left');
  });

  it('cidata: NoCloud files, label, network-config is netplan v2 that python yaml reads', async () => {
    const iso = join(dir, 'nocloud.iso');
    await buildConfigDrive({ path: iso, format: 'cidata', instance: { uuid: UUID, name: 'n', hostname: 'n1', publicKeys: { k: KEY } }, network: NET, vendorData: { a: 1 } });
    assert.deepEqual(listIso(iso), ['/meta-data', '/network-config', '/user-data', '/vendor-data']);
    assert.match(toc(iso), /^Volume Id\s*:\s*cidata$/m);
    const yaml = (text: string) =>
      JSON.parse(execFileSync('/usr/bin/python3', ['-c', 'import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: text, encoding: 'utf8' }));
    assert.deepEqual(yaml(extract(iso, '/meta-data').toString()), { 'instance-id': UUID, 'local-hostname': 'n1', 'public-keys': [KEY] });
    assert.equal(extract(iso, '/user-data').length, 0);
    const netcfg = yaml(extract(iso, '/network-config').toString());
    assert.equal(netcfg.network.version, 2);
    assert.deepEqual(netcfg.network.ethernets.data0, { match: { macaddress: '52:54:00:aa:bb:02' }, 'set-name': 'data0', dhcp4: true });
    assert.deepEqual(netcfg.network.ethernets.eth0.addresses, ['192.168.10.5/24', 'fd00::5/64']);
    assert.deepEqual(yaml(extract(iso, '/vendor-data').toString()), { a: 1 });
  });

  it('a rebuilt drive replaces the old one; contents without network are still well formed', async () => {
    const iso = join(dir, 'again.iso');
    await buildConfigDrive({ path: iso, instance: { uuid: UUID, name: 'a', hostname: 'a' } });
    await buildConfigDrive({ path: iso, instance: { uuid: UUID, name: 'b', hostname: 'b' } });
    assert.equal(JSON.parse(extract(iso, '/openstack/latest/meta_data.json').toString()).name, 'b');
    assert.deepEqual(JSON.parse(extract(iso, '/openstack/latest/network_data.json').toString()), { links: [], networks: [], services: [] });
    assert.ok(!listIso(iso).includes('/openstack/latest/user_data'), 'no user_data file when there is none');
  });

  it('refuses bad input before running xorriso, and leaves nothing', async () => {
    const iso = join(dir, 'bad', 'disk.config');
    await assert.rejects(buildConfigDrive({ path: iso, instance: { uuid: UUID, name: 'x', hostname: 'bad host' } }), (e: unknown) => e instanceof ConfigDriveError && /not a valid host name/.test(e.message) && e.path === iso);
    await assert.rejects(buildConfigDrive({ path: iso, format: 'cidata', instance: { uuid: UUID, name: 'x', hostname: 'x' }, files: [{ path: '/a', content: 'b' }] }), /no files field/);
    await assert.rejects(buildConfigDrive({ path: iso, instance: { uuid: UUID, name: 'x', hostname: 'x' }, files: [{ path: 'rel', content: 'b' }] }), /must be absolute/);
    await assert.rejects(buildConfigDrive({ path: iso, instance: { uuid: 'not a uuid', name: 'x', hostname: 'x' } }), /is not a UUID/);
    assert.ok(!existsSync(iso));
  });

  it('configDriveContents is pure: the same map the ISO holds', () => {
    const m = configDriveContents({ format: 'cidata', instance: { uuid: UUID, name: 'n', hostname: 'n' }, userData: 'x' });
    assert.deepEqual([...m.keys()].sort(), ['meta-data', 'user-data']);
    assert.equal(m.get('user-data')!.toString(), 'x');
  });
});
