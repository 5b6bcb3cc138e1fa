/**
 * Getting a disk image onto a private host directory and off it again: a loop device for raw
 * images, a qemu-storage-daemon FUSE export (qcow2 as a raw file) under the loop device for qcow2
 * (this host family has no nbd module), then a mount with nosuid,nodev,noexec.
 *
 * Every resource is recorded the moment it exists in an `Attachment`, and `detach()` undoes
 * whatever is recorded in reverse order, so a failure half way through setup leaves nothing behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { chmod, mkdtemp, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { run } from '../../util/exec.js';

export interface Attachment {
  /** Private 0700 directory holding everything below. */
  dir?: string;
  /** The qcow2 FUSE export's mountpoint (a regular file in `dir`). */
  exportFile?: string;
  daemon?: ChildProcess;
  daemonStderr?: string[];
  /** /dev/loopN. */
  loop?: string;
  /** The file the loop device maps. */
  loopBacking?: string;
  /** Where the guest filesystem is mounted (a directory in `dir`). */
  mountDir?: string;
  /** True while mountDir has the guest mounted. */
  mounted?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function makePrivateDir(a: Attachment, base = tmpdir()): Promise<string> {
  a.dir = await mkdtemp(join(base, 'stratus-localfs-'));
  await chmod(a.dir, 0o700);
  return a.dir;
}

/** mountinfo's mount point field is octal-escaped for space, tab, newline and backslash. */
function mountinfoEscape(path: string): string {
  return path.replace(/[\\ \t\n]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}

/** Is `path` a mountpoint right now (per this process's mount table)? */
export function isMountpoint(path: string): boolean {
  const esc = mountinfoEscape(path);
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[4] === esc);
}

/** Starts qemu-storage-daemon exporting `image` (qcow2) as a raw file, and waits until it is mounted. */
export async function exportQcow2(a: Attachment, image: string, timeoutMs = 15_000): Promise<string> {
  if (!a.dir) throw new Error('exportQcow2: no private directory');
  const file = join(a.dir, 'disk.raw');
  // FUSE exports need an existing regular file as their mountpoint.
  await (await open(file, 'wx', 0o600)).close();
  a.exportFile = file;
  // JSON syntax: the image path may contain commas, which key=value syntax would split on.
  const args = [
    '--blockdev', JSON.stringify({ driver: 'file', 'node-name': 'stratus-file', filename: image }),
    '--blockdev', JSON.stringify({ driver: 'qcow2', 'node-name': 'stratus-disk', file: 'stratus-file' }),
    '--export', JSON.stringify({ type: 'fuse', id: 'stratus-export', 'node-name': 'stratus-disk', mountpoint: file, writable: true }),
  ];
  // A long-lived child, so spawned directly rather than through run(); detach() kills it.
  const child = spawn('qemu-storage-daemon', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  a.daemon = child;
  a.daemonStderr = [];
  child.stderr?.on('data', (b: Buffer) => a.daemonStderr?.push(b.toString('utf8')));
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`qemu-storage-daemon could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`qemu-storage-daemon exited (${child.exitCode ?? child.signalCode}) before its FUSE export was ready: ${a.daemonStderr.join('').trim()}`);
    }
    if (isMountpoint(file)) return file;
    if (Date.now() > deadline) throw new Error(`qemu-storage-daemon's FUSE export on ${file} not ready after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Attaches `file` to a free loop device with partition scanning; returns /dev/loopN. */
export async function attachLoop(a: Attachment, file: string): Promise<string> {
  const { stdout } = await run('losetup', ['-f', '--show', '-P', file], { timeoutMs: 30_000 });
  a.loop = stdout.trim();
  a.loopBacking = file;
  if (!/^\/dev\/loop\d+$/.test(a.loop)) throw new Error(`losetup printed an unexpected device: ${JSON.stringify(stdout)}`);
  return a.loop;
}

/**
 * Partition numbers of the loop device, with their device nodes present. Some kernels (this
 * host's among them) do not populate partitions on `losetup -P`; partx reads the table in user
 * space and adds them through BLKPG, which losetup -d removes again.
 */
export async function partitions(loop: string): Promise<number[]> {
  const { stdout } = await run('partx', ['-g', '-o', 'NR', loop], { timeoutMs: 30_000, okCodes: [0, 1] });
  const nrs = stdout.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)).map(Number);
  const name = basename(loop);
  const missing = nrs.filter((n) => !existsSync(`/sys/block/${name}/${name}p${n}`));
  if (missing.length > 0) await run('partx', ['-a', loop], { timeoutMs: 30_000 });
  for (const n of nrs) {
    const deadline = Date.now() + 5_000;
    while (!existsSync(`${loop}p${n}`)) {
      if (Date.now() > deadline) throw new Error(`partition device ${loop}p${n} did not appear`);
      await sleep(20);
    }
  }
  return nrs;
}

export async function mountAt(a: Attachment, device: string, dir: string, readOnly: boolean): Promise<void> {
  // nosuid,nodev,noexec: nothing in the guest tree is a host program, device or privilege.
  // -w: util-linux would otherwise quietly fall back to a read-only mount of a write-protected
  // filesystem, and injection would fail later and less clearly.
  const args = [readOnly ? '-r' : '-w', '-o', 'nosuid,nodev,noexec', device, dir];
  // "already mounted or mount point busy": the superblock of the inspection's read-only mount of
  // the same partition can outlive its umount by a moment (the kernel then refuses a rw mount,
  // "would change RO state"); that clears, so retry it, and only it.
  for (let i = 1; ; i++) {
    try {
      await run('mount', args, { timeoutMs: 60_000 });
      break;
    } catch (e) {
      if (i >= 8 || !/busy/i.test((e as Error).message)) throw e;
      await sleep(50 * i);
    }
  }
  a.mountDir = dir;
  a.mounted = true;
  // Some filesystems (ext4 with the read-only feature, one needing recovery on a read-only
  // device) come up read-only even when asked for rw; say so now rather than at the first write.
  if (!readOnly && !isWritableMount(dir)) {
    throw new Error(`${device} mounted read-only although read-write was asked (write-protected filesystem)`);
  }
}

/** The mount on `dir` is read-write, both per mount and per superblock (mountinfo fields 6 and 11). */
function isWritableMount(dir: string): boolean {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const f = line.split(' ');
    if (f[4] !== mountinfoEscape(dir)) continue;
    const sep = f.indexOf('-');
    const superOpts = sep > 0 ? (f[sep + 3] ?? '') : '';
    return f[5].split(',').includes('rw') && superOpts.split(',').includes('rw');
  }
  return false;
}

export async function unmount(a: Attachment): Promise<void> {
  if (!a.mounted || !a.mountDir) return;
  await retry(() => run('umount', [a.mountDir as string], { timeoutMs: 60_000 }));
  a.mounted = false;
}

async function retry<T>(f: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i >= tries) throw e;
      await sleep(100 * i);
    }
  }
}

/** Undoes everything recorded in `a`, in reverse order; collects errors and throws them together. */
export async function detach(a: Attachment): Promise<void> {
  const errors: string[] = [];
  const step = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (e) {
      errors.push(`${what}: ${(e as Error).message}`);
    }
  };
  await step('umount', () => unmount(a));
  if (a.loop) {
    const loop = a.loop;
    // Push everything the filesystem wrote through the loop device into its backing file (a
    // flush request makes the loop driver fsync that file: for qcow2, the daemon's export) ...
    await step('flush loop device', () => run('sync', [loop], { timeoutMs: 120_000 }));
    await step('losetup -d', async () => {
      await retry(() => run('losetup', ['-d', loop], { timeoutMs: 30_000 }));
      // ... and wait for the detach itself: the kernel may finish it after losetup returns (a
      // device still open elsewhere is only marked autoclear), and the daemon must not stop
      // while the loop device can still write to its export.
      await waitDetached(loop, a.loopBacking);
      a.loop = undefined;
    });
  }
  if (a.daemon) {
    const d = a.daemon;
    await step('stop qemu-storage-daemon', async () => {
      await stopChild(d);
      a.daemon = undefined;
    });
  }
  if (a.exportFile) {
    const f = a.exportFile;
    await step('remove export file', async () => {
      // A daemon killed hard leaves its FUSE mount behind: lift it before removing the file.
      if (isMountpoint(f)) await run('umount', ['-l', f], { timeoutMs: 30_000 });
      await unlink(f);
      a.exportFile = undefined;
    });
  }
  if (a.mountDir && !a.mounted) {
    const m = a.mountDir;
    await step('remove mount directory', async () => {
      await rmdir(m).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      a.mountDir = undefined;
    });
  }
  if (a.dir) {
    const d = a.dir;
    await step('remove private directory', async () => {
      // Never a recursive rm: if anything above failed, a guest may still be mounted in here.
      const left = await readdir(d).catch(() => [] as string[]);
      for (const name of left) await rmdir(join(d, name)).catch(() => unlink(join(d, name)));
      await rmdir(d);
      a.dir = undefined;
    });
  }
  if (errors.length > 0) throw new Error(errors.join('; '));
}

/** Until /dev/loopN no longer maps `backing` (sysfs shows a bound device's backing file). */
async function waitDetached(loop: string, backing: string | undefined, timeoutMs = 30_000): Promise<void> {
  const f = `/sys/block/${basename(loop)}/loop/backing_file`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let current: string | null = null;
    try {
      current = readFileSync(f, 'utf8').trim();
    } catch {
      return; // not bound to anything
    }
    if (backing !== undefined && current !== backing) return; // detached, and reused by someone else
    if (Date.now() > deadline) throw new Error(`${loop} still maps ${current} ${timeoutMs} ms after losetup -d`);
    await sleep(20);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // SIGTERM lets qemu-storage-daemon flush the qcow2 and lift its FUSE mount.
  child.kill('SIGTERM');
  const t = await Promise.race([exited.then(() => 'exited'), sleep(15_000).then(() => 'timeout')]);
  if (t === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * The same undo for a process on its way out ('exit' handlers cannot wait for promises): the one
 * place external programs are run synchronously instead of through run().
 */
export function detachSync(a: Attachment): void {
  const quiet = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
  if (a.mounted && a.mountDir) {
    if (quiet('umount', [a.mountDir]).status !== 0) quiet('umount', ['-l', a.mountDir]);
    a.mounted = false;
  }
  if (a.loop) {
    quiet('sync', [a.loop]);
    quiet('losetup', ['-d', a.loop]);
    // As in detach(): the daemon must outlive the loop device's last write.
    const f = `/sys/block/${basename(a.loop)}/loop/backing_file`;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && existsSync(f) && readFileSync(f, 'utf8').trim() === a.loopBacking) spawnSync('sleep', ['0.02']);
  }
  a.loop = undefined;
  if (a.daemon && a.daemon.exitCode === null && a.daemon.signalCode === null) {
    a.daemon.kill('SIGTERM');
    // Wait (bounded) for it to lift its FUSE mount, then make sure.
    const deadline = Date.now() + 5_000;
    while (a.exportFile && isMountpoint(a.exportFile) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
    if (a.exportFile && isMountpoint(a.exportFile)) {
      a.daemon.kill('SIGKILL');
      quiet('umount', ['-l', a.exportFile]);
    }
  }
  a.daemon = undefined;
  try {
    if (a.exportFile) unlinkSync(a.exportFile);
    if (a.mountDir) rmdirSync(a.mountDir);
    if (a.dir) {
      for (const n of readdirSync(a.dir)) rmdirSync(join(a.dir, n));
      rmdirSync(a.dir);
    }
  } catch {
    // best effort on the way out
  }
}
