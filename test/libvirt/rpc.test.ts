import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { RpcClient } from '../../src/libvirt/rpc/client.js';
import { LibvirtClientError } from '../../src/libvirt/rpc/errors.js';
import { encodeFrame } from '../../src/libvirt/rpc/framing.js';
import { LibvirtError } from '../../src/libvirt/errors.js';
import { remoteEvents, remoteProcedures as P, remoteProgram } from '../../src/libvirt/protocol/remote.js';
import { KeepaliveProc, MessageStatus, MessageType, Program, remoteError } from '../../src/libvirt/protocol/wire.js';
import { encode, uhyper, struct } from '../../src/libvirt/xdr.js';
import { keepaliveFrame, replyTo, startFakeDaemon, type FakeDaemon } from '../helpers/fake-daemon.js';

const libVersionRet = struct('ret', { libVer: uhyper });

async function pair(onFrame?: Parameters<typeof startFakeDaemon>[0]): Promise<{ d: FakeDaemon; c: RpcClient }> {
  const d = await startFakeDaemon(onFrame);
  const c = new RpcClient(await d.connectClient(), { programs: [remoteProgram] });
  return { d, c };
}

function isClientError(code: string, match?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof LibvirtClientError, `expected LibvirtClientError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (match) assert.match(err.message, match);
    return true;
  };
}

describe('RPC core against a scripted peer', () => {
  it('routes replies by serial when answered out of order', async () => {
    const { d, c } = await pair();
    const calls = Array.from({ length: 10 }, () => c.call(P.connectGetLibVersion, undefined));
    const peer = await d.peer();
    while (d.received.length < 10) await d.nextFrame();
    // answer in reverse order, each with its own serial as the version
    for (const f of [...d.received].reverse()) {
      peer.write(replyTo(f.header, encode(libVersionRet, { libVer: BigInt(f.header.serial) })));
    }
    const results = await Promise.all(calls);
    assert.deepEqual(
      results.map((r) => r.libVer),
      d.received.map((f) => BigInt(f.header.serial)),
    );
    c.destroy();
    await d.close();
  });

  it('turns an error reply into a LibvirtError naming the procedure', async () => {
    const { d, c } = await pair((f, sock) =>
      sock.write(
        replyTo(
          f.header,
          encode(remoteError, { code: 42, domain: 10, message: 'Domain not found: no domain with matching name', level: 2, dom: null, str1: null, str2: null, str3: null, int1: 0, int2: 0, net: null }),
          MessageStatus.ERROR,
        ),
      ),
    );
    await assert.rejects(c.call(P.domainLookupByName, { name: 'nope' }), (err: unknown) => {
      assert.ok(err instanceof LibvirtError);
      assert.equal(err.code, 42);
      assert.equal(err.procedure, 'DOMAIN_LOOKUP_BY_NAME');
      assert.match(err.message, /Domain not found/);
      return true;
    });
    c.destroy();
    await d.close();
  });

  for (const [label, bytes, match] of [
    ['length below 4', Buffer.from([0, 0, 0, 2]), /shorter than a header/],
    ['length below a header', Buffer.from([0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8]), /shorter than a header/],
    ['length above 32 MiB', Buffer.from([0x02, 0x00, 0x00, 0x10]), /exceeds/],
  ] as const) {
    it(`rejects a frame with ${label} and fails every pending call`, async () => {
      const { d, c } = await pair((_f, sock) => sock.write(bytes));
      const a = c.call(P.connectGetLibVersion, undefined);
      const b = c.call(P.connectGetHostname, undefined);
      await assert.rejects(a, isClientError('PROTOCOL', match));
      await assert.rejects(b, isClientError('PROTOCOL', match));
      assert.equal(c.closed, true);
      await assert.rejects(c.call(P.connectGetLibVersion, undefined), isClientError('PROTOCOL'));
      await d.close();
    });
  }

  it('reports a peer that closes in the middle of a reply', async () => {
    const { d, c } = await pair((f, sock) => {
      const full = replyTo(f.header, encode(libVersionRet, { libVer: 1n }));
      sock.end(full.subarray(0, full.length - 3));
    });
    await assert.rejects(c.call(P.connectGetLibVersion, undefined), isClientError('CLOSED', /middle of a message/));
    await d.close();
  });

  it('rejects a message for an unknown program', async () => {
    const { d, c } = await pair((f, sock) => sock.write(replyTo({ ...f.header, prog: 0x12345678 })));
    await assert.rejects(c.call(P.connectGetLibVersion, undefined), isClientError('PROTOCOL', /unknown program 0x12345678/));
    await d.close();
  });

  it('rejects a reply naming another procedure, and keeps the connection', async () => {
    let first = true;
    const { d, c } = await pair((f, sock) => {
      if (first) {
        first = false;
        sock.write(replyTo({ ...f.header, proc: 9999 }));
      } else sock.write(replyTo(f.header, encode(libVersionRet, { libVer: 7n })));
    });
    await assert.rejects(c.call(P.connectGetLibVersion, undefined), isClientError('PROTOCOL', /CONNECT_GET_LIB_VERSION.*proc 9999/));
    assert.equal((await c.call(P.connectGetLibVersion, undefined)).libVer, 7n);
    c.destroy();
    await d.close();
  });

  it('rejects an undecodable reply payload with a clear error', async () => {
    const { d, c } = await pair((f, sock) => sock.write(replyTo(f.header, Buffer.from([1, 2]))));
    await assert.rejects(c.call(P.connectGetLibVersion, undefined), isClientError('PROTOCOL', /cannot decode the reply of CONNECT_GET_LIB_VERSION/));
    c.destroy();
    await d.close();
  });

  it('never hangs or crashes on random bytes from the peer (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 200 }), async (junk) => {
        const { d, c } = await pair((_f, sock) => sock.end(Buffer.from(junk)));
        await assert.rejects(c.call(P.connectGetLibVersion, undefined, { timeout: 2000 }), (err: unknown) => {
          assert.ok(err instanceof LibvirtClientError || err instanceof LibvirtError, String(err));
          return true;
        });
        c.destroy();
        await d.close();
      }),
      { numRuns: 60 },
    );
  });

  it('times out one call without harming the others; a late reply is ignored', async () => {
    const held: Array<() => void> = [];
    const { d, c } = await pair((f, sock) => held.push(() => sock.write(replyTo(f.header, encode(libVersionRet, { libVer: 3n })))));
    await assert.rejects(c.call(P.connectGetLibVersion, undefined, { timeout: 50 }), isClientError('TIMEOUT', /timed out after 50 ms/));
    const second = c.call(P.connectGetLibVersion, undefined);
    while (held.length < 2) await d.nextFrame();
    for (const h of held) h();
    assert.equal((await second).libVer, 3n);
    assert.equal(c.inFlight, 0);
    c.destroy();
    await d.close();
  });

  it('honours an AbortSignal', async () => {
    const { d, c } = await pair();
    const ac = new AbortController();
    const p = c.call(P.connectGetLibVersion, undefined, { signal: ac.signal });
    ac.abort(new Error('user gave up'));
    await assert.rejects(p, isClientError('ABORTED', /user gave up/));
    await assert.rejects(c.call(P.connectGetLibVersion, undefined, { signal: ac.signal }), isClientError('ABORTED'));
    c.destroy();
    await d.close();
  });

  it('answers the peer keepalive PING with PONG', async () => {
    const { d, c } = await pair();
    (await d.peer()).write(keepaliveFrame(KeepaliveProc.PING));
    const f = await d.nextFrame();
    assert.equal(f.header.prog, Program.KEEPALIVE);
    assert.equal(f.header.proc, KeepaliveProc.PONG);
    assert.equal(f.header.type, MessageType.MESSAGE);
    c.destroy();
    await d.close();
  });

  it('declares a silent peer dead within interval x count and rejects pending calls', async () => {
    const { d, c } = await pair();
    const t0 = Date.now();
    c.startKeepalive({ interval: 100, count: 3 });
    await assert.rejects(c.call(P.connectGetLibVersion, undefined), isClientError('KEEPALIVE_TIMEOUT', /did not answer 3 keepalive pings/));
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 300 && elapsed < 3000, `dead after ${elapsed} ms`);
    const pings = d.received.filter((f) => f.header.prog === Program.KEEPALIVE && f.header.proc === KeepaliveProc.PING);
    assert.equal(pings.length, 3);
    await d.close();
  });

  it('keeps a peer that answers pings alive', async () => {
    const { d, c } = await pair((f, sock) => {
      if (f.header.prog === Program.KEEPALIVE && f.header.proc === KeepaliveProc.PING) sock.write(keepaliveFrame(KeepaliveProc.PONG));
    });
    c.startKeepalive({ interval: 50, count: 2 });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(c.closed, false);
    assert.ok(d.received.length >= 3, `only ${d.received.length} pings`);
    c.destroy();
    await d.close();
  });

  it('routes events to listeners and stops after unsubscribe', async () => {
    const { d, c } = await pair();
    const seen: number[] = [];
    const ev = remoteEvents.domainEventCallbackLifecycle;
    const off = c.onEvent(ev, (m) => seen.push(m.callbackId));
    const peer = await d.peer();
    const msg = (id: number) =>
      encodeFrame(
        { prog: Program.REMOTE, vers: 1, proc: ev.num, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.CONTINUE },
        { codec: ev.msg, value: { callbackId: id, msg: { dom: { name: 'x', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: 1 }, event: 2, detail: 0 } } },
      );
    peer.write(msg(5));
    await new Promise((r) => setTimeout(r, 50));
    off();
    peer.write(msg(6));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(seen, [5]);
    c.destroy();
    await d.close();
  });

  it('refuses to send a message over 32 MiB', async () => {
    const { d, c } = await pair();
    await assert.rejects(
      c.call(P.domainDefineXml, { xml: 'x'.repeat(33 * 1024 * 1024) }),
      (err: unknown) => err instanceof LibvirtClientError && /exceeds|maximum/.test(err.message),
    );
    c.destroy();
    await d.close();
  });
});

describe('RPC streams against a scripted peer', () => {
  let d: FakeDaemon;
  let c: RpcClient;
  const frames: Buffer[] = [];
  before(async () => {
    ({ d, c } = await pair((f, sock) => {
      if (f.header.type === MessageType.CALL) {
        sock.write(replyTo(f.header));
        if (f.header.proc === P.storageVolDownload.num) {
          const s = (status: number, payload: Buffer, type: number = MessageType.STREAM) => encodeFrame({ ...f.header, type, status }, payload);
          sock.write(s(MessageStatus.CONTINUE, Buffer.from('hello ')));
          sock.write(s(MessageStatus.CONTINUE, encode(struct('h', { length: uhyper, flags: uhyper }), { length: 0n, flags: 0n }).subarray(0, 12), MessageType.STREAM_HOLE));
          sock.write(s(MessageStatus.CONTINUE, Buffer.from('world')));
          sock.write(s(MessageStatus.CONTINUE, Buffer.alloc(0))); // end of data, as libvirtd marks it
        }
      } else if (f.header.type === MessageType.STREAM || f.header.type === MessageType.STREAM_HOLE) {
        frames.push(Buffer.from(f.payload));
        if (f.header.type === MessageType.STREAM && f.header.status === MessageStatus.OK) sock.write(encodeFrame({ ...f.header }, Buffer.alloc(0)));
      }
    }));
  });
  after(async () => {
    c.destroy();
    await d.close();
  });

  it('downloads data and holes in order, then finishes', async () => {
    const { stream } = await c.callStream(P.storageVolDownload, { vol: { pool: 'p', name: 'v', key: 'k' }, offset: 0n, length: 0n, flags: 1 });
    const got: string[] = [];
    for await (const chunk of stream) got.push(chunk.data ? chunk.data.toString() : `<hole ${chunk.hole}>`);
    assert.deepEqual(got, ['hello ', '<hole 0>', 'world']);
    await stream.finish(); // sends OK, which the peer confirms
  });

  it('uploads data in chunks, sends holes and waits for the confirmation', async () => {
    frames.length = 0;
    const { stream } = await c.callStream(P.storageVolUpload, { vol: { pool: 'p', name: 'v', key: 'k' }, offset: 0n, length: 0n, flags: 1 });
    await stream.write(Buffer.alloc(600 * 1024, 1));
    await stream.sendHole(1 << 20);
    await stream.finish();
    // 600 KiB in 256 KiB packets = 3, one hole, one end marker
    assert.deepEqual(frames.map((f) => f.length), [262144, 262144, 90112, 12, 0]);
    await assert.rejects(stream.write(Buffer.from('late')), isClientError('STREAM_STATE'));
  });
});
