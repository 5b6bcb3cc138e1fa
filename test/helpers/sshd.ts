/**
 * A private sshd for tests: its own host key, config, authorized_keys and a fresh client key
 * pair, listening on a free loopback port, logging into root by key only. It never touches the
 * system sshd's configuration or keys.
 *
 * Needs root (to log in as root and to run sshd's privilege separation) and openssh-server
 * (scripts/host-setup installs it). sshd refuses to start without its privilege separation
 * directory, which the Debian package creates only when its service starts; with no systemd we
 * create it here if missing (an empty root-owned 0755 directory, as the package would).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestSshd {
  port: number;
  /** Private key authorized for root. */
  keyfile: string;
  /** known_hosts holding this sshd's host key under `[127.0.0.1]:port`. */
  knownHosts: string;
  /** known_hosts with no entry for this sshd. */
  emptyKnownHosts: string;
  /** known_hosts recording a different key for `[127.0.0.1]:port`. */
  wrongKnownHosts: string;
  /** The host key's public line (type and base64). */
  hostPublicKey: string;
  dir: string;
  /** Everything sshd wrote to stderr (for failing tests). */
  log(): string;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Start a long-running server so that it cannot outlive the test process: a small sh runs it in
 * the background and kills it when its stdin (a pipe from us) closes, which happens on stop()
 * and also when this process dies for any reason. The sh exits when the server does, so an
 * early failure is seen at once. It gets its own process group, so a last-resort kill reaches
 * both. Options (uid, env, cwd) apply to the sh and, through it, to the server.
 */
export function spawnTethered(
  cmd: string,
  args: string[],
  opts: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): { child: ChildProcess; stop: (graceMs?: number) => Promise<void>; exited: () => boolean } {
  // Background jobs of a non-interactive sh read /dev/null, so the pipe is kept on fd 3 for the
  // watcher (and closed for the server).
  const script = 'exec 3<&0; "$@" 3<&- & p=$!; ( cat <&3 >/dev/null; kill $p 2>/dev/null ) & wait $p';
  const child = spawn('/bin/sh', ['-c', script, 'tethered', cmd, ...args], {
    ...opts,
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const stop = async (graceMs = 5000): Promise<void> => {
    const gone = exited ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
    child.stdin?.end();
    await Promise.race([gone, new Promise((r) => setTimeout(r, graceMs))]);
    try {
      process.kill(-child.pid!, 'SIGKILL'); // whatever is left of the group
    } catch {
      // already gone
    }
  };
  return { child, stop, exited: () => exited };
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolve once something on host:port sends `banner` as its first bytes. */
export async function waitForBanner(host: string, port: number, banner: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      const t = setTimeout(() => {
        s.destroy();
        resolve(false);
      }, 1000);
      s.once('data', (b: Buffer) => {
        clearTimeout(t);
        s.destroy();
        resolve(b.toString('latin1').startsWith(banner));
      });
      s.once('error', () => {
        clearTimeout(t);
        resolve(false);
      });
    });
    if (ok) return;
    if (!alive()) throw new Error(`server on ${host}:${port} exited before answering`);
    if (Date.now() > deadline) throw new Error(`nothing answered '${banner}' on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startSshd(): Promise<TestSshd> {
  if (process.getuid?.() !== 0) throw new Error('startSshd: must run as root (it logs in as root)');
  if (!existsSync(SSHD)) throw new Error(`startSshd: ${SSHD} not found; run scripts/host-setup (openssh-server)`);
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });

  const dir = mkdtempSync(join(tmpdir(), 'stratus-sshd-'));
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const clientKey = join(dir, 'id_ed25519');
  const otherKey = join(dir, 'other_host_key');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stratus test host', '-f', hostKey]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stratus test client', '-f', clientKey]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'not this host', '-f', otherKey]);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').split(/\s+/).slice(0, 2).join(' ');
  const otherPublicKey = readFileSync(`${otherKey}.pub`, 'utf8').split(/\s+/).slice(0, 2).join(' ');

  let lastErr: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorized}`,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        // The key files live under /tmp, which is group/world writable (sticky); StrictModes
        // would refuse them.
        'StrictModes no',
        'AllowAgentForwarding no',
        'AllowTcpForwarding no',
        'X11Forwarding no',
        'PrintMotd no',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    const proc = spawnTethered(SSHD, ['-D', '-e', '-f', config]);
    let log = '';
    proc.child.stderr!.on('data', (b: Buffer) => (log += b.toString('utf8')));
    try {
      await waitForBanner('127.0.0.1', port, 'SSH-2.0-', 10_000, () => !proc.exited());
    } catch (err) {
      await proc.stop(1000);
      lastErr = new Error(`sshd did not start: ${(err as Error).message}\n${log}`);
      continue; // most likely the port was taken between freePort() and bind
    }
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPublicKey}\n`);
    const emptyKnownHosts = join(dir, 'known_hosts.empty');
    writeFileSync(emptyKnownHosts, `# nothing about [127.0.0.1]:${port}\n[127.0.0.1]:1 ${hostPublicKey}\n`);
    const wrongKnownHosts = join(dir, 'known_hosts.wrong');
    writeFileSync(wrongKnownHosts, `[127.0.0.1]:${port} ${otherPublicKey}\n`);
    return {
      port,
      keyfile: clientKey,
      knownHosts,
      emptyKnownHosts,
      wrongKnownHosts,
      hostPublicKey,
      dir,
      log: () => log,
      stop: async () => {
        await proc.stop(3000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastErr ?? new Error('sshd did not start');
}
