/**
 * Credentials found the way libvirt's own client finds them, so one auth.conf serves virsh and us.
 *
 * Which file (first match wins, as libvirt's virAuthGetConfigFilePathURI decides):
 *   1. `$LIBVIRT_AUTH_FILE`                 - used as given; unreadable is an error
 *   2. the URI's `authfile=` parameter      - used as given; unreadable is an error
 *   3. `$XDG_CONFIG_HOME/libvirt/auth.conf` (default `~/.config/libvirt/auth.conf`) - if readable
 *   4. `/etc/libvirt/auth.conf`             - if readable
 *   otherwise no file (credentials then come only from the callback).
 *
 * Format: libvirt's key file. `[group]` lines, `key=value` lines (key letters and digits only, no
 * spaces around '=', the value is the rest of the line verbatim), `#` or `;` comment lines, blank
 * lines. Groups `[credentials-NAME]` hold authname / username / password / realm; groups
 * `[auth-SERVICE-HOST]` say `credentials=NAME`. Lookup for a libvirtd connection uses service
 * `libvirt` and the URI's host (`localhost` when there is none, e.g. unix sockets), falling back
 * to `[auth-libvirt-default]`.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LibvirtAuthError } from './errors.js';

/** libvirt's credential kinds that a file or the callback can supply (VIR_CRED_*). */
export type CredentialType = 'authname' | 'username' | 'password' | 'realm';

/** The file size libvirt refuses to read past; same limit here. */
const MAX_FILE_SIZE = 1024 * 1024;

export type AuthConfigSource = 'env' | 'uri' | 'user' | 'system';

export interface AuthConfigLocateOptions {
  /** The URI's `authfile` query parameter, if any. */
  authfile?: string | null;
  /** Environment to read LIBVIRT_AUTH_FILE / XDG_CONFIG_HOME / HOME from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The system file; default `/etc/libvirt/auth.conf`. */
  systemPath?: string;
}

export interface AuthConfigLocation {
  path: string;
  source: AuthConfigSource;
}

async function readable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.R_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Decide which auth.conf applies, with libvirt's precedence. Null: no file. */
export async function locateAuthConfig(opts: AuthConfigLocateOptions = {}): Promise<AuthConfigLocation | null> {
  const env = opts.env ?? process.env;
  // An empty variable is treated as unset (libvirt would try to open "" and fail).
  const fromEnv = env.LIBVIRT_AUTH_FILE;
  if (fromEnv) return { path: fromEnv, source: 'env' };
  if (opts.authfile) return { path: opts.authfile, source: 'uri' };

  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg ? xdg : join(env.HOME || homedir(), '.config');
  const userPath = join(configHome, 'libvirt', 'auth.conf');
  if (await readable(userPath)) return { path: userPath, source: 'user' };

  const systemPath = opts.systemPath ?? '/etc/libvirt/auth.conf';
  if (await readable(systemPath)) return { path: systemPath, source: 'system' };
  return null;
}

/** A parsed auth.conf: groups of key/value pairs, with the line each group started on. */
export class AuthConfig {
  readonly path: string;
  private readonly groups: Map<string, { line: number; values: Map<string, string> }>;

  private constructor(path: string, groups: Map<string, { line: number; values: Map<string, string> }>) {
    this.path = path;
    this.groups = groups;
  }

  /** Parse key-file text; `path` is only used in error messages. */
  static parse(text: string, path: string): AuthConfig {
    const groups = new Map<string, { line: number; values: Map<string, string> }>();
    let current: { line: number; values: Map<string, string> } | null = null;
    const lines = text.split(/\r\n|\n|\r/);
    const err = (lineNo: number, what: string, line: string): never => {
      throw new LibvirtAuthError('AUTH_CONFIG', `${path}:${lineNo}: ${what}: '${line.slice(0, 80)}'`, { path, line: lineNo });
    };
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      if (/^[ \t]*$/.test(line)) return;
      const c = line[0]!;
      if (c === '#' || c === ';') return;
      if (c === '[') {
        const m = /^\[([^\]]+)\][ \t]*$/.exec(line);
        if (!m) err(lineNo, "cannot find end of group name, expected ']' then end of line", line);
        const name = m![1]!;
        if (!/^[\x20-\x7E]+$/.test(name)) err(lineNo, 'group name must be printable ASCII', line);
        if (groups.has(name)) err(lineNo, `duplicate group '${name}' (first at line ${groups.get(name)!.line})`, line);
        current = { line: lineNo, values: new Map() };
        groups.set(name, current);
        return;
      }
      if (/^[A-Za-z0-9]/.test(c)) {
        const m = /^([A-Za-z0-9]+)=(.*)$/.exec(line);
        if (!m) err(lineNo, "expected 'key=value' (key of letters and digits, no spaces before '=')", line);
        if (!current) err(lineNo, 'value found before the first [group]', line);
        const [, key, value] = m!;
        if (current!.values.has(key!)) err(lineNo, `duplicate key '${key}'`, line);
        current!.values.set(key!, value!);
        return;
      }
      err(lineNo, 'unexpected statement (expected [group], key=value, # comment or blank line)', line);
    });
    return new AuthConfig(path, groups);
  }

  /** Read and parse a file; unreadable, too large or malformed files are `AUTH_CONFIG` errors. */
  static async load(path: string): Promise<AuthConfig> {
    let data: Buffer;
    try {
      const st = await stat(path);
      if (st.size > MAX_FILE_SIZE) {
        throw new LibvirtAuthError('AUTH_CONFIG', `${path}: auth config larger than ${MAX_FILE_SIZE} bytes`, { path });
      }
      data = await readFile(path);
    } catch (e) {
      if (e instanceof LibvirtAuthError) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      throw new LibvirtAuthError('AUTH_CONFIG', `cannot read auth config ${path}: ${reason}`, { path }, { cause: e });
    }
    return AuthConfig.parse(data.toString('utf8'), path);
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  /**
   * The value of `credname` for `service` on `hostname`, or undefined when the file says nothing
   * for it. A matching auth group without `credentials=`, or naming a missing credentials group,
   * is an error: the admin meant to configure this host and got it wrong.
   */
  lookup(service: string, hostname: string | null | undefined, credname: CredentialType): string | undefined {
    const host = hostname ? hostname : 'localhost';
    let authGroup = `auth-${service}-${host}`;
    if (!this.groups.has(authGroup)) authGroup = `auth-${service}-default`;
    const auth = this.groups.get(authGroup);
    if (!auth) return undefined;
    const credName = auth.values.get('credentials');
    if (credName === undefined) {
      throw new LibvirtAuthError('AUTH_CONFIG', `${this.path}:${auth.line}: group [${authGroup}] has no 'credentials=' entry`, {
        path: this.path,
        line: auth.line,
        group: authGroup,
      });
    }
    const credGroup = `credentials-${credName}`;
    const creds = this.groups.get(credGroup);
    if (!creds) {
      throw new LibvirtAuthError(
        'AUTH_CONFIG',
        `${this.path}:${auth.line}: group [${authGroup}] references [${credGroup}], which does not exist`,
        { path: this.path, line: auth.line, group: authGroup, missing: credGroup },
      );
    }
    return creds.values.get(credname);
  }
}

/** What the callback is asked for when the file has nothing (mirrors virConnectCredential). */
export interface CredentialRequest {
  type: CredentialType;
  prompt: string;
  /** Suggested answer, if any (for the username: the local login name is a common choice). */
  defaultResult?: string;
}

/** Ask the caller for one credential; undefined means "I don't have it". */
export type CredentialCallback = (request: CredentialRequest) => Promise<string | undefined>;

export interface ResolveCredentialsOptions extends AuthConfigLocateOptions {
  /** Which credentials the mechanism needs, in the order to ask for them. */
  needed: readonly CredentialType[];
  /** The URI's host; null/empty for unix sockets (looked up as `localhost`). */
  hostname?: string | null;
  /** auth.conf service name; `libvirt` for libvirtd. */
  service?: string;
  callback?: CredentialCallback;
  /** Shown as the default answer for an authname/username prompt. */
  defaultUsername?: string;
}

export interface ResolvedCredentials {
  values: Partial<Record<CredentialType, string>>;
  /** Where each value came from, for diagnostics (never the value itself). */
  sources: Partial<Record<CredentialType, 'file' | 'callback'>>;
  /** The auth.conf consulted, if any. */
  file: AuthConfigLocation | null;
}

const PROMPTS: Record<CredentialType, (host: string) => string> = {
  authname: (h) => `Username to authenticate as on ${h}`,
  username: (h) => `Login name on ${h}`,
  password: (h) => `Password for ${h}`,
  realm: (h) => `SASL realm on ${h}`,
};

/**
 * Fill each needed credential from auth.conf, then ask the callback for what is still missing.
 * Missing credentials after both are an `AUTH_NO_CREDENTIALS` error naming what was consulted.
 */
export async function resolveCredentials(opts: ResolveCredentialsOptions): Promise<ResolvedCredentials> {
  const service = opts.service ?? 'libvirt';
  const host = opts.hostname ? opts.hostname : 'localhost';
  const file = await locateAuthConfig(opts);
  const config = file ? await AuthConfig.load(file.path) : null;
  const values: Partial<Record<CredentialType, string>> = {};
  const sources: Partial<Record<CredentialType, 'file' | 'callback'>> = {};
  const missing: CredentialType[] = [];

  for (const type of opts.needed) {
    const fromFile = config?.lookup(service, opts.hostname, type);
    if (fromFile !== undefined) {
      values[type] = fromFile;
      sources[type] = 'file';
      continue;
    }
    if (opts.callback) {
      const request: CredentialRequest = { type, prompt: PROMPTS[type](host) };
      if ((type === 'authname' || type === 'username') && opts.defaultUsername) request.defaultResult = opts.defaultUsername;
      const answer = await opts.callback(request);
      if (answer !== undefined) {
        values[type] = answer;
        sources[type] = 'callback';
        continue;
      }
    }
    missing.push(type);
  }

  if (missing.length > 0) {
    const where = file ? `${file.path} (from ${file.source})` : 'no auth.conf found';
    const cb = opts.callback ? 'the credential callback gave none' : 'no credential callback was given';
    throw new LibvirtAuthError(
      'AUTH_NO_CREDENTIALS',
      `no ${missing.join(', ')} for ${service} on ${host}: ${where}; ${cb}`,
      { missing, service, hostname: host, file: file?.path ?? null, fileSource: file?.source ?? null },
    );
  }
  return { values, sources, file };
}

/** The credentials a password mechanism (SCRAM, PLAIN) needs for a libvirtd connection. */
export async function resolveSaslCredentials(
  opts: Omit<ResolveCredentialsOptions, 'needed' | 'service'>,
): Promise<{ authname: string; password: string }> {
  const r = await resolveCredentials({ ...opts, needed: ['authname', 'password'], service: 'libvirt' });
  return { authname: r.values.authname!, password: r.values.password! };
}
