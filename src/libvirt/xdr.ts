/**
 * XDR (RFC 4506) values as data: each protocol type is a `Codec<T>` built from small combinators,
 * so the procedure table can declare argument and reply types and the TypeScript type of a value
 * follows from its codec (`Infer<typeof C>`).
 *
 * libvirt details that bite, handled here once:
 * - `hyper`/`unsigned hyper` are 64-bit: decoded as bigint (values such as CPU time in ns exceed 2^53);
 * - optional values (`T *x` in the .x files) are arrays of at most one element: `T | null` here;
 * - `char x[N]` is a fixed array of N ints, one per character (not opaque bytes);
 * - `remote_uuid` is 16 raw bytes, presented as the canonical 36-char string.
 */

export class XdrError extends Error {
  override readonly name = 'XdrError';
  readonly code = 'XDR_DECODE';
  constructor(message: string) {
    super(message);
  }
}

const EMPTY = Buffer.alloc(0);

export class XdrWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.pos);
    this.pos += 4;
  }

  uint(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }

  hyper(v: bigint | number): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
  }

  uhyper(v: bigint | number): void {
    this.ensure(8);
    this.buf.writeBigUInt64BE(BigInt(v), this.pos);
    this.pos += 8;
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  float(v: number): void {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
  }

  /** Raw bytes followed by zero padding to a multiple of 4. */
  padded(bytes: Uint8Array): void {
    const len = bytes.length;
    const pad = (4 - (len & 3)) & 3;
    this.ensure(len + pad);
    this.buf.set(bytes, this.pos);
    this.pos += len;
    for (let i = 0; i < pad; i++) this.buf[this.pos++] = 0;
  }

  string(s: string): void {
    const len = Buffer.byteLength(s, 'utf8');
    const pad = (4 - (len & 3)) & 3;
    this.ensure(4 + len + pad);
    this.buf.writeUInt32BE(len, this.pos);
    this.pos += 4;
    this.pos += this.buf.write(s, this.pos, 'utf8');
    for (let i = 0; i < pad; i++) this.buf[this.pos++] = 0;
  }

  /** The bytes written so far (a view, not a copy). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export class XdrReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.end) {
      throw new XdrError(`truncated XDR data: ${what} needs ${n} bytes at offset ${this.pos}, ${this.end - this.pos} left`);
    }
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  int(): number {
    this.need(4, 'int');
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  uint(): number {
    this.need(4, 'unsigned int');
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  hyper(): bigint {
    this.need(8, 'hyper');
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  uhyper(): bigint {
    this.need(8, 'unsigned hyper');
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8, 'double');
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  float(): number {
    this.need(4, 'float');
    const v = this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Length-prefixed size with an upper bound, checked before anything is allocated. */
  length(max: number, what: string): number {
    const n = this.uint();
    if (n > max) throw new XdrError(`${what} length ${n} exceeds its maximum ${max}`);
    return n;
  }

  /** `n` raw bytes plus padding; a copy, so the frame buffer can be released. */
  padded(n: number, what: string): Buffer {
    const pad = (4 - (n & 3)) & 3;
    this.need(n + pad, what);
    const out = n === 0 ? EMPTY : Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n + pad;
    return out;
  }

  string(max: number): string {
    const n = this.length(max, 'string');
    const pad = (4 - (n & 3)) & 3;
    this.need(n + pad, 'string');
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n + pad;
    return s;
  }
}

/** A type in the protocol: how to write a value and read it back. */
export interface Codec<T> {
  readonly name: string;
  enc(w: XdrWriter, v: T): void;
  dec(r: XdrReader): T;
}

export type Infer<C> = C extends Codec<infer T> ? T : never;

/** Unbounded lengths in the .x files still get a ceiling: nothing can exceed one message. */
export const MAX_LENGTH = 32 * 1024 * 1024;

function codec<T>(name: string, enc: (w: XdrWriter, v: T) => void, dec: (r: XdrReader) => T): Codec<T> {
  return { name, enc, dec };
}

export const void_: Codec<void> = codec('void', () => {}, () => undefined);
export const int: Codec<number> = codec('int', (w, v) => w.int(v), (r) => r.int());
export const uint: Codec<number> = codec('unsigned int', (w, v) => w.uint(v), (r) => r.uint());
export const hyper: Codec<bigint> = codec('hyper', (w, v) => w.hyper(v), (r) => r.hyper());
export const uhyper: Codec<bigint> = codec('unsigned hyper', (w, v) => w.uhyper(v), (r) => r.uhyper());
export const double: Codec<number> = codec('double', (w, v) => w.double(v), (r) => r.double());
export const float: Codec<number> = codec('float', (w, v) => w.float(v), (r) => r.float());

export const bool: Codec<boolean> = codec(
  'bool',
  (w, v) => w.int(v ? 1 : 0),
  (r) => {
    const v = r.int();
    if (v !== 0 && v !== 1) throw new XdrError(`bool must be 0 or 1, got ${v}`);
    return v === 1;
  },
);

/** `string<max>`: UTF-8 text. */
export function string(max = MAX_LENGTH): Codec<string> {
  return codec(`string<${max}>`, (w, v) => w.string(v), (r) => r.string(max));
}

/** `opaque<max>`: variable-length bytes. */
export function opaque(max = MAX_LENGTH): Codec<Buffer> {
  return codec(
    `opaque<${max}>`,
    (w, v) => {
      w.uint(v.length);
      w.padded(v);
    },
    (r) => r.padded(r.length(max, 'opaque'), 'opaque'),
  );
}

/** `opaque[len]`: fixed-length bytes. */
export function fixedOpaque(len: number): Codec<Buffer> {
  return codec(
    `opaque[${len}]`,
    (w, v) => {
      if (v.length !== len) throw new XdrError(`opaque[${len}] given ${v.length} bytes`);
      w.padded(v);
    },
    (r) => r.padded(len, `opaque[${len}]`),
  );
}

/** `char x[len]`: libvirt's rpcgen writes one 4-byte int per character; NULs end the text. */
export function charArray(len: number): Codec<string> {
  return codec(
    `char[${len}]`,
    (w, v) => {
      const bytes = Buffer.from(v, 'latin1');
      for (let i = 0; i < len; i++) w.int(i < bytes.length ? (bytes[i] << 24) >> 24 : 0);
    },
    (r) => {
      let s = '';
      let ended = false;
      for (let i = 0; i < len; i++) {
        const c = r.int() & 0xff;
        if (c === 0) ended = true;
        else if (!ended) s += String.fromCharCode(c);
      }
      return s;
    },
  );
}

/** `T x<max>`: variable-length array. */
export function array<T>(of: Codec<T>, max = MAX_LENGTH): Codec<T[]> {
  return codec(
    `${of.name}<${max}>`,
    (w, v) => {
      if (v.length > max) throw new XdrError(`array of ${of.name} has ${v.length} items, maximum ${max}`);
      w.uint(v.length);
      for (let i = 0; i < v.length; i++) of.enc(w, v[i]);
    },
    (r) => {
      const n = r.length(max, `array of ${of.name}`);
      // Each item takes at least 4 bytes on the wire; refuse impossible counts before allocating.
      if (n * 4 > r.remaining && of !== (void_ as Codec<unknown>)) {
        throw new XdrError(`array of ${of.name} claims ${n} items but only ${r.remaining} bytes remain`);
      }
      const out = new Array<T>(n);
      for (let i = 0; i < n; i++) out[i] = of.dec(r);
      return out;
    },
  );
}

/** `T x[len]`: fixed-length array. */
export function fixedArray<T>(of: Codec<T>, len: number): Codec<T[]> {
  return codec(
    `${of.name}[${len}]`,
    (w, v) => {
      if (v.length !== len) throw new XdrError(`${of.name}[${len}] given ${v.length} items`);
      for (let i = 0; i < len; i++) of.enc(w, v[i]);
    },
    (r) => {
      const out = new Array<T>(len);
      for (let i = 0; i < len; i++) out[i] = of.dec(r);
      return out;
    },
  );
}

/** `T *x`: an array of at most one, i.e. `T | null`. */
export function optional<T>(of: Codec<T>): Codec<T | null> {
  return codec(
    `${of.name}*`,
    (w, v) => {
      if (v === null || v === undefined) w.uint(0);
      else {
        w.uint(1);
        of.enc(w, v);
      }
    },
    (r) => {
      const present = r.uint();
      if (present === 0) return null;
      if (present !== 1) throw new XdrError(`optional ${of.name} has presence flag ${present}`);
      return of.dec(r);
    },
  );
}

type Fields = Record<string, Codec<unknown>>;
export type StructOf<F extends Fields> = { [K in keyof F]: Infer<F[K]> };

/** An XDR struct; fields are written in declaration order. */
export function struct<F extends Fields>(name: string, fields: F): Codec<StructOf<F>> {
  const keys = Object.keys(fields);
  const codecs = keys.map((k) => fields[k]);
  const n = keys.length;
  return codec(
    name,
    (w, v) => {
      for (let i = 0; i < n; i++) {
        const value = (v as Record<string, unknown>)[keys[i]];
        try {
          codecs[i].enc(w, value);
        } catch (err) {
          throw new XdrError(`cannot encode ${name}.${keys[i]}: ${(err as Error).message}`);
        }
      }
    },
    (r) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[keys[i]] = codecs[i].dec(r);
      return out as StructOf<F>;
    },
  );
}

export type UnionOf<A extends Record<number, Codec<unknown>>> = {
  [K in keyof A & number]: { type: K; value: Infer<A[K]> };
}[keyof A & number];

/** A discriminated union on an int; unknown discriminants are a decode error. */
export function union<A extends Record<number, Codec<unknown>>>(name: string, arms: A): Codec<UnionOf<A>> {
  return codec(
    name,
    (w, v) => {
      const arm = arms[v.type];
      if (!arm) throw new XdrError(`${name}: no arm for discriminant ${v.type}`);
      w.int(v.type);
      arm.enc(w, v.value);
    },
    (r) => {
      const type = r.int();
      const arm = arms[type];
      if (!arm) throw new XdrError(`${name}: unknown discriminant ${type}`);
      return { type, value: arm.dec(r) } as UnionOf<A>;
    },
  );
}

/** An int restricted to known values (libvirt enums); unknown values decode as plain numbers. */
export const enumInt = int;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `remote_uuid`: 16 raw bytes on the wire, the canonical string in code. */
export const uuid: Codec<string> = codec(
  'uuid',
  (w, v) => {
    const hex = v.replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new XdrError(`invalid UUID "${v}"`);
    w.padded(Buffer.from(hex, 'hex'));
  },
  (r) => {
    const b = r.padded(16, 'uuid');
    let s = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
      s += HEX[b[i]];
    }
    return s;
  },
);

/** Encode one value into a fresh buffer. */
export function encode<T>(c: Codec<T>, v: T): Buffer {
  const w = new XdrWriter();
  c.enc(w, v);
  return Buffer.from(w.result());
}

/** Decode exactly one value; trailing bytes are an error (they mean the types disagree). */
export function decode<T>(c: Codec<T>, buf: Buffer, start = 0, end = buf.length): T {
  const r = new XdrReader(buf, start, end);
  const v = c.dec(r);
  if (r.pos !== end) throw new XdrError(`${c.name}: ${end - r.pos} unexpected trailing bytes`);
  return v;
}
