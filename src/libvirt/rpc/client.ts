/**
 * The RPC core: one socket, many calls in flight. It assigns serials, keeps pending calls,
 * routes replies by serial, asynchronous messages by program and procedure, stream packets by
 * serial to their stream, answers keepalive pings and sends its own.
 *
 * It knows nothing of authentication or CONNECT_OPEN (see connection.ts): only frames and tables.
 */
import type { Duplex } from 'node:stream';
import { errorFromRemote } from '../errors.js';
import type { EventDef, ProcedureDef, ProgramDef } from '../protocol/define.js';
import {
  KeepaliveProc,
  MessageStatus,
  MessageType,
  Program,
  ProgramVersion,
  programName,
  remoteError,
  streamHole,
} from '../protocol/wire.js';
import { decode, XdrError } from '../xdr.js';
import { LibvirtClientError } from './errors.js';
import { describeHeader, encodeFrame, FrameDecoder, type Frame, type Header } from './framing.js';
import { ClientStream } from './stream.js';
import type { CallOptions, Caller, VirStream } from './types.js';

interface Pending {
  proc: ProcedureDef<unknown, unknown>;
  prog: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
  cleanup?: () => void;
  /** The stream this call opens, created up front so packets arriving with the reply are kept. */
  stream?: ClientStream;
}

export interface KeepaliveOptions {
  /** Milliseconds of silence from the peer before we ping it. */
  interval: number;
  /** Unanswered pings after which the peer is declared dead. */
  count: number;
}

export interface RpcClientOptions {
  /** Programs whose asynchronous messages we route (REMOTE is the usual one). */
  programs?: ProgramDef[];
}

export class RpcClient implements Caller {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<number, ClientStream>();
  private readonly listeners = new Map<string, Set<(msg: unknown) => void>>();
  private readonly eventDefs = new Map<string, EventDef>();
  private readonly programs = new Set<number>([Program.KEEPALIVE]);
  private serial = 0;
  private closedError: Error | null = null;
  private corked = false;
  private lastReceived = Date.now();
  private unansweredPings = 0;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private readonly closeWaiters: Array<(err: Error) => void> = [];

  constructor(
    private readonly socket: Duplex,
    opts: RpcClientOptions = {},
  ) {
    for (const p of opts.programs ?? []) {
      this.programs.add(p.program);
      for (const ev of Object.values(p.events)) this.eventDefs.set(`${p.program}:${ev.num}`, ev);
    }
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: Error) => this.fail(new LibvirtClientError('CLOSED', `connection error: ${err.message}`, undefined, { cause: err })));
    socket.on('close', () => {
      const partial = this.decoder.pending;
      const why = partial > 0 ? `connection closed by the peer in the middle of a message (${partial} bytes of it received)` : 'connection closed by the peer';
      this.fail(new LibvirtClientError('CLOSED', why));
    });
  }

  /** True once the connection has failed or been closed. */
  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Resolves with the reason when the connection ends, whoever ended it. */
  whenClosed(): Promise<Error> {
    if (this.closedError) return Promise.resolve(this.closedError);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Calls currently awaiting their reply. */
  get inFlight(): number {
    return this.pending.size;
  }

  call<A, R>(proc: ProcedureDef<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return this.callProgram(Program.REMOTE, ProgramVersion.REMOTE, proc, args, opts);
  }

  /** A call in another program (QEMU monitor commands, LXC). */
  callProgram<A, R>(prog: number, vers: number, proc: ProcedureDef<A, R>, args: A, opts?: CallOptions, stream?: ClientStream): Promise<R> {
    if (this.closedError) return Promise.reject(this.closedError);
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(abortError(proc.name, signal));
    const serial = this.nextSerial();
    let frame: Buffer;
    try {
      frame = encodeFrame(
        { prog, vers, proc: proc.num, type: MessageType.CALL, serial, status: MessageStatus.OK },
        { codec: proc.args, value: args },
      );
    } catch (err) {
      const e = err instanceof LibvirtClientError ? err : new LibvirtClientError('PROTOCOL', `cannot encode the arguments of ${proc.name}: ${(err as Error).message}`, proc.name, { cause: err });
      return Promise.reject(e);
    }
    return new Promise<R>((resolve, reject) => {
      const entry: Pending = { proc: proc as ProcedureDef<unknown, unknown>, prog, resolve: resolve as (v: unknown) => void, reject, stream };
      if (opts?.timeout !== undefined || signal) {
        let timer: NodeJS.Timeout | undefined;
        const onAbort = () => this.abandon(serial, abortError(proc.name, signal!));
        if (opts?.timeout !== undefined) {
          timer = setTimeout(
            () => this.abandon(serial, new LibvirtClientError('TIMEOUT', `${proc.name} timed out after ${opts.timeout} ms`, proc.name)),
            opts.timeout,
          );
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
      }
      this.pending.set(serial, entry);
      if (stream) this.streams.set(serial, stream);
      this.send(frame);
    });
  }

  async callStream<A, R>(proc: ProcedureDef<A, R>, args: A, opts?: CallOptions): Promise<{ ret: R; stream: VirStream }> {
    if (proc.stream === 'none') throw new LibvirtClientError('STREAM_STATE', `${proc.name} does not open a stream`, proc.name);
    const stream = new ClientStream(this.streamHost(), proc, Program.REMOTE, ProgramVersion.REMOTE);
    try {
      const ret = await this.callProgram(Program.REMOTE, ProgramVersion.REMOTE, proc, args, opts, stream);
      return { ret, stream };
    } catch (err) {
      this.dropStream(stream);
      throw err;
    }
  }

  onEvent<M>(event: EventDef<M>, listener: (msg: M) => void): () => void {
    return this.onProgramEvent(Program.REMOTE, event, listener);
  }

  onProgramEvent<M>(prog: number, event: EventDef<M>, listener: (msg: M) => void): () => void {
    const key = `${prog}:${event.num}`;
    if (!this.eventDefs.has(key)) this.eventDefs.set(key, event as EventDef);
    this.programs.add(prog);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    const fn = listener as (msg: unknown) => void;
    set.add(fn);
    return () => {
      set!.delete(fn);
    };
  }

  /**
   * Start pinging a silent peer. Call only after the daemon said it supports the KEEPALIVE
   * program (older daemons would treat pings as an unknown program).
   */
  startKeepalive(opts: KeepaliveOptions): void {
    this.stopKeepalive();
    if (opts.interval <= 0 || opts.count <= 0) return;
    this.lastReceived = Date.now();
    this.unansweredPings = 0;
    const tick = Math.max(50, Math.min(opts.interval, 1000));
    this.keepaliveTimer = setInterval(() => {
      if (Date.now() - this.lastReceived < opts.interval * (this.unansweredPings + 1)) return;
      if (this.unansweredPings >= opts.count) {
        this.fail(
          new LibvirtClientError(
            'KEEPALIVE_TIMEOUT',
            `the peer did not answer ${opts.count} keepalive pings in ${(opts.interval * (opts.count + 1)) / 1000} s; connection considered dead`,
          ),
          true,
        );
        return;
      }
      this.unansweredPings++;
      this.sendKeepalive(KeepaliveProc.PING);
    }, tick);
    this.keepaliveTimer.unref();
  }

  stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  /** End the connection: pending calls reject with `reason`, the socket is destroyed. */
  destroy(reason?: Error): void {
    this.fail(reason ?? new LibvirtClientError('CLOSED', 'connection closed by the client'), true);
  }

  // ---- internals -------------------------------------------------------------------------

  private nextSerial(): number {
    this.serial = (this.serial + 1) >>> 0;
    if (this.serial === 0) this.serial = 1;
    return this.serial;
  }

  /** Writes issued in one tick leave in one syscall: many calls in flight cost one packet. */
  send(frame: Buffer): boolean {
    if (this.closedError) return false;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    return this.socket.write(frame);
  }

  private sendKeepalive(proc: number): void {
    this.send(
      encodeFrame({ prog: Program.KEEPALIVE, vers: ProgramVersion.KEEPALIVE, proc, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.OK }),
    );
  }

  private abandon(serial: number, err: Error): void {
    const p = this.pending.get(serial);
    if (!p) return;
    this.pending.delete(serial);
    p.cleanup?.();
    if (p.stream) this.dropStream(p.stream);
    p.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.lastReceived = Date.now();
    this.unansweredPings = 0;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.fail(err as Error, true);
      return;
    }
    for (const f of frames) {
      try {
        this.dispatch(f);
      } catch (err) {
        this.fail(err instanceof LibvirtClientError ? err : new LibvirtClientError('PROTOCOL', `${describeHeader(f.header)}: ${(err as Error).message}`, undefined, { cause: err }), true);
        return;
      }
      if (this.closedError) return;
    }
  }

  private dispatch({ header: h, payload }: Frame): void {
    if (!this.programs.has(h.prog) && h.prog !== Program.REMOTE && h.prog !== Program.QEMU && h.prog !== Program.LXC) {
      throw new LibvirtClientError('PROTOCOL', `message for unknown program ${programName(h.prog)} (${describeHeader(h)})`);
    }
    switch (h.type) {
      case MessageType.REPLY:
      case MessageType.REPLY_WITH_FDS:
        return this.onReply(h, payload);
      case MessageType.MESSAGE:
        return this.onMessage(h, payload);
      case MessageType.STREAM:
      case MessageType.STREAM_HOLE:
        return this.onStreamPacket(h, payload);
      default:
        throw new LibvirtClientError('PROTOCOL', `unexpected message type ${h.type} from the server (${describeHeader(h)})`);
    }
  }

  private onReply(h: Header, payload: Buffer): void {
    const p = this.pending.get(h.serial);
    // A reply for a call we gave up on (timeout, abort): harmless, drop it.
    if (!p) return;
    this.pending.delete(h.serial);
    p.cleanup?.();
    if (h.prog !== p.prog || h.proc !== p.proc.num) {
      p.reject(new LibvirtClientError('PROTOCOL', `reply to ${p.proc.name} (serial ${h.serial}) names ${describeHeader(h)}`, p.proc.name));
      return;
    }
    if (h.status === MessageStatus.OK) {
      let value: unknown;
      try {
        value = decode(p.proc.ret, payload);
      } catch (err) {
        if (p.stream) this.dropStream(p.stream);
        p.reject(new LibvirtClientError('PROTOCOL', `cannot decode the reply of ${p.proc.name}: ${(err as Error).message}`, p.proc.name, { cause: err }));
        return;
      }
      if (p.stream) p.stream.opened(h.serial);
      p.resolve(value);
    } else if (h.status === MessageStatus.ERROR) {
      if (p.stream) this.dropStream(p.stream);
      p.reject(this.remoteFailure(payload, p.proc.name));
    } else {
      if (p.stream) this.dropStream(p.stream);
      p.reject(new LibvirtClientError('PROTOCOL', `reply to ${p.proc.name} has status ${h.status}`, p.proc.name));
    }
  }

  private remoteFailure(payload: Buffer, procedure: string): Error {
    try {
      return errorFromRemote(decode(remoteError, payload), procedure);
    } catch (err) {
      return new LibvirtClientError('PROTOCOL', `${procedure} failed and its error could not be decoded: ${(err as Error).message}`, procedure, { cause: err });
    }
  }

  private onMessage(h: Header, payload: Buffer): void {
    if (h.prog === Program.KEEPALIVE) {
      if (h.proc === KeepaliveProc.PING) this.sendKeepalive(KeepaliveProc.PONG);
      return; // PONG: receiving it already reset the counters
    }
    const key = `${h.prog}:${h.proc}`;
    const listeners = this.listeners.get(key);
    if (!listeners || listeners.size === 0) return; // an event nobody listens to (any more)
    const def = this.eventDefs.get(key)!;
    let msg: unknown;
    try {
      msg = decode(def.msg, payload);
    } catch (err) {
      if (err instanceof XdrError) throw new LibvirtClientError('PROTOCOL', `cannot decode event ${def.name}: ${err.message}`);
      throw err;
    }
    for (const fn of [...listeners]) {
      try {
        fn(msg);
      } catch (err) {
        // A listener's bug must not break the connection; surface it asynchronously.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  private onStreamPacket(h: Header, payload: Buffer): void {
    const s = this.streams.get(h.serial);
    if (!s) return; // packets for an aborted stream
    if (h.type === MessageType.STREAM_HOLE) {
      s.receiveHole(decode(streamHole, payload).length);
    } else if (h.status === MessageStatus.CONTINUE) {
      s.receiveData(Buffer.from(payload));
    } else if (h.status === MessageStatus.OK) {
      s.receiveEnd();
    } else {
      s.receiveError(this.remoteFailure(payload, s.procedure.name));
    }
  }

  private streamHost() {
    return {
      send: (frame: Buffer) => this.send(frame),
      drained: () => this.drained(),
      pauseInput: (paused: boolean) => (paused ? this.socket.pause() : this.socket.resume()),
      release: (stream: ClientStream) => this.dropStream(stream),
      closedError: () => this.closedError,
    };
  }

  private drained(): Promise<void> {
    const s = this.socket as Duplex & { writableNeedDrain?: boolean };
    if (!s.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.closeWaiters.splice(this.closeWaiters.indexOf(onClose), 1);
        resolve();
      };
      const onClose = (err: Error) => {
        this.socket.off('drain', onDrain);
        reject(err);
      };
      this.socket.once('drain', onDrain);
      this.closeWaiters.push(onClose);
    });
  }

  private dropStream(stream: ClientStream): void {
    for (const [serial, s] of this.streams) if (s === stream) this.streams.delete(serial);
    this.socket.resume();
  }

  private fail(err: Error, destroySocket = false): void {
    if (this.closedError) return;
    this.closedError = err;
    this.stopKeepalive();
    for (const [, p] of this.pending) {
      p.cleanup?.();
      p.reject(err);
    }
    this.pending.clear();
    for (const [, s] of this.streams) s.receiveError(err);
    this.streams.clear();
    for (const w of this.closeWaiters.splice(0)) w(err);
    if (destroySocket) this.socket.destroy();
  }
}

function abortError(procedure: string, signal: AbortSignal): LibvirtClientError {
  const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
  return new LibvirtClientError('ABORTED', `${procedure} aborted${reason}`, procedure, { cause: signal.reason });
}
