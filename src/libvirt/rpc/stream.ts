/**
 * One data stream bound to the call that opened it (volume upload/download, console).
 * Outgoing data leaves as STREAM packets (status CONTINUE) and holes as STREAM_HOLE; the end is a
 * STREAM packet with status OK, which the daemon confirms with its own OK (or an error).
 * Incoming data is queued for the async iterator; past a high-water mark the socket is paused,
 * so a slow consumer slows the daemon instead of filling our memory.
 */
import type { ProcedureDef } from '../protocol/define.js';
import { MessageStatus, MessageType, STREAM_CHUNK_MAX, streamHole } from '../protocol/wire.js';
import { LibvirtClientError } from './errors.js';
import { encodeFrame } from './framing.js';
import type { StreamChunk, VirStream } from './types.js';

export interface StreamHost {
  /** Queue a frame; false means the socket buffer is full (await `drained`). */
  send(frame: Buffer): boolean;
  drained(): Promise<void>;
  pauseInput(paused: boolean): void;
  release(stream: ClientStream): void;
  closedError(): Error | null;
}

const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 1 * 1024 * 1024;

type Waiter = { resolve(r: IteratorResult<StreamChunk>): void; reject(e: Error): void };

export class ClientStream implements VirStream {
  /** Serial of the opening call, known once its reply arrived. */
  serial = 0;
  private queue: StreamChunk[] = [];
  private queuedBytes = 0;
  private paused = false;
  private ended = false;
  private error: Error | null = null;
  private waiter: Waiter | null = null;
  private finishing: { resolve(): void; reject(e: Error): void } | null = null;
  private finished = false;

  constructor(
    private readonly host: StreamHost,
    readonly procedure: ProcedureDef<unknown, unknown>,
    private readonly prog: number,
    private readonly vers: number,
  ) {}

  opened(serial: number): void {
    this.serial = serial;
  }

  // ---- outgoing ------------------------------------------------------------------------

  async write(data: Buffer): Promise<void> {
    this.checkWritable('write');
    for (let off = 0; off < data.length; off += STREAM_CHUNK_MAX) {
      const part = data.subarray(off, Math.min(off + STREAM_CHUNK_MAX, data.length));
      if (!this.host.send(this.frame(MessageType.STREAM, MessageStatus.CONTINUE, part))) await this.host.drained();
      this.checkWritable('write');
    }
  }

  async sendHole(length: bigint | number): Promise<void> {
    this.checkWritable('sendHole');
    const frame = encodeFrame(
      { prog: this.prog, vers: this.vers, proc: this.procedure.num, type: MessageType.STREAM_HOLE, serial: this.serial, status: MessageStatus.CONTINUE },
      { codec: streamHole, value: { length: BigInt(length), flags: 0 } },
    );
    if (!this.host.send(frame)) await this.host.drained();
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    // Leaving a download before its end is giving up on it.
    if (this.procedure.stream === 'download' && !this.ended) return this.abort();
    const closed = this.host.closedError();
    if (closed) throw closed;
    if (this.error) throw this.error;
    this.finished = true;
    const done = new Promise<void>((resolve, reject) => (this.finishing = { resolve, reject }));
    this.host.send(this.frame(MessageType.STREAM, MessageStatus.OK));
    try {
      await done;
    } finally {
      this.host.release(this);
    }
  }

  async abort(reason?: Error): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const err = reason ?? new LibvirtClientError('ABORTED', `${this.procedure.name} stream aborted`, this.procedure.name);
    if (!this.host.closedError() && !this.ended) this.host.send(this.frame(MessageType.STREAM, MessageStatus.ERROR));
    this.host.release(this);
    this.fail(err);
  }

  private frame(type: number, status: number, data?: Buffer): Buffer {
    return encodeFrame({ prog: this.prog, vers: this.vers, proc: this.procedure.num, type, serial: this.serial, status }, data ?? Buffer.alloc(0));
  }

  private checkWritable(op: string): void {
    const closed = this.host.closedError();
    if (closed) throw closed;
    if (this.error) throw this.error;
    if (this.finished) throw new LibvirtClientError('STREAM_STATE', `${op} on a finished ${this.procedure.name} stream`, this.procedure.name);
    if (this.procedure.stream === 'download' && op !== 'finish') {
      throw new LibvirtClientError('STREAM_STATE', `${op} on a download stream (${this.procedure.name})`, this.procedure.name);
    }
  }

  // ---- incoming (called by the client's router) -------------------------------------------

  receiveData(data: Buffer): void {
    // The daemon marks the end of the data it sends with an empty packet.
    if (data.length === 0) return this.receiveEnd();
    if (!this.push({ data })) return;
    this.queuedBytes += data.length;
    if (!this.paused && this.queuedBytes > HIGH_WATER) {
      this.paused = true;
      this.host.pauseInput(true);
    }
  }

  receiveHole(length: bigint): void {
    this.push({ hole: length });
  }

  /** End of incoming data, or the daemon's confirmation of our finish. */
  receiveEnd(): void {
    if (this.finishing) {
      this.finishing.resolve();
      this.finishing = null;
    }
    this.ended = true;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: undefined, done: true });
    }
  }

  receiveError(err: Error): void {
    this.fail(err);
  }

  private fail(err: Error): void {
    if (!this.error) this.error = err;
    if (this.finishing) {
      this.finishing.reject(err);
      this.finishing = null;
    }
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
    }
  }

  /** Hand a chunk to a waiting reader, or queue it; true when queued. */
  private push(chunk: StreamChunk): boolean {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: chunk, done: false });
      return false;
    }
    this.queue.push(chunk);
    return true;
  }

  private next(): Promise<IteratorResult<StreamChunk>> {
    const chunk = this.queue.shift();
    if (chunk) {
      if (chunk.data) {
        this.queuedBytes -= chunk.data.length;
        if (this.paused && this.queuedBytes < LOW_WATER) {
          this.paused = false;
          this.host.pauseInput(false);
        }
      }
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.error) return Promise.reject(this.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamChunk> {
    return {
      next: () => this.next(),
      return: async () => {
        if (!this.ended && !this.finished) await this.abort().catch(() => {});
        return { value: undefined, done: true };
      },
    };
  }
}
