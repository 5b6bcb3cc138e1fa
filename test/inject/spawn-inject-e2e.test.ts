/**
 * Injection through spawn, end to end: each VFS handler on both image kinds, qcow2 and raw, then the
 * guest boots and its own console report shows every item with the right owner and mode. Plus a
 * config drive the guest mounts, and a failing step that undoes the whole spawn.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ComputeDriver, ComputeError, type Flavor } from '../../src/driver/index.js';
import type { ImageMeta } from '../../src/image/index.js';
import { InjectionError, type InjectionItems } from '../../src/inject/index.js';
import { waitForGuestReport, type GuestReport } from '../helpers/guest-report.js';
import { ensureTestImages, type Manifest } from '../helpers/test-images.js';

const ROOT = `/var/lib/stratus-test/inject-${process.pid}`;
const flavor: Flavor = { name: 'tiny', vcpus: 1, memoryMiB: 96, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 };
const prefix = `stratus-inj-${process.pid}`;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq7xRb0wqJ8v0kqS5v2l8dQd6Yf0c2nWQ3l7r8VxY1Z test@stratus';
const FILES = ['/etc/stratus/one.conf', '/opt/app/two.txt', '/srv/data/deep/three.json'];

function items(name: string): InjectionItems {
  return {
    sshKey: { key: KEY },
    adminPassword: { password: 's3cret-pass' },
    network: { interfaces: [{ mac: '52:54:00:aa:bb:01', ipv4: { address: '192.0.2.10', prefix: 24, gateway: '192.0.2.1' }, dns: ['192.0.2.53'] }] },
    metadata: { role: 'web', tier: 3 },
    files: [
      { path: FILES[0], content: 'setting = 1\n' },
      { path: FILES[1], content: 'two\n' },
      { path: FILES[2], content: '{"three": 3}\n' },
      // the test guest prints the files this list names
      { path: '/etc/stratus-report-files', content: FILES.join('\n') + '\n' },
    ],
    hostname: name.slice(0, 60),
  };
}

function assertInjected(report: GuestReport, hostname: string): void {
  const ak = report.files.get('/root/.ssh/authorized_keys');
  assert.ok(ak?.exists, 'authorized_keys missing');
  assert.equal(ak.modeOctal, '0600');
  assert.equal(ak.owner, 'root');
  assert.ok(ak.content?.includes(KEY));
  assert.equal(report.files.get('/root/.ssh')?.modeOctal, '0700');
  assert.match(report.shadowRoot ?? '', /^root:\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}:/);
  assert.match(report.files.get('/etc/network/interfaces')?.content ?? '', /address 192\.0\.2\.10/);
  assert.deepEqual(JSON.parse(report.files.get('/meta.js')?.content ?? '{}'), { role: 'web', tier: 3 });
  assert.equal(report.files.get('/etc/hostname')?.content?.trim(), hostname);
  assert.match(report.files.get('/etc/hosts')?.content ?? '', new RegExp(`127\\.0\\.1\\.1\\s+${hostname}`));
  for (const f of FILES) {
    const g = report.files.get(f);
    assert.ok(g?.exists, `${f} missing in the guest`);
    assert.equal(g.owner, 'root');
    assert.equal(g.modeOctal, '0644');
  }
  assert.equal(report.files.get(FILES[1])?.content, 'two\n');
}

describe('injection through spawn', { timeout: 900_000 }, () => {
  let manifest: Manifest;
  const drivers: ComputeDriver[] = [];
  const instances: Array<[ComputeDriver, string]> = [];

  async function driverFor(handler: 'guestfs' | 'localfs', imagesType: 'qcow2' | 'raw') {
    const sub = `${handler}-${imagesType}`;
    const d = await ComputeDriver.open({
      config: { instancesPath: join(ROOT, sub, 'instances'), imagesType, injection: { handlers: [handler] }, virtProbeCacheDir: ROOT },
      imagesDir: join(ROOT, sub, 'images'),
      log: () => {},
    });
    drivers.push(d);
    const kernel = await d.store.import(manifest.ami.kernel.path, { name: 'k', diskFormat: 'raw', containerFormat: 'aki' });
    const ramdisk = await d.store.import(manifest.ami.ramdisk.path, { name: 'r', diskFormat: 'raw', containerFormat: 'ari' });
    const whole = await d.store.import(manifest.wholeDisk.qcow2.path, { name: 'whole', diskFormat: 'qcow2' });
    const ami = await d.store.import(manifest.ami.root.path, { name: 'ami', diskFormat: 'raw', containerFormat: 'ami', properties: { kernel_id: kernel.id, ramdisk_id: ramdisk.id, os_command_line: manifest.ami.cmdline } });
    return { d, whole, ami };
  }

  async function bootWithInjection(d: ComputeDriver, image: ImageMeta, label: string): Promise<void> {
    const name = `${prefix}-${label}`;
    const inst = await d.spawn({ name, imageId: image.id, flavor, inject: items(name) });
    instances.push([d, inst.uuid]);
    const report = await waitForGuestReport(d.consoleLogPath(inst.uuid), { timeoutMs: 120_000 });
    assertInjected(report, name.slice(0, 60));
    await d.destroy(inst.uuid);
  }

  before(async () => {
    mkdirSync(ROOT, { recursive: true, mode: 0o755 });
    manifest = await ensureTestImages();
  });

  after(async () => {
    for (const [d, uuid] of instances) await d.destroy(uuid).catch(() => undefined);
    for (const d of drivers) await d.close();
    rmSync(ROOT, { recursive: true, force: true });
  });

  it('guestfs: partitioned whole disk (qcow2 overlay, OS inspection) and bare ext4 (raw)', async () => {
    const q = await driverFor('guestfs', 'qcow2');
    await bootWithInjection(q.d, q.whole, 'gfs-whole');
    const r = await driverFor('guestfs', 'raw');
    await bootWithInjection(r.d, r.ami, 'gfs-ami');
  });

  it('localfs: partitioned whole disk (qcow2 through a FUSE export) and bare ext4 (raw loop)', async () => {
    const q = await driverFor('localfs', 'qcow2');
    await bootWithInjection(q.d, q.whole, 'lfs-whole');
    const r = await driverFor('localfs', 'raw');
    await bootWithInjection(r.d, r.ami, 'lfs-ami');
  });

  it('a config-2 drive the guest mounts and prints', async () => {
    const { d, whole } = await driverFor('guestfs', 'qcow2').catch(async () => driverFor('localfs', 'qcow2'));
    const name = `${prefix}-cd`;
    const inst = await d.spawn({ name, imageId: whole.id, flavor, configDrive: { userData: '#cloud-config\nruncmd: [echo hi]\n', metadata: { role: 'db' } } });
    instances.push([d, inst.uuid]);
    const report = await waitForGuestReport(d.consoleLogPath(inst.uuid), { timeoutMs: 120_000 });
    const cd = report.configDrives.find((c) => c.label === 'config-2');
    assert.ok(cd, `config drives: ${JSON.stringify(report.configDrives.map((c) => [c.label, c.error]))}`);
    const meta = cd.files.find((f) => f.path.endsWith('openstack/latest/meta_data.json'));
    assert.ok(meta?.content, `files: ${cd.files.map((f) => f.path)}`);
    const parsed = JSON.parse(meta.content) as { uuid: string; name: string; meta?: Record<string, string> };
    assert.equal(parsed.uuid, inst.uuid);
    assert.equal(parsed.meta?.role, 'db');
    assert.equal(cd.files.find((f) => f.path.endsWith('openstack/latest/user_data'))?.content, '#cloud-config\nruncmd: [echo hi]\n');
    await d.destroy(inst.uuid);
  });

  it('a failing step is fatal, names handler, step and path, and the spawn leaves nothing', async () => {
    const { d, whole } = await driverFor('localfs', 'raw');
    const entries = () => readdirSync(d.config.instancesPath).filter((n) => n !== '_base' && !n.startsWith('.'));
    const before = entries();
    await assert.rejects(
      d.spawn({ name: `${prefix}-fail`, imageId: whole.id, flavor, inject: { adminPassword: { password: 'x', user: 'nosuchuser' } } }),
      (e: unknown) => {
        const inner = e instanceof ComputeError ? e.cause : e;
        assert.ok(inner instanceof InjectionError, `got ${String(e)}`);
        assert.equal(inner.handler, 'localfs');
        assert.equal(inner.step, 'admin-password');
        assert.match(inner.message, /nosuchuser/);
        return true;
      },
    );
    assert.deepEqual(entries(), before);
    assert.equal(existsSync(join(d.config.instancesPath, 'disk')), false);
  });
});
