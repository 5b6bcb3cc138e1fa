/**
 * What every step shares: the open Vfs, a failure type that names the guest path, and small
 * helpers over the guest's own account files. Steps never trust the guest's files to be well
 * formed; they parse them line by line and leave lines they do not touch byte-identical.
 */
import type { Vfs } from '../vfs.js';

/** A step's own refusal (bad input, missing user): the injector turns it into an InjectionError. */
export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(
    readonly path: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
}

async function readLines(vfs: Vfs, path: string): Promise<string[]> {
  if (!(await vfs.hasFile(path))) throw new StepError(path, `the guest has no ${path}`);
  return (await vfs.readFile(path)).toString('utf8').split('\n');
}

export async function readPasswd(vfs: Vfs): Promise<PasswdEntry[]> {
  const out: PasswdEntry[] = [];
  for (const line of await readLines(vfs, '/etc/passwd')) {
    const f = line.split(':');
    if (f.length < 7 || line.startsWith('#')) continue;
    out.push({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! });
  }
  return out;
}

export async function readGroups(vfs: Vfs): Promise<GroupEntry[]> {
  const out: GroupEntry[] = [];
  for (const line of await readLines(vfs, '/etc/group')) {
    const f = line.split(':');
    if (f.length < 3 || line.startsWith('#')) continue;
    out.push({ name: f[0]!, gid: Number(f[2]) });
  }
  return out;
}

/** A user and the name of its primary group, as the guest defines them. */
export async function lookupUser(vfs: Vfs, user: string): Promise<{ user: PasswdEntry; group: string }> {
  const entry = (await readPasswd(vfs)).find((e) => e.name === user);
  if (!entry) throw new StepError('/etc/passwd', `user ${JSON.stringify(user)} does not exist in the guest's /etc/passwd`);
  if (!entry.home.startsWith('/')) throw new StepError('/etc/passwd', `user ${user} has no absolute home directory (${JSON.stringify(entry.home)})`);
  const group = (await readGroups(vfs)).find((g) => g.gid === entry.gid);
  if (!group) throw new StepError('/etc/group', `the primary group ${entry.gid} of user ${user} is not in the guest's /etc/group`);
  return { user: entry, group: group.name };
}

/**
 * Replace a file's content and keep its mode and owner as they were: /etc/shadow is 0640
 * root:shadow or 0000 on some distributions, and an implementation that writes through a new
 * file must not widen that.
 */
export async function replaceKeepingAttributes(vfs: Vfs, path: string, content: string | Buffer): Promise<void> {
  if (!(await vfs.hasFile(path))) {
    await vfs.replaceFile(path, content);
    return;
  }
  const before = await vfs.stat(path);
  await vfs.replaceFile(path, content);
  const after = await vfs.stat(path);
  if (after.mode !== before.mode) await vfs.setPermissions(path, before.mode);
  if (after.uid !== before.uid || after.gid !== before.gid) {
    const user = (await readPasswd(vfs)).find((e) => e.uid === before.uid);
    const group = (await readGroups(vfs)).find((g) => g.gid === before.gid);
    if (!user || !group) throw new StepError(path, `cannot restore owner ${before.uid}:${before.gid}: not named in the guest's passwd/group`);
    await vfs.setOwnership(path, user.name, group.name);
  }
}

/** Whether a path exists and is a directory (a symlink is not followed: the guest decides). */
export async function isDir(vfs: Vfs, path: string): Promise<boolean> {
  if (!(await vfs.hasFile(path))) return false;
  return (await vfs.stat(path)).type === 'dir';
}

/** Join a guest-absolute directory and a name. */
export function guestJoin(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name}`;
}
