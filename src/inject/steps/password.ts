/**
 * Admin password step: rewrite the user's hash field in /etc/shadow. The user must be in both
 * /etc/passwd and /etc/shadow; every other line and field is left exactly as it was.
 */
import type { Vfs } from '../vfs.js';
import { readPasswd, replaceKeepingAttributes, StepError } from './context.js';
import { hashPassword, type PasswordHashAlgorithm } from './crypt.js';

export interface AdminPasswordItem {
  password: string;
  /** Default root. */
  user?: string;
  /** Default 'sha512' (`$6$`); 'md5' (`$1$`) only for guests that need it. */
  algorithm?: PasswordHashAlgorithm;
}

/** Replace field 2 of `user`'s line in a shadow file's text; undefined if the user has no line. */
export function setShadowHash(shadow: string, user: string, hash: string): string | undefined {
  const lines = shadow.split('\n');
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i]!.split(':');
    if (f[0] !== user || f.length < 2) continue;
    f[1] = hash;
    lines[i] = f.join(':');
    found = true;
  }
  return found ? lines.join('\n') : undefined;
}

export async function injectAdminPassword(vfs: Vfs, item: AdminPasswordItem): Promise<void> {
  const user = item.user ?? 'root';
  if (!(await readPasswd(vfs)).some((e) => e.name === user)) {
    throw new StepError('/etc/passwd', `user ${JSON.stringify(user)} does not exist in the guest's /etc/passwd`);
  }
  if (!(await vfs.hasFile('/etc/shadow'))) throw new StepError('/etc/shadow', 'the guest has no /etc/shadow');
  const shadow = (await vfs.readFile('/etc/shadow')).toString('utf8');
  const next = setShadowHash(shadow, user, hashPassword(item.password, item.algorithm ?? 'sha512'));
  if (next === undefined) throw new StepError('/etc/shadow', `user ${JSON.stringify(user)} has no line in the guest's /etc/shadow`);
  await replaceKeepingAttributes(vfs, '/etc/shadow', next);
}
