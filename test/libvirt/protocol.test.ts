// The protocol tables as data: numbers and names unique, every codec symmetric, and no byte
// sequence can make a codec throw anything but XdrError.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decode, encode, XdrError, XdrReader, type Codec } from '../../src/libvirt/xdr.js';
import type { EventDef, ProcedureDef } from '../../src/libvirt/protocol/define.js';
import { remoteEvents, remoteProcedures, remoteProgram } from '../../src/libvirt/protocol/remote.js';
import { lxcProgram, qemuProgram } from '../../src/libvirt/protocol/qemu.js';
import * as T from '../../src/libvirt/protocol/remote-types.js';
import {
  HEADER_LENGTH,
  LENGTH_WORD,
  MESSAGE_MAX,
  MessageStatus,
  MessageType,
  PAYLOAD_MAX,
  Program,
  ProgramVersion,
  KeepaliveProc,
  remoteError,
  streamHole,
} from '../../src/libvirt/protocol/wire.js';

const procs = Object.entries(remoteProcedures) as [string, ProcedureDef][];
const events = Object.entries(remoteEvents) as [string, EventDef][];

/** CONNECT_GET_LIB_VERSION -> connectGetLibVersion */
const camel = (name: string) => name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * A reader that invents values instead of reading bytes, so any codec can produce a sample of its
 * own type: every int is 1 (a present optional, a true bool, union arm 1), arrays get 0..2 items,
 * strings and numbers come from a seeded generator.
 */
class SampleReader extends XdrReader {
  private state: number;
  constructor(seed: number) {
    super(Buffer.alloc(0));
    this.state = seed >>> 0 || 1;
  }
  private rand(): number {
    // xorshift32: deterministic per seed
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  override get remaining(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  override int(): number {
    return 1;
  }
  override uint(): number {
    // Also read as an optional's presence flag, so only 0 and 1 are safe here.
    return this.rand() % 2;
  }
  override hyper(): bigint {
    return BigInt.asIntN(64, (BigInt(this.rand()) << 32n) | BigInt(this.rand()));
  }
  override uhyper(): bigint {
    return (BigInt(this.rand()) << 32n) | BigInt(this.rand());
  }
  override double(): number {
    return this.rand() / 7;
  }
  override float(): number {
    return 0.5;
  }
  override length(max: number): number {
    return Math.min(max, this.rand() % 3);
  }
  override padded(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.rand() & 0xff;
    return b;
  }
  override string(max: number): string {
    const n = Math.min(max, this.rand() % 12);
    let s = '';
    for (let i = 0; i < n; i++) s += 'aé_Z9-/ü'[this.rand() % 8];
    return s;
  }
}

/** A value of the codec's type (see SampleReader). */
function sample<T>(c: Codec<T>, seed: number): T {
  return c.dec(new SampleReader(seed));
}

/** Plain comparable form: fast-check builds null-prototype records, Buffers compare by content. */
function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return `bytes:${v.toString('hex')}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function roundTrip<T>(c: Codec<T>, v: T): void {
  const bytes = encode(c, v);
  assert.equal(bytes.length % 4, 0, `${c.name}: XDR is 4-byte aligned`);
  assert.deepEqual(plain(decode(c, bytes)), plain(v), `${c.name}: decode(encode(v)) equals v`);
}

/** Every codec the tables use (REMOTE, QEMU, LXC), by name. */
function allCodecs(): Map<string, Codec<unknown>> {
  const m = new Map<string, Codec<unknown>>();
  for (const program of [remoteProgram, qemuProgram, lxcProgram]) {
    for (const p of Object.values(program.procedures)) {
      m.set(p.args.name, p.args as Codec<unknown>);
      m.set(p.ret.name, p.ret as Codec<unknown>);
    }
    for (const e of Object.values(program.events)) m.set(e.msg.name, e.msg as Codec<unknown>);
  }
  return m;
}

describe('wire facts', () => {
  it('programs, message types, statuses and sizes are libvirt’s', () => {
    assert.equal(Program.REMOTE, 0x20008086);
    assert.equal(Program.QEMU, 0x20008087);
    assert.equal(Program.LXC, 0x00068000);
    assert.equal(Program.KEEPALIVE, 0x6b656570);
    assert.equal(ProgramVersion.REMOTE, 1);
    assert.deepEqual(KeepaliveProc, { PING: 1, PONG: 2 });
    assert.deepEqual(MessageType, { CALL: 0, REPLY: 1, MESSAGE: 2, STREAM: 3, CALL_WITH_FDS: 4, REPLY_WITH_FDS: 5, STREAM_HOLE: 6 });
    assert.deepEqual(MessageStatus, { OK: 0, ERROR: 1, CONTINUE: 2 });
    assert.equal(HEADER_LENGTH, 24);
    assert.equal(LENGTH_WORD, 4);
    assert.equal(MESSAGE_MAX, 32 * 1024 * 1024);
    assert.equal(PAYLOAD_MAX, MESSAGE_MAX - 24);
  });

  it('remote_error and the stream hole round-trip', () => {
    roundTrip(remoteError, {
      code: 42,
      domain: 10,
      message: 'Domain not found',
      level: 2,
      dom: { name: 'vm', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: 3 },
      str1: 'a',
      str2: null,
      str3: 'c',
      int1: -1,
      int2: 7,
      net: null,
    });
    roundTrip(streamHole, { length: 1n << 40n, flags: 0 });
    // A hole is 12 bytes on the wire: hyper + unsigned int.
    assert.equal(encode(streamHole, { length: 5n, flags: 0 }).length, 12);
  });
});

describe('REMOTE program table', () => {
  it('is the REMOTE program', () => {
    assert.equal(remoteProgram.program, Program.REMOTE);
    assert.equal(remoteProgram.version, 1);
    assert.equal(remoteProgram.procedures, remoteProcedures);
    assert.equal(remoteProgram.events, remoteEvents);
  });

  it('has every procedure and event number once, within 1..max, and keys derived from names', () => {
    const seen = new Map<number, string>();
    for (const [key, p] of [...procs, ...events]) {
      assert.ok(Number.isInteger(p.num) && p.num > 0, `${key}: positive number`);
      assert.ok(!seen.has(p.num), `${key}: number ${p.num} also used by ${seen.get(p.num)}`);
      seen.set(p.num, key);
      assert.equal(key, camel(p.name), `${key}: key is the camelCase of ${p.name}`);
      assert.match(p.name, /^[A-Z0-9_]+$/);
    }
    const names = [...procs, ...events].map(([, p]) => p.name);
    assert.equal(new Set(names).size, names.length, 'names unique');
    // The numbering is dense: every number from 1 to the highest belongs to a procedure or an event.
    const max = Math.max(...seen.keys());
    for (let n = 1; n <= max; n++) assert.ok(seen.has(n), `number ${n} is in the table`);
    assert.ok(procs.length >= 390, `${procs.length} procedures`);
    assert.ok(events.length >= 50, `${events.length} events`);
  });

  it('knows the numbers libvirt clients depend on', () => {
    const P = remoteProcedures;
    const expect: [ProcedureDef, number][] = [
      [P.connectOpen, 1],
      [P.connectClose, 2],
      [P.connectGetVersion, 4],
      [P.nodeGetInfo, 6],
      [P.connectGetCapabilities, 7],
      [P.domainCreateXml, 10],
      [P.domainDefineXml, 11],
      [P.domainGetXmlDesc, 14],
      [P.domainGetInfo, 16],
      [P.domainLookupByName, 23],
      [P.domainLookupByUuid, 24],
      [P.connectGetHostname, 59],
      [P.connectSupportsFeature, 60],
      [P.authList, 66],
      [P.authSaslInit, 67],
      [P.authSaslStart, 68],
      [P.authSaslStep, 69],
      [P.authPolkit, 70],
      [P.connectGetUri, 110],
      [P.connectGetLibVersion, 157],
      [P.domainCreateWithFlags, 196],
      [P.domainOpenConsole, 201],
      [P.storageVolUpload, 208],
      [P.storageVolDownload, 209],
      [P.domainGetState, 212],
      [P.domainUndefineFlags, 231],
      [P.domainDestroyFlags, 234],
      [P.domainShutdownFlags, 258],
      [P.connectListAllDomains, 273],
      [P.domainMigratePerform3Params, 305],
      [P.connectDomainEventCallbackRegisterAny, 316],
      [P.connectDomainEventCallbackDeregisterAny, 317],
      [P.connectGetAllDomainStats, 344],
      [P.domainDefineXmlFlags, 350],
    ];
    for (const [p, n] of expect) assert.equal(p.num, n, p.name);
    assert.equal(remoteEvents.domainEventCallbackLifecycle.num, 318);
    assert.equal(remoteEvents.domainEventCallbackDeviceRemoved.num, 333);
  });

  it('marks streams and priority calls', () => {
    const P = remoteProcedures;
    assert.equal(P.storageVolUpload.stream, 'upload');
    assert.equal(P.storageVolDownload.stream, 'download');
    assert.equal(P.domainScreenshot.stream, 'download');
    assert.equal(P.domainOpenConsole.stream, 'both');
    assert.equal(P.domainOpenChannel.stream, 'both');
    assert.equal(P.domainMigratePrepareTunnel3Params.stream, 'upload');
    const streaming = procs.filter(([, p]) => p.stream !== 'none').map(([k]) => k).sort();
    assert.deepEqual(streaming, [
      'domainMigratePrepareTunnel',
      'domainMigratePrepareTunnel3',
      'domainMigratePrepareTunnel3Params',
      'domainOpenChannel',
      'domainOpenConsole',
      'domainScreenshot',
      'storageVolDownload',
      'storageVolUpload',
    ]);
    for (const p of [P.connectOpen, P.authList, P.authSaslStart, P.domainLookupByName, P.domainGetState, P.connectListAllDomains, P.connectDomainEventCallbackRegisterAny]) {
      assert.equal(p.priority, true, `${p.name} is high priority`);
    }
    for (const p of [P.domainCreateWithFlags, P.domainGetInfo, P.connectGetCapabilities, P.domainMigratePerform3Params, P.storageVolUpload]) {
      assert.equal(p.priority, false, `${p.name} is not high priority`);
    }
  });

  it('declares key structs with libvirt’s field order', () => {
    const s = (c: Codec<unknown>, v: unknown) => Object.keys(decode(c, encode(c, v)) as object);
    assert.deepEqual(s(T.nonnullDomain, { name: 'a', uuid: '00000000-0000-0000-0000-000000000000', id: 1 }), ['name', 'uuid', 'id']);
    // remote_node_get_info_ret: char model[32] is 32 ints on the wire, then hyper memory and 6 ints.
    const info = { model: 'x86_64', memory: 1n, cpus: 2, mhz: 3, nodes: 1, sockets: 1, cores: 2, threads: 1 };
    assert.equal(encode(T.nodeGetInfoRet, info).length, 32 * 4 + 8 + 6 * 4);
    roundTrip(T.nodeGetInfoRet, info);
    // remote_domain_get_info_ret: unsigned char state, two hypers, unsigned short nrVirtCpu, hyper.
    assert.equal(encode(T.domainGetInfoRet, { state: 1, maxMem: 2n, memory: 3n, nrVirtCpu: 4, cpuTime: 5n }).length, 4 + 8 + 8 + 4 + 8);
    // SASL data is char<65536>: four bytes per byte.
    assert.equal(encode(T.authSaslStartArgs, { mech: 'PLAIN', nil: 0, data: Buffer.from('abc') }).length, 4 + 8 + 4 + 4 + 3 * 4);
  });

  it('round-trips a zero-filled and an invented sample of every argument, reply and event type', () => {
    let checked = 0;
    for (const [name, c] of allCodecs()) {
      // The smallest value: what a buffer of zeros decodes to (empty strings and arrays, null optionals).
      const zeros = Buffer.alloc(64 * 1024);
      const r = new XdrReader(zeros);
      const v0 = c.dec(r);
      assert.deepEqual(decode(c, zeros, 0, r.pos), v0, name);
      roundTrip(c, v0);
      for (let seed = 1; seed <= 3; seed++) roundTrip(c, sample(c, seed * 7919 + name.length));
      checked++;
    }
    assert.ok(checked > 600, `${checked} codecs checked`);
  });
});

describe('QEMU and LXC program tables', () => {
  it('carry their program numbers and libvirt’s procedure numbers', () => {
    assert.equal(qemuProgram.program, Program.QEMU);
    assert.equal(lxcProgram.program, Program.LXC);
    const q = qemuProgram.procedures;
    assert.equal(q.domainMonitorCommand.num, 1);
    assert.equal(q.domainAgentCommand.num, 3);
    assert.equal(q.connectDomainMonitorEventRegister.num, 4);
    assert.equal(qemuProgram.events.domainMonitorEvent.num, 6);
    assert.equal(lxcProgram.procedures.domainOpenNamespace.num, 1);
    const nums = [...Object.values(q), ...Object.values(qemuProgram.events)].map((p) => p.num);
    assert.equal(new Set(nums).size, nums.length);
  });
});

describe('XDR codecs of the tables (property tests)', () => {
  const uuidArb = fc.uuid();
  const str = fc.string({ maxLength: 40, unit: 'grapheme' });
  const domArb = fc.record({ name: str, uuid: uuidArb, id: fc.integer({ min: -1, max: 2 ** 31 - 1 }) });
  const typedParamArb = fc.record({
    field: str,
    value: fc.oneof(
      fc.record({ type: fc.constant(T.TypedParamType.INT), value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }),
      fc.record({ type: fc.constant(T.TypedParamType.UINT), value: fc.nat({ max: 2 ** 32 - 1 }) }),
      fc.record({ type: fc.constant(T.TypedParamType.LLONG), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
      fc.record({ type: fc.constant(T.TypedParamType.ULLONG), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
      fc.record({ type: fc.constant(T.TypedParamType.DOUBLE), value: fc.double({ noNaN: true }) }),
      fc.record({ type: fc.constant(T.TypedParamType.BOOLEAN), value: fc.constantFrom(0, 1) }),
      fc.record({ type: fc.constant(T.TypedParamType.STRING), value: str }),
    ),
  });

  it('nonnull_domain, typed params and stats records round-trip', () => {
    fc.assert(fc.property(domArb, (d) => roundTrip(T.nonnullDomain, d)));
    fc.assert(fc.property(fc.array(typedParamArb, { maxLength: 8 }), (params) => roundTrip(T.domainStatsRecord, { dom: { name: 'x', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: 1 }, params })));
    fc.assert(
      fc.property(fc.array(fc.record({ dom: domArb, params: fc.array(typedParamArb, { maxLength: 4 }) }), { maxLength: 4 }), (retStats) =>
        roundTrip(T.connectGetAllDomainStatsRet, { retStats }),
      ),
    );
  });

  it('domain info, node info, lifecycle events and migration args round-trip', () => {
    const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    fc.assert(
      fc.property(fc.record({ state: fc.nat(8), maxMem: u64, memory: u64, nrVirtCpu: fc.nat(65535), cpuTime: u64 }), (v) => roundTrip(T.domainGetInfoRet, v)),
    );
    fc.assert(
      fc.property(
        fc.record({
          model: fc.stringMatching(/^[a-z0-9_]{0,31}$/),
          memory: u64,
          cpus: fc.integer(),
          mhz: fc.integer(),
          nodes: fc.integer(),
          sockets: fc.integer(),
          cores: fc.integer(),
          threads: fc.integer(),
        }),
        (v) => roundTrip(T.nodeGetInfoRet, v),
      ),
    );
    fc.assert(
      fc.property(fc.record({ callbackId: fc.integer(), msg: fc.record({ dom: domArb, event: fc.integer(), detail: fc.integer() }) }), (v) =>
        roundTrip(T.domainEventCallbackLifecycleMsg, v),
      ),
    );
    fc.assert(
      fc.property(
        fc.record({
          dom: domArb,
          dconnuri: fc.option(str),
          params: fc.array(typedParamArb, { maxLength: 6 }),
          cookieIn: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
          flags: fc.nat({ max: 2 ** 32 - 1 }),
        }),
        (v) => roundTrip(T.domainMigratePerform3ParamsArgs, v),
      ),
    );
  });

  it('any invented value of any table type round-trips', () => {
    const codecs = [...allCodecs().values()];
    fc.assert(
      fc.property(fc.nat({ max: codecs.length - 1 }), fc.integer({ min: 1 }), (i, seed) => roundTrip(codecs[i], sample(codecs[i], seed))),
      { numRuns: 2000 },
    );
  });

  it('random bytes decode to a value or an XdrError, never another exception', () => {
    const codecs = [...allCodecs().values(), remoteError, streamHole];
    fc.assert(
      fc.property(fc.nat({ max: codecs.length - 1 }), fc.uint8Array({ maxLength: 256 }), (i, bytes) => {
        try {
          decode(codecs[i], Buffer.from(bytes));
        } catch (err) {
          if (!(err instanceof XdrError)) throw err;
        }
      }),
      { numRuns: 5000 },
    );
    // Mostly-zero bytes get further into the structures than uniform noise does.
    fc.assert(
      fc.property(
        fc.nat({ max: codecs.length - 1 }),
        fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.nat(255)), { maxLength: 512 }),
        (i, bytes) => {
          try {
            decode(codecs[i], Buffer.from(bytes));
          } catch (err) {
            if (!(err instanceof XdrError)) throw err;
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('a huge claimed length fails before anything is allocated', () => {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(0xfffffff0, 0);
    assert.throws(() => decode(T.connectListAllDomainsRet, b), XdrError);
    assert.throws(() => decode(T.authSaslStartRet, Buffer.from([0, 0, 0, 1, 0, 1, 0, 0])), XdrError);
  });
});
