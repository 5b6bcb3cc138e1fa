/**
 * GuestFsVfs against real libguestfs (direct backend, TCG): every test works on a copy or an overlay
 * of the project's test images in a temp dir. Each appliance launch costs ~10 s under TCG (plus
 * ~7 s for inspection), so each launch is shared by many assertions.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureTestImages, type Manifest } from '../helpers/test-images.js';
import { GuestFsVfs, launchStats } from '../../src/inject/guestfs/index.js';
import { InjectionError } from '../../src/inject/vfs.js';
import { run } from '../../src/util/exec.js';

let m: Manifest;
let dir: string;

before(async () => {
  m = await ensureTestImages();
  dir = await mkdtemp(join(tmpdir(), 'stratus-guestfs-'));
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Reads a file of an ext4 image with debugfs: an independent check of what landed in the guest. */
async function debugfsCat(image: string, path: string): Promise<string> {
  return (await run('debugfs', ['-R', `cat ${path}`, image])).stdout;
}

async function withVfs<T>(vfs: GuestFsVfs, fn: () => Promise<T>): Promise<T> {
  const before = launchStats.launches;
  await vfs.setup();
  assert.equal(launchStats.launches - before, 1, 'exactly one appliance launch per setup');
  try {
    return await fn();
  } finally {
    await vfs.teardown();
    await vfs.teardown(); // twice is harmless
    assert.equal(launchStats.launches - before, 1, 'no further launch until teardown');
  }
}

function isInjectionError(step: string, pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof InjectionError, `expected an InjectionError, got ${String(err)}`);
    assert.equal(err.handler, 'guestfs');
    assert.equal(err.step, step);
    assert.match(err.message, pattern);
    return true;
  };
}

test('inspection mounts the root of a partitioned qcow2 (overlay) and every operation works inside it', async () => {
  const disk = join(dir, 'whole.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', m.wholeDisk.qcow2.path, disk]);
  const vfs = new GuestFsVfs({ disk, format: 'qcow2' });
  await withVfs(vfs, async () => {
    assert.deepEqual(vfs.mounts, [['/', `/dev/sda${m.wholeDisk.rootPartition}`]]);
    assert.match((await vfs.readFile('/etc/os-release')).toString(), /ID=debian/);
    assert.ok((await vfs.listDir('/')).includes('etc'));

    await vfs.makePath('/root/.ssh', 0o700);
    assert.deepEqual(await vfs.stat('/root/.ssh'), { type: 'dir', mode: 0o700, uid: 0, gid: 0, size: 4096 });
    await vfs.makePath('/opt/a/b/c');
    assert.equal((await vfs.stat('/opt/a/b')).mode, 0o755);
    await vfs.makePath('/opt/a/b/c'); // existing: no error

    await vfs.appendFile('/root/.ssh/authorized_keys', 'key-one\n');
    await vfs.appendFile('/root/.ssh/authorized_keys', Buffer.from('key-two\n'));
    assert.equal((await vfs.readFile('/root/.ssh/authorized_keys')).toString(), 'key-one\nkey-two\n');
    const st = await vfs.stat('/root/.ssh/authorized_keys');
    assert.deepEqual(st, { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 16 });

    await vfs.replaceFile('/etc/hostname', 'guest-one\n');
    assert.equal((await vfs.readFile('/etc/hostname')).toString(), 'guest-one\n');

    // Binary content with every byte value (NULs included) and content above the per-call limit.
    const bin = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    await vfs.replaceFile('/opt/bin.dat', bin);
    assert.deepEqual(await vfs.readFile('/opt/bin.dat'), bin);
    const big = randomBytes(5 * 1024 * 1024 + 17);
    await vfs.replaceFile('/opt/big.dat', big);
    assert.ok((await vfs.readFile('/opt/big.dat')).equals(big));
    await vfs.appendFile('/opt/big.dat', bin);
    assert.equal((await vfs.stat('/opt/big.dat')).size, big.length + bin.length);
    await vfs.replaceFile('/opt/empty', '');
    assert.equal((await vfs.readFile('/opt/empty')).length, 0);

    assert.equal(await vfs.hasFile('/etc/passwd'), true);
    assert.equal(await vfs.hasFile('/nope'), false);
    assert.equal((await vfs.stat('/etc')).type, 'dir');

    await vfs.setPermissions('/root/.ssh/authorized_keys', 0o600);
    assert.equal((await vfs.stat('/root/.ssh/authorized_keys')).mode, 0o600);
    // `stratus` (1000:1000) is in the guest's /etc/passwd; the host need not have it.
    await vfs.setOwnership('/root/.ssh', 'stratus', 'stratus');
    const owned = await vfs.stat('/root/.ssh');
    assert.equal(owned.uid, 1000);
    assert.equal(owned.gid, 1000);
    await assert.rejects(vfs.setOwnership('/root/.ssh', 'no-such-user', 'root'), isInjectionError('setOwnership', /user no-such-user not found in the guest's \/etc\/passwd/));
    await assert.rejects(vfs.setOwnership('/root/.ssh', 'root', 'no-such-group'), isInjectionError('setOwnership', /group no-such-group not found/));

    await assert.rejects(vfs.readFile('/nope/file'), isInjectionError('readFile', /No such file/));
    await assert.rejects(vfs.readFile('relative'), isInjectionError('readFile', /guest-absolute/));
    await assert.rejects(vfs.readLink('/etc/passwd'), isInjectionError('readLink', /Invalid argument|readlink/));
  });
  await assert.rejects(vfs.readFile('/etc/passwd'), isInjectionError('readFile', /not set up/));
});

test('bare ext4 (partition 0): hostile symlinks resolve inside the guest, never on the host', async () => {
  const disk = join(dir, 'root.ext4');
  await copyFile(m.ami.root.path, disk);
  // Plant the hostile links with debugfs (no launch needed): absolute and relative escapes.
  await run('debugfs', ['-w', '-R', 'symlink /root/.ssh /etc', disk]);
  await run('debugfs', ['-w', '-R', 'symlink /home/stratus/.ssh ../../etc', disk]);
  await run('debugfs', ['-w', '-R', 'symlink /dangling /does/not/exist', disk]);
  // A fifo (an open would block the appliance) and a block device node (8:0 is the appliance's own
  // /dev/sda) where files are expected, one of them behind a symlink.
  // (debugfs's mknod takes a name in the current directory, not a path.)
  await run('debugfs', ['-w', '-f', '-', disk], { input: 'cd /etc\nmknod fifo p\nmknod sda b 8 0\n' });
  await run('debugfs', ['-w', '-R', 'symlink /etc/shadow-link /etc/fifo', disk]);
  const canary = `stratus-canary-${randomBytes(6).toString('hex')}`;
  const vfs = new GuestFsVfs({ disk, format: 'raw', partition: 0 });
  await withVfs(vfs, async () => {
    assert.deepEqual(vfs.mounts, [['/', '/dev/sda']]);
    assert.equal((await vfs.stat('/root/.ssh')).type, 'symlink');
    assert.equal(await vfs.readLink('/root/.ssh'), '/etc');
    assert.equal(await vfs.readLink('/home/stratus/.ssh'), '../../etc');
    assert.equal(await vfs.hasFile('/dangling'), true, 'a dangling symlink counts as existing');
    assert.equal((await vfs.stat('/etc/fifo')).type, 'fifo');
    await assert.rejects(vfs.readFile('/etc/fifo'), isInjectionError('readFile', /not a regular file \(fifo\)/));
    await assert.rejects(vfs.appendFile('/etc/shadow-link', 'x'), isInjectionError('appendFile', /not a regular file \(fifo\)/));
    await assert.rejects(vfs.replaceFile('/etc/sda', 'x'), isInjectionError('replaceFile', /not a regular file \(block\)/));
    await assert.rejects(vfs.readFile('/etc'), isInjectionError('readFile', /not a regular file \(dir\)/));

    await vfs.appendFile(`/root/.ssh/${canary}`, 'absolute\n');
    await vfs.replaceFile(`/home/stratus/.ssh/${canary}-rel`, 'relative\n');
    assert.equal((await vfs.readFile(`/etc/${canary}`)).toString(), 'absolute\n');
    assert.equal((await vfs.readFile(`/etc/${canary}-rel`)).toString(), 'relative\n');
    // chmod would follow the link onto the guest's /etc: refused. lchown changes only the link.
    await assert.rejects(vfs.setPermissions('/root/.ssh', 0o700), isInjectionError('setPermissions', /symlink/));
    await vfs.setOwnership('/root/.ssh', 'stratus', 'stratus');
    assert.equal((await vfs.stat('/etc')).uid, 0);
    assert.equal((await vfs.stat('/root/.ssh')).uid, 1000);
  });
  assert.equal(existsSync(`/etc/${canary}`), false, 'host /etc untouched');
  assert.equal(existsSync(`/etc/${canary}-rel`), false, 'host /etc untouched');
  assert.equal(await debugfsCat(disk, `/etc/${canary}`), 'absolute\n');
  assert.equal(await debugfsCat(disk, `/etc/${canary}-rel`), 'relative\n');
});

test('an image with no operating system: inspection fails clearly and nothing is left running', async () => {
  const disk = join(dir, 'blank.ext4');
  await run('truncate', ['-s', '32M', disk]);
  await run('mkfs.ext4', ['-q', '-F', disk]);
  const vfs = new GuestFsVfs({ disk, format: 'raw' });
  const before = launchStats.launches;
  await assert.rejects(vfs.setup(), isInjectionError('setup', /no operating system found/));
  assert.equal(launchStats.launches - before, 1);
  await vfs.teardown(); // after a failed setup: harmless
});

test('a missing partition number fails clearly', async () => {
  const disk = join(dir, 'whole-missing.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', m.wholeDisk.raw.path, disk]);
  const vfs = new GuestFsVfs({ disk, format: 'qcow2', partition: 5 });
  await assert.rejects(vfs.setup(), isInjectionError('setup', /partition 5 does not exist \(partitions: \/dev\/sda1\)/));
  await vfs.teardown();
  await assert.rejects(new GuestFsVfs({ disk, format: 'qcow2', partition: -1 }).setup(), isInjectionError('setup', /invalid partition/));
});

test('a launch failure names the disk (nonexistent image)', async () => {
  const vfs = new GuestFsVfs({ disk: join(dir, 'absent.qcow2'), format: 'qcow2' });
  await assert.rejects(vfs.setup(), (err: unknown) => {
    assert.ok(err instanceof InjectionError);
    assert.equal(err.step, 'setup');
    assert.match(err.message, /absent\.qcow2/);
    return true;
  });
  await vfs.teardown();
});

test('two operating systems: inspection refuses and names both roots', async () => {
  // Two partitions each holding a copy of the bare root filesystem: two roots for inspection.
  const disk = join(dir, 'two-os.raw');
  const sectors = m.ami.root.size / 512;
  await run('truncate', ['-s', String(2 * m.ami.root.size + 4 * 1024 * 1024), disk]);
  await run('sfdisk', ['-q', disk], { input: `label: dos\nstart=2048, size=${sectors}, type=83\nstart=${2048 + sectors}, size=${sectors}, type=83\n` });
  for (const start of [2048, 2048 + sectors]) {
    await run('dd', [`if=${m.ami.root.path}`, `of=${disk}`, 'bs=512', `seek=${start}`, 'conv=notrunc,sparse', 'status=none']);
  }
  const vfs = new GuestFsVfs({ disk, format: 'raw' });
  await assert.rejects(vfs.setup(), isInjectionError('setup', /more than one operating system found \(\/dev\/sda1, \/dev\/sda2\)/));
  await vfs.teardown();
});
