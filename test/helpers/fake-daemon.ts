/**
 * A scripted peer on a unix socket for testing the RPC core against bad behaviour: it parses our
 * frames and lets each test decide what bytes go back. Pure protocol, no libvirt semantics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameDecoder, encodeFrame, type Frame, type Header } from '../../src/libvirt/rpc/framing.js';
import { MessageStatus, MessageType, Program } from '../../src/libvirt/protocol/wire.js';

export interface FakeDaemon {
  path: string;
  /** Frames received from the client, in order. */
  received: Frame[];
  /** Resolves with the next frame the client sends. */
  nextFrame(): Promise<Frame>;
  /** The server side of the (single) accepted connection. */
  peer(): Promise<Socket>;
  connectClient(): Promise<Socket>;
  close(): Promise<void>;
}

export async function startFakeDaemon(onFrame?: (f: Frame, sock: Socket) => void): Promise<FakeDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-fake-'));
  const path = join(dir, 'sock');
  const received: Frame[] = [];
  const waiters: Array<(f: Frame) => void> = [];
  let peerResolve!: (s: Socket) => void;
  const peerP = new Promise<Socket>((r) => (peerResolve = r));
  const sockets: Socket[] = [];
  const server: Server = createServer((sock) => {
    sockets.push(sock);
    peerResolve(sock);
    const dec = new FrameDecoder();
    sock.on('error', () => {});
    sock.on('data', (chunk) => {
      let frames: Frame[];
      try {
        frames = dec.push(chunk);
      } catch {
        sock.destroy();
        return;
      }
      for (const f of frames) {
        const copy = { header: f.header, payload: Buffer.from(f.payload) };
        received.push(copy);
        onFrame?.(copy, sock);
        waiters.shift()?.(copy);
      }
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  return {
    path,
    received,
    nextFrame: () => new Promise((r) => waiters.push(r)),
    peer: () => peerP,
    connectClient: () =>
      new Promise((resolve, reject) => {
        const s = connect(path, () => resolve(s));
        s.once('error', reject);
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A reply frame answering `call` with a raw payload. */
export function replyTo(call: Header, payload: Buffer = Buffer.alloc(0), status: number = MessageStatus.OK): Buffer {
  return encodeFrame({ ...call, type: MessageType.REPLY, status }, payload);
}

export function keepaliveFrame(proc: number): Buffer {
  return encodeFrame({ prog: Program.KEEPALIVE, vers: 1, proc, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.OK });
}
