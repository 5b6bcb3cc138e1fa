/** Hostname step: /etc/hostname, and the 127.0.1.1 line of /etc/hosts (Debian's convention). */
import type { Vfs } from '../vfs.js';
import { replaceKeepingAttributes, StepError } from './context.js';

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function checkHostname(name: string): void {
  if (name.length === 0 || name.length > 253 || !name.split('.').every((l) => LABEL.test(l))) {
    throw new StepError('/etc/hostname', `${JSON.stringify(name)} is not a valid host name`);
  }
}

/** /etc/hosts with every 127.0.1.1 line replaced by ours (added after 127.0.0.1 when none). */
export function updateHosts(hosts: string, hostname: string): string {
  const short = hostname.split('.')[0]!;
  const ours = `127.0.1.1\t${hostname === short ? hostname : `${hostname} ${short}`}`;
  const lines = hosts === '' ? [] : hosts.replace(/\n$/, '').split('\n');
  let placed = false;
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*127\.0\.1\.1(\s|$)/.test(line)) {
      if (!placed) out.push(ours);
      placed = true;
      continue;
    }
    out.push(line);
  }
  if (!placed) {
    const lo = out.findIndex((l) => /^\s*127\.0\.0\.1\s/.test(l));
    if (lo >= 0) out.splice(lo + 1, 0, ours);
    else out.unshift('127.0.0.1\tlocalhost', ours);
  }
  return `${out.join('\n')}\n`;
}

export async function injectHostname(vfs: Vfs, hostname: string): Promise<void> {
  checkHostname(hostname);
  await replaceKeepingAttributes(vfs, '/etc/hostname', `${hostname}\n`);
  const hosts = (await vfs.hasFile('/etc/hosts')) ? (await vfs.readFile('/etc/hosts')).toString('utf8') : '';
  await replaceKeepingAttributes(vfs, '/etc/hosts', updateHosts(hosts, hostname));
}
