/**
 * A second, unprivileged libvirtd whose unix socket requires SASL, set up the way an admin would:
 * `auth_unix_rw = "sasl"` in libvirtd.conf, a SASL config for the `libvirt` application naming the
 * mechanisms and a sasldb, and a user added with `saslpasswd2 -a libvirt`.
 *
 * It never touches the host's daemon (/var/run/libvirt): it is a session-mode libvirtd running as
 * the dedicated user `stratus-sasl` (created once with `useradd`), with HOME, XDG_RUNTIME_DIR and
 * XDG_CONFIG_HOME under a fresh temp dir; its socket is `<dir>/run/libvirt/libvirt-sock`. Session
 * mode serves the test driver, so `test+unix:///default?socket=...` reaches it.
 * `SASL_CONF_PATH` points Cyrus SASL at our `libvirt.conf` instead of /etc/sasl2.
 *
 * Needs root (to create the user and switch to it) and the Debian packages `libvirt-daemon-system`,
 * `sasl2-bin` (saslpasswd2) and `libsasl2-modules` (SCRAM, PLAIN), all installed by scripts/host-setup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SASL_DAEMON_USER = 'stratus-sasl';

export interface SaslDaemonOptions {
  /** Cyrus mechanism names for `mech_list` (lower case as in sasl configs). Default SCRAM-SHA-256 and SCRAM-SHA-1. */
  mechanisms?: string[];
  /** The SASL user to create. Default `alice`. */
  user?: string;
  /** Its password. Default: random per run. */
  password?: string;
}

export interface SaslDaemon {
  /** The daemon's read-write unix socket. */
  socketPath: string;
  /** `test+unix:///default?socket=<socketPath>`: the test driver behind the SASL-protected socket. */
  uri: string;
  /** The SASL user and password that the daemon accepts. */
  user: string;
  password: string;
  /** The mechanisms configured (mech_list). */
  mechanisms: string[];
  /** Temp dir holding everything; removed by stop(). */
  dir: string;
  /** Add another SASL user (saslpasswd2 on the daemon's sasldb). */
  addUser(name: string, password: string): void;
  /**
   * Write an auth.conf with `[credentials-NAME]` + `[auth-libvirt-localhost]` (the lookup libvirt
   * does for a unix socket). Returns its path. Defaults to the daemon's user and password.
   */
  writeAuthConf(creds?: { authname?: string; password?: string; group?: string }): string;
  /** What the daemon wrote to stderr. */
  log(): string;
  stop(): Promise<void>;
}

function sh(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (is it installed? scripts/host-setup installs sasl2-bin and libvirt)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Create the unprivileged daemon user once; later runs find it. */
function ensureUser(): { uid: number; gid: number } {
  const lookup = () => spawnSync('id', ['-u', SASL_DAEMON_USER], { encoding: 'utf8' });
  let r = lookup();
  if (r.status !== 0) {
    // -m gives the account a home like a normal user; the daemon itself uses a temp HOME.
    const add = spawnSync('useradd', ['-m', '-s', '/usr/sbin/nologin', '-c', 'stratus SASL test daemon', SASL_DAEMON_USER], { encoding: 'utf8' });
    // A concurrent test file may have created it meanwhile (exit 9: already exists).
    if (add.status !== 0 && add.status !== 9) throw new Error(`useradd ${SASL_DAEMON_USER} failed: ${add.stderr}`);
    r = lookup();
  }
  const uid = Number(r.stdout.trim());
  const gid = Number(sh('id', ['-g', SASL_DAEMON_USER]).trim());
  return { uid, gid };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const n of readdirSync(path)) chownTree(join(path, n), uid, gid);
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startSaslDaemon(opts: SaslDaemonOptions = {}): Promise<SaslDaemon> {
  if (process.getuid?.() !== 0) throw new Error(`startSaslDaemon: must run as root (it starts libvirtd as ${SASL_DAEMON_USER})`);
  const { uid, gid } = ensureUser();
  const user = opts.user ?? 'alice';
  const password = opts.password ?? randomBytes(12).toString('base64url');
  const mechanisms = opts.mechanisms ?? ['scram-sha-256', 'scram-sha-1'];

  const dir = mkdtempSync(join(tmpdir(), 'stratus-sasld-'));
  // The daemon user must be able to traverse to its files; the temp dir is created 0700 by root.
  chmodSync(dir, 0o755);
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  const configHome = join(dir, 'config');
  const saslDir = join(dir, 'sasl');
  for (const d of [home, runtime, configHome, join(configHome, 'libvirt'), saslDir]) mkdirSync(d, { recursive: true, mode: 0o700 });

  // Session libvirtd reads $XDG_CONFIG_HOME/libvirt/libvirtd.conf.
  writeFileSync(join(configHome, 'libvirt', 'libvirtd.conf'), ['auth_unix_rw = "sasl"', 'log_outputs = "3:stderr"', ''].join('\n'));
  const sasldb = join(saslDir, 'passwd.db');
  // Cyrus reads <SASL_CONF_PATH>/<application>.conf; libvirtd's application name is "libvirt".
  writeFileSync(join(saslDir, 'libvirt.conf'), [`mech_list: ${mechanisms.join(' ')}`, `sasldb_path: ${sasldb}`, ''].join('\n'));
  const addUser = (name: string, pw: string): void => {
    // -p: password from stdin, -a libvirt: the application realm libvirtd uses, -c: create.
    sh('saslpasswd2', ['-p', '-c', '-a', 'libvirt', '-f', sasldb, name], pw);
    chownSync(sasldb, uid, gid);
  };
  addUser(user, password);
  chownTree(dir, uid, gid);

  const child: ChildProcess = spawn('libvirtd', ['--timeout', '900'], {
    uid,
    gid,
    cwd: home,
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_CONFIG_HOME: configHome,
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      SASL_CONF_PATH: saslDir,
      LIBVIRT_AUTOSTART: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => {
    if (log.length < 200_000) log += b.toString('utf8');
  });
  let exited = false;
  const exitedP = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  child.once('error', (e) => {
    exited = true;
    log += `spawn error: ${e.message}\n`;
  });

  const socketPath = join(runtime, 'libvirt', 'libvirt-sock');
  const deadline = Date.now() + 15_000;
  let up = false;
  while (!exited && Date.now() < deadline) {
    if (existsSync(socketPath) && (await socketAnswers(socketPath))) {
      up = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitedP;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (!up) {
    await stop();
    throw new Error(`SASL test libvirtd did not come up at ${socketPath}:\n${log.slice(-3000)}`);
  }

  let authConfs = 0;
  return {
    socketPath,
    uri: `test+unix:///default?socket=${socketPath}`,
    user,
    password,
    mechanisms,
    dir,
    addUser,
    writeAuthConf: (creds = {}) => {
      const group = creds.group ?? 'sasltest';
      const path = join(dir, `auth-${++authConfs}.conf`);
      writeFileSync(
        path,
        [
          `[credentials-${group}]`,
          `authname=${creds.authname ?? user}`,
          `password=${creds.password ?? password}`,
          '',
          '[auth-libvirt-localhost]',
          `credentials=${group}`,
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
      return path;
    },
    log: () => log,
    stop,
  };
}
