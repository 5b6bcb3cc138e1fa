/**
 * libvirt connection URIs, parsed the way libvirt's remote driver reads them:
 *
 *   driver[+transport]://[user@][host][:port]/path[?param=value&...][#fragment]
 *
 * The result says how to reach the daemon (transport, host, port, socket parameters) and what
 * name to hand it in CONNECT_OPEN: the URI with transport, user, host and port removed and with
 * every parameter the client itself consumes stripped, e.g. `qemu+ssh://root@h/system` becomes
 * `qemu:///system`. The daemon only understands the local form, so getting this right matters.
 *
 * Facts followed (libvirt 9.x): the transport defaults to tls when a host is given and to unix
 * otherwise; query parameters are split on `&` (or `;` when there is no `&`), a bare `name` means
 * an empty value and `=value` is dropped; the client's own parameters are matched without regard
 * to case and the last one wins; boolean parameters (`no_verify`, `no_tty`, `no_sanity`) must be
 * integers; the `remote` driver asks the daemon to pick its default (empty name).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Public types

/** How the bytes travel. `libssh`/`libssh2` are libvirt's in-process SSH clients; we serve them
 *  with the same ssh2-based transport as `ssh`, keeping their different defaults (see ssh.ts). */
export type LibvirtTransportName = 'unix' | 'tcp' | 'tls' | 'ssh' | 'libssh' | 'libssh2' | 'ext';

/** Which daemon socket a unix (or ssh-tunnelled) connection uses: libvirtd's shared one
 *  (`legacy`), the per-driver modular daemon's (`direct`), or pick by what exists (`auto`). */
export type RemoteMode = 'auto' | 'legacy' | 'direct';

/** What runs on the far side of an SSH connection: `virt-ssh-helper` (`native`), `nc -U socket`
 *  (`netcat`), or the helper when installed with a netcat fallback (`auto`). */
export type SshProxyMode = 'auto' | 'netcat' | 'native';

export type KnownHostsVerify = 'normal' | 'auto' | 'ignore';

export interface UriParam {
  readonly name: string;
  readonly value: string;
  /** True when the client consumes it (it is then not forwarded to the daemon). */
  readonly consumed: boolean;
}

/** The parameters the client consumes, typed. Absent means "not given". */
export interface RemoteUriOptions {
  /** `name=`: the exact name to send in CONNECT_OPEN. */
  readonly name?: string;
  /** `command=`: for `ext` the program to run; for `ssh` libvirt's ssh binary (unused by us). */
  readonly command?: string;
  /** `socket=`: the daemon's unix socket path (locally, or on the far side of ssh). */
  readonly socket?: string;
  /** `auth=`: restrict authentication to this type (e.g. `sasl`, `sasl.scram-sha-256`, `polkit`). */
  readonly auth?: string;
  /** `authfile=`: the auth.conf to read credentials from. */
  readonly authfile?: string;
  /** `sshauth=`: libssh's list of SSH auth methods (agent,privkey,password,keyboard-interactive). */
  readonly sshauth?: string;
  /** `netcat=`: the netcat binary on the remote host. */
  readonly netcat?: string;
  /** `keyfile=`: SSH private key. */
  readonly keyfile?: string;
  /** `pkipath=`: directory holding cacert.pem, clientcert.pem, clientkey.pem. */
  readonly pkipath?: string;
  /** `known_hosts=`: SSH known_hosts file. */
  readonly knownHosts?: string;
  /** `known_hosts_verify=`: libssh's host key policy. */
  readonly knownHostsVerify?: KnownHostsVerify;
  /** `tls_priority=`: a GnuTLS priority string. Accepted but not applied (Node uses OpenSSL). */
  readonly tlsPriority?: string;
  /** `mode=` */
  readonly mode?: RemoteMode;
  /** `proxy=` */
  readonly proxy?: SshProxyMode;
  /** `no_verify=N`, N != 0: do not verify the server's certificate / host key. */
  readonly noVerify: boolean;
  /** `no_tty=N`: never prompt. Our transports never prompt, so this only records the wish. */
  readonly noTty: boolean;
  /** `no_sanity=N`: skip libvirt's local certificate sanity checks. */
  readonly noSanity: boolean;
}

export interface LibvirtUri {
  /** The URI as given. */
  readonly uri: string;
  /** Scheme as written, e.g. `qemu+ssh`. */
  readonly scheme: string;
  /** The hypervisor driver, e.g. `qemu`, `test`, `lxc`, `remote`. */
  readonly driver: string;
  readonly transport: LibvirtTransportName;
  /** True when the transport was written in the scheme, false when it was defaulted. */
  readonly transportExplicit: boolean;
  /** User from the URI (decoded), if any. */
  readonly user: string | undefined;
  /** Host from the URI (decoded, IPv6 brackets removed), if any. */
  readonly host: string | undefined;
  /** The host to connect to: `host`, or `localhost` as libvirt defaults it. */
  readonly hostname: string;
  /** Port from the URI, else the transport's default (tcp 16509, tls 16514, ssh 22);
   *  undefined for unix and ext. */
  readonly port: number | undefined;
  /** Path (decoded), e.g. `/system`, `/default`, `/path/to/host.xml`. May be empty. */
  readonly path: string;
  readonly fragment: string | undefined;
  /** Every query parameter, in order, duplicates kept. */
  readonly params: readonly UriParam[];
  readonly options: RemoteUriOptions;
  /** The name sent in CONNECT_OPEN. */
  readonly nameForDaemon: string;
  /** The URI given to `virt-ssh-helper`: like `nameForDaemon` but keeping `mode=` and `socket=`,
   *  which the helper needs to find the right socket on the far side. */
  readonly helperName: string;
  /** Things accepted but not acted on, for the caller to log. */
  readonly notes: readonly string[];
}

export type LibvirtUriErrorCode =
  /** The text is not a URI of the expected shape (scheme, authority, port, escapes). */
  | 'URI_SYNTAX'
  /** The transport is unknown or cannot be combined with the rest of the URI. */
  | 'URI_TRANSPORT'
  /** A parameter the client consumes has a value it cannot use. */
  | 'URI_PARAM';

export class LibvirtUriError extends Error {
  override readonly name = 'LibvirtUriError';
  readonly code: LibvirtUriErrorCode;
  /** The URI with any password removed. */
  readonly uri: string;
  /** What is wrong, without the URI. */
  readonly reason: string;

  constructor(code: LibvirtUriErrorCode, uri: string, reason: string) {
    const shown = maskPassword(uri);
    super(`invalid libvirt URI '${shown}': ${reason}`);
    this.code = code;
    this.uri = shown;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------
// Constants (libvirt's defaults)

export const LIBVIRTD_TCP_PORT = 16509;
export const LIBVIRTD_TLS_PORT = 16514;
export const SSH_PORT = 22;

const TRANSPORTS: readonly LibvirtTransportName[] = ['unix', 'tcp', 'tls', 'ssh', 'libssh', 'libssh2', 'ext'];
const MODES: readonly RemoteMode[] = ['auto', 'legacy', 'direct'];
const PROXIES: readonly SshProxyMode[] = ['auto', 'netcat', 'native'];
const KNOWN_HOSTS_VERIFY: readonly KnownHostsVerify[] = ['normal', 'auto', 'ignore'];

/** libvirt's runtime state directory. It deliberately uses /var/run rather than /run: the path
 *  may be used on a remote host (ssh), where only /var/run is certain to exist. */
export const SYSTEM_SOCKET_DIR = '/var/run/libvirt';

// ---------------------------------------------------------------------------------------------
// Parsing

// RFC 3986 split: scheme ":" [ "//" authority ] path [ "?" query ] [ "#" fragment ].
const URI_RE = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/** Parse a libvirt URI. Throws LibvirtUriError with the URI and what is wrong. */
export function parseLibvirtUri(uri: string): LibvirtUri {
  if (typeof uri !== 'string' || uri.length === 0) {
    throw new LibvirtUriError('URI_SYNTAX', String(uri), 'empty URI');
  }
  // libxml2, which libvirt parses with, refuses whitespace and control characters anywhere.
  const bad = /[\s\x00-\x1f\x7f]/.exec(uri);
  if (bad) {
    throw new LibvirtUriError('URI_SYNTAX', uri, `character ${JSON.stringify(bad[0])} at offset ${bad.index} must be percent-encoded`);
  }
  const m = URI_RE.exec(uri);
  if (!m) {
    throw new LibvirtUriError(
      'URI_SYNTAX',
      uri,
      'expected driver[+transport]://[user@][host][:port]/path[?params], e.g. qemu:///system or qemu+ssh://root@host/system',
    );
  }
  const scheme = m[1]!;
  const authority = m[2];
  const rawPath = m[3] ?? '';
  const rawQuery = m[4];
  const rawFragment = m[5];

  // Authority: [userinfo@]host[:port]. The userinfo ends at the last '@'.
  let user: string | undefined;
  let host: string | undefined;
  let port: number | undefined;
  if (authority !== undefined && authority !== '') {
    let hostPort = authority;
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      hostPort = authority.slice(at + 1);
      // A password in the URI is never used by libvirt's client; keep only the user name.
      const colon = userinfo.indexOf(':');
      const userRaw = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
      if (userRaw !== '') user = decode(uri, userRaw, 'user name');
    }
    let hostRaw = hostPort;
    let portRaw: string | undefined;
    if (hostPort.startsWith('[')) {
      const close = hostPort.indexOf(']');
      if (close < 0) throw new LibvirtUriError('URI_SYNTAX', uri, `unterminated IPv6 address '${hostPort}'`);
      hostRaw = hostPort.slice(1, close);
      const rest = hostPort.slice(close + 1);
      if (rest !== '') {
        if (!rest.startsWith(':')) throw new LibvirtUriError('URI_SYNTAX', uri, `unexpected '${rest}' after IPv6 address`);
        portRaw = rest.slice(1);
      }
      if (!/^[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?$/.test(hostRaw)) {
        throw new LibvirtUriError('URI_SYNTAX', uri, `'${hostRaw}' is not an IPv6 address`);
      }
    } else {
      const colon = hostPort.lastIndexOf(':');
      if (colon >= 0) {
        hostRaw = hostPort.slice(0, colon);
        portRaw = hostPort.slice(colon + 1);
      }
      if (hostRaw.includes(':')) {
        throw new LibvirtUriError('URI_SYNTAX', uri, `IPv6 address '${hostPort}' must be written in brackets, e.g. [::1]`);
      }
      if (hostRaw !== '') hostRaw = decode(uri, hostRaw, 'host');
    }
    if (hostRaw !== '') host = hostRaw;
    if (portRaw !== undefined && portRaw !== '') {
      if (!/^\d+$/.test(portRaw)) throw new LibvirtUriError('URI_SYNTAX', uri, `port '${portRaw}' is not a number`);
      const n = Number(portRaw);
      if (n < 1 || n > 65535) throw new LibvirtUriError('URI_SYNTAX', uri, `port ${portRaw} is out of range 1-65535`);
      // libvirt ignores a port when no host is named (libxml2 versions disagree on it there).
      if (host !== undefined) port = n;
    }
    if (host === undefined && user !== undefined) {
      throw new LibvirtUriError('URI_SYNTAX', uri, `user '${user}' is given but no host`);
    }
  }

  const path = decode(uri, rawPath, 'path');
  const fragment = rawFragment === undefined ? undefined : decode(uri, rawFragment, 'fragment');

  // Scheme: driver[+transport]. The transport is matched without regard to case.
  const plus = scheme.indexOf('+');
  const driver = plus >= 0 ? scheme.slice(0, plus) : scheme;
  if (driver === '') throw new LibvirtUriError('URI_SYNTAX', uri, `no driver before '+' in scheme '${scheme}'`);
  let transport: LibvirtTransportName;
  const transportExplicit = plus >= 0;
  if (transportExplicit) {
    const t = scheme.slice(plus + 1).toLowerCase();
    if (!(TRANSPORTS as readonly string[]).includes(t)) {
      throw new LibvirtUriError('URI_TRANSPORT', uri, `transport '${scheme.slice(plus + 1)}' is not one of ${TRANSPORTS.join(', ')}`);
    }
    transport = t as LibvirtTransportName;
    if (transport === 'unix' && host !== undefined) {
      throw new LibvirtUriError('URI_TRANSPORT', uri, `the unix transport cannot reach remote host '${host}'; use ssh, tls or tcp`);
    }
  } else {
    transport = host !== undefined ? 'tls' : 'unix';
  }

  const params = parseQuery(uri, rawQuery);
  const { options, consumed, notes } = extractOptions(uri, params);
  const allParams: UriParam[] = params.map((p, i) => ({ name: p.name, value: p.value, consumed: consumed[i]! }));

  if (transport === 'ext' && options.command === undefined) {
    throw new LibvirtUriError('URI_PARAM', uri, "the ext transport needs ?command=/path/to/program");
  }
  if (options.mode === 'direct' && transport !== 'unix') {
    throw new LibvirtUriError('URI_PARAM', uri, `mode=direct works only with the unix transport, not ${transport}`);
  }
  if (options.proxy === 'native' && options.netcat !== undefined) {
    throw new LibvirtUriError('URI_PARAM', uri, 'netcat= cannot be combined with proxy=native (virt-ssh-helper does not use netcat)');
  }

  if (transport === 'tls' || transport === 'tcp' || transport === 'ssh' || transport === 'libssh' || transport === 'libssh2') {
    port ??= transport === 'tls' ? LIBVIRTD_TLS_PORT : transport === 'tcp' ? LIBVIRTD_TCP_PORT : SSH_PORT;
  } else {
    port = undefined;
  }

  // The name the daemon sees. `remote` (and `remote+x`) asks the daemon to choose: empty name.
  let nameForDaemon: string;
  let helperName: string;
  if (options.name !== undefined) {
    nameForDaemon = options.name;
    helperName = options.name;
  } else if (driver === 'remote') {
    nameForDaemon = '';
    helperName = '';
  } else {
    const forwarded = allParams.filter((p) => !p.consumed);
    // The helper needs mode= and socket= to pick the socket on the far side; the daemon must not
    // see them. Order stays as written.
    const forHelper = allParams.filter((p) => !p.consumed || /^(mode|socket)$/i.test(p.name));
    nameForDaemon = formatLocalUri(driver, path, forwarded, fragment);
    helperName = formatLocalUri(driver, path, forHelper, fragment);
  }

  return {
    uri,
    scheme,
    driver,
    transport,
    transportExplicit,
    user,
    host,
    hostname: host ?? 'localhost',
    port,
    path,
    fragment,
    params: allParams,
    options,
    nameForDaemon,
    helperName,
    notes,
  };
}

function decode(uri: string, s: string, what: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // Not valid UTF-8 or a broken escape: libvirt would pass raw bytes, but a string we cannot
    // represent faithfully is better refused than silently altered.
    throw new LibvirtUriError('URI_SYNTAX', uri, `bad percent-encoding in ${what} '${s}'`);
  }
}

function parseQuery(uri: string, raw: string | undefined): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  if (raw === undefined || raw === '') return out;
  // libvirt splits on '&'; only a query with no '&' at all is split on ';'.
  const sep = raw.includes('&') ? '&' : ';';
  for (const part of raw.split(sep)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq === 0) continue; // "=value" has no name: dropped, as CGI.pm does
    // '+' is a literal plus in libvirt URIs (no form-encoding), so only %XX is decoded.
    if (eq < 0) out.push({ name: decode(uri, part, 'parameter name'), value: '' });
    else out.push({ name: decode(uri, part.slice(0, eq), 'parameter name'), value: decode(uri, part.slice(eq + 1), `parameter '${part.slice(0, eq)}'`) });
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function extractOptions(
  uri: string,
  params: readonly { name: string; value: string }[],
): { options: RemoteUriOptions; consumed: boolean[]; notes: string[] } {
  const o: Mutable<RemoteUriOptions> = { noVerify: false, noTty: false, noSanity: false };
  const consumed: boolean[] = [];
  const notes: string[] = [];
  const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new LibvirtUriError('URI_PARAM', uri, `${name}='${value}' is not one of ${allowed.join(', ')}`);
  };
  const flag = (name: string, value: string): boolean => {
    // libvirt reads these with strtol: an integer, nonzero meaning "yes".
    if (!/^\s*[+-]?\d+$/.test(value)) {
      throw new LibvirtUriError('URI_PARAM', uri, `${name}='${value}' must be an integer (0 or 1)`);
    }
    return Number(value) !== 0;
  };
  for (const { name, value } of params) {
    let used = true;
    switch (name.toLowerCase()) {
      case 'name': o.name = value; break;
      case 'command': o.command = value; break;
      case 'socket': o.socket = value; break;
      case 'auth': o.auth = value; break;
      case 'authfile': o.authfile = value; break;
      case 'sshauth': o.sshauth = value; break;
      case 'netcat': o.netcat = value; break;
      case 'keyfile': o.keyfile = value; break;
      case 'pkipath': o.pkipath = value; break;
      case 'known_hosts': o.knownHosts = value; break;
      case 'known_hosts_verify': o.knownHostsVerify = oneOf(name, value, KNOWN_HOSTS_VERIFY); break;
      case 'tls_priority': o.tlsPriority = value; break;
      case 'mode': o.mode = oneOf(name, value, MODES); break;
      case 'proxy': o.proxy = oneOf(name, value, PROXIES); break;
      case 'no_verify': o.noVerify = flag(name, value); break;
      case 'no_tty': o.noTty = flag(name, value); break;
      case 'no_sanity': o.noSanity = flag(name, value); break;
      default: used = false;
    }
    consumed.push(used);
  }
  if (o.tlsPriority !== undefined) {
    notes.push(`tls_priority='${o.tlsPriority}' is a GnuTLS priority string; it is ignored (Node's TLS uses OpenSSL defaults)`);
  }
  return { options: o, consumed, notes };
}

// libxml2 (xmlSaveUri) keeps these in a path and %-escapes the rest.
const PATH_KEEP = /[A-Za-z0-9\-_.!~*'()/;:@&=+$,]/;
// GLib's g_string_append_uri_escaped with no reserved set keeps only the unreserved characters.
const VALUE_KEEP = /[A-Za-z0-9\-._~]/;

function escapeWith(s: string, keep: RegExp): string {
  let out = '';
  for (const ch of s) {
    if (keep.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `driver://path?name=value&...#fragment`, the local form of a URI (no host: three slashes). */
function formatLocalUri(driver: string, path: string, params: readonly UriParam[], fragment: string | undefined): string {
  let s = `${driver}://${escapeWith(path, PATH_KEEP)}`;
  if (params.length > 0) s += '?' + params.map((p) => `${p.name}=${escapeWith(p.value, VALUE_KEEP)}`).join('&');
  if (fragment !== undefined) s += '#' + escapeWith(fragment, PATH_KEEP);
  return s;
}

function maskPassword(uri: string): string {
  return uri.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/, '$1:***@');
}

// ---------------------------------------------------------------------------------------------
// Unix socket selection

export interface SocketEnvironment {
  /** Effective uid; defaults to process.geteuid(). Root gets the system daemon. */
  readonly euid?: number;
  /** Environment for XDG_RUNTIME_DIR / HOME; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Existence test for mode=auto; defaults to fs.existsSync. */
  readonly exists?: (path: string) => boolean;
}

export interface SocketChoice {
  /** The socket to connect to. */
  readonly path: string;
  /** How it was chosen. */
  readonly source: 'param' | 'legacy' | 'direct';
  /** The daemon that serves it (libvirtd, virtqemud, virtproxyd, ...), unless given by socket=. */
  readonly daemon: string | undefined;
  /** True when it is a per-user (session) daemon's socket. */
  readonly session: boolean;
  /** The other paths considered, so an error can say what was looked for. */
  readonly candidates: readonly string[];
}

/**
 * True when libvirt's client would use a per-user daemon: a `/session` URI, or any `test+...`
 * URI, and only when not running as root.
 */
export function wantsSessionDaemon(u: LibvirtUri, euid: number = currentEuid()): boolean {
  return euid !== 0 && (u.path === '/session' || u.scheme.startsWith('test+'));
}

/** The per-user runtime directory libvirt uses: $XDG_RUNTIME_DIR/libvirt, else ~/.cache/libvirt. */
export function userRuntimeDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env['XDG_RUNTIME_DIR'];
  if (xdg) return join(xdg, 'libvirt');
  const cache = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(cache, 'libvirt');
}

/**
 * Which unix socket serves this URI, as libvirt's client chooses it. `?socket=` wins. Otherwise
 * two candidates are built: the modular daemon for the driver (`virtqemud-sock` for qemu, ...)
 * and libvirtd's shared socket; `-sock-ro` variants for read-only system connections. With
 * mode=auto (the default) a unix connection takes the modular socket when it exists, else the
 * shared one; every other transport (the socket is on the far side of ssh) takes the shared one.
 */
export function resolveUnixSocket(u: LibvirtUri, opts: { readonly?: boolean } & SocketEnvironment = {}): SocketChoice {
  const euid = opts.euid ?? currentEuid();
  const session = wantsSessionDaemon(u, euid);
  if (u.options.socket !== undefined) {
    return { path: u.options.socket, source: 'param', daemon: undefined, session, candidates: [u.options.socket] };
  }
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const sockPath = (prefix: string): string =>
    session ? join(userRuntimeDir(env), `${prefix}-sock`) : `${SYSTEM_SOCKET_DIR}/${prefix}-${opts.readonly ? 'sock-ro' : 'sock'}`;
  const directDaemon = `virt${u.driver}d`;
  const direct = sockPath(directDaemon);
  const legacy = sockPath('libvirt');
  let mode = u.options.mode ?? 'auto';
  if (mode === 'auto') {
    if (u.transport === 'unix') {
      if (exists(direct)) mode = 'direct';
      else mode = 'legacy'; // neither exists: libvirt's build-time default (remote_default_mode, legacy upstream)
    } else {
      mode = 'legacy';
    }
  }
  if (mode === 'direct') {
    return { path: direct, source: 'direct', daemon: directDaemon, session, candidates: [direct, legacy] };
  }
  return { path: legacy, source: 'legacy', daemon: 'libvirtd', session, candidates: [direct, legacy] };
}

function currentEuid(): number {
  return typeof process.geteuid === 'function' ? process.geteuid() : 0;
}
