/**
 * An in-memory Vfs for the injection steps' pure logic: a Map of guest paths to entries with
 * type, mode and owner. Ownership names resolve through the fake guest's own /etc/passwd and
 * /etc/group, as the real implementations do. Calls are logged; `failOn` makes one call fail.
 */
import type { GuestStat, Vfs } from '../../src/inject/vfs.js';

interface Entry {
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  content: Buffer;
  target?: string;
}

export const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'debian:x:1000:1000:Debian:/home/debian:/bin/bash',
  '',
].join('\n');
export const GROUP = ['root:x:0:', 'daemon:x:1:', 'shadow:x:42:', 'debian:x:1000:', ''].join('\n');
export const SHADOW = [
  'root:*:19000:0:99999:7:::',
  'daemon:*:19000:0:99999:7:::',
  'debian:!:19000:0:99999:7:::',
  '',
].join('\n');

export class FakeVfs implements Vfs {
  readonly handler = 'fake';
  readonly entries = new Map<string, Entry>();
  readonly calls: string[] = [];
  setups = 0;
  teardowns = 0;
  failOn: { op: string; path?: string; error?: Error } | undefined;

  constructor(opts: { dirs?: string[]; noAccounts?: boolean } = {}) {
    this.put('/', { type: 'dir', mode: 0o755 });
    for (const d of ['/etc', '/root', '/home', '/home/debian', ...(opts.dirs ?? [])]) this.mkdirs(d, 0o755);
    this.entries.get('/home/debian')!.uid = 1000;
    this.entries.get('/home/debian')!.gid = 1000;
    this.entries.get('/root')!.mode = 0o700;
    if (!opts.noAccounts) {
      this.writeRaw('/etc/passwd', PASSWD);
      this.writeRaw('/etc/group', GROUP);
      this.writeRaw('/etc/shadow', SHADOW, 0o640, 0, 42);
    }
  }

  private put(path: string, e: Partial<Entry> & { type: Entry['type'] }): void {
    this.entries.set(path, { mode: 0o644, uid: 0, gid: 0, content: Buffer.alloc(0), ...e });
  }
  private mkdirs(path: string, mode: number): void {
    let cur = '';
    for (const c of path.split('/').filter(Boolean)) {
      cur += `/${c}`;
      if (!this.entries.has(cur)) this.put(cur, { type: 'dir', mode });
    }
  }
  /** Seed a file directly (no call logged). */
  writeRaw(path: string, content: string, mode = 0o644, uid = 0, gid = 0): void {
    this.put(path, { type: 'file', content: Buffer.from(content), mode, uid, gid });
  }
  text(path: string): string {
    const e = this.entries.get(path);
    if (!e || e.type !== 'file') throw new Error(`fake: no file ${path}`);
    return e.content.toString('utf8');
  }
  entry(path: string): Entry | undefined {
    return this.entries.get(path);
  }

  private log(op: string, path: string): void {
    this.calls.push(`${op} ${path}`);
    const f = this.failOn;
    if (f && f.op === op && (f.path === undefined || f.path === path)) throw f.error ?? new Error(`fake: ${op} ${path} failed`);
  }
  private parentMustExist(path: string): void {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const p = this.entries.get(parent);
    if (!p || p.type !== 'dir') throw new Error(`fake: ${parent} is not a directory`);
  }
  private must(path: string): Entry {
    const e = this.entries.get(path);
    if (!e) throw new Error(`fake: ${path}: no such file or directory`);
    return e;
  }

  async setup(): Promise<void> {
    this.setups++;
    this.log('setup', '');
  }
  async teardown(): Promise<void> {
    this.teardowns++;
    this.log('teardown', '');
  }
  async makePath(path: string, mode = 0o755): Promise<void> {
    this.log('makePath', path);
    this.mkdirs(path, mode);
  }
  async appendFile(path: string, content: string | Buffer): Promise<void> {
    this.log('appendFile', path);
    const e = this.entries.get(path);
    if (!e) {
      this.parentMustExist(path);
      this.put(path, { type: 'file', content: Buffer.from(content) });
    } else e.content = Buffer.concat([e.content, Buffer.from(content)]);
  }
  async replaceFile(path: string, content: string | Buffer): Promise<void> {
    this.log('replaceFile', path);
    const e = this.entries.get(path);
    if (!e) {
      this.parentMustExist(path);
      this.put(path, { type: 'file', content: Buffer.from(content) });
    } else e.content = Buffer.from(content);
  }
  async readFile(path: string): Promise<Buffer> {
    this.log('readFile', path);
    return Buffer.from(this.must(path).content);
  }
  async hasFile(path: string): Promise<boolean> {
    this.log('hasFile', path);
    return this.entries.has(path);
  }
  async stat(path: string): Promise<GuestStat> {
    this.log('stat', path);
    const e = this.must(path);
    return { type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, size: e.content.length };
  }
  async listDir(path: string): Promise<string[]> {
    this.log('listDir', path);
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.entries.keys()].filter((k) => k !== path && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
  }
  async readLink(path: string): Promise<string> {
    this.log('readLink', path);
    const e = this.must(path);
    if (e.type !== 'symlink') throw new Error(`fake: ${path} is not a symlink`);
    return e.target!;
  }
  async setPermissions(path: string, mode: number): Promise<void> {
    this.log('setPermissions', path);
    this.must(path).mode = mode;
  }
  async setOwnership(path: string, user: string, group: string): Promise<void> {
    this.log('setOwnership', path);
    const e = this.must(path);
    const pw = this.text('/etc/passwd').split('\n').map((l) => l.split(':')).find((f) => f[0] === user);
    const gr = this.text('/etc/group').split('\n').map((l) => l.split(':')).find((f) => f[0] === group);
    if (!pw) throw new Error(`fake: no user ${user}`);
    if (!gr) throw new Error(`fake: no group ${group}`);
    e.uid = Number(pw[2]);
    e.gid = Number(gr[2]);
  }
}
