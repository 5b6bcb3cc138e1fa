/**
 * The steps through the real Vfs implementations on a real ext4 filesystem (a bare filesystem
 * image, partition 0), read back with debugfs without mounting: the fake-Vfs tests hold the logic,
 * this holds that both implementations give the steps what they expect (modes, owners by name,
 * /etc/shadow's group kept, parents 0755).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync, chownSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestFsVfs, inject, InjectionError, LocalFsVfs, SSH_KEY_MARKER, type InjectionItems, type Vfs } from '../../src/inject/index.js';

const isRoot = process.getuid?.() === 0;
const hasLibguestfs = (() => {
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libguestfs.so.0');
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'stratus-steps-real-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small Debian-like root (networkd and netplan present) as a bare ext4 image. */
function makeImage(): string {
  const root = join(dir, 'root');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['etc/systemd/network', 'etc/netplan', 'root', 'home/debian']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\ndebian:x:1000:1000::/home/debian:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nshadow:x:42:\ndebian:x:1000:\n');
  writeFileSync(join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\ndebian:!:19000:0:99999:7:::\n');
  writeFileSync(join(root, 'etc/hosts'), '127.0.0.1 localhost\n127.0.1.1 old\n');
  chmodSync(join(root, 'root'), 0o700);
  if (isRoot) {
    chmodSync(join(root, 'etc/shadow'), 0o640);
    chownSync(join(root, 'etc/shadow'), 0, 42);
    chownSync(join(root, 'home/debian'), 1000, 1000);
  }
  const img = join(dir, 'base.img');
  rmSync(img, { force: true });
  execFileSync('truncate', ['-s', '64M', img]);
  // -E root_owner: files owned by 0 even when a non-root user builds the image.
  execFileSync('mkfs.ext4', ['-q', '-E', 'root_owner=0:0', '-d', root, img]);
  return img;
}

function debugfs(img: string, request: string): string {
  return execFileSync('debugfs', ['-R', request, img], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}
function modeOwner(img: string, path: string): string {
  const s = debugfs(img, `stat ${path}`);
  const mode = /Mode:\s+0?(\d+)/.exec(s)?.[1];
  const owner = /User:\s+(\d+)\s+Group:\s+(\d+)/.exec(s);
  return `${mode} ${owner?.[1]}:${owner?.[2]}`;
}

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEQQ5OBfYnGa alice@example';
const ITEMS: InjectionItems = {
  sshKey: { key: KEY, user: 'debian' },
  adminPassword: { password: 'pw' },
  network: { interfaces: [{ mac: '52:54:00:00:00:01', ipv4: { address: '10.0.0.2', prefix: 24, gateway: '10.0.0.1' }, dns: ['10.0.0.1'] }] },
  metadata: { role: 'web' },
  files: [{ path: '/opt/app/a.txt', content: 'a\n' }, { path: '/etc/motd', content: 'm\n' }, { path: '/usr/local/bin/run', content: '#!/bin/sh\n', mode: 0o755 }],
  hostname: 'vm1',
};

const impls: [string, boolean, (disk: string) => Vfs][] = [
  ['localfs', isRoot, (disk) => new LocalFsVfs({ disk, format: 'raw', partition: 0 })],
  ['guestfs', hasLibguestfs, (disk) => new GuestFsVfs({ disk, format: 'raw', partition: 0 })],
];

describe('injection steps through the real Vfs implementations', () => {
  const base = isRoot || hasLibguestfs ? makeImage() : '';
  for (const [name, available, make] of impls) {
    it(`${name}: every item, one setup; modes and owners as the steps set them; a second run adds no duplicate key`, { skip: !available && `${name} is not usable here` }, async () => {
      const img = join(dir, `${name}.img`);
      copyFileSync(base, img);
      const res = await inject(make(img), ITEMS);
      assert.deepEqual(res.steps, ['ssh-key', 'network', 'metadata', 'admin-password', 'files', 'hostname', 'selinux']);
      const want: [string, string][] = [
        ['/home/debian/.ssh', '700 1000:1000'],
        ['/home/debian/.ssh/authorized_keys', '600 1000:1000'],
        ['/opt', '755 0:0'],
        ['/opt/app', '755 0:0'],
        ['/opt/app/a.txt', '644 0:0'],
        ['/usr/local/bin/run', '755 0:0'],
        ['/etc/netplan/50-stratus.yaml', '600 0:0'],
        ['/etc/systemd/network/10-stratus-eth0.network', '644 0:0'],
        ['/meta.js', '644 0:0'],
      ];
      if (isRoot) want.push(['/etc/shadow', '640 0:42']);
      for (const [p, mo] of want) assert.equal(modeOwner(img, p), mo, p);
      assert.match(debugfs(img, 'cat /etc/shadow'), /^root:\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}:19000:0:99999:7:::\ndebian:!:/);
      assert.equal(debugfs(img, 'cat /etc/hosts'), '127.0.0.1 localhost\n127.0.1.1\tvm1\n');
      assert.equal(debugfs(img, 'cat /etc/hostname'), 'vm1\n');
      assert.match(debugfs(img, 'cat /etc/network/interfaces'), /iface eth0 inet static\n {4}hwaddress ether 52:54:00:00:00:01\n {4}address 10\.0\.0\.2\n/);
      assert.deepEqual(JSON.parse(debugfs(img, 'cat /meta.js')), { role: 'web' });

      await inject(make(img), { sshKey: { key: KEY, user: 'debian' } });
      assert.equal(debugfs(img, 'cat /home/debian/.ssh/authorized_keys'), `${SSH_KEY_MARKER}\n${KEY}\n`);
    });

    it(`${name}: a user missing from the guest fails with handler, step and path`, { skip: !available && `${name} is not usable here` }, async () => {
      const img = join(dir, `${name}-missing.img`);
      copyFileSync(base, img);
      await assert.rejects(inject(make(img), { adminPassword: { password: 'x', user: 'ghost' } }), (e: unknown) => {
        assert.ok(e instanceof InjectionError);
        assert.deepEqual([e.handler, e.step, e.path], [name, 'admin-password', '/etc/passwd']);
        return true;
      });
    });
  }
});
