// SASL mechanisms (RFC test vectors), mechanism choice, and the exchange driver against a scripted
// fake server. The real-daemon checks live in auth-daemon.test.ts.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import {
  LibvirtAuthError,
  ScramMechanism,
  PlainMechanism,
  chooseMechanism,
  createMechanism,
  parseMechList,
  saslprep,
  scramEscapeName,
  runSaslExchange,
  type SaslCall,
  type SaslProc,
  type SaslProcArgs,
  type SaslStepRet,
  type SaslMechanism,
} from '../../src/libvirt/auth/index.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const isAuthError = (code: string) => (e: unknown) => e instanceof LibvirtAuthError && e.code === code;

describe('SCRAM-SHA-1 (RFC 5802 section 5 example)', () => {
  const nonce = 'fyko+d2lbbFgONRv9qkxdawL';
  const serverFirst = 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096';
  const clientFinal = 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=';
  const serverFinal = 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=';

  test('produces the published client messages and accepts the server signature', () => {
    const m = new ScramMechanism('sha1', { authname: 'user', password: 'pencil' }, { nonce });
    assert.equal(m.name, 'SCRAM-SHA-1');
    assert.equal(m.start().toString(), 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    assert.equal(m.complete, false);
    assert.equal(m.step(b(serverFirst))!.toString(), clientFinal);
    assert.equal(m.complete, false);
    assert.equal(m.step(b(serverFinal)), null);
    assert.equal(m.complete, true);
  });

  test('a wrong server signature is an AUTH_SERVER_SIGNATURE error', () => {
    const m = new ScramMechanism('sha1', { authname: 'user', password: 'pencil' }, { nonce });
    m.start();
    m.step(b(serverFirst));
    assert.throws(() => m.step(b('v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=')), isAuthError('AUTH_SERVER_SIGNATURE'));
    assert.equal(m.complete, false);
    // A failed mechanism stays failed.
    assert.throws(() => m.step(b(serverFinal)), isAuthError('AUTH_PROTOCOL'));
  });

  test('the server signature for another password is rejected', () => {
    const m = new ScramMechanism('sha1', { authname: 'user', password: 'pen' }, { nonce });
    m.start();
    m.step(b(serverFirst));
    assert.throws(() => m.step(b(serverFinal)), isAuthError('AUTH_SERVER_SIGNATURE'));
  });
});

describe('SCRAM-SHA-256 (RFC 7677 section 3 example)', () => {
  const nonce = 'rOprNGfwEbeRWgbNEkqO';
  const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
  const clientFinal = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
  const serverFinal = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

  test('produces the published client messages and accepts the server signature', () => {
    const m = new ScramMechanism('sha256', { authname: 'user', password: 'pencil' }, { nonce });
    assert.equal(m.name, 'SCRAM-SHA-256');
    assert.equal(m.start().toString(), 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    assert.equal(m.step(b(serverFirst))!.toString(), clientFinal);
    assert.equal(m.step(b(serverFinal)), null);
    assert.equal(m.complete, true);
  });

  test('a tampered server signature is rejected', () => {
    const m = new ScramMechanism('sha256', { authname: 'user', password: 'pencil' }, { nonce });
    m.start();
    m.step(b(serverFirst));
    const bad = 'v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';
    assert.throws(() => m.step(b(bad)), isAuthError('AUTH_SERVER_SIGNATURE'));
  });

  test('a truncated server signature is rejected (length mismatch)', () => {
    const m = new ScramMechanism('sha256', { authname: 'user', password: 'pencil' }, { nonce });
    m.start();
    m.step(b(serverFirst));
    assert.throws(() => m.step(b('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5n')), (e) => e instanceof LibvirtAuthError);
  });

  test('server error e= in server-final is AUTH_FAILED with the server text', () => {
    const m = new ScramMechanism('sha256', { authname: 'user', password: 'pencil' }, { nonce });
    m.start();
    m.step(b(serverFirst));
    assert.throws(() => m.step(b('e=invalid-proof')), (e) => isAuthError('AUTH_FAILED')(e) && /invalid-proof/.test((e as Error).message));
  });
});

describe('SCRAM input checks', () => {
  const nonce = 'abcdefghijklmnop';
  const mk = (opts = {}) => {
    const m = new ScramMechanism('sha256', { authname: 'user', password: 'pencil' }, { nonce, ...opts });
    m.start();
    return m;
  };
  test('server nonce must extend the client nonce', () => {
    assert.throws(() => mk().step(b('r=XXXdefghijklmnopQQQ,s=QSXCR+Q6sek8bf92,i=4096')), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b(`r=${nonce},s=QSXCR+Q6sek8bf92,i=4096`)), isAuthError('AUTH_PROTOCOL'));
  });
  test('missing attributes, bad salt, bad iteration counts, mandatory extensions', () => {
    assert.throws(() => mk().step(b(`r=${nonce}Z,i=4096`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b(`r=${nonce}Z,s=!!!,i=4096`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b(`r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=0`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b(`r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=12x`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b(`r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=1000`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk({ maxIterations: 5000 }).step(b(`r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=6000`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b(`m=ext,r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=4096`)), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(null), isAuthError('AUTH_PROTOCOL'));
    assert.throws(() => mk().step(b('garbage')), isAuthError('AUTH_PROTOCOL'));
  });
  test('minIterations can be lowered explicitly', () => {
    const out = mk({ minIterations: 1 }).step(b(`r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=1`));
    assert.match(out!.toString(), /^c=biws,r=abcdefghijklmnopZ,p=/);
  });
  test('step before start and start twice are errors', () => {
    const m = new ScramMechanism('sha1', { authname: 'u', password: 'p' });
    assert.throws(() => m.step(b('r=x')), isAuthError('AUTH_PROTOCOL'));
    const m2 = new ScramMechanism('sha1', { authname: 'u', password: 'p' });
    m2.start();
    assert.throws(() => m2.start(), isAuthError('AUTH_PROTOCOL'));
  });
  test('random client nonces differ and are printable without commas', () => {
    const a = new ScramMechanism('sha256', { authname: 'u', password: 'p' }).start().toString();
    const c = new ScramMechanism('sha256', { authname: 'u', password: 'p' }).start().toString();
    assert.notEqual(a, c);
    assert.match(a, /^n,,n=u,r=[\x21-\x2B\x2D-\x7E]{24}$/);
  });
  test('authzid goes into the GS2 header and the channel-binding attribute', () => {
    const m = new ScramMechanism('sha256', { authname: 'user', password: 'pencil', authzid: 'ad,min' }, { nonce });
    assert.equal(m.start().toString(), `n,a=ad=2Cmin,n=user,r=${nonce}`);
    const out = m.step(b(`r=${nonce}Z,s=QSXCR+Q6sek8bf92,i=4096`))!.toString();
    assert.ok(out.startsWith(`c=${Buffer.from('n,a=ad=2Cmin,').toString('base64')},`));
  });
});

describe('usernames and SASLprep', () => {
  test("',' and '=' in usernames are escaped as =2C and =3D", () => {
    assert.equal(scramEscapeName('a,b=c'), 'a=2Cb=3Dc');
    const m = new ScramMechanism('sha256', { authname: 'we,ird=name', password: 'p' }, { nonce: 'nnnn' });
    assert.equal(m.start().toString(), 'n,,n=we=2Cird=3Dname,r=nnnn');
  });
  test('mapping: non-ASCII spaces become spaces, soft hyphen vanishes, NFKC applies', () => {
    assert.equal(saslprep('I\u00ADX'), 'IX');
    assert.equal(saslprep('a\u00A0b'), 'a b');
    assert.equal(saslprep('\u2168'), 'IX');
    assert.equal(saslprep('\u00AA'), 'a');
    assert.equal(saslprep('user'), 'user');
  });
  test('prohibited characters are refused with AUTH_INVALID_CREDENTIAL', () => {
    assert.throws(() => saslprep('a\u0007b'), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => saslprep('a\u0000b'), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => saslprep('\uE000'), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => saslprep('\uD800'), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => new ScramMechanism('sha1', { authname: 'bad\u0001', password: 'p' }, { prep: 'saslprep' }), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => new ScramMechanism('sha1', { authname: '', password: 'p' }), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => new ScramMechanism('sha1', { authname: 'a', password: 'p\uDC00' }), isAuthError('AUTH_INVALID_CREDENTIAL'));
  });
  const proofFor = (password: string, prep?: 'raw' | 'saslprep') => {
    const m = new ScramMechanism('sha256', { authname: 'u', password }, { nonce: 'nonce', ...(prep ? { prep } : {}) });
    m.start();
    return m.step(b('r=nonceSERVER,s=QSXCR+Q6sek8bf92,i=4096'))!.toString();
  };
  test('prep=saslprep: a mapped password yields the same proof as its mapped form', () => {
    assert.equal(proofFor('pen\u00ADcil', 'saslprep'), proofFor('pencil', 'saslprep'));
    assert.equal(proofFor('\u2168', 'saslprep'), proofFor('IX'));
  });
  test('default (raw, as Cyrus SASL/libvirtd do): the password bytes are used as given', () => {
    assert.notEqual(proofFor('pen\u00ADcil'), proofFor('pencil'));
    assert.equal(proofFor('pencil'), proofFor('pencil', 'raw'));
  });
});

describe('PLAIN (RFC 4616)', () => {
  test('message is authzid NUL authcid NUL password; completes on an empty server reply', () => {
    const m = new PlainMechanism({ authname: 'tim', password: 'tanstaaftanstaaf' });
    assert.deepEqual(m.start(), b('\0tim\0tanstaaftanstaaf'));
    assert.equal(m.complete, false);
    assert.equal(m.step(null), null);
    assert.equal(m.complete, true);
  });
  test('with authzid, and a challenge is a protocol error', () => {
    const m = new PlainMechanism({ authname: 'Kurt', password: 'xipj3plmq', authzid: 'Ursel' });
    assert.deepEqual(m.start(), b('Ursel\0Kurt\0xipj3plmq'));
    assert.throws(() => m.step(b('challenge')), isAuthError('AUTH_PROTOCOL'));
  });
  test('NUL inside a credential is refused', () => {
    assert.throws(() => new PlainMechanism({ authname: 'a\0b', password: 'x' }), isAuthError('AUTH_INVALID_CREDENTIAL'));
    assert.throws(() => new PlainMechanism({ authname: 'a', password: 'x\0' }, { prep: 'saslprep' }), isAuthError('AUTH_INVALID_CREDENTIAL'));
  });
});

describe('mechanism choice', () => {
  test('parses comma- and space-separated lists, case-insensitively', () => {
    assert.deepEqual(parseMechList('SCRAM-SHA-256,SCRAM-SHA-1'), ['SCRAM-SHA-256', 'SCRAM-SHA-1']);
    assert.deepEqual(parseMechList(' plain  scram-sha-1 ,, '), ['PLAIN', 'SCRAM-SHA-1']);
    assert.deepEqual(parseMechList(''), []);
  });
  test('prefers SCRAM-SHA-256, then SCRAM-SHA-1, then PLAIN', () => {
    assert.equal(chooseMechanism('PLAIN,SCRAM-SHA-1,SCRAM-SHA-256', { secureTransport: true }), 'SCRAM-SHA-256');
    assert.equal(chooseMechanism('PLAIN,DIGEST-MD5,SCRAM-SHA-1', { secureTransport: false }), 'SCRAM-SHA-1');
    assert.equal(chooseMechanism('GSSAPI PLAIN', { secureTransport: true }), 'PLAIN');
  });
  test('PLAIN is refused on an insecure transport, with a clear error', () => {
    assert.throws(
      () => chooseMechanism('DIGEST-MD5,PLAIN', { secureTransport: false }),
      (e) =>
        isAuthError('AUTH_NO_MECHANISM')(e) &&
        /DIGEST-MD5, PLAIN/.test((e as Error).message) &&
        /SCRAM-SHA-256, SCRAM-SHA-1\]/.test((e as Error).message) &&
        /insecure/.test((e as Error).message),
    );
  });
  test('nothing usable lists what was offered and what we support', () => {
    assert.throws(
      () => chooseMechanism('GSSAPI', { secureTransport: true }),
      (e) => isAuthError('AUTH_NO_MECHANISM')(e) && /\[GSSAPI\]/.test((e as Error).message) && /PLAIN\]/.test((e as Error).message),
    );
  });
  test('want restricts the choice', () => {
    assert.equal(chooseMechanism('SCRAM-SHA-256,SCRAM-SHA-1', { secureTransport: true, want: 'scram-sha-1' }), 'SCRAM-SHA-1');
    assert.throws(() => chooseMechanism('SCRAM-SHA-256', { secureTransport: true, want: 'SCRAM-SHA-1' }), isAuthError('AUTH_NO_MECHANISM'));
  });
  test('createMechanism builds the named state machine', () => {
    assert.equal(createMechanism('SCRAM-SHA-1', { authname: 'u', password: 'p' }).name, 'SCRAM-SHA-1');
    assert.equal(createMechanism('PLAIN', { authname: 'u', password: 'p' }).name, 'PLAIN');
  });
});

// ---------------------------------------------------------------------------------------------
// A scripted SCRAM server (RFC 5802 server side) for the exchange driver.
// ---------------------------------------------------------------------------------------------

interface FakeServerOptions {
  mechlist?: string;
  password?: string;
  /** Send server-final with complete=0 and confirm on an extra step (Cyrus without success data). */
  finalNeedsExtraStep?: boolean;
  /** Corrupt the server signature. */
  badSignature?: boolean;
  /** Claim complete=1 right after server-first. */
  lieComplete?: boolean;
}

function fakeScramServer(opts: FakeServerOptions = {}) {
  const log: { proc: SaslProc; args: unknown }[] = [];
  const password = opts.password ?? 'secret';
  const salt = Buffer.from('0123456789abcdef');
  const iterations = 4096;
  let state = 'init';
  let hash: 'sha1' | 'sha256' = 'sha256';
  let clientFirstBare = '';
  let serverFirst = '';
  const hmac = (k: Buffer, d: string) => createHmac(hash, k).update(d).digest();
  const reply = (complete: number, data: string | null): SaslStepRet => ({ complete, nil: data === null ? 1 : 0, data: data === null ? Buffer.alloc(0) : b(data) });
  const authFailed = () => Object.assign(new Error('authentication failed: authentication failed'), { code: 45 });

  const call = (async (proc: SaslProc, args: SaslProcArgs[SaslProc]) => {
    log.push({ proc, args });
    if (proc === 'init') {
      state = 'inited';
      return { mechlist: opts.mechlist ?? 'SCRAM-SHA-256,SCRAM-SHA-1' };
    }
    if (proc === 'start') {
      const a = args as SaslProcArgs['start'];
      if (state !== 'inited') throw authFailed();
      hash = a.mech === 'SCRAM-SHA-1' ? 'sha1' : 'sha256';
      const msg = a.data.toString();
      assert.equal(a.nil, 0);
      assert.ok(msg.startsWith('n,,'));
      clientFirstBare = msg.slice(3);
      const cnonce = /,r=([^,]+)/.exec(clientFirstBare)![1];
      serverFirst = `r=${cnonce}SRV,s=${salt.toString('base64')},i=${iterations}`;
      state = 'first';
      return reply(opts.lieComplete ? 1 : 0, serverFirst);
    }
    const a = args as SaslProcArgs['step'];
    if (state === 'first') {
      const msg = a.data.toString();
      const withoutProof = msg.slice(0, msg.indexOf(',p='));
      const proof = Buffer.from(msg.slice(msg.indexOf(',p=') + 3), 'base64');
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
      const salted = pbkdf2Sync(password, salt, iterations, hash === 'sha1' ? 20 : 32, hash);
      const storedKey = createHash(hash).update(hmac(salted, 'Client Key')).digest();
      const sig = hmac(storedKey, authMessage);
      const clientKey = Buffer.from(proof.map((x, i) => x ^ sig[i]!));
      if (!createHash(hash).update(clientKey).digest().equals(storedKey)) throw authFailed();
      const serverSig = hmac(hmac(salted, 'Server Key'), authMessage);
      if (opts.badSignature) serverSig[0]! ^= 1;
      state = opts.finalNeedsExtraStep ? 'final-sent' : 'done';
      return reply(opts.finalNeedsExtraStep ? 0 : 1, `v=${serverSig.toString('base64')}`);
    }
    if (state === 'final-sent') {
      assert.equal(a.nil, 1, 'client answers server-final with no data');
      state = 'done';
      return reply(1, null);
    }
    throw authFailed();
  }) as SaslCall;
  return { call, log };
}

describe('runSaslExchange against a scripted server', () => {
  const scram = (name: string) => createMechanism(name as 'SCRAM-SHA-256', { authname: 'alice', password: 'secret' });

  test('SCRAM-SHA-256: INIT, START, one STEP; server-final arrives with complete=1', async () => {
    const srv = fakeScramServer();
    const r = await runSaslExchange(srv.call, { secureTransport: true, mechanism: scram });
    assert.deepEqual(r, { mechanism: 'SCRAM-SHA-256', offered: 'SCRAM-SHA-256,SCRAM-SHA-1', steps: 1 });
    assert.deepEqual(srv.log.map((l) => l.proc), ['init', 'start', 'step']);
    assert.equal((srv.log[1]!.args as SaslProcArgs['start']).mech, 'SCRAM-SHA-256');
  });

  test('SCRAM-SHA-1 when that is all the server offers', async () => {
    const srv = fakeScramServer({ mechlist: 'SCRAM-SHA-1' });
    const r = await runSaslExchange(srv.call, { secureTransport: false, mechanism: scram });
    assert.equal(r.mechanism, 'SCRAM-SHA-1');
  });

  test('server-final with complete=0: the client sends a final empty (nil) step', async () => {
    const srv = fakeScramServer({ finalNeedsExtraStep: true });
    const r = await runSaslExchange(srv.call, { secureTransport: true, mechanism: scram });
    assert.equal(r.steps, 2);
    assert.deepEqual(srv.log.map((l) => l.proc), ['init', 'start', 'step', 'step']);
  });

  test('a server signature mismatch rejects even though the server said complete', async () => {
    const srv = fakeScramServer({ badSignature: true });
    await assert.rejects(runSaslExchange(srv.call, { secureTransport: true, mechanism: scram }), isAuthError('AUTH_SERVER_SIGNATURE'));
  });

  test('a server claiming completion before SCRAM finished is refused', async () => {
    const srv = fakeScramServer({ lieComplete: true });
    await assert.rejects(runSaslExchange(srv.call, { secureTransport: true, mechanism: scram }), isAuthError('AUTH_PROTOCOL'));
  });

  test('wrong password: the daemon error becomes AUTH_FAILED with the cause kept', async () => {
    const srv = fakeScramServer({ password: 'other' });
    await assert.rejects(runSaslExchange(srv.call, { secureTransport: true, mechanism: scram }), (e) => {
      assert.ok(isAuthError('AUTH_FAILED')(e));
      assert.match((e as Error).message, /AUTH_SASL_STEP \(SCRAM-SHA-256\): authentication failed/);
      assert.equal(((e as Error).cause as { code: number }).code, 45);
      return true;
    });
  });

  test('a server that never finishes is cut off after maxSteps', async () => {
    let n = 0;
    const endless: SaslMechanism = { name: 'SCRAM-SHA-256', complete: false, start: () => b('x'), step: () => b(`y${n++}`) };
    let steps = 0;
    const call = (async (proc: SaslProc) => {
      if (proc === 'init') return { mechlist: 'SCRAM-SHA-256' };
      if (proc === 'step') steps++;
      return { complete: 0, nil: 0, data: b('more') };
    }) as SaslCall;
    await assert.rejects(runSaslExchange(call, { secureTransport: true, mechanism: () => endless, maxSteps: 3 }), isAuthError('AUTH_PROTOCOL'));
    assert.equal(steps, 3);
  });

  test('PLAIN: start carries the message, server answers complete=1 with nil data', async () => {
    const log: unknown[] = [];
    const call = (async (proc: SaslProc, args: unknown) => {
      log.push([proc, args]);
      if (proc === 'init') return { mechlist: 'PLAIN' };
      if (proc === 'start') return { complete: 1, nil: 1, data: Buffer.alloc(0) };
      throw new Error('unexpected step');
    }) as SaslCall;
    const r = await runSaslExchange(call, { secureTransport: true, mechanism: (n) => createMechanism(n, { authname: 'u', password: 'p' }) });
    assert.equal(r.mechanism, 'PLAIN');
    assert.equal(r.steps, 0);
    assert.deepEqual(log[1], ['start', { mech: 'PLAIN', nil: 0, data: b('\0u\0p') }]);
  });

  test('PLAIN is never chosen on an insecure transport', async () => {
    const call = (async () => ({ mechlist: 'PLAIN' })) as unknown as SaslCall;
    await assert.rejects(
      runSaslExchange(call, { secureTransport: false, mechanism: (n) => createMechanism(n, { authname: 'u', password: 'p' }) }),
      isAuthError('AUTH_NO_MECHANISM'),
    );
  });

  test('a mechanism with no initial response is sent as nil=1', async () => {
    const log: unknown[] = [];
    const call = (async (proc: SaslProc, args: unknown) => {
      log.push(args);
      if (proc === 'init') return { mechlist: 'SCRAM-SHA-256' };
      return { complete: 1, nil: 0, data: Buffer.alloc(0) };
    }) as SaslCall;
    let done = false;
    const mech: SaslMechanism = {
      name: 'SCRAM-SHA-256',
      start: () => null,
      step: (d) => {
        assert.deepEqual(d, Buffer.alloc(0), 'empty-but-present data stays distinct from nil');
        done = true;
        return null;
      },
      get complete() {
        return done;
      },
    };
    await runSaslExchange(call, { secureTransport: true, mechanism: () => mech });
    assert.deepEqual(log[1], { mech: 'SCRAM-SHA-256', nil: 1, data: Buffer.alloc(0) });
  });

  test('malformed replies and aborts are clear errors', async () => {
    const bad = (async (proc: SaslProc) => (proc === 'init' ? { mechlist: 'SCRAM-SHA-256' } : { complete: 'yes' })) as unknown as SaslCall;
    await assert.rejects(runSaslExchange(bad, { secureTransport: true, mechanism: scram }), isAuthError('AUTH_PROTOCOL'));
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(runSaslExchange(fakeScramServer().call, { secureTransport: true, mechanism: scram, signal: ac.signal }), /stop/);
  });
});
