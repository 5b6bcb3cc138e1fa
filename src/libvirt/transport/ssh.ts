/**
 * The ssh transport, in-process with the `ssh2` package: log in, run on the far side what
 * libvirt's client runs there, and use that command's stdin/stdout as the RPC stream.
 *
 * The remote command (libvirt's choice, kept):
 *  - `native`: `virt-ssh-helper [-r] URI`, which finds the right daemon socket on that host;
 *  - `netcat`: `nc -U SOCKET`, with `-q0` when that nc wants an argument for -q (OpenBSD nc),
 *    so it exits when we close;
 *  - `auto`: the helper when `which` finds it, else netcat.
 *  Default: netcat when `?socket=` is given (the helper cannot take a socket), native for
 *  per-user (session) URIs (their socket path cannot be built here), else auto. `?netcat=`
 *  turns auto into netcat.
 *
 * Host keys are checked against known_hosts (`?known_hosts=`, else ~/.ssh/known_hosts for `ssh`,
 * ~/.config/libvirt/known_hosts for libvirt's `libssh`/`libssh2` transports). An unknown host is
 * refused unless `?no_verify=1` (or `known_hosts_verify=auto|ignore`); a changed key is always
 * refused unless `known_hosts_verify=ignore`, since that is what a man in the middle looks like.
 *
 * Login: ssh-agent when SSH_AUTH_SOCK is set, then `?keyfile=`, else each of ~/.ssh/id_ed25519,
 * id_ecdsa, id_rsa that exists. Password and keyboard-interactive are not offered: nothing here
 * can prompt. The user is the URI's, else the current user (`ssh`) or root (libssh/libssh2).
 */
import { readFileSync, existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ClientChannel, ConnectConfig, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2';
import { resolveUnixSocket, wantsSessionDaemon, type LibvirtUri, type SshProxyMode } from '../uri.js';
import { withDeadline } from './deadline.js';
import { LibvirtTransportError, errnoCode } from './errors.js';
import { appendKnownHost, checkHostKey, knownKeyTypes, readKnownHosts, type HostKeyVerdict } from './known-hosts.js';
import type { TransportOpenOptions } from './types.js';

const { Client, utils } = ssh2;

const STDERR_KEEP = 4096;

/** ssh2's host key algorithms in its default preference order. */
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

// ---------------------------------------------------------------------------------------------
// The remote command

/** Quote for a POSIX shell: always single quotes, a literal ' as '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface ProxyCommandInput {
  proxy: SshProxyMode;
  netcat: string | undefined;
  socket: string;
  helperName: string;
  readonly: boolean;
}

/** The command line sent in the SSH exec request (run by the remote user's login shell). */
export function sshProxyCommand(p: ProxyCommandInput): string {
  let proxy = p.proxy;
  if (proxy === 'auto' && p.netcat !== undefined) proxy = 'netcat';
  if (proxy === 'native' && p.netcat !== undefined) {
    throw new LibvirtTransportError('TRANSPORT_UNSUPPORTED', 'netcat= cannot be used with proxy=native', { proxy, netcat: p.netcat });
  }
  const nc = shellQuote(p.netcat ?? 'nc');
  const nccmd =
    `if ${nc} -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0; else ARG=; fi; ` +
    `${nc} $ARG -U ${shellQuote(p.socket)}`;
  const helper = `virt-ssh-helper ${p.readonly ? '-r ' : ''}${shellQuote(p.helperName)}`;
  switch (proxy) {
    case 'netcat':
      return `sh -c ${shellQuote(nccmd)}`;
    case 'native':
      return `sh -c ${shellQuote(helper)}`;
    case 'auto':
      return `sh -c ${shellQuote(`if which virt-ssh-helper >/dev/null 2>&1; then ${helper}; else ${nccmd}; fi`)}`;
  }
}

export interface SshPlan {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly knownHostsPath: string;
  readonly hostKeyPolicy: 'strict' | 'accept-new' | 'accept-new-and-record' | 'ignore';
  readonly keyfiles: readonly string[];
  readonly keyfileExplicit: boolean;
  readonly agent: string | undefined;
  readonly methods: readonly ('agent' | 'privkey')[];
  readonly command: string;
  readonly proxy: SshProxyMode;
  readonly notes: readonly string[];
}

/** Everything decided before touching the network; exported so it can be checked alone. */
export function planSsh(u: LibvirtUri, opts: TransportOpenOptions = {}): SshPlan {
  const env = opts.env ?? process.env;
  const euid = opts.euid ?? (typeof process.geteuid === 'function' ? process.geteuid() : 0);
  const home = env['HOME'] || homedir();
  const libssh = u.transport === 'libssh' || u.transport === 'libssh2';
  const notes: string[] = [];

  const username = u.user ?? (libssh ? 'root' : env['USER'] || env['LOGNAME'] || safeUserName() || 'root');

  const configHome = env['XDG_CONFIG_HOME'] || join(home, '.config');
  const knownHostsPath = u.options.knownHosts ?? (libssh ? join(configHome, 'libvirt', 'known_hosts') : join(home, '.ssh', 'known_hosts'));
  let hostKeyPolicy: SshPlan['hostKeyPolicy'] = u.options.noVerify ? 'accept-new' : 'strict';
  if (u.options.knownHostsVerify === 'auto') hostKeyPolicy = 'accept-new-and-record';
  if (u.options.knownHostsVerify === 'ignore') hostKeyPolicy = 'ignore';

  const keyfileExplicit = u.options.keyfile !== undefined;
  const keyfiles = keyfileExplicit
    ? [u.options.keyfile!]
    : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => join(home, '.ssh', n)).filter((p) => existsSync(p));
  const agent = env['SSH_AUTH_SOCK'] || undefined;

  let methods: ('agent' | 'privkey')[] = ['agent', 'privkey'];
  if (u.options.sshauth !== undefined) {
    const asked = u.options.sshauth.split(',').map((s) => s.trim().toLowerCase());
    methods = asked.filter((m): m is 'agent' | 'privkey' => m === 'agent' || m === 'privkey');
    const skipped = asked.filter((m) => m !== 'agent' && m !== 'privkey');
    if (skipped.length > 0) notes.push(`sshauth: ${skipped.join(', ')} not supported (nothing can prompt); using ${methods.join(', ') || 'nothing'}`);
  }
  if (u.options.command !== undefined) notes.push(`command=${u.options.command} is ignored: ssh runs in-process (ssh2), not via an ssh binary`);
  if (u.options.noTty) notes.push('no_tty: nothing here ever prompts');

  // libvirt's default proxy choice.
  const session = wantsSessionDaemon(u, euid);
  const proxy: SshProxyMode = u.options.proxy ?? (u.options.socket !== undefined ? 'netcat' : session ? 'native' : 'auto');
  // The socket for nc is named on this side, for the far side: system paths assume legacy libvirtd.
  const socket = resolveUnixSocket(u, { readonly: opts.readonly, euid, env }).path;
  const command = sshProxyCommand({ proxy, netcat: u.options.netcat, socket, helperName: u.helperName, readonly: !!opts.readonly });

  return { host: u.hostname, port: u.port ?? 22, username, knownHostsPath, hostKeyPolicy, keyfiles, keyfileExplicit, agent, methods, command, proxy, notes };
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Connecting

export function connectSsh(u: LibvirtUri, opts: TransportOpenOptions = {}, notes?: string[]): Promise<Duplex> {
  const plan = planSsh(u, opts);
  notes?.push(...plan.notes);
  return connectSshPlan(plan, opts);
}

/** `user@host:port` as the plan will log in. */
export function sshEndpoint(plan: SshPlan): string {
  return `${plan.username}@${plan.host.includes(':') ? `[${plan.host}]` : plan.host}:${plan.port}`;
}

/** Connect with a plan from `planSsh` (lets the caller inspect or log it first). */
export function connectSshPlan(plan: SshPlan, opts: TransportOpenOptions = {}): Promise<Duplex> {
  const endpoint = sshEndpoint(plan);
  const describe = `ssh ${endpoint}`;
  let client: InstanceType<typeof Client> | undefined;
  return withDeadline(
    describe,
    opts,
    () => open(plan, endpoint, (c) => (client = c)),
    () => client?.destroy(),
    (d) => d.destroy(),
  );
}

interface LoadedKey {
  path: string;
  key: ParsedKey;
}

function loadKeys(plan: SshPlan): { keys: LoadedKey[]; skipped: string[] } {
  const keys: LoadedKey[] = [];
  const skipped: string[] = [];
  for (const path of plan.keyfiles) {
    let text: Buffer;
    try {
      text = readFileSync(path);
    } catch (err) {
      const why = errnoCode(err) === 'ENOENT' ? 'does not exist' : (err as Error).message;
      if (plan.keyfileExplicit) {
        throw new LibvirtTransportError('TRANSPORT_SSH_AUTH', `SSH key file ${path} ${why}`, { keyfile: path }, { cause: err });
      }
      skipped.push(`${path}: ${why}`);
      continue;
    }
    const parsed = utils.parseKey(text);
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key || key instanceof Error) {
      const why = key instanceof Error ? key.message : 'no key found';
      // Encrypted keys need a passphrase we have no way to ask for; use ssh-agent for those.
      if (plan.keyfileExplicit) {
        throw new LibvirtTransportError(
          'TRANSPORT_SSH_AUTH',
          `cannot use SSH key ${path}: ${why} (a passphrase-protected key must be loaded into ssh-agent)`,
          { keyfile: path },
        );
      }
      skipped.push(`${path}: ${why}`);
      continue;
    }
    keys.push({ path, key });
  }
  return { keys, skipped };
}

function open(plan: SshPlan, endpoint: string, setClient: (c: InstanceType<typeof Client>) => void): Promise<Duplex> {
  const { keys, skipped } = loadKeys(plan);
  let entries: ReturnType<typeof readKnownHosts>;
  try {
    entries = readKnownHosts(plan.knownHostsPath);
  } catch (err) {
    throw new LibvirtTransportError(
      errnoCode(err) === 'EACCES' ? 'TRANSPORT_PERMISSION' : 'TRANSPORT_CONNECT',
      `cannot read known_hosts ${plan.knownHostsPath}: ${(err as Error).message}`,
      { knownHosts: plan.knownHostsPath },
      { cause: err },
    );
  }
  let verdict: HostKeyVerdict | undefined;
  const tried: string[] = [];

  // Ask for a host key type we have on record first, so a host known by (say) its RSA key is not
  // reported as unknown just because it also offers ed25519.
  const onRecord = knownKeyTypes(entries, plan.host, plan.port);
  const preferred: ServerHostKeyAlgorithm[] = [];
  for (const t of onRecord) {
    if (t === 'ssh-rsa') preferred.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
    else if ((HOST_KEY_ALGORITHMS as string[]).includes(t)) preferred.push(t as ServerHostKeyAlgorithm);
  }
  const hostKeyOrder = [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];

  // One attempt per method, in the plan's order; then give up.
  const queue: AnyAuthMethod[] = [];
  for (const m of plan.methods) {
    if (m === 'agent' && plan.agent) queue.push({ type: 'agent', username: plan.username, agent: plan.agent });
    if (m === 'privkey') for (const k of keys) queue.push({ type: 'publickey', username: plan.username, key: k.key });
  }
  const describeMethod = (m: AnyAuthMethod): string =>
    m.type === 'agent' ? `ssh-agent (${plan.agent})` : `key ${keys.find((k) => m.type === 'publickey' && k.key === m.key)?.path ?? '?'}`;

  return new Promise<Duplex>((resolve, reject) => {
    const c = new Client();
    setClient(c);
    let settled = false;
    const fail = (err: LibvirtTransportError): void => {
      if (settled) return;
      settled = true;
      c.destroy();
      reject(err);
    };

    c.on('error', (err: Error & { level?: string }) => {
      if (settled) return;
      if (verdict && verdict.status !== 'known' && /verification failed|host denied/i.test(err.message)) {
        return fail(hostKeyError(verdict, plan, endpoint));
      }
      if (err.level === 'client-authentication') {
        const what = tried.length > 0 ? `tried ${tried.join(', ')}` : 'no key or agent was available';
        const also = skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '';
        return fail(
          new LibvirtTransportError(
            'TRANSPORT_SSH_AUTH',
            `SSH login as ${plan.username} to ${endpoint} failed: ${what}${also}. Give ?keyfile=PATH, or load a key into ssh-agent (SSH_AUTH_SOCK)`,
            { host: plan.host, port: plan.port, user: plan.username, tried, skipped },
            { cause: err },
          ),
        );
      }
      const code = errnoCode(err);
      if (code === 'ECONNREFUSED') {
        return fail(new LibvirtTransportError('TRANSPORT_CONNECT', `connection refused by ${endpoint}: is sshd running there?`, { host: plan.host, port: plan.port }, { cause: err }));
      }
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return fail(new LibvirtTransportError('TRANSPORT_CONNECT', `cannot resolve SSH host '${plan.host}'`, { host: plan.host }, { cause: err }));
      }
      fail(new LibvirtTransportError('TRANSPORT_CONNECT', `SSH connection to ${endpoint} failed: ${err.message}`, { host: plan.host, port: plan.port, level: err.level }, { cause: err }));
    });

    c.on('close', () => fail(new LibvirtTransportError('TRANSPORT_CONNECT', `SSH connection to ${endpoint} closed during setup`, { host: plan.host, port: plan.port })));

    c.on('ready', () => {
      c.exec(plan.command, (err, channel) => {
        if (err) {
          return fail(
            new LibvirtTransportError('TRANSPORT_SSH_COMMAND', `${endpoint} refused to run the libvirt proxy command: ${err.message}`, { command: plan.command }, { cause: err }),
          );
        }
        if (settled) {
          channel.close();
          return;
        }
        settled = true;
        c.removeAllListeners('close');
        resolve(wrapChannel(c, channel, endpoint, plan.command));
      });
    });

    const hostVerifier = (key: Buffer): boolean => {
      verdict = checkHostKey(entries, plan.host, plan.port, key);
      switch (verdict.status) {
        case 'known':
          return true;
        case 'revoked':
          return false;
        case 'changed':
          return plan.hostKeyPolicy === 'ignore';
        case 'unknown':
          if (plan.hostKeyPolicy === 'strict') return false;
          if (plan.hostKeyPolicy === 'accept-new-and-record') {
            try {
              appendKnownHost(plan.knownHostsPath, plan.host, plan.port, key);
            } catch {
              // Recording is a convenience; the user asked to accept the key either way.
            }
          }
          return true;
      }
    };

    const config: ConnectConfig = {
      host: plan.host,
      port: plan.port,
      username: plan.username,
      // Our deadline governs; ssh2's own would fire with a less useful message.
      readyTimeout: 0,
      hostVerifier,
      algorithms: { serverHostKey: hostKeyOrder },
      authHandler: (_left: AuthenticationType[], _partial: boolean, next: (m: AuthenticationType | AnyAuthMethod) => void) => {
        const m = queue.shift();
        if (!m) return next(false as unknown as AuthenticationType);
        tried.push(describeMethod(m));
        next(m);
      },
    };
    c.connect(config);
  });
}

function hostKeyError(v: HostKeyVerdict, plan: SshPlan, _endpoint: string): LibvirtTransportError {
  // Host keys belong to host:port, not to the user we log in as.
  const endpoint = `${plan.host.includes(':') ? `[${plan.host}]` : plan.host}:${plan.port}`;
  const ctx = { host: plan.host, port: plan.port, knownHosts: plan.knownHostsPath };
  switch (v.status) {
    case 'unknown': {
      const other = v.knownTypes.length > 0 ? ` (it has ${v.knownTypes.join(', ')} key(s) on record, but the server offered another type)` : '';
      return new LibvirtTransportError(
        'TRANSPORT_SSH_UNKNOWN_HOST',
        `SSH host ${endpoint} is not in ${plan.knownHostsPath}${other}: add its key (ssh-keyscan -p ${plan.port} ${plan.host} >> ${plan.knownHostsPath}) after checking it, or connect with ?no_verify=1`,
        ctx,
      );
    }
    case 'changed':
      return new LibvirtTransportError(
        'TRANSPORT_SSH_HOST_KEY_CHANGED',
        `SSH host key of ${endpoint} (${v.keyType}) differs from the one on line ${v.line} of ${plan.knownHostsPath}: someone may be intercepting the connection, or the host was reinstalled. Refusing to connect`,
        { ...ctx, line: v.line },
      );
    case 'revoked':
      return new LibvirtTransportError('TRANSPORT_SSH_HOST_KEY_CHANGED', `SSH host key of ${endpoint} is marked @revoked on line ${v.line} of ${plan.knownHostsPath}`, {
        ...ctx,
        line: v.line,
      });
    case 'known':
      return new LibvirtTransportError('TRANSPORT_CONNECT', `SSH connection to ${endpoint} failed`, ctx);
  }
}

/**
 * A Duplex over the exec channel that owns the SSH connection: closing the stream closes both,
 * and a proxy command that exits with an error surfaces as a stream error carrying its stderr
 * (e.g. virt-ssh-helper saying the daemon socket is missing).
 */
function wrapChannel(c: InstanceType<typeof Client>, ch: ClientChannel, endpoint: string, command: string): Duplex {
  let stderr = '';
  let exit: { code: number | null; signal: string | undefined } | undefined;
  ch.stderr.on('data', (b: Buffer) => {
    if (stderr.length < STDERR_KEEP) stderr += b.toString('utf8').slice(0, STDERR_KEEP - stderr.length);
  });
  const d = new Duplex({
    read() {
      ch.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (ch.write(chunk)) cb();
      else ch.once('drain', () => cb());
    },
    final(cb) {
      ch.end();
      cb();
    },
    destroy(err, cb) {
      try {
        ch.close();
      } catch {
        // already closed
      }
      c.end();
      cb(err);
    },
  });
  ch.on('data', (b: Buffer) => {
    if (!d.push(b)) ch.pause();
  });
  ch.on('exit', (code: number | null, signal?: string) => {
    exit = { code, signal };
  });
  ch.on('close', () => {
    if (d.destroyed) return;
    if (exit && exit.code !== 0) {
      const why = exit.signal ? `was killed by ${exit.signal}` : `exited with status ${exit.code}`;
      d.destroy(
        new LibvirtTransportError(
          'TRANSPORT_SSH_COMMAND',
          `libvirt proxy command on ${endpoint} ${why}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
          { command, code: exit.code, signal: exit.signal, stderr },
        ),
      );
      return;
    }
    d.push(null);
  });
  c.on('error', (err: Error) => {
    if (!d.destroyed) d.destroy(new LibvirtTransportError('TRANSPORT_CONNECT', `SSH connection to ${endpoint} failed: ${err.message}`, {}, { cause: err }));
  });
  c.on('close', () => {
    if (!d.destroyed && !d.readableEnded) d.push(null);
  });
  return d;
}
