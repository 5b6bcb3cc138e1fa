/**
 * The libguestfs VFS: the guest's filesystems are mounted inside the libguestfs appliance (a small
 * VM), never on the host, so a hostile image's symlinks resolve inside the guest tree at worst.
 * One appliance per injection: setup() launches it once and every operation is a call on that
 * handle until teardown().
 */
import { InjectionError, type GuestStat, type Vfs } from '../vfs.js';
import { GuestfsCallError, GuestfsHandle } from './libguestfs.js';

export interface GuestfsEnv {
  /** libguestfs backend (LIBGUESTFS_BACKEND), e.g. 'direct' or 'libvirt'. */
  backend: string;
  /** Backend settings (LIBGUESTFS_BACKEND_SETTINGS, colon-separated there), e.g. ['force_tcg']. */
  backendSettings: string[];
}

export interface GuestFsVfsOptions {
  disk: string;
  /** Always given: letting libguestfs probe an untrusted image's format is a known escape. */
  format: 'raw' | 'qcow2';
  /** 0 = the whole disk is one filesystem, N = /dev/sdaN, undefined = inspect the OS. */
  partition?: number;
  /** Defaults: LIBGUESTFS_BACKEND / LIBGUESTFS_BACKEND_SETTINGS from the environment, else direct / force_tcg. */
  env?: Partial<GuestfsEnv>;
  /** Add the drive read-only and mount read-only (writes then fail). */
  readonly?: boolean;
}

/** The environment defaults: this project's hosts need direct + force_tcg (KVM aborts the appliance). */
export function defaultGuestfsEnv(env: NodeJS.ProcessEnv = process.env): GuestfsEnv {
  return {
    backend: env.LIBGUESTFS_BACKEND || 'direct',
    backendSettings: (env.LIBGUESTFS_BACKEND_SETTINGS ?? 'force_tcg').split(':').filter((s) => s !== ''),
  };
}

/** libguestfs's write limit per message is a few MiB; larger content goes in chunks. */
const CHUNK = 2 * 1024 * 1024;

interface Account {
  name: string;
  id: number;
}

export class GuestFsVfs implements Vfs {
  readonly handler = 'guestfs';
  private h: GuestfsHandle | null = null;
  private readonly env: GuestfsEnv;
  /** What setup() mounted: [mountpoint, device] in mount order. */
  mounts: Array<[string, string]> = [];

  constructor(private readonly opts: GuestFsVfsOptions) {
    const d = defaultGuestfsEnv();
    this.env = { backend: opts.env?.backend ?? d.backend, backendSettings: opts.env?.backendSettings ?? d.backendSettings };
  }

  private fail(step: string, path: string | undefined, err: unknown): InjectionError {
    if (err instanceof InjectionError) return err;
    const msg = err instanceof Error ? err.message : String(err);
    return new InjectionError(this.handler, step, path, msg, { cause: err });
  }

  private handle(step: string, path?: string): GuestfsHandle {
    if (!this.h) throw new InjectionError(this.handler, step, path, 'the guestfs VFS is not set up');
    return this.h;
  }

  /** Runs one operation with its errors mapped to an InjectionError naming the step and path. */
  private async op<T>(step: string, path: string, fn: (h: GuestfsHandle) => Promise<T>): Promise<T> {
    checkPath(this.handler, step, path);
    const h = this.handle(step, path);
    try {
      return await fn(h);
    } catch (err) {
      throw this.fail(step, path, err);
    }
  }

  async setup(): Promise<void> {
    if (this.h) throw new InjectionError(this.handler, 'setup', undefined, 'already set up');
    const { disk, format, partition } = this.opts;
    const ro = this.opts.readonly === true;
    if (format !== 'raw' && format !== 'qcow2') throw new InjectionError(this.handler, 'setup', undefined, `unsupported disk format ${String(format)}`);
    if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) {
      throw new InjectionError(this.handler, 'setup', undefined, `invalid partition number ${partition}`);
    }
    try {
      const h = new GuestfsHandle();
      this.h = h;
      await h.setBackend(this.env.backend);
      await h.setBackendSettings(this.env.backendSettings);
      await h.addDrive(disk, format, ro);
      await h.launch();
      if (partition === undefined) await this.mountInspected(h, ro);
      else await this.mountPartition(h, partition, ro);
    } catch (err) {
      await this.teardown().catch(() => undefined);
      throw this.fail('setup', undefined, err instanceof GuestfsCallError ? new Error(`${disk}: ${err.message}`) : err);
    }
  }

  private async mountInspected(h: GuestfsHandle, ro: boolean): Promise<void> {
    const roots = await h.inspectOs();
    if (roots.length === 0) throw new Error(`${this.opts.disk}: no operating system found (inspection found no root filesystem)`);
    if (roots.length > 1) throw new Error(`${this.opts.disk}: more than one operating system found (${roots.join(', ')}); give a partition number`);
    const mps = await h.inspectGetMountpoints(roots[0]);
    // Parents before children: "/" then "/boot" then "/boot/efi".
    mps.sort((a, b) => a[0].length - b[0].length);
    for (const [mp, dev] of mps) {
      await h.mount(dev, mp, ro);
      this.mounts.push([mp, dev]);
    }
  }

  private async mountPartition(h: GuestfsHandle, partition: number, ro: boolean): Promise<void> {
    const devices = await h.listDevices();
    const dev = devices[0];
    if (!dev) throw new Error('the appliance sees no disk');
    let target = dev;
    if (partition > 0) {
      target = `${dev}${partition}`;
      const parts = await h.listPartitions();
      if (!parts.includes(target)) {
        throw new Error(`${this.opts.disk}: partition ${partition} does not exist (partitions: ${parts.join(', ') || 'none'})`);
      }
    }
    await h.mount(target, '/', ro);
    this.mounts.push(['/', target]);
  }

  async teardown(): Promise<void> {
    const h = this.h;
    if (!h) return;
    this.h = null;
    this.mounts = [];
    let shutdownErr: unknown;
    // shutdown() syncs and waits for qemu to exit: a write error on the way out shows up here.
    try {
      await h.shutdown();
    } catch (err) {
      shutdownErr = err;
    }
    await h.close();
    if (shutdownErr) throw this.fail('teardown', undefined, shutdownErr);
  }

  async makePath(path: string, mode?: number): Promise<void> {
    await this.op('makePath', path, async (h) => {
      if (mode === undefined) {
        await h.mkdirP(path);
        return;
      }
      // Only directories this call creates get `mode`; existing ones are left as the guest has them.
      let prefix = '';
      for (const part of path.split('/').filter((p) => p !== '')) {
        prefix += '/' + part;
        if (await h.exists(prefix)) continue;
        await h.mkdir(prefix);
        await h.chmod(mode, prefix);
      }
    });
  }

  /**
   * A write or read on a fifo would block the appliance forever, and one on a device node would
   * reach the appliance's own device (/dev/sda is the guest disk): only regular files (or, for
   * writes, nothing yet) pass. Checked through symlinks, as the open that follows will resolve them.
   */
  private async regularOrMissing(h: GuestfsHandle, path: string, mustExist: boolean): Promise<void> {
    if (!(await h.exists(path))) {
      if (mustExist) throw new Error('No such file or directory');
      return;
    }
    const t = fileType((await h.stat(path)).mode);
    if (t !== 'file') throw new Error(`not a regular file (${t})`);
  }

  async appendFile(path: string, content: string | Buffer): Promise<void> {
    const buf = toBuffer(content);
    await this.op('appendFile', path, async (h) => {
      await this.regularOrMissing(h, path, false);
      if (buf.length === 0) {
        if (!(await h.exists(path))) await h.write(path, buf);
        return;
      }
      for (let i = 0; i < buf.length; i += CHUNK) await h.writeAppend(path, buf.subarray(i, i + CHUNK));
    });
  }

  async replaceFile(path: string, content: string | Buffer): Promise<void> {
    const buf = toBuffer(content);
    await this.op('replaceFile', path, async (h) => {
      await this.regularOrMissing(h, path, false);
      await h.write(path, buf.subarray(0, CHUNK));
      for (let i = CHUNK; i < buf.length; i += CHUNK) await h.writeAppend(path, buf.subarray(i, i + CHUNK));
    });
  }

  async readFile(path: string): Promise<Buffer> {
    return this.op('readFile', path, async (h) => {
      await this.regularOrMissing(h, path, true);
      return readAll(h, path);
    });
  }

  async hasFile(path: string): Promise<boolean> {
    // exists() follows symlinks; a dangling symlink still counts, so ask is_symlink (an lstat) too.
    return this.op('hasFile', path, async (h) => (await h.exists(path)) || (await h.isSymlink(path)));
  }

  async stat(path: string): Promise<GuestStat> {
    return this.op('stat', path, async (h) => {
      const s = await h.lstat(path);
      return { type: fileType(s.mode), mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size };
    });
  }

  async listDir(path: string): Promise<string[]> {
    return this.op('listDir', path, (h) => h.ls(path));
  }

  async readLink(path: string): Promise<string> {
    return this.op('readLink', path, (h) => h.readlink(path));
  }

  async setPermissions(path: string, mode: number): Promise<void> {
    await this.op('setPermissions', path, async (h) => {
      // chmod follows symlinks (Linux has no lchmod); a link swapped in for ~/.ssh would otherwise
      // retarget the mode onto some other guest directory such as /etc.
      if (await h.isSymlink(path)) throw new Error('refusing to change the mode of a symlink');
      await h.chmod(mode, path);
    });
  }

  async setOwnership(path: string, user: string, group: string): Promise<void> {
    await this.op('setOwnership', path, async (h) => {
      const uid = await this.lookup(h, '/etc/passwd', user, 2, 'user');
      const gid = await this.lookup(h, '/etc/group', group, 2, 'group');
      // lchown: the entry itself, never a symlink's target.
      await h.lchown(uid, gid, path);
    });
  }

  /** Resolves a name through the guest's own account file (read through the appliance). */
  private async lookup(h: GuestfsHandle, file: string, name: string, idField: number, what: string): Promise<number> {
    if (/^\d+$/.test(name)) return Number(name);
    let text: string;
    try {
      await this.regularOrMissing(h, file, true);
      text = (await readAll(h, file)).toString('utf8');
    } catch (err) {
      throw new Error(`cannot read the guest's ${file} to resolve ${what} ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const found = parseAccounts(text, idField).find((a) => a.name === name);
    if (!found) throw new Error(`${what} ${name} not found in the guest's ${file}`);
    return found.id;
  }
}

/** The whole file in pread chunks; a short read is not EOF (the daemon caps a reply), an empty one is. */
async function readAll(h: GuestfsHandle, path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const b = await h.pread(path, CHUNK, offset);
    if (b.length === 0) break;
    parts.push(b);
    offset += b.length;
  }
  return Buffer.concat(parts);
}

function parseAccounts(text: string, idField: number): Account[] {
  const out: Account[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    const id = Number(f[idField]);
    if (f[0] && Number.isInteger(id) && id >= 0 && /^\d+$/.test(f[idField] ?? '')) out.push({ name: f[0], id });
  }
  return out;
}

function checkPath(handler: string, step: string, path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) throw new InjectionError(handler, step, path, 'path must be guest-absolute');
  if (path.includes('\0')) throw new InjectionError(handler, step, path, 'path contains a NUL byte');
}

function toBuffer(content: string | Buffer): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

function fileType(mode: number): GuestStat['type'] {
  switch (mode & 0o170000) {
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'dir';
    case 0o120000:
      return 'symlink';
    case 0o010000:
      return 'fifo';
    case 0o020000:
      return 'char';
    case 0o060000:
      return 'block';
    case 0o140000:
      return 'socket';
    default:
      return 'other';
  }
}
