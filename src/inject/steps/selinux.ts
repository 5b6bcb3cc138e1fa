/**
 * SELinux step: files written from outside the guest carry no (or wrong) labels, so a guest with
 * SELinux relabels its filesystem at first boot when /.autorelabel exists.
 */
import type { Vfs } from '../vfs.js';
import { isDir } from './context.js';

export async function requestSelinuxRelabel(vfs: Vfs): Promise<boolean> {
  if (!(await isDir(vfs, '/etc/selinux'))) return false;
  await vfs.replaceFile('/.autorelabel', '');
  return true;
}
