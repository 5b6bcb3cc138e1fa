/** Collecting real documents from the local libvirt daemon through virsh, for the corpus tests. */
import { spawnSync } from 'node:child_process';

const SEP = '@@stratus-corpus-separator@@';

export function virshAvailable(uri: string): boolean {
  const r = spawnSync('virsh', ['-c', uri, 'uri'], { encoding: 'utf8', timeout: 20000 });
  return r.status === 0;
}

/**
 * Runs commands in ONE virsh session (the test driver keeps state per connection, so objects
 * created by one command are only visible to later commands of the same session) and returns
 * each command's stdout; a failed command yields undefined.
 */
export function virshSession(uri: string, commands: string[]): Array<string | undefined> {
  if (commands.length === 0) return [];
  const script = commands.map((c) => `${c}; echo ${SEP}`).join('; ');
  const r = spawnSync('virsh', ['-q', '-c', uri, script], { encoding: 'utf8', timeout: 120000, maxBuffer: 64 * 1024 * 1024 });
  const parts = r.stdout.split(SEP);
  return commands.map((_, i) => {
    const out = parts[i];
    return out === undefined || out.trim() === '' ? undefined : out.replace(/^\n+/, '');
  });
}

export function virsh(uri: string, ...args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('virsh', ['-q', '-c', uri, ...args], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

export function names(out: string | undefined): string[] {
  return (out ?? '').split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

/** Only XML: drops virsh chatter ("Domain snapshot x created") before the first '<'. */
export function xmlOnly(out: string | undefined): string | undefined {
  if (out === undefined) return undefined;
  const i = out.indexOf('<');
  return i < 0 ? undefined : out.slice(i);
}
