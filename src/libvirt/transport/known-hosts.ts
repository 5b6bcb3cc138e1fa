/**
 * OpenSSH known_hosts, read-only except for an explicit append: enough to decide whether a
 * server's host key is the one on record. Supports plain and hashed (`|1|salt|hash`) host
 * fields, `[host]:port` for non-22 ports, `*`/`?` wildcards, `!` negation and `@revoked`.
 * `@cert-authority` lines are skipped: host certificates are not supported here.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';

export interface KnownHostEntry {
  readonly line: number;
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  readonly hosts: string;
  readonly keyType: string;
  /** The public key blob (SSH wire format), base64-decoded. */
  readonly key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'known'; line: number }
  | { status: 'unknown'; knownTypes: string[] }
  | { status: 'changed'; line: number; keyType: string }
  | { status: 'revoked'; line: number };

/** Entries of a known_hosts file; a missing file has none. Malformed lines are skipped, as ssh does. */
export function readKnownHosts(path: string): KnownHostEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
  return parseKnownHosts(text);
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    } else if (fields[0]!.startsWith('@')) {
      continue;
    }
    if (fields.length < 3) continue;
    const key = Buffer.from(fields[2]!, 'base64');
    if (key.length < 4) continue;
    out.push({ line: i + 1, marker, hosts: fields[0]!, keyType: fields[1]!, key });
  }
  return out;
}

/** The name ssh records a host under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
  return re.test(s);
}

function hashedMatch(field: string, name: string): boolean {
  // |1|base64(salt)|base64(HMAC-SHA1(salt, name))
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2]!, 'base64');
  const want = parts[3]!;
  return createHmac('sha1', salt).update(name).digest('base64') === want;
}

/** Does an entry's host field name this host? Negated patterns veto a match. */
export function hostFieldMatches(field: string, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (field.startsWith('|')) return hashedMatch(field, name);
  let matched = false;
  for (const p of field.split(',')) {
    const neg = p.startsWith('!');
    const pat = (neg ? p.slice(1) : p).toLowerCase();
    if (globMatch(pat, name)) {
      if (neg) return false;
      matched = true;
    }
  }
  return matched;
}

/** The key type inside a public key blob (its first SSH string). */
export function blobKeyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

export function checkHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const mine = entries.filter((e) => e.marker !== 'cert-authority' && hostFieldMatches(e.hosts, host, port));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', line: revoked.line };
  const known = mine.find((e) => e.marker === undefined && e.key.equals(key));
  if (known) return { status: 'known', line: known.line };
  const type = blobKeyType(key);
  const sameType = mine.find((e) => e.marker === undefined && blobKeyType(e.key) === type);
  if (sameType) return { status: 'changed', line: sameType.line, keyType: type };
  return { status: 'unknown', knownTypes: [...new Set(mine.filter((e) => e.marker === undefined).map((e) => e.keyType))] };
}

/** Key types on record for the host, to ask the server for one of those first (as ssh does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  return [
    ...new Set(entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, host, port)).map((e) => blobKeyType(e.key))),
  ];
}

/** Record a host key (hashed, as Debian's ssh does by default). */
export function appendKnownHost(path: string, host: string, port: number, key: Buffer): void {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(knownHostsName(host, port)).digest('base64');
  appendFileSync(path, `|1|${salt.toString('base64')}|${hash} ${blobKeyType(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}
