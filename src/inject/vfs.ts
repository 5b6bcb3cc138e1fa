/**
 * The one interface injection steps write a guest filesystem through. Every path is guest-absolute
 * and resolved as the guest would see it, never as a host path: an implementation either maps a
 * path inside the guest's own tree or fails. Nothing here exposes a host path to the caller.
 */

export interface GuestStat {
  type: 'file' | 'dir' | 'symlink' | 'fifo' | 'char' | 'block' | 'socket' | 'other';
  /** Permission bits (e.g. 0o600). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

export interface Vfs {
  /** Which implementation (for error messages): 'guestfs' or 'localfs'. */
  readonly handler: string;
  /** Launch / mount: one mount of the image for all items. */
  setup(): Promise<void>;
  /** Unmount and release everything; safe to call twice and after a failed setup. */
  teardown(): Promise<void>;

  /** mkdir -p inside the guest; new directories are 0755 root:root unless `mode` says otherwise. */
  makePath(path: string, mode?: number): Promise<void>;
  /** Append to a file, creating it (0644 root:root) if missing. */
  appendFile(path: string, content: string | Buffer): Promise<void>;
  /** Write a whole file, replacing any content (creating it 0644 root:root if missing). */
  replaceFile(path: string, content: string | Buffer): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  /** True for an existing path of any type (a dangling symlink counts as existing). */
  hasFile(path: string): Promise<boolean>;
  /** lstat-like: the entry itself, not a symlink's target. */
  stat(path: string): Promise<GuestStat>;
  listDir(path: string): Promise<string[]>;
  readLink(path: string): Promise<string>;
  setPermissions(path: string, mode: number): Promise<void>;
  /** Owner and group by name, resolved through the guest's own /etc/passwd and /etc/group. */
  setOwnership(path: string, user: string, group: string): Promise<void>;
}

/** A failure inside injection: which handler, which step, which guest path. Always fatal. */
export class InjectionError extends Error {
  override readonly name = 'InjectionError';
  readonly code = 'INJECTION_FAILED';

  constructor(
    readonly handler: string,
    readonly step: string,
    readonly path: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`injection failed (handler ${handler}, step ${step}${path ? `, path ${path}` : ''}): ${message}`, options);
  }
}
