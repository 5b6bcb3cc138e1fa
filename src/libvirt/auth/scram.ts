/**
 * Client-side SASL mechanisms written against the RFCs, with node:crypto only:
 * SCRAM-SHA-256 (RFC 7677), SCRAM-SHA-1 (RFC 5802) and PLAIN (RFC 4616).
 *
 * Each mechanism is a small state machine (`SaslMechanism`): `start()` gives the initial client
 * response, `step()` consumes one server challenge and gives the next response. The transport
 * (libvirt's AUTH_SASL_START/STEP calls) lives elsewhere (sasl-exchange.ts), so these are pure and
 * can be checked against the RFCs' published exchanges byte for byte.
 *
 * Credentials are used as raw UTF-8 by default, like Cyrus SASL (libvirtd's implementation);
 * RFC 4013 SASLprep is available with `prep: 'saslprep'` (see `StringPrep`).
 *
 * `null` versus an empty buffer matters in SASL (libvirt carries the distinction as a `nil` flag):
 * `null` means "no data at all", an empty buffer means "a response of zero bytes".
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { LibvirtAuthError } from './errors.js';

export interface SaslMechanism {
  /** The IANA mechanism name sent to the server, e.g. `SCRAM-SHA-256`. */
  readonly name: string;
  /** The initial client response (null: the mechanism has nothing to say first). */
  start(): Buffer | null;
  /**
   * Consume one server challenge (null when the server sent none) and return the next client
   * response (null when there is nothing to send). Throws `LibvirtAuthError` on a bad challenge.
   */
  step(serverData: Buffer | null): Buffer | null;
  /** True once the mechanism has finished from the client's side (for SCRAM: server verified). */
  readonly complete: boolean;
}

/** What a password mechanism needs; `authzid` is only sent when set (libvirt's client never sets it). */
export interface PasswordCredentials {
  /** The authentication identity (auth.conf `authname`; SASL's authcid). */
  authname: string;
  password: string;
  /** Act as this identity instead of `authname` (SASL authzid); rarely used with libvirtd. */
  authzid?: string;
}

// ---------------------------------------------------------------------------------------------
// SASLprep (RFC 4013, a profile of stringprep RFC 3454)
// ---------------------------------------------------------------------------------------------

/** RFC 3454 table B.1: characters mapped to nothing. */
const MAP_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/gu;
/** RFC 3454 table C.1.2: non-ASCII space characters, which SASLprep maps to U+0020. */
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/gu;
/**
 * Prohibited output (RFC 4013 section 2.3): C.2.1/C.2.2 controls, C.3 private use, C.4
 * non-characters, C.5 surrogates (lone ones in a JS string), C.6/C.7 inappropriate for text,
 * C.8 display-changing/deprecated, C.9 tagging characters.
 */
const PROHIBITED =
  /[\u0000-\u001F\u007F-\u009F\u06DD\u070F\u180E\u200C-\u200F\u2028-\u202E\u2060-\u2063\u206A-\u206F\u2FF0-\u2FFB\u0340\u0341\uE000-\uF8FF\uFDD0-\uFDEF\uFEFF\uFFF9-\uFFFF\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * SASLprep a username or password. Mapping, NFKC and the prohibited-output check are implemented;
 * the bidirectional-text rule (RFC 3454 section 6) and the unassigned-code-point check are not,
 * which only matters for right-to-left or not-yet-assigned characters.
 */
export function saslprep(value: string, what = 'value'): string {
  if (LONE_SURROGATE.test(value)) {
    throw new LibvirtAuthError('AUTH_INVALID_CREDENTIAL', `${what} contains an unpaired surrogate`, { what });
  }
  const mapped = value.replace(MAP_TO_NOTHING, '').replace(NON_ASCII_SPACE, ' ').normalize('NFKC');
  const bad = PROHIBITED.exec(mapped);
  if (bad) {
    const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new LibvirtAuthError('AUTH_INVALID_CREDENTIAL', `${what} contains a prohibited character U+${cp} (SASLprep)`, {
      what,
      codePoint: `U+${cp}`,
    });
  }
  return mapped;
}

/** Prepare a credential per `mode`; raw still refuses strings UTF-8 cannot carry (lone surrogates). */
function prepare(mode: StringPrep | undefined, value: string, what: string): string {
  if (mode === 'saslprep') return saslprep(value, what);
  if (LONE_SURROGATE.test(value)) {
    throw new LibvirtAuthError('AUTH_INVALID_CREDENTIAL', `${what} contains an unpaired surrogate`, { what });
  }
  return value;
}

/** RFC 5802 `saslname`: after SASLprep, ',' and '=' would break the attribute grammar, so escape them. */
export function scramEscapeName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

// ---------------------------------------------------------------------------------------------
// SCRAM (RFC 5802, RFC 7677)
// ---------------------------------------------------------------------------------------------

export type ScramHash = 'sha1' | 'sha256';

/**
 * How usernames and passwords are prepared before use.
 * - `raw` (default): the UTF-8 bytes as given. This is what Cyrus SASL does on both ends, and Cyrus
 *   is what libvirtd and virsh use: with SASLprep, a password such as "a\u00A0b" or one in
 *   decomposed form would hash differently from the one saslpasswd2 stored, and the login would
 *   fail where virsh succeeds (measured against libvirtd 9.0).
 * - `saslprep`: RFC 4013 as RFC 5802 asks, for servers that implement it.
 */
export type StringPrep = 'raw' | 'saslprep';

export interface ScramOptions {
  /** See `StringPrep`; default `raw` (matches libvirtd's Cyrus SASL). */
  prep?: StringPrep;
  /** Client nonce; random by default. Set only in tests (the RFC examples fix it). */
  nonce?: string;
  /**
   * Refuse iteration counts below this (a server offering a tiny count makes the stored key cheap
   * to brute-force from a captured exchange). Default 4096, the RFC 7677 minimum recommendation.
   */
  minIterations?: number;
  /** Refuse iteration counts above this: the key derivation runs synchronously, so a hostile server
   * could otherwise stall the event loop for seconds. Default 1,000,000 (well under a second). */
  maxIterations?: number;
}

const SCRAM_NAMES: Record<ScramHash, string> = { sha1: 'SCRAM-SHA-1', sha256: 'SCRAM-SHA-256' };
const HASH_LEN: Record<ScramHash, number> = { sha1: 20, sha256: 32 };

type ScramState = 'initial' | 'sent-first' | 'sent-final' | 'done' | 'failed';

/** Parse `k=v,k=v` attributes; values may contain '=' (base64), never ','. */
function parseAttributes(msg: string, where: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of msg.split(',')) {
    if (part.length < 2 || part[1] !== '=' || !/^[A-Za-z]$/.test(part[0]!)) {
      throw new LibvirtAuthError('AUTH_PROTOCOL', `malformed SCRAM ${where}: bad attribute '${part.slice(0, 40)}'`, {
        message: msg.slice(0, 200),
      });
    }
    // Only the first occurrence counts; the grammar never repeats an attribute.
    if (!out.has(part[0]!)) out.set(part[0]!, part.slice(2));
  }
  return out;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class ScramMechanism implements SaslMechanism {
  readonly name: string;
  private readonly hash: ScramHash;
  private readonly authname: string;
  private readonly password: string;
  private readonly gs2Header: string;
  private readonly clientNonce: string;
  private readonly minIterations: number;
  private readonly maxIterations: number;
  private state: ScramState = 'initial';
  private clientFirstBare = '';
  private expectedServerSignature: Buffer | null = null;

  constructor(hash: ScramHash, creds: PasswordCredentials, opts: ScramOptions = {}) {
    this.hash = hash;
    this.name = SCRAM_NAMES[hash];
    const prep = (v: string, what: string) => prepare(opts.prep, v, what);
    this.authname = scramEscapeName(prep(creds.authname, 'username'));
    if (this.authname.length === 0 || this.authname.includes('\0')) {
      throw new LibvirtAuthError('AUTH_INVALID_CREDENTIAL', 'SCRAM needs a non-empty username without NUL', { mechanism: this.name });
    }
    this.password = prep(creds.password, 'password');
    // No channel binding: libvirt's SASL runs inside TLS or on a unix socket but never binds to it,
    // and the server offers no -PLUS variant. "n" = client does not support channel binding.
    this.gs2Header = creds.authzid ? `n,a=${scramEscapeName(prep(creds.authzid, 'authzid'))},` : 'n,,';
    // 18 random bytes -> 24 base64 chars; base64 never contains ',' so it is a valid nonce as is.
    this.clientNonce = opts.nonce ?? randomBytes(18).toString('base64');
    if (!/^[\x21-\x2B\x2D-\x7E]+$/.test(this.clientNonce)) {
      throw new LibvirtAuthError('AUTH_PROTOCOL', 'SCRAM nonce must be printable ASCII without ","', {});
    }
    this.minIterations = opts.minIterations ?? 4096;
    this.maxIterations = opts.maxIterations ?? 1_000_000;
  }

  get complete(): boolean {
    return this.state === 'done';
  }

  start(): Buffer {
    if (this.state !== 'initial') this.fail('AUTH_PROTOCOL', 'start() called twice');
    this.clientFirstBare = `n=${this.authname},r=${this.clientNonce}`;
    this.state = 'sent-first';
    return Buffer.from(this.gs2Header + this.clientFirstBare, 'utf8');
  }

  step(serverData: Buffer | null): Buffer | null {
    switch (this.state) {
      case 'sent-first':
        return this.onServerFirst(serverData);
      case 'sent-final':
        this.onServerFinal(serverData);
        return null;
      case 'initial':
        return this.fail('AUTH_PROTOCOL', 'step() before start()');
      default:
        return this.fail('AUTH_PROTOCOL', `server sent more data after the exchange ${this.state === 'done' ? 'finished' : 'failed'}`);
    }
  }

  private onServerFirst(data: Buffer | null): Buffer {
    if (!data || data.length === 0) this.fail('AUTH_PROTOCOL', 'server sent no server-first-message');
    const serverFirst = data.toString('utf8');
    if (serverFirst.startsWith('m=')) this.fail('AUTH_PROTOCOL', 'server requires an unsupported mandatory SCRAM extension');
    if (serverFirst.startsWith('e=')) this.fail('AUTH_FAILED', `server rejected the exchange: ${serverFirst.slice(2)}`);
    const attrs = parseAttributes(serverFirst, 'server-first-message');
    const nonce = attrs.get('r');
    const salt64 = attrs.get('s');
    const iterText = attrs.get('i');
    if (nonce === undefined || salt64 === undefined || iterText === undefined) {
      this.fail('AUTH_PROTOCOL', 'server-first-message lacks r=, s= or i=');
    }
    // The combined nonce must extend ours; otherwise this reply belongs to another exchange (replay).
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      this.fail('AUTH_PROTOCOL', 'server nonce does not extend the client nonce');
    }
    if (!/^[\x21-\x2B\x2D-\x7E]+$/.test(nonce)) this.fail('AUTH_PROTOCOL', 'server nonce has characters outside printable ASCII');
    if (!BASE64.test(salt64) || salt64.length === 0) this.fail('AUTH_PROTOCOL', 'server salt is not base64');
    if (!/^[1-9][0-9]{0,9}$/.test(iterText)) this.fail('AUTH_PROTOCOL', `bad iteration count '${iterText}'`);
    const iterations = Number(iterText);
    if (iterations < this.minIterations || iterations > this.maxIterations) {
      this.fail('AUTH_PROTOCOL', `server iteration count ${iterations} is outside the accepted range ${this.minIterations}..${this.maxIterations}`);
    }
    const salt = Buffer.from(salt64, 'base64');

    const withoutProof = `c=${Buffer.from(this.gs2Header, 'utf8').toString('base64')},r=${nonce}`;
    const authMessage = Buffer.from(`${this.clientFirstBare},${serverFirst},${withoutProof}`, 'utf8');

    const saltedPassword = pbkdf2Sync(Buffer.from(this.password, 'utf8'), salt, iterations, HASH_LEN[this.hash], this.hash);
    const clientKey = this.hmac(saltedPassword, 'Client Key');
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const clientSignature = this.hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!;
    const serverKey = this.hmac(saltedPassword, 'Server Key');
    this.expectedServerSignature = this.hmac(serverKey, authMessage);

    this.state = 'sent-final';
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  private onServerFinal(data: Buffer | null): void {
    if (!data || data.length === 0) this.fail('AUTH_PROTOCOL', 'server sent no server-final-message');
    const serverFinal = data.toString('utf8');
    const attrs = parseAttributes(serverFinal, 'server-final-message');
    const err = attrs.get('e');
    if (err !== undefined) this.fail('AUTH_FAILED', `server rejected the credentials: ${err}`, { serverError: err });
    const v = attrs.get('v');
    if (v === undefined || !BASE64.test(v)) this.fail('AUTH_PROTOCOL', 'server-final-message lacks a base64 v=');
    const got = Buffer.from(v, 'base64');
    const want = this.expectedServerSignature!;
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      // The server does not know our password (or someone is in the middle): do not trust this peer.
      this.fail('AUTH_SERVER_SIGNATURE', `${this.name} server signature does not match: the server could not prove it knows the password`);
    }
    this.state = 'done';
  }

  private hmac(key: Buffer, data: string | Buffer): Buffer {
    return createHmac(this.hash, key).update(data).digest();
  }

  private fail(code: 'AUTH_PROTOCOL' | 'AUTH_FAILED' | 'AUTH_SERVER_SIGNATURE', message: string, extra: Record<string, unknown> = {}): never {
    this.state = 'failed';
    throw new LibvirtAuthError(code, message, { mechanism: this.name, ...extra });
  }
}

// ---------------------------------------------------------------------------------------------
// PLAIN (RFC 4616)
// ---------------------------------------------------------------------------------------------

/** PLAIN sends the password itself: only over a transport that is already private (TLS, unix socket). */
export class PlainMechanism implements SaslMechanism {
  readonly name = 'PLAIN';
  private readonly message: Buffer;
  private state: 'initial' | 'sent' | 'done' | 'failed' = 'initial';

  constructor(creds: PasswordCredentials, opts: { prep?: StringPrep } = {}) {
    const prep = (v: string, what: string) => prepare(opts.prep, v, what);
    const authcid = prep(creds.authname, 'username');
    const password = prep(creds.password, 'password');
    const authzid = creds.authzid ? prep(creds.authzid, 'authzid') : '';
    if (authcid.length === 0 || password.length === 0) {
      throw new LibvirtAuthError('AUTH_INVALID_CREDENTIAL', 'PLAIN needs a non-empty username and password', { mechanism: 'PLAIN' });
    }
    // NUL separates the fields, so it cannot occur inside one.
    if (`${authzid}${authcid}${password}`.includes('\0')) {
      throw new LibvirtAuthError('AUTH_INVALID_CREDENTIAL', 'PLAIN credentials cannot contain NUL', { mechanism: 'PLAIN' });
    }
    this.message = Buffer.from(`${authzid}\0${authcid}\0${password}`, 'utf8');
  }

  get complete(): boolean {
    return this.state === 'done';
  }

  start(): Buffer {
    if (this.state !== 'initial') throw new LibvirtAuthError('AUTH_PROTOCOL', 'start() called twice', { mechanism: 'PLAIN' });
    this.state = 'sent';
    return Buffer.from(this.message);
  }

  step(serverData: Buffer | null): Buffer | null {
    // The server's only answer to PLAIN is success or failure; any challenge is a protocol error.
    if (this.state !== 'sent' || (serverData && serverData.length > 0)) {
      this.state = 'failed';
      throw new LibvirtAuthError('AUTH_PROTOCOL', 'PLAIN server sent an unexpected challenge', { mechanism: 'PLAIN' });
    }
    this.state = 'done';
    return null;
  }
}

export function createScramSha256(creds: PasswordCredentials, opts?: ScramOptions): ScramMechanism {
  return new ScramMechanism('sha256', creds, opts);
}

export function createScramSha1(creds: PasswordCredentials, opts?: ScramOptions): ScramMechanism {
  return new ScramMechanism('sha1', creds, opts);
}
