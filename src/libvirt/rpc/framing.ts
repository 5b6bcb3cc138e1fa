/**
 * Frames on the wire: a length word that counts itself, a 24-byte header, a payload.
 * `FrameDecoder` turns an arbitrary sequence of socket chunks into whole messages without copying
 * when a frame lies inside one chunk (the common case); `encodeFrame` writes one message.
 */
import { HEADER_LENGTH, LENGTH_WORD, MESSAGE_MAX, messageTypeName, programName } from '../protocol/wire.js';
import { XdrWriter, type Codec } from '../xdr.js';
import { LibvirtClientError } from './errors.js';

export interface Header {
  prog: number;
  vers: number;
  proc: number;
  type: number;
  serial: number;
  status: number;
}

export interface Frame {
  header: Header;
  /** The payload (a view into the received chunk; decode it before the next chunk arrives). */
  payload: Buffer;
}

export function describeHeader(h: Header): string {
  return `${programName(h.prog)} proc ${h.proc} ${messageTypeName(h.type)} serial ${h.serial}`;
}

/**
 * Reassembles frames from chunks. A malformed length word cannot be resynchronised, so it throws
 * and the connection must be closed.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxMessage = MESSAGE_MAX) {}

  /** Add a chunk and return every frame now complete. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let buf: Buffer;
    if (this.buffered === 0) buf = chunk;
    else {
      this.chunks.push(chunk);
      buf = Buffer.concat(this.chunks, this.buffered + chunk.length);
      this.chunks = [];
      this.buffered = 0;
    }
    let off = 0;
    while (buf.length - off >= LENGTH_WORD) {
      const len = buf.readUInt32BE(off);
      if (len < LENGTH_WORD + HEADER_LENGTH) {
        throw new LibvirtClientError('PROTOCOL', `malformed frame: length ${len} is shorter than a header (${LENGTH_WORD + HEADER_LENGTH})`);
      }
      if (len - LENGTH_WORD > this.maxMessage) {
        throw new LibvirtClientError('PROTOCOL', `malformed frame: length ${len} exceeds the ${this.maxMessage}-byte message limit`);
      }
      if (buf.length - off < len) break;
      const h = off + LENGTH_WORD;
      frames.push({
        header: {
          prog: buf.readUInt32BE(h),
          vers: buf.readUInt32BE(h + 4),
          proc: buf.readInt32BE(h + 8),
          type: buf.readInt32BE(h + 12),
          serial: buf.readUInt32BE(h + 16),
          status: buf.readInt32BE(h + 20),
        },
        payload: buf.subarray(h + HEADER_LENGTH, off + len),
      });
      off += len;
    }
    if (off < buf.length) {
      // Keep the partial frame; copy so the caller's chunk can be reused.
      const rest = off === 0 && buf !== chunk ? buf : Buffer.from(buf.subarray(off));
      this.chunks.push(rest);
      this.buffered = rest.length;
    }
    return frames;
  }

  /** Bytes of an incomplete frame held back (a peer that closes now closed mid-message). */
  get pending(): number {
    return this.buffered;
  }
}

/** Serialise one message: header plus a payload from a codec, or raw bytes (stream data). */
export function encodeFrame<T>(header: Header, body?: { codec: Codec<T>; value: T } | Buffer, maxMessage = MESSAGE_MAX): Buffer {
  const rawLength = Buffer.isBuffer(body) ? body.length : 0;
  const w = new XdrWriter(LENGTH_WORD + HEADER_LENGTH + (rawLength || 128));
  w.uint(0); // patched below
  w.uint(header.prog);
  w.uint(header.vers);
  w.int(header.proc);
  w.int(header.type);
  w.uint(header.serial);
  w.int(header.status);
  if (Buffer.isBuffer(body)) {
    w.ensure(body.length);
    body.copy(w.buf, w.pos);
    w.pos += body.length;
  } else if (body) body.codec.enc(w, body.value);
  if (w.pos - LENGTH_WORD > maxMessage) {
    throw new LibvirtClientError('MESSAGE_TOO_LARGE', `${describeHeader(header)}: message of ${w.pos} bytes exceeds the ${maxMessage}-byte limit`);
  }
  w.buf.writeUInt32BE(w.pos, 0);
  return w.buf.subarray(0, w.pos);
}
