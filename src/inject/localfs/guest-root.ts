/**
 * Guest paths resolved inside a mounted guest root, never out of it.
 *
 * A mounted guest filesystem is hostile data: any directory may be a symlink to a host path
 * (Nova's CVE-2012-3360/3361/3447 came from letting the host kernel follow those). So no host
 * syscall here is ever handed a path whose guest part has not been walked by us component by
 * component:
 *
 * - the path must be absolute; empty and `.` components are dropped;
 * - `..` pops one resolved component and never climbs above the guest root (as at `/` in the guest);
 * - every intermediate component is lstat'ed; a symlink is expanded as the guest would see it
 *   (an absolute target restarts at the guest root, a relative one continues from the link's
 *   directory), at most MAX_HOPS expansions per lookup (ELOOP);
 * - the final component is followed the same way for operations the guest's own tools would
 *   follow (write, read, chmod, chown, mkdir -p, list), and not for the lstat-like ones (stat,
 *   hasFile, readLink). Following inside the guest rather than refusing keeps ordinary guests
 *   working (/etc/resolv.conf -> ../run/...); a hostile link lands on a guest path, not a host one;
 * - the resolved host path has no symlink in it when we checked, and every open of it still uses
 *   O_NOFOLLOW (and O_NONBLOCK, then fstat) so that a component swapped after the check, a fifo,
 *   a device node or a socket is refused rather than followed, blocked on or written through.
 *
 * The mount lives in a 0700 directory only root can reach, and nothing else writes the guest while
 * it is mounted, so the check-then-use window is not reachable by an unprivileged host user; the
 * no-follow opens are the second line for the final component.
 */
import { constants as C } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { InjectionError, type GuestStat } from '../vfs.js';

/** Symlink expansions allowed in one lookup: the kernel's own limit. */
export const MAX_HOPS = 40;

export interface Resolved {
  /** The guest path after resolution, e.g. ['etc', 'shadow']. */
  components: string[];
  /** The host path under the mount (the root joined with `components`). */
  host: string;
  /** lstat of the final entry, or null if it does not exist (its parent does, and is a directory). */
  stat: Stats | null;
}

type Errno = NodeJS.ErrnoException;
const errno = (e: unknown): string | undefined => (e as Errno | null)?.code;

export function typeOf(st: Stats): GuestStat['type'] {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isSocket()) return 'socket';
  return 'other';
}

export class GuestRoot {
  constructor(
    /** Host directory the guest filesystem is mounted on. */
    readonly root: string,
    readonly handler = 'localfs',
  ) {}

  fail(step: string, path: string, message: string, cause?: unknown): InjectionError {
    return new InjectionError(this.handler, step, path, message, cause === undefined ? undefined : { cause });
  }

  private split(step: string, path: string): string[] {
    if (typeof path !== 'string' || !path.startsWith('/')) throw this.fail(step, String(path), 'guest paths must be absolute');
    if (path.includes('\0')) throw this.fail(step, path, 'guest path contains a NUL byte');
    return path.split('/').filter((c) => c !== '' && c !== '.');
  }

  private hostOf(components: readonly string[]): string {
    return components.length === 0 ? this.root : join(this.root, ...components);
  }

  /**
   * Resolves `path` inside the guest. `followFinal`: expand a symlink in the last place too.
   * `create`: make missing directories on the way (mode 0755 root:root; the last one `createMode`),
   * for mkdir -p. A missing final entry is not an error (stat: null); a missing or non-directory
   * intermediate one is (ENOENT / ENOTDIR as an InjectionError).
   */
  async resolve(
    step: string,
    path: string,
    opts: { followFinal: boolean; create?: boolean; createMode?: number },
  ): Promise<Resolved> {
    const todo = this.split(step, path).reverse();
    const cur: string[] = [];
    let hops = 0;
    let st: Stats | null = null;
    while (todo.length > 0) {
      const c = todo.pop() as string;
      const last = todo.length === 0;
      if (c === '..') {
        // At the guest root `..` is the root itself, exactly as in the guest.
        cur.pop();
        st = last ? await this.lstatOrNull(step, path, cur) : null;
        continue;
      }
      const next = [...cur, c];
      st = await this.lstatOrNull(step, path, next);
      if (st === null) {
        if (opts.create) {
          await this.mkdirOwned(step, path, next, last && opts.createMode !== undefined ? opts.createMode : 0o755);
          st = await this.lstatOrNull(step, path, next);
        } else if (last) {
          return { components: next, host: this.hostOf(next), stat: null };
        } else {
          throw this.fail(step, path, `/${next.join('/')} does not exist in the guest (ENOENT)`);
        }
      }
      if (st !== null && st.isSymbolicLink() && (!last || opts.followFinal)) {
        if (++hops > MAX_HOPS) throw this.fail(step, path, `too many levels of symbolic links (ELOOP, more than ${MAX_HOPS})`);
        const target = await readlink(this.hostOf(next), 'utf8');
        if (target.length === 0) throw this.fail(step, path, `/${next.join('/')} is an empty symlink (ENOENT)`);
        // Absolute targets restart at the guest root; relative ones continue from the link's
        // directory (cur, unchanged). Either way they are just more components to walk.
        if (target.startsWith('/')) cur.length = 0;
        const more = target.split('/').filter((x) => x !== '' && x !== '.');
        for (let i = more.length - 1; i >= 0; i--) todo.push(more[i]);
        if (more.length === 0 && last) st = await this.lstatOrNull(step, path, cur);
        continue;
      }
      if (!last && st !== null && !st.isDirectory()) {
        throw this.fail(step, path, `/${next.join('/')} is a ${typeOf(st)}, not a directory (ENOTDIR)`);
      }
      cur.push(c);
    }
    if (cur.length === 0) st = await this.lstatOrNull(step, path, cur);
    return { components: cur, host: this.hostOf(cur), stat: st };
  }

  private async lstatOrNull(step: string, path: string, components: readonly string[]): Promise<Stats | null> {
    try {
      return await lstat(this.hostOf(components));
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      throw this.fail(step, path, `cannot look up /${components.join('/')}: ${(e as Error).message}`, e);
    }
  }

  /** mkdir whose parent was just verified to be a real directory; mkdir never follows a final link. */
  private async mkdirOwned(step: string, path: string, components: readonly string[], mode: number): Promise<void> {
    const host = this.hostOf(components);
    try {
      await mkdir(host, { mode });
    } catch (e) {
      throw this.fail(step, path, `cannot create directory /${components.join('/')}: ${(e as Error).message}`, e);
    }
    // Explicitly, not through the umask and a parent's setgid bit: new entries are root:root.
    const fh = await this.openNoFollow(step, path, host, C.O_RDONLY | C.O_DIRECTORY);
    try {
      await fh.chown(0, 0);
      await fh.chmod(mode);
    } finally {
      await fh.close();
    }
  }

  /** open() that never follows a symlink and never blocks on a fifo; errors become InjectionErrors. */
  async openNoFollow(step: string, path: string, host: string, flags: number, mode?: number): Promise<FileHandle> {
    try {
      return await open(host, flags | C.O_NOFOLLOW | C.O_NONBLOCK, mode);
    } catch (e) {
      const why = errno(e) === 'ELOOP' ? 'is a symlink (refused: never followed on the host)' : (e as Error).message;
      throw this.fail(step, path, `cannot open: ${why}`, e);
    }
  }

  /** Opens a regular file for writing (creating it 0644 root:root when missing); refuses any other type. */
  async openForWrite(step: string, path: string, how: 'append' | 'replace'): Promise<FileHandle> {
    const r = await this.resolve(step, path, { followFinal: true });
    if (r.stat !== null && !r.stat.isFile()) {
      throw this.fail(step, path, `refusing to write through a ${typeOf(r.stat)} (only regular files are written)`);
    }
    const created = r.stat === null;
    const flags = C.O_WRONLY | C.O_CREAT | (how === 'append' ? C.O_APPEND : 0);
    const fh = await this.openNoFollow(step, path, r.host, flags, 0o644);
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw this.fail(step, path, `refusing to write through a ${typeOf(st)} (only regular files are written)`);
      if (created) {
        await fh.chown(0, 0);
        await fh.chmod(0o644);
      }
      // Truncating after the type check rather than with O_TRUNC: O_TRUNC would act before we know
      // what was opened.
      if (how === 'replace') await fh.truncate(0);
      return fh;
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async readFile(step: string, path: string): Promise<Buffer> {
    const r = await this.resolve(step, path, { followFinal: true });
    if (r.stat === null) throw this.fail(step, path, 'no such file in the guest (ENOENT)');
    if (!r.stat.isFile()) throw this.fail(step, path, `refusing to read a ${typeOf(r.stat)} (only regular files are read)`);
    const fh = await this.openNoFollow(step, path, r.host, C.O_RDONLY);
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw this.fail(step, path, `refusing to read a ${typeOf(st)}`);
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  async listDir(step: string, path: string): Promise<string[]> {
    const r = await this.resolve(step, path, { followFinal: true });
    if (r.stat === null) throw this.fail(step, path, 'no such directory in the guest (ENOENT)');
    if (!r.stat.isDirectory()) throw this.fail(step, path, `is a ${typeOf(r.stat)}, not a directory (ENOTDIR)`);
    // Verified a real directory a moment ago; readdir cannot take a no-follow fd, see the header.
    return (await readdir(r.host)).sort();
  }

  /** chmod/chown on the entry a guest `chmod`/`chown` would reach; only files and directories. */
  async changeAttrs(step: string, path: string, change: (fh: FileHandle) => Promise<void>): Promise<void> {
    const r = await this.resolve(step, path, { followFinal: true });
    if (r.stat === null) throw this.fail(step, path, 'no such file in the guest (ENOENT)');
    if (!r.stat.isFile() && !r.stat.isDirectory()) {
      throw this.fail(step, path, `refusing to change a ${typeOf(r.stat)} (only files and directories)`);
    }
    const fh = await this.openNoFollow(step, path, r.host, C.O_RDONLY | (r.stat.isDirectory() ? C.O_DIRECTORY : 0));
    try {
      const st = await fh.stat();
      if (st.ino !== r.stat.ino || st.dev !== r.stat.dev) throw this.fail(step, path, 'changed while being resolved');
      await change(fh);
    } finally {
      await fh.close();
    }
  }

}
