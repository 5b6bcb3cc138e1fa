/**
 * The Vfs on a local mount, for hosts without libguestfs. The image is mounted on a private
 * directory (see attach.ts) and every guest path goes through GuestRoot's in-guest resolution
 * (see guest-root.ts), so a hostile image's symlinks, `..`, fifos and device nodes never reach a
 * host file.
 */
import { mkdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InjectionError, type GuestStat, type Vfs } from '../vfs.js';
import { attachLoop, detach, detachSync, exportQcow2, makePrivateDir, mountAt, partitions, unmount, type Attachment } from './attach.js';
import { GuestRoot, typeOf } from './guest-root.js';

export interface LocalFsOptions {
  /** Path of the disk image on the host. */
  disk: string;
  format: 'raw' | 'qcow2';
  /**
   * 0: the whole disk is the filesystem. N: partition N. Undefined: inspect (each partition
   * mounted read-only in turn; exactly one may hold /etc/os-release or /etc/fstab).
   */
  partition?: number;
  /** Where the private 0700 working directory is made (default: the OS temp directory). */
  workDir?: string;
  /** Milliseconds to wait for qemu-storage-daemon's export (default 15000). */
  exportTimeoutMs?: number;
}

const HANDLER = 'localfs';
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export class LocalFsVfs implements Vfs {
  readonly handler = HANDLER;
  private readonly att: Attachment = {};
  private guest: GuestRoot | null = null;
  private chosen: number | undefined;
  private readonly onExit = () => detachSync(this.att);
  private readonly onSignal = (sig: NodeJS.Signals) => {
    void this.teardown()
      .catch(() => detachSync(this.att))
      .finally(() => {
        // Nobody else listening: behave as the signal would have without us.
        if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
      });
  };
  private hooked = false;
  private tearing: Promise<void> | null = null;

  constructor(readonly options: LocalFsOptions) {
    if (options.partition !== undefined && (!Number.isInteger(options.partition) || options.partition < 0)) {
      throw new InjectionError(HANDLER, 'setup', undefined, `partition must be a whole number >= 0, got ${options.partition}`);
    }
  }

  /** The partition mounted (0 = whole disk); known after setup(). */
  get partition(): number | undefined {
    return this.chosen;
  }

  async setup(): Promise<void> {
    if (this.guest) return;
    const { disk, format } = this.options;
    this.hook();
    try {
      const dir = await makePrivateDir(this.att, this.options.workDir);
      let file = disk;
      if (format === 'qcow2') file = await exportQcow2(this.att, disk, this.options.exportTimeoutMs);
      else if (format !== 'raw') throw new Error(`unknown image format ${String(format)}`);
      const loop = await attachLoop(this.att, file);
      const parts = await partitions(loop);
      const mountDir = join(dir, 'root');
      await mkdir(mountDir, { mode: 0o700 });
      this.att.mountDir = mountDir;
      let n = this.options.partition;
      if (n === undefined) n = await this.inspect(loop, parts, mountDir);
      else if (n !== 0 && !parts.includes(n)) {
        throw new Error(`partition ${n} does not exist on ${disk} (partitions: ${parts.join(', ') || 'none'})`);
      }
      await mountAt(this.att, n === 0 ? loop : `${loop}p${n}`, mountDir, false);
      this.chosen = n;
      this.guest = new GuestRoot(mountDir, HANDLER);
    } catch (e) {
      const undo = await detach(this.att).then(
        () => {
          this.unhook();
          return '';
        },
        (u: Error) => `; cleanup also failed: ${u.message}`,
      );
      if (e instanceof InjectionError) throw e;
      throw new InjectionError(HANDLER, 'setup', undefined, `${disk} (${format}): ${(e as Error).message}${undo}`, { cause: e });
    }
  }

  /** The one partition whose filesystem has /etc/os-release or /etc/fstab (resolved in-guest). */
  private async inspect(loop: string, parts: number[], dir: string): Promise<number> {
    const candidates = parts.length > 0 ? parts : [0];
    const found: number[] = [];
    for (const n of candidates) {
      try {
        await mountAt(this.att, n === 0 ? loop : `${loop}p${n}`, dir, true);
      } catch {
        continue; // not a filesystem we can mount (swap, empty, unknown): not the root
      }
      try {
        const g = new GuestRoot(dir, HANDLER);
        for (const p of ['/etc/os-release', '/etc/fstab']) {
          const r = await g.resolve('inspect', p, { followFinal: true }).catch(() => null);
          if (r?.stat) {
            found.push(n);
            break;
          }
        }
      } finally {
        await unmount(this.att);
      }
    }
    if (found.length === 1) return found[0];
    const where = candidates.map((n) => (n === 0 ? 'whole disk' : `partition ${n}`)).join(', ');
    if (found.length === 0) throw new Error(`no operating system found (no /etc/os-release or /etc/fstab on: ${where})`);
    throw new Error(`more than one operating system found (partitions ${found.join(', ')}); choose one with the partition option`);
  }

  teardown(): Promise<void> {
    // One teardown at a time (a signal may arrive during the caller's own teardown).
    this.tearing ??= (async () => {
      this.guest = null;
      try {
        await detach(this.att);
      } catch (e) {
        // The exit handler stays registered: it tries once more (lazily) on the way out.
        throw new InjectionError(HANDLER, 'teardown', undefined, (e as Error).message, { cause: e });
      }
      this.unhook();
    })().finally(() => {
      this.tearing = null;
    });
    return this.tearing;
  }

  private hook(): void {
    if (this.hooked) return;
    process.on('exit', this.onExit);
    for (const s of SIGNALS) process.on(s, this.onSignal);
    this.hooked = true;
  }

  private unhook(): void {
    if (!this.hooked) return;
    process.off('exit', this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    this.hooked = false;
  }

  /**
   * One guest operation: refused before setup, and any failure that is not already an
   * InjectionError (EROFS, ENOSPC, EIO, ...) becomes one naming the operation and the guest path.
   */
  private async op<T>(step: string, path: string, f: (g: GuestRoot) => Promise<T>): Promise<T> {
    const g = this.guest;
    if (!g) throw new InjectionError(HANDLER, step, path, 'not set up (call setup() first)');
    try {
      return await f(g);
    } catch (e) {
      if (e instanceof InjectionError) throw e;
      throw new InjectionError(HANDLER, step, path, (e as Error).message, { cause: e });
    }
  }

  makePath(path: string, mode = 0o755): Promise<void> {
    return this.op('makePath', path, async (g) => {
      const r = await g.resolve('makePath', path, { followFinal: true, create: true, createMode: mode });
      if (!r.stat?.isDirectory()) throw g.fail('makePath', path, `exists as a ${r.stat ? typeOf(r.stat) : 'nothing'}, not a directory`);
    });
  }

  appendFile(path: string, content: string | Buffer): Promise<void> {
    return this.write('appendFile', path, 'append', content);
  }

  replaceFile(path: string, content: string | Buffer): Promise<void> {
    return this.write('replaceFile', path, 'replace', content);
  }

  private write(step: string, path: string, how: 'append' | 'replace', content: string | Buffer): Promise<void> {
    return this.op(step, path, async (g) => {
      const fh = await g.openForWrite(step, path, how);
      try {
        await fh.writeFile(content);
      } finally {
        await fh.close();
      }
    });
  }

  readFile(path: string): Promise<Buffer> {
    return this.op('readFile', path, (g) => g.readFile('readFile', path));
  }

  async hasFile(path: string): Promise<boolean> {
    try {
      return await this.op('hasFile', path, async (g) => (await g.resolve('hasFile', path, { followFinal: false })).stat !== null);
    } catch (e) {
      // A missing or non-directory parent means "no such file"; anything else (ELOOP, I/O) is real.
      if (e instanceof InjectionError && /\((ENOENT|ENOTDIR)\)/.test(e.message)) return false;
      throw e;
    }
  }

  stat(path: string): Promise<GuestStat> {
    return this.op('stat', path, async (g) => {
      const r = await g.resolve('stat', path, { followFinal: false });
      if (!r.stat) throw g.fail('stat', path, 'no such file in the guest (ENOENT)');
      return { type: typeOf(r.stat), mode: r.stat.mode & 0o7777, uid: r.stat.uid, gid: r.stat.gid, size: r.stat.size };
    });
  }

  listDir(path: string): Promise<string[]> {
    return this.op('listDir', path, (g) => g.listDir('listDir', path));
  }

  readLink(path: string): Promise<string> {
    return this.op('readLink', path, async (g) => {
      const r = await g.resolve('readLink', path, { followFinal: false });
      if (!r.stat?.isSymbolicLink()) throw g.fail('readLink', path, `not a symlink (${r.stat ? typeOf(r.stat) : 'missing'})`);
      return readlink(r.host, 'utf8');
    });
  }

  setPermissions(path: string, mode: number): Promise<void> {
    return this.op('setPermissions', path, async (g) => {
      if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw g.fail('setPermissions', path, `bad mode ${mode}`);
      await g.changeAttrs('setPermissions', path, (fh) => fh.chmod(mode));
    });
  }

  setOwnership(path: string, user: string, group: string): Promise<void> {
    return this.op('setOwnership', path, async (g) => {
      const uid = await this.lookupId(g, path, '/etc/passwd', user, 'user');
      const gid = await this.lookupId(g, path, '/etc/group', group, 'group');
      await g.changeAttrs('setOwnership', path, (fh) => fh.chown(uid, gid));
    });
  }

  /** Name -> id from the guest's own database (read through the same safe resolution). */
  private async lookupId(g: GuestRoot, path: string, db: string, name: string, what: string): Promise<number> {
    const text = (await g.readFile('setOwnership', db)).toString('utf8');
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && f[0] === name && /^\d+$/.test(f[2])) return Number(f[2]);
    }
    // chown(1) semantics: a name not in the database that is a number is that number.
    if (/^\d+$/.test(name)) return Number(name);
    throw g.fail('setOwnership', path, `${what} ${JSON.stringify(name)} is not in the guest's ${db}`);
  }
}
