/**
 * crypt(3) password hashes for /etc/shadow, written from their published descriptions:
 * SHA-512 crypt (`$6$`, Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512") and the
 * FreeBSD MD5 crypt (`$1$`, only on explicit request: it is weak). yescrypt (`$y$`) is not here:
 * no well-kept JavaScript implementation exists and its specification is too large to write
 * safely in passing; `$6$` is accepted by every glibc/libxcrypt guest.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The crypt alphabet: salt characters and the hash encoding both use it. */
export const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const SHA512_ROUNDS_DEFAULT = 5000;
const SHA512_ROUNDS_MIN = 1000;
const SHA512_ROUNDS_MAX = 999_999_999;

/** A random salt of `length` characters from the crypt alphabet (64 symbols: no modulo bias). */
export function randomSalt(length = 16): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += CRYPT_ALPHABET[b & 0x3f];
  return s;
}

function checkSalt(salt: string, max: number): string {
  // '$' would end the salt field and ':' or a newline would break the shadow line.
  for (const ch of salt) {
    if (!CRYPT_ALPHABET.includes(ch)) throw new RangeError(`crypt salt may only use [./0-9A-Za-z], got ${JSON.stringify(salt)}`);
  }
  return salt.slice(0, max);
}

/** Append `src` repeated/truncated to exactly `length` bytes. */
function repeatTo(src: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += src.length) src.copy(out, i, 0, Math.min(src.length, length - i));
  return out;
}

/** Three bytes, most significant first, as `n` crypt-alphabet characters, least significant 6 bits first. */
function encode24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let s = '';
  for (let i = 0; i < n; i++) {
    s += CRYPT_ALPHABET[w & 0x3f];
    w >>>= 6;
  }
  return s;
}

/**
 * SHA-512 crypt. `rounds` undefined means the default 5000 and no `rounds=` field in the output;
 * an explicit value is clamped to [1000, 999999999] as the specification says.
 */
export function sha512Crypt(password: string | Buffer, salt: string = randomSalt(16), rounds?: number): string {
  const pw = Buffer.isBuffer(password) ? password : Buffer.from(password, 'utf8');
  const saltStr = checkSalt(salt, 16);
  const s = Buffer.from(saltStr, 'ascii');
  const nRounds = rounds === undefined ? SHA512_ROUNDS_DEFAULT : Math.min(SHA512_ROUNDS_MAX, Math.max(SHA512_ROUNDS_MIN, Math.floor(rounds)));
  const sha = () => createHash('sha512');

  const b = sha().update(pw).update(s).update(pw).digest();
  const actx = sha().update(pw).update(s);
  actx.update(repeatTo(b, pw.length));
  for (let n = pw.length; n > 0; n >>>= 1) actx.update(n & 1 ? b : pw);
  const a = actx.digest();

  const dpctx = sha();
  for (let i = 0; i < pw.length; i++) dpctx.update(pw);
  const p = repeatTo(dpctx.digest(), pw.length);

  const dsctx = sha();
  for (let i = 0; i < 16 + a[0]!; i++) dsctx.update(s);
  const sBytes = repeatTo(dsctx.digest(), s.length);

  let c = a;
  for (let i = 0; i < nRounds; i++) {
    const ctx = sha();
    ctx.update(i & 1 ? p : c);
    if (i % 3 !== 0) ctx.update(sBytes);
    if (i % 7 !== 0) ctx.update(p);
    ctx.update(i & 1 ? c : p);
    c = ctx.digest();
  }

  // The specification's byte permutation: each group of three output bytes is (i, i+21, i+42) rotated.
  const order: [number, number, number][] = [
    [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
    [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
    [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
  ];
  let out = '';
  for (const [x, y, z] of order) out += encode24(c[x]!, c[y]!, c[z]!, 4);
  out += encode24(0, 0, c[63]!, 2);
  const roundsField = rounds === undefined ? '' : `rounds=${nRounds}$`;
  return `$6$${roundsField}${saltStr}$${out}`;
}

/** MD5 crypt (`$1$`, salt up to 8 characters, 1000 fixed rounds). */
export function md5Crypt(password: string | Buffer, salt: string = randomSalt(8)): string {
  const pw = Buffer.isBuffer(password) ? password : Buffer.from(password, 'utf8');
  const saltStr = checkSalt(salt, 8);
  const s = Buffer.from(saltStr, 'ascii');
  const magic = Buffer.from('$1$', 'ascii');
  const md5 = () => createHash('md5');

  const alt = md5().update(pw).update(s).update(pw).digest();
  const ctx = md5().update(pw).update(magic).update(s);
  ctx.update(repeatTo(alt, pw.length));
  // The original code adds a NUL byte for a set bit and the first password byte for a clear one.
  for (let n = pw.length; n > 0; n >>>= 1) ctx.update(n & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let f = ctx.digest();

  for (let i = 0; i < 1000; i++) {
    const c = md5();
    c.update(i & 1 ? pw : f);
    if (i % 3 !== 0) c.update(s);
    if (i % 7 !== 0) c.update(pw);
    c.update(i & 1 ? f : pw);
    f = c.digest();
  }

  const order: [number, number, number][] = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]];
  let out = '';
  for (const [x, y, z] of order) out += encode24(f[x]!, f[y]!, f[z]!, 4);
  out += encode24(0, 0, f[11]!, 2);
  return `$1$${saltStr}$${out}`;
}

export type PasswordHashAlgorithm = 'sha512' | 'md5';

/** Hash a password for /etc/shadow with a fresh random salt. */
export function hashPassword(password: string, algorithm: PasswordHashAlgorithm = 'sha512'): string {
  switch (algorithm) {
    case 'sha512':
      return sha512Crypt(password, randomSalt(16));
    case 'md5':
      return md5Crypt(password, randomSalt(8));
  }
}
