/**
 * SSH key step: append public keys to ~user/.ssh/authorized_keys under a marker comment, never
 * twice. ~/.ssh is 0700 and the file 0600, both owned by the user, or sshd's StrictModes ignores them.
 */
import type { Vfs } from '../vfs.js';
import { guestJoin, lookupUser, StepError } from './context.js';

export const SSH_KEY_MARKER = '# added by stratus';

export interface SshKeyItem {
  /** One public key per line (several lines allowed). */
  key: string;
  /** Account to install for; default root. */
  user?: string;
}

/** The identity of a key line: its type and base64 body, ignoring options and comment. */
function keyIdentity(line: string): string | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  const fields = t.split(/\s+/);
  const i = fields.findIndex((f, j) => /^(ssh-|ecdsa-|sk-)/.test(f) && fields[j + 1] !== undefined && /^[A-Za-z0-9+/]+=*$/.test(fields[j + 1]!));
  return i >= 0 ? `${fields[i]} ${fields[i + 1]}` : t;
}

/** The key lines of an item; refuses an empty key or one with a carriage return. */
export function sshKeyLines(item: SshKeyItem): string[] {
  const keys = item.key.split('\n').map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) throw new StepError(undefined, 'the ssh key is empty');
  for (const k of keys) if (k.includes('\r')) throw new StepError(undefined, 'the ssh key contains a carriage return');
  return keys;
}

export async function injectSshKey(vfs: Vfs, item: SshKeyItem): Promise<void> {
  const keys = sshKeyLines(item);
  const { user, group } = await lookupUser(vfs, item.user ?? 'root');
  const sshDir = guestJoin(user.home, '.ssh');
  const file = guestJoin(sshDir, 'authorized_keys');

  // A home the image never created is made the user's own (0700, as useradd -m does today);
  // letting makePath create it for .ssh would leave it root's and lock the user out of it.
  if (!(await vfs.hasFile(user.home))) {
    await vfs.makePath(user.home, 0o700);
    await vfs.setOwnership(user.home, user.name, group);
  }
  await vfs.makePath(sshDir, 0o700);
  await vfs.setOwnership(sshDir, user.name, group);
  await vfs.setPermissions(sshDir, 0o700);

  let existing = '';
  if (await vfs.hasFile(file)) existing = (await vfs.readFile(file)).toString('utf8');
  const present = new Set(existing.split('\n').map(keyIdentity).filter((x): x is string => x !== undefined));
  const fresh: string[] = [];
  for (const k of keys) {
    const id = keyIdentity(k)!;
    if (present.has(id)) continue;
    present.add(id);
    fresh.push(k);
  }
  if (fresh.length > 0) {
    // A file whose last line lacks its newline would otherwise glue the marker onto a key.
    const lead = existing !== '' && !existing.endsWith('\n') ? '\n' : '';
    await vfs.appendFile(file, `${lead}${SSH_KEY_MARKER}\n${fresh.join('\n')}\n`);
  }
  if (await vfs.hasFile(file)) {
    await vfs.setOwnership(file, user.name, group);
    await vfs.setPermissions(file, 0o600);
  }
}
