/**
 * LocalFsVfs against real loop devices, mounts and qemu-storage-daemon FUSE exports (run as root),
 * on copies of the project's test images: raw and qcow2, whole disk (partition 1) and bare
 * filesystem (partition 0), every Vfs method, hostile guests with host canaries, and the promise
 * that nothing (loop device, mount, daemon, directory) outlives teardown or a failed setup.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ensureTestImages, type Manifest } from '../helpers/test-images.js';
import { LocalFsVfs, type LocalFsOptions } from '../../src/inject/localfs/index.js';
import { InjectionError, type Vfs } from '../../src/inject/vfs.js';

const isRoot = process.getuid?.() === 0;
let m: Manifest;
let work: string;

before(async () => {
  if (!isRoot) return;
  m = await ensureTestImages();
  work = mkdtempSync(join(tmpdir(), 'stratus-lfs-test-'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

let n = 0;
function copy(src: string, name: string): string {
  const dst = join(work, `${++n}-${name}`);
  copyFileSync(src, dst);
  return dst;
}

function sh(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Processes whose command line mentions `s`. */
function processesMentioning(s: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(s)) out.push(Number(p));
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * While mounted: the private directory LocalFS made for `image` (found from the loop device backed
 * by the image, or by qemu-storage-daemon's export file), so the test can check it goes away.
 */
function privateDirOf(image: string): string {
  // The file the loop device maps: the image itself, or the FUSE export of the daemon serving it.
  const backings = [image];
  for (const pid of processesMentioning(image)) {
    for (const arg of readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')) {
      const mp = /"mountpoint":\s*"([^"]+)"/.exec(arg)?.[1];
      if (mp) backings.push(mp);
    }
  }
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  for (const l of sh('losetup', '-a').split('\n')) {
    const dev = l.split(':')[0];
    const backing = /\((.*)\)$/.exec(l)?.[1];
    if (!dev || !backing || !backings.includes(backing)) continue;
    const mnt = mounts.find((f) => f[0] === dev || f[0]?.startsWith(dev + 'p'));
    if (mnt) return dirname(mnt[1]);
  }
  throw new Error(`no LocalFS mount found for ${image}`);
}

/** Nothing of LocalFS's is left for `image`: no loop device, mount, daemon or private directory. */
function assertClean(image: string, dir?: string): void {
  const loops = sh('losetup', '-a');
  assert.ok(!loops.includes(image), `loop device left for ${image}: ${loops}`);
  const mounts = readFileSync('/proc/mounts', 'utf8');
  assert.deepEqual(processesMentioning(image), [], 'qemu-storage-daemon left running');
  if (dir) {
    assert.ok(!loops.includes(dir), `loop device left on ${dir}`);
    assert.ok(!mounts.includes(dir), `mount left under ${dir}`);
    assert.equal(existsSync(dir), false, `${dir} left behind`);
  }
}

async function withVfs<T>(opts: LocalFsOptions, f: (v: LocalFsVfs) => Promise<T>): Promise<T> {
  const v = new LocalFsVfs(opts);
  await v.setup();
  const dir = privateDirOf(opts.disk);
  try {
    return await f(v);
  } finally {
    await v.teardown();
    assertClean(opts.disk, dir);
  }
}

/** Every Vfs method once, checking what the guest will see. */
async function exercise(v: Vfs): Promise<void> {
  assert.equal(v.handler, 'localfs');
  assert.ok((await v.listDir('/etc')).includes('os-release'));
  assert.match((await v.readFile('/etc/passwd')).toString(), /^root:x:0:0:/);
  assert.equal(await v.hasFile('/etc/passwd'), true);
  assert.equal(await v.hasFile('/etc/nope'), false);
  assert.equal(await v.hasFile('/nope/deeper'), false);
  assert.equal((await v.stat('/bin/sh')).type, 'symlink');
  assert.equal(await v.readLink('/bin/sh'), '/bin/busybox');
  assert.deepEqual(await v.stat('/etc/shadow'), { type: 'file', mode: 0o640, uid: 0, gid: 42, size: (await v.readFile('/etc/shadow')).length });

  await v.makePath('/srv/a/b');
  for (const d of ['/srv', '/srv/a', '/srv/a/b']) assert.deepEqual({ ...(await v.stat(d)), size: 0 }, { type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 });
  await v.makePath('/srv/a/b'); // idempotent
  await v.makePath('/root/.ssh', 0o700);
  assert.equal((await v.stat('/root/.ssh')).mode, 0o700);

  await v.appendFile('/root/.ssh/authorized_keys', 'key one\n');
  await v.appendFile('/root/.ssh/authorized_keys', Buffer.from('key two\n'));
  assert.equal((await v.readFile('/root/.ssh/authorized_keys')).toString(), 'key one\nkey two\n');
  assert.deepEqual(await v.stat('/root/.ssh/authorized_keys'), { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 16 });

  await v.replaceFile('/etc/hostname', 'injected\n');
  assert.equal((await v.readFile('/etc/hostname')).toString(), 'injected\n');
  await v.replaceFile('/srv/a/b/c.json', '{"a":1}');
  await v.replaceFile('/srv/a/b/c.json', '{}');
  assert.equal((await v.readFile('/srv/a/b/c.json')).toString(), '{}');

  await v.setPermissions('/root/.ssh/authorized_keys', 0o600);
  await v.setOwnership('/root/.ssh', 'stratus', 'stratus');
  await v.setOwnership('/root/.ssh/authorized_keys', 'stratus', 'shadow');
  assert.deepEqual(await v.stat('/root/.ssh/authorized_keys'), { type: 'file', mode: 0o600, uid: 1000, gid: 42, size: 16 });
  assert.deepEqual({ ...(await v.stat('/root/.ssh')), size: 0 }, { type: 'dir', mode: 0o700, uid: 1000, gid: 1000, size: 0 });
  await assert.rejects(v.setOwnership('/etc/hostname', 'nobody-here', 'root'), (e: unknown) => e instanceof InjectionError && /not in the guest's \/etc\/passwd/.test(e.message));

  await assert.rejects(v.readFile('etc/passwd'), /absolute/);
  await assert.rejects(v.readLink('/etc/passwd'), /not a symlink/);
  await assert.rejects(v.listDir('/etc/passwd'), /ENOTDIR/);
}

/** What an earlier exercise() left, seen through a fresh mount. */
async function checkPersisted(v: Vfs): Promise<void> {
  assert.equal((await v.readFile('/etc/hostname')).toString(), 'injected\n');
  assert.deepEqual(await v.stat('/root/.ssh/authorized_keys'), { type: 'file', mode: 0o600, uid: 1000, gid: 42, size: 16 });
}

test('raw whole disk: inspection finds partition 1; every method; persisted', { skip: !isRoot }, async () => {
  const img = copy(m.wholeDisk.raw.path, 'disk.raw');
  await withVfs({ disk: img, format: 'raw' }, async (v) => {
    assert.equal(v.partition, m.wholeDisk.rootPartition);
    await exercise(v);
  });
  await withVfs({ disk: img, format: 'raw', partition: 1 }, checkPersisted);
});

test('qcow2 whole disk through the FUSE export: every method; persisted; image still consistent', { skip: !isRoot }, async () => {
  const img = copy(m.wholeDisk.qcow2.path, 'disk.qcow2');
  await withVfs({ disk: img, format: 'qcow2' }, async (v) => {
    assert.equal(v.partition, 1);
    await exercise(v);
  });
  sh('qemu-img', 'check', '-f', 'qcow2', img);
  await withVfs({ disk: img, format: 'qcow2', partition: 1 }, checkPersisted);
});

test('bare filesystem (partition 0), raw and qcow2; inspection picks the whole disk', { skip: !isRoot }, async () => {
  const raw = copy(m.ami.root.path, 'root.ext4');
  await withVfs({ disk: raw, format: 'raw', partition: 0 }, exercise);
  // independent check: debugfs reads the filesystem without mounting it
  assert.equal(sh('debugfs', '-R', 'cat /etc/hostname', raw), 'injected\n');
  await withVfs({ disk: raw, format: 'raw' }, async (v) => {
    assert.equal(v.partition, 0);
    await checkPersisted(v);
  });
  const q = join(work, `${++n}-root.qcow2`);
  sh('qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', m.ami.root.path, q);
  await withVfs({ disk: q, format: 'qcow2', partition: 0 }, exercise);
  await withVfs({ disk: q, format: 'qcow2' }, checkPersisted);
});

// ---- hostile guests -------------------------------------------------------------------------

interface Canary {
  dir: string;
  state(): string;
}

/** A host directory with known content whose every byte, mode and mtime must survive. */
function makeCanary(): Canary {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-canary-'));
  mkdirSync(join(dir, 'ssh'));
  writeFileSync(join(dir, 'ssh', 'authorized_keys'), 'HOST KEYS\n');
  writeFileSync(join(dir, 'shadow'), 'root:HOST:1::::::\n');
  mkdirSync(join(dir, 'network'));
  writeFileSync(join(dir, 'network', 'interfaces'), 'HOST NET\n');
  mkdirSync(join(dir, 'files'));
  const state = () => {
    const out: string[] = [];
    const walk = (d: string) => {
      const st = statSync(d);
      out.push(`${relative(dir, d)} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs}`);
      for (const e of readdirSync(d).sort()) {
        const p = join(d, e);
        const s = statSync(p);
        if (s.isDirectory()) walk(p);
        else out.push(`${relative(dir, p)} ${s.mode.toString(8)} ${s.uid}:${s.gid} ${s.mtimeMs} ${readFileSync(p, 'utf8')}`);
      }
    };
    walk(dir);
    return out.join('\n');
  };
  return { dir, state };
}

/** A bare ext4 guest made hostile with debugfs (no mount involved). */
function hostileImage(c: Canary): string {
  const img = copy(m.ami.root.path, 'hostile.ext4');
  const chain = '../'.repeat(10) + relative('/', c.dir);
  const cmds = [
    `symlink /root/.ssh ${c.dir}/ssh`,
    'rm /etc/shadow',
    `symlink /etc/shadow ${c.dir}/shadow`,
    'rm /etc/network/interfaces',
    'rmdir /etc/network',
    `symlink /etc/network ${c.dir}/network`,
    'mkdir /opt',
    `symlink /opt/app ${chain}/files`,
    'mkdir /var/lib',
    `symlink /var/lib/chain ${chain}/shadow`,
    // debugfs's mknod takes a name in its current directory, not a path
    'cd /etc',
    'mknod fifo p',
    'mknod devnode c 1 3',
    'cd /',
    'symlink /etc/loop1 loop2',
    'symlink /etc/loop2 loop1',
  ];
  writeFileSync(join(work, 'debugfs.cmds'), cmds.join('\n') + '\n');
  sh('debugfs', '-w', '-f', join(work, 'debugfs.cmds'), img);
  return img;
}

/** Each hostile write either lands inside the guest or fails with an InjectionError. */
async function attack(v: Vfs, c: Canary): Promise<string[]> {
  const landed: string[] = [];
  const attempt = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      landed.push(what);
    } catch (e) {
      assert.ok(e instanceof InjectionError, `${what}: expected an InjectionError, got ${String(e)}`);
      assert.equal(e.handler, 'localfs');
    }
  };
  // /root/.ssh -> absolute host dir: created and written inside the guest
  await attempt('ssh', async () => {
    await v.makePath('/root/.ssh', 0o700);
    await v.appendFile('/root/.ssh/authorized_keys', 'guest key\n');
    await v.setOwnership('/root/.ssh/authorized_keys', 'stratus', 'stratus');
    await v.setPermissions('/root/.ssh/authorized_keys', 0o600);
  });
  await attempt('shadow-write', () => v.replaceFile('/etc/shadow', 'root:GUEST:1::::::\n'));
  await attempt('shadow-chmod', () => v.setPermissions('/etc/shadow', 0o777));
  await attempt('shadow-chown', () => v.setOwnership('/etc/shadow', 'stratus', 'stratus'));
  await attempt('shadow-read', () => v.readFile('/etc/shadow'));
  await attempt('network', () => v.replaceFile('/etc/network/interfaces', 'auto eth0\n'));
  await attempt('parent-chain', () => v.replaceFile('/opt/app/config.json', '{}'));
  await attempt('parent-chain-mkdir', () => v.makePath('/opt/app/sub'));
  await attempt('file-chain', () => v.appendFile('/var/lib/chain', 'x'));
  await attempt('dotdot', () => v.replaceFile(`/../../../..${c.dir}/shadow`, 'dotdot'));
  await attempt('dotdot-etc', () => v.replaceFile('/etc/../../../../tmp/dotdot.txt', 'dotdot'));
  // never written through, whatever happens to the rest
  for (const p of ['/etc/fifo', '/etc/devnode']) {
    await assert.rejects(v.appendFile(p, 'x'), (e: unknown) => e instanceof InjectionError && /refusing to write through a (fifo|char)/.test(e.message));
    await assert.rejects(v.replaceFile(p, 'x'), /refusing to write through/);
    await assert.rejects(v.readFile(p), /refusing to read/);
  }
  await assert.rejects(v.replaceFile('/etc/loop1', 'x'), /ELOOP/);
  await assert.rejects(v.makePath('/etc/loop1/x'), /ELOOP/);
  assert.equal((await v.stat('/etc/fifo')).type, 'fifo');
  assert.equal((await v.stat('/etc/devnode')).type, 'char');
  assert.equal(await v.hasFile('/etc/shadow'), true, 'a dangling link exists');
  assert.equal(await v.readLink('/etc/shadow'), `${c.dir}/shadow`);

  // what landed is inside the guest, at the guest's reading of the links
  assert.ok(landed.includes('ssh'));
  assert.equal((await v.readFile(`${c.dir}/ssh/authorized_keys`)).toString(), 'guest key\n');
  assert.deepEqual(await v.stat(`${c.dir}/ssh/authorized_keys`), { type: 'file', mode: 0o600, uid: 1000, gid: 1000, size: 10 });
  assert.ok(landed.includes('dotdot-etc'));
  assert.equal((await v.readFile('/tmp/dotdot.txt')).toString(), 'dotdot');
  return landed;
}

for (const format of ['raw', 'qcow2'] as const) {
  test(`hostile guest (${format}): symlinks to host paths, ../ chains, fifo, device node, .. in paths never reach the host`, { skip: !isRoot }, async () => {
    const c = makeCanary();
    try {
      const before = c.state();
      let img = hostileImage(c);
      if (format === 'qcow2') {
        const q = img.replace(/\.ext4$/, '.qcow2');
        sh('qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', img, q);
        img = q;
      }
      await withVfs({ disk: img, format }, async (v) => {
        assert.equal(v.partition, 0);
        await attack(v, c);
      });
      assert.equal(c.state(), before, 'host canary changed');
      assert.equal(existsSync('/tmp/dotdot.txt'), false);
      if (format === 'raw') {
        // the filesystem itself agrees: the key is in the guest, under the guest's reading of the link
        assert.equal(sh('debugfs', '-R', `cat ${c.dir}/ssh/authorized_keys`, img), 'guest key\n');
      }
    } finally {
      rmSync(c.dir, { recursive: true, force: true });
    }
  });
}

// ---- failures and cleanup -------------------------------------------------------------------

async function assertSetupFails(opts: LocalFsOptions, pattern: RegExp): Promise<void> {
  // A work directory of its own, so "nothing left in it" is about this setup alone.
  const workDir = mkdtempSync(join(work, 'wd-'));
  const v = new LocalFsVfs({ ...opts, workDir });
  const sigBefore = process.listenerCount('SIGTERM');
  await assert.rejects(v.setup(), (e: unknown) => e instanceof InjectionError && e.step === 'setup' && pattern.test(e.message));
  assertClean(opts.disk, undefined);
  assert.deepEqual(readdirSync(workDir), [], 'private directory left behind');
  assert.ok(!readFileSync('/proc/mounts', 'utf8').includes(workDir), 'mount left behind');
  assert.ok(!sh('losetup', '-a').includes(workDir), 'loop device left behind');
  assert.equal(process.listenerCount('SIGTERM'), sigBefore, 'signal handlers left registered');
  await v.teardown(); // safe after a failed setup
  await v.teardown(); // and twice
}

test('failed setups leave nothing behind: missing partition, wrong format, no OS, two OSes', { skip: !isRoot }, async () => {
  await assertSetupFails({ disk: copy(m.wholeDisk.raw.path, 'disk.raw'), format: 'raw', partition: 5 }, /partition 5 does not exist/);
  await assertSetupFails({ disk: copy(m.wholeDisk.qcow2.path, 'disk.qcow2'), format: 'qcow2', partition: 3 }, /partition 3 does not exist/);
  await assertSetupFails({ disk: copy(m.ami.root.path, 'root.ext4'), format: 'qcow2' }, /qemu-storage-daemon exited/);
  await assertSetupFails({ disk: join(work, 'missing.img'), format: 'raw' }, /losetup/);

  const empty = join(work, `${++n}-empty.ext4`);
  writeFileSync(empty, '');
  sh('truncate', '-s', '16M', empty);
  sh('mkfs.ext4', '-q', empty);
  await assertSetupFails({ disk: empty, format: 'raw' }, /no operating system found/);

  // two partitions, each a copy of the test root filesystem
  const two = join(work, `${++n}-two.raw`);
  const sectors = m.ami.root.size / 512;
  sh('truncate', '-s', String((2048 + 2 * sectors) * 512), two);
  execFileSync('sfdisk', ['-q', two], { input: `label: dos\nstart=2048, size=${sectors}\nstart=${2048 + sectors}, size=${sectors}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  for (const seek of [2048, 2048 + sectors]) sh('dd', `if=${m.ami.root.path}`, `of=${two}`, 'bs=512', `seek=${seek}`, 'conv=notrunc', 'status=none');
  await assertSetupFails({ disk: two, format: 'raw' }, /more than one operating system found \(partitions 1, 2\)/);
  await withVfs({ disk: two, format: 'raw', partition: 2 }, async (v) => assert.equal(v.partition, 2));

  assert.throws(() => new LocalFsVfs({ disk: two, format: 'raw', partition: -1 }), InjectionError);
  await assert.rejects(new LocalFsVfs({ disk: two, format: 'raw' }).readFile('/etc/passwd'), /not set up/);
});

test('a process ending by SIGTERM or process.exit() while mounted unmounts and detaches on its way out', { skip: !isRoot }, async () => {
  for (const [format, how] of [['raw', 'SIGTERM'], ['qcow2', 'SIGTERM'], ['raw', 'exit'], ['qcow2', 'exit']] as const) {
    const img = copy(format === 'raw' ? m.wholeDisk.raw.path : m.wholeDisk.qcow2.path, `${how}.${format}`);
    const mod = new URL('../../src/inject/localfs/index.js', import.meta.url).href;
    const script = `const { LocalFsVfs } = await import(${JSON.stringify(mod)});
      const v = new LocalFsVfs({ disk: ${JSON.stringify(img)}, format: ${JSON.stringify(format)} });
      await v.setup(); await v.replaceFile('/etc/hostname', 'before-signal\\n');
      process.stdout.write('ready\\n'); setInterval(() => {}, 1000);
      process.stdin.on('data', () => process.exit(3));`;
    const child = spawn(process.execPath, [...process.execArgv.filter((a) => !a.startsWith('--test')), '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const dir = privateDirOf(img);
    const exited = new Promise<string>((r) => child.on('exit', (code, sig) => r(sig ?? String(code))));
    if (how === 'SIGTERM') {
      child.kill('SIGTERM');
      assert.equal(await exited, 'SIGTERM', 'the signal still ends the process');
    } else {
      child.stdin.write('exit\n');
      assert.equal(await exited, '3');
    }
    assertClean(img, dir);
    await withVfs({ disk: img, format }, async (v) => assert.equal((await v.readFile('/etc/hostname')).toString(), 'before-signal\n'));
  }
});

test('a full filesystem fails with the step and path; a read-only one fails setup; both clean', { skip: !isRoot }, async () => {
  const tree = join(work, `${++n}-tree`);
  mkdirSync(join(tree, 'etc'), { recursive: true });
  writeFileSync(join(tree, 'etc', 'os-release'), 'ID=tiny\n');
  const tiny = join(work, `${++n}-tiny.ext4`);
  sh('mkfs.ext4', '-q', '-d', tree, tiny, '2M');
  await withVfs({ disk: tiny, format: 'raw' }, async (v) => {
    await assert.rejects(v.replaceFile('/big', Buffer.alloc(4 << 20, 1)), (e: unknown) =>
      e instanceof InjectionError && e.step === 'replaceFile' && e.path === '/big' && /ENOSPC|no space/i.test(e.message));
  });
  sh('tune2fs', '-O', 'read-only', tiny);
  await assertSetupFails({ disk: tiny, format: 'raw' }, /mount/);
});
