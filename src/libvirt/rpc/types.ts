/**
 * What the typed API classes need from a connection: send one call and get its reply, or open a
 * stream with a call. Kept apart from the connection class so the API layer depends only on this.
 */
import type { ProcedureDef, EventDef } from '../protocol/define.js';

export interface CallOptions {
  /** Reject with a timeout error after this many milliseconds (the call stays harmless on the wire). */
  timeout?: number;
  /** Reject when aborted. */
  signal?: AbortSignal;
}

/** A data stream tied to one call (volume upload/download, console). */
export interface VirStream extends AsyncIterable<StreamChunk> {
  /** Send bytes (upload / console). Resolves when the bytes are handed to the socket; awaits drain. */
  write(data: Buffer): Promise<void>;
  /** Send a hole of `length` bytes (sparse upload). */
  sendHole(length: bigint | number): Promise<void>;
  /** End our side and wait for the daemon to confirm it finished (upload), or close quietly (download). */
  finish(): Promise<void>;
  /** Tell the daemon we give up; pending reads reject. */
  abort(reason?: Error): Promise<void>;
}

/** What a download stream yields: bytes, or a hole of `hole` zero bytes (sparse streams). */
export type StreamChunk = { data: Buffer; hole?: undefined } | { data?: undefined; hole: bigint };

export interface Caller {
  call<A, R>(proc: ProcedureDef<A, R>, args: A, opts?: CallOptions): Promise<R>;
  /** A call that opens a stream: resolves after the reply, with the stream ready for I/O. */
  callStream<A, R>(proc: ProcedureDef<A, R>, args: A, opts?: CallOptions): Promise<{ ret: R; stream: VirStream }>;
  /** Subscribe to an asynchronous message; returns the unsubscribe function. */
  onEvent<M>(event: EventDef<M>, listener: (msg: M) => void): () => void;
}
