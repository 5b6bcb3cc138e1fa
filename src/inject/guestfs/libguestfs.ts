/**
 * A small typed binding to the libguestfs C library through koffi. Only non-variadic entry points
 * are declared (the `*_argv` forms for optional arguments), so no call depends on the C varargs ABI.
 *
 * The handle lives in its own worker thread and every C call there is synchronous. Why a thread:
 * a call is a round trip to the appliance and launch takes seconds, so the service's event loop
 * must not block. Why not koffi's async calls: libguestfs keeps the last error (and the error
 * handler) per thread, and async calls land on arbitrary pool threads, so a failure's message
 * would be lost. One dedicated thread makes `guestfs_last_error` right after the call exact.
 *
 * The worker's code is a plain JS string (run with `eval`): Node 20 does not apply the TypeScript
 * loader to worker threads, and the worker is only a generic "call this prototype" loop; all
 * typing lives on this side.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const koffi = (await import(workerData.koffi)).default;
  const so = koffi.load('libguestfs.so.0');
  const libc = koffi.load('libc.so.6');
  const free = libc.func('void free(void *ptr)');
  // Only the fields up to format: libguestfs reads a field only when its bitmask bit is set, and
  // the real struct's prefix is laid out exactly like this.
  koffi.struct('guestfs_add_drive_opts_argv_prefix', { bitmask: 'uint64_t', readonly: 'int', format: 'const char *' });
  const create = so.func('void *guestfs_create(void)');
  const close = so.func('void guestfs_close(void *g)');
  const lastError = so.func('const char *guestfs_last_error(void *g)');
  const setErrorHandler = so.func('void guestfs_set_error_handler(void *g, void *cb, void *opaque)');
  const freeStatns = so.func('void guestfs_free_statns(void *st)');
  const isPtr = (r) => r !== null && r !== undefined && r !== 0n && r !== 0;
  const g = create();
  if (!isPtr(g)) throw new Error('guestfs_create failed (cannot create a libguestfs handle)');
  // No stderr printing: every message is read with guestfs_last_error and returned to the caller.
  setErrorHandler(g, null, null);
  const fns = new Map();
  const fn = (proto) => {
    let f = fns.get(proto);
    if (!f) fns.set(proto, (f = so.func(proto)));
    return f;
  };
  const fail = (name) => { throw new Error(lastError(g) || name + ' failed'); };
  const strings = (arr) => {
    const out = [];
    const size = koffi.sizeof('void *');
    for (let i = 0; ; i++) {
      const p = koffi.decode(arr, i * size, 'void *');
      if (!isPtr(p)) break;
      out.push(koffi.decode.string(p));
      free(p);
    }
    free(arr);
    return out;
  };
  let closed = false;
  parentPort.on('message', ({ id, name, proto, kind, args }) => {
    try {
      let value;
      if (kind === 'close') {
        if (!closed) close(g);
        closed = true;
        value = 0;
      } else if (closed) {
        throw new Error('the libguestfs handle is closed');
      } else if (kind === 'int') {
        value = fn(proto)(g, ...args);
        if (value === -1) fail(name);
      } else if (kind === 'str') {
        const p = fn(proto)(g, ...args);
        if (!isPtr(p)) fail(name);
        value = koffi.decode.string(p);
        free(p);
      } else if (kind === 'strings') {
        const p = fn(proto)(g, ...args);
        if (!isPtr(p)) fail(name);
        value = strings(p);
      } else if (kind === 'buffer') {
        const size = [0];
        const p = fn(proto)(g, ...args, size);
        if (!isPtr(p)) fail(name);
        const n = Number(size[0]);
        value = n === 0 ? new Uint8Array(0) : new Uint8Array(koffi.view(p, n)).slice(0, n);
        free(p);
      } else if (kind === 'statns') {
        const p = fn(proto)(g, ...args);
        if (!isPtr(p)) fail(name);
        // struct guestfs_statns: int64 fields; st_mode, st_uid, st_gid, st_size are fields 2, 4, 5, 7.
        const f = (i) => Number(koffi.decode(p, i * 8, 'int64_t'));
        value = { mode: f(2), uid: f(4), gid: f(5), size: f(7) };
        freeStatns(p);
      } else {
        throw new Error('unknown call kind ' + kind);
      }
      parentPort.postMessage({ id, value });
    } catch (e) {
      parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: e instanceof Error ? e.message : String(e) }));
`;

type Kind = 'int' | 'str' | 'strings' | 'buffer' | 'statns' | 'close';

interface Reply {
  id?: number;
  value?: unknown;
  error?: string;
  ready?: boolean;
  fatal?: string;
}

/** koffi passes an empty buffer as NULL, which libguestfs rejects; the size (0) is what counts. */
function nonNull(b: Buffer): Buffer {
  return b.length > 0 ? b : Buffer.alloc(1);
}

let koffiUrl: string | undefined;
function resolveKoffi(): string {
  koffiUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('koffi')).href;
  return koffiUrl;
}

/** A libguestfs call that failed: the library's own message. */
export class GuestfsCallError extends Error {
  override readonly name = 'GuestfsCallError';
  constructor(readonly call: string, message: string) {
    super(message);
  }
}

export interface StatNs {
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

/** Appliance launches in this process (tests assert exactly one per injection). */
export const launchStats = { launches: 0 };

/**
 * One libguestfs handle in its own thread. Calls are serialized by the thread itself (one message
 * at a time), which is also what libguestfs wants: one call at a time per handle, in order.
 */
export class GuestfsHandle {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { koffi: resolveKoffi() } });
    let readyOk: () => void = () => {};
    let readyFail: (e: Error) => void = () => {};
    this.ready = new Promise<void>((res, rej) => {
      readyOk = res;
      readyFail = rej;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: Reply) => {
      if (m.ready) return readyOk();
      if (m.fatal !== undefined) return this.die(new GuestfsCallError('guestfs_create', m.fatal), readyFail);
      const p = m.id === undefined ? undefined : this.pending.get(m.id);
      if (!p || m.id === undefined) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new GuestfsCallError('call', m.error));
      else p.resolve(m.value);
    });
    this.worker.on('error', (e) => this.die(e, readyFail));
    this.worker.on('exit', (code) => this.die(new GuestfsCallError('worker', `the libguestfs thread exited (code ${code})`), readyFail));
  }

  private die(err: Error, readyFail: (e: Error) => void): void {
    if (this.dead) return;
    this.dead = err;
    readyFail(err);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private async call<T>(name: string, kind: Kind, proto: string, args: unknown[]): Promise<T> {
    await this.ready;
    if (this.dead) throw this.dead;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, name, proto, kind, args });
    });
  }

  setBackend(backend: string): Promise<number> {
    return this.call('set_backend', 'int', 'int guestfs_set_backend(void *g, const char *backend)', [backend]);
  }
  setBackendSettings(settings: readonly string[]): Promise<number> {
    return this.call('set_backend_settings', 'int', 'int guestfs_set_backend_settings(void *g, const char **settings)', [[...settings, null]]);
  }
  /** Adds a drive with an explicit format: libguestfs must never probe an untrusted image's format. */
  addDrive(filename: string, format: 'raw' | 'qcow2', readonly: boolean): Promise<number> {
    const opts = { bitmask: 0b11n, readonly: readonly ? 1 : 0, format };
    return this.call('add_drive', 'int', 'int guestfs_add_drive_opts_argv(void *g, const char *filename, const guestfs_add_drive_opts_argv_prefix *optargs)', [filename, opts]);
  }
  launch(): Promise<number> {
    launchStats.launches++;
    return this.call('launch', 'int', 'int guestfs_launch(void *g)', []);
  }
  shutdown(): Promise<number> {
    return this.call('shutdown', 'int', 'int guestfs_shutdown(void *g)', []);
  }
  inspectOs(): Promise<string[]> {
    return this.call('inspect_os', 'strings', 'void *guestfs_inspect_os(void *g)', []);
  }
  /** Mountpoint → device pairs (libguestfs returns a flat key/value list). */
  async inspectGetMountpoints(root: string): Promise<Array<[string, string]>> {
    const flat = await this.call<string[]>('inspect_get_mountpoints', 'strings', 'void *guestfs_inspect_get_mountpoints(void *g, const char *root)', [root]);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    return pairs;
  }
  listDevices(): Promise<string[]> {
    return this.call('list_devices', 'strings', 'void *guestfs_list_devices(void *g)', []);
  }
  listPartitions(): Promise<string[]> {
    return this.call('list_partitions', 'strings', 'void *guestfs_list_partitions(void *g)', []);
  }
  mount(device: string, mountpoint: string, readonly: boolean): Promise<number> {
    return readonly
      ? this.call('mount_ro', 'int', 'int guestfs_mount_ro(void *g, const char *mountable, const char *mountpoint)', [device, mountpoint])
      : this.call('mount', 'int', 'int guestfs_mount(void *g, const char *mountable, const char *mountpoint)', [device, mountpoint]);
  }
  mkdirP(path: string): Promise<number> {
    return this.call('mkdir_p', 'int', 'int guestfs_mkdir_p(void *g, const char *path)', [path]);
  }
  mkdir(path: string): Promise<number> {
    return this.call('mkdir', 'int', 'int guestfs_mkdir(void *g, const char *path)', [path]);
  }
  write(path: string, content: Buffer): Promise<number> {
    return this.call('write', 'int', 'int guestfs_write(void *g, const char *path, const uint8_t *content, size_t size)', [path, nonNull(content), content.length]);
  }
  writeAppend(path: string, content: Buffer): Promise<number> {
    return this.call('write_append', 'int', 'int guestfs_write_append(void *g, const char *path, const uint8_t *content, size_t size)', [path, nonNull(content), content.length]);
  }
  /**
   * One `pread` round trip (at most the protocol's message size). `read_file` would be simpler, but
   * in this libguestfs it downloads through a temporary file on the host: ~120 ms per call against
   * ~3 ms for pread.
   */
  async pread(path: string, count: number, offset: number): Promise<Buffer> {
    const u8 = await this.call<Uint8Array>('pread', 'buffer', 'void *guestfs_pread(void *g, const char *path, int count, int64_t offset, _Out_ size_t *size_r)', [path, count, offset]);
    return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }
  async exists(path: string): Promise<boolean> {
    return (await this.call<number>('exists', 'int', 'int guestfs_exists(void *g, const char *path)', [path])) === 1;
  }
  async isSymlink(path: string): Promise<boolean> {
    return (await this.call<number>('is_symlink', 'int', 'int guestfs_is_symlink(void *g, const char *path)', [path])) === 1;
  }
  /** stat (follows symlinks, inside the guest's tree). */
  stat(path: string): Promise<StatNs> {
    return this.call('statns', 'statns', 'void *guestfs_statns(void *g, const char *path)', [path]);
  }
  lstat(path: string): Promise<StatNs> {
    return this.call('lstatns', 'statns', 'void *guestfs_lstatns(void *g, const char *path)', [path]);
  }
  ls(dir: string): Promise<string[]> {
    return this.call('ls', 'strings', 'void *guestfs_ls(void *g, const char *directory)', [dir]);
  }
  readlink(path: string): Promise<string> {
    return this.call('readlink', 'str', 'void *guestfs_readlink(void *g, const char *path)', [path]);
  }
  chmod(mode: number, path: string): Promise<number> {
    return this.call('chmod', 'int', 'int guestfs_chmod(void *g, int mode, const char *path)', [mode, path]);
  }
  lchown(uid: number, gid: number, path: string): Promise<number> {
    return this.call('lchown', 'int', 'int guestfs_lchown(void *g, int owner, int group, const char *path)', [uid, gid, path]);
  }

  /** Closes the handle (kills the appliance if still up) and ends the thread; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.dead) await this.call('close', 'close', '', []);
      } catch {
        // The thread is gone already: nothing left to close.
      }
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
