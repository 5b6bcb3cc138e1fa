/**
 * Transport behaviour that needs no libvirtd: the TLS accept byte against a small TLS server of
 * our own, deadlines and aborts against servers that never answer, socket errors, known_hosts
 * matching, the SSH command line and credential file lookup.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { parseLibvirtUri } from '../../src/libvirt/uri.js';
import { openTransport, LibvirtTransportError, locateTlsFiles, SYSTEM_TLS_FILES, connectTls } from '../../src/libvirt/transport/index.js';
import { checkHostKey, parseKnownHosts, hostFieldMatches, knownHostsName, appendKnownHost, readKnownHosts } from '../../src/libvirt/transport/known-hosts.js';
import { planSsh, shellQuote, sshProxyCommand } from '../../src/libvirt/transport/ssh.js';
import { createTestPki, type TestPki } from '../helpers/tls-daemon.js';
import { rawAuthList } from '../fixtures/transport/raw-rpc.js';

function isTransportError(code: string, re?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof LibvirtTransportError, `expected LibvirtTransportError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (re) assert.match(err.message, re);
    return true;
  };
}

function listen<S extends Server | TlsServer>(server: S, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

let tmp: string;
let pki: TestPki;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'stratus-transport-test-'));
  mkdirSync(join(tmp, 'pki'));
  pki = createTestPki(join(tmp, 'pki'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('tls: the daemon\'s one-byte verdict', () => {
  /** A TLS server that, once a client has shaken hands, does `onSecure` with the socket. */
  async function fakeTlsDaemon(onSecure: (s: TLSSocket) => void, host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
    const server = createTlsServer(
      {
        cert: readFileSync(pki.serverCert),
        key: readFileSync(pki.serverKey),
        ca: readFileSync(pki.caCert),
        requestCert: true,
        rejectUnauthorized: true,
      },
      onSecure,
    );
    const port = await listen(server, host);
    return { port, close: () => new Promise((r) => server.close(() => r())) };
  }

  test('byte 1 and the first RPC bytes in the same record: nothing after the byte is lost', async () => {
    const frame = Buffer.from('0000001c2000808600000001000000420000000100000001000000000000000100000000', 'hex');
    const srv = await fakeTlsDaemon((s) => {
      s.write(Buffer.concat([Buffer.from([1]), frame]));
    });
    try {
      const s = await connectTls('127.0.0.1', srv.port, { pkipath: pki.pkiDir });
      const got: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        s.on('data', (b: Buffer) => {
          got.push(b);
          if (Buffer.concat(got).length >= frame.length) resolve();
        });
        s.once('error', reject);
        setTimeout(() => reject(new Error('no data after the accept byte')), 3000);
      });
      assert.deepEqual(Buffer.concat(got), frame);
      s.destroy();
    } finally {
      await srv.close();
    }
  });

  test('byte 1 arriving late, data later: the open waits for it and the stream works', async () => {
    const srv = await fakeTlsDaemon((s) => {
      setTimeout(() => s.write(Buffer.from([1])), 100);
      s.on('data', (b: Buffer) => s.write(b)); // echo
    });
    try {
      const s = await connectTls('localhost', srv.port, { pkipath: pki.pkiDir });
      const echoed = new Promise<Buffer>((resolve) => s.once('data', resolve));
      s.write('ping');
      assert.equal((await echoed).toString(), 'ping');
      s.destroy();
    } finally {
      await srv.close();
    }
  });

  test('any other byte is a refusal', async () => {
    const srv = await fakeTlsDaemon((s) => s.write(Buffer.from([0])));
    try {
      await assert.rejects(connectTls('127.0.0.1', srv.port, { pkipath: pki.pkiDir }), isTransportError('TRANSPORT_TLS_REJECTED', /confirmation byte 0, expected 1/));
    } finally {
      await srv.close();
    }
  });

  test('closing instead of answering is a refusal', async () => {
    const srv = await fakeTlsDaemon((s) => s.end());
    try {
      await assert.rejects(connectTls('127.0.0.1', srv.port, { pkipath: pki.pkiDir }), isTransportError('TRANSPORT_TLS_REJECTED', /without accepting us/));
    } finally {
      await srv.close();
    }
  });

  test('a server that never sends the byte times out', async () => {
    const srv = await fakeTlsDaemon(() => undefined);
    try {
      const t0 = Date.now();
      await assert.rejects(connectTls('127.0.0.1', srv.port, { pkipath: pki.pkiDir, timeoutMs: 300 }), isTransportError('TRANSPORT_TIMEOUT', /not connected after 300 ms/));
      assert.ok(Date.now() - t0 < 2000);
    } finally {
      await srv.close();
    }
  });

  test('a certificate for another name is refused; no_verify=1 accepts it', async () => {
    // The server certificate names localhost and 127.0.0.1, not 127.0.0.2 (also loopback on Linux).
    const srv = await fakeTlsDaemon((s) => s.write(Buffer.from([1])), '127.0.0.2');
    try {
      await assert.rejects(
        connectTls('127.0.0.2', srv.port, { pkipath: pki.pkiDir }),
        isTransportError('TRANSPORT_TLS_VERIFY', /not issued for '127\.0\.0\.2'.*no_verify=1/),
      );
      const s = await connectTls('127.0.0.2', srv.port, { pkipath: pki.pkiDir, noVerify: true });
      s.destroy();
    } finally {
      await srv.close();
    }
  });
});

describe('deadlines and aborts: an open never hangs', () => {
  let silent: Server;
  let port: number;
  const held: Socket[] = [];
  before(async () => {
    silent = createServer((s) => {
      held.push(s); // accepts and reads, never speaks
      s.resume();
      s.on("error", () => undefined);
    });
    port = await listen(silent);
  });
  after(() => {
    for (const s of held) s.destroy();
    silent.close();
  });

  test('tls to a server that never answers the handshake: timeout', async () => {
    await assert.rejects(openTransport(`test+tls://127.0.0.1:${port}/default?pkipath=${pki.pkiDir}`, { timeoutMs: 200 }), isTransportError('TRANSPORT_TIMEOUT'));
  });
  test('ssh to a server that never sends a banner: timeout', async () => {
    await assert.rejects(openTransport(`test+ssh://root@127.0.0.1:${port}/default?no_verify=1`, { timeoutMs: 200 }), isTransportError('TRANSPORT_TIMEOUT'));
  });
  test('an AbortSignal stops the open with its reason', async () => {
    const ac = new AbortController();
    const p = openTransport(`test+tls://127.0.0.1:${port}/default?pkipath=${pki.pkiDir}`, { signal: ac.signal, timeoutMs: 10_000 });
    setTimeout(() => ac.abort(new Error('user pressed ^C')), 50);
    await assert.rejects(p, isTransportError('TRANSPORT_ABORTED', /user pressed \^C/));
  });
  test('an already aborted signal rejects at once', async () => {
    await assert.rejects(openTransport(`test+tcp://127.0.0.1:${port}/default`, { signal: AbortSignal.abort() }), isTransportError('TRANSPORT_ABORTED'));
  });
  test('after a timeout the half-open connection is closed', async () => {
    const before = held.length;
    await assert.rejects(openTransport(`test+tls://127.0.0.1:${port}/default?pkipath=${pki.pkiDir}`, { timeoutMs: 150 }), isTransportError('TRANSPORT_TIMEOUT'));
    const s = held[before]!;
    await new Promise<void>((resolve) => (s.destroyed || s.readableEnded ? resolve() : s.once('close', () => resolve())));
  });
});

describe('socket errors say what to do', () => {
  test('missing unix socket', async () => {
    await assert.rejects(
      openTransport('qemu:///system?socket=/nonexistent/libvirt-sock'),
      isTransportError('TRANSPORT_NO_SOCKET', /libvirtd is not running\? no socket at \/nonexistent\/libvirt-sock/),
    );
  });
  test('missing default socket names the candidates', async () => {
    await assert.rejects(
      openTransport('qemu:///session', { euid: 4242, env: { XDG_RUNTIME_DIR: '/nonexistent/run', HOME: '/nonexistent' } }),
      isTransportError('TRANSPORT_NO_SOCKET', /no socket at \/nonexistent\/run\/libvirt\/libvirt-sock \(also considered: \/nonexistent\/run\/libvirt\/virtqemud-sock\)/),
    );
  });
  test('a file that is not a socket', async () => {
    const f = join(tmp, 'plain-file');
    writeFileSync(f, '');
    await assert.rejects(openTransport(`qemu:///system?socket=${f}`), (err: unknown) => err instanceof LibvirtTransportError && err.message.includes(f));
  });
  test('tcp: nothing listening', async () => {
    const srv = createServer();
    const port = await listen(srv);
    await new Promise((r) => srv.close(r));
    await assert.rejects(openTransport(`test+tcp://127.0.0.1:${port}/default`), isTransportError('TRANSPORT_CONNECT', /connection refused by 127\.0\.0\.1:\d+: is libvirtd running with --listen/));
  });
  test('tls: missing credential files name the file and pkipath', async () => {
    await assert.rejects(
      openTransport(`test+tls://127.0.0.1:1/default?pkipath=${join(tmp, 'nope')}`),
      isTransportError('TRANSPORT_TLS_FILES', /CA certificate .*nope\/cacert\.pem does not exist; give \?pkipath=DIR/),
    );
  });
  test('ext: a program that does not exist', async () => {
    await assert.rejects(openTransport('test+ext:///default?command=/nonexistent/proxy'), isTransportError('TRANSPORT_EXT', /cannot run ext transport command/));
  });
  test('ext: a program that fails reports its stderr on the stream', async () => {
    const script = join(tmp, 'failing-proxy');
    writeFileSync(script, '#!/bin/sh\necho "proxy: cannot reach the daemon" >&2\nexit 3\n');
    chmodSync(script, 0o755);
    const t = await openTransport(`test+ext:///default?command=${script}`);
    await assert.rejects(rawAuthList(t.stream, 5000), isTransportError('TRANSPORT_EXT', /exited with status 3: proxy: cannot reach the daemon/));
  });
});

describe('tls credential files, as libvirt finds them', () => {
  test('pkipath: the three files there, whether or not they exist', () => {
    assert.deepEqual(locateTlsFiles('/p'), { cacert: '/p/cacert.pem', cacrl: '/p/cacrl.pem', clientcert: '/p/clientcert.pem', clientkey: '/p/clientkey.pem' });
  });
  test('root: the system locations', () => {
    assert.deepEqual(locateTlsFiles(undefined, { euid: 0 }), SYSTEM_TLS_FILES);
    assert.equal(SYSTEM_TLS_FILES.cacert, '/etc/pki/CA/cacert.pem');
    assert.equal(SYSTEM_TLS_FILES.clientcert, '/etc/pki/libvirt/clientcert.pem');
    assert.equal(SYSTEM_TLS_FILES.clientkey, '/etc/pki/libvirt/private/clientkey.pem');
  });
  test('a normal user: ~/.pki/libvirt where present; certificate and key only as a pair', () => {
    const home = '/home/u';
    const have = (...names: string[]) => (p: string): boolean => names.some((n) => p === `${home}/.pki/libvirt/${n}`);
    const env = { HOME: home };
    assert.deepEqual(locateTlsFiles(undefined, { euid: 1000, env, exists: have('cacert.pem', 'cacrl.pem', 'clientcert.pem', 'clientkey.pem') }), {
      cacert: '/home/u/.pki/libvirt/cacert.pem',
      cacrl: '/home/u/.pki/libvirt/cacrl.pem',
      clientcert: '/home/u/.pki/libvirt/clientcert.pem',
      clientkey: '/home/u/.pki/libvirt/clientkey.pem',
    });
    assert.deepEqual(locateTlsFiles(undefined, { euid: 1000, env, exists: have('cacert.pem', 'clientcert.pem') }), {
      cacert: '/home/u/.pki/libvirt/cacert.pem',
      cacrl: SYSTEM_TLS_FILES.cacrl,
      clientcert: SYSTEM_TLS_FILES.clientcert,
      clientkey: SYSTEM_TLS_FILES.clientkey,
    });
    assert.deepEqual(locateTlsFiles(undefined, { euid: 1000, env, exists: () => false }), SYSTEM_TLS_FILES);
  });
});

describe('known_hosts', () => {
  const keyA = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.alloc(36, 1)]);
  const keyB = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.alloc(36, 2)]);
  const keyR = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.alloc(40, 3)]);
  const b64 = (k: Buffer): string => k.toString('base64');
  test('names: port 22 bare, others bracketed', () => {
    assert.equal(knownHostsName('Host.Example', 22), 'host.example');
    assert.equal(knownHostsName('10.0.0.1', 2222), '[10.0.0.1]:2222');
  });
  test('patterns: lists, wildcards, negation, hashed', () => {
    assert.equal(hostFieldMatches('a.example,b.example', 'b.example', 22), true);
    assert.equal(hostFieldMatches('*.example', 'b.example', 22), true);
    assert.equal(hostFieldMatches('*.example,!bad.example', 'bad.example', 22), false);
    assert.equal(hostFieldMatches('h?.example', 'h1.example', 22), true);
    assert.equal(hostFieldMatches('[h]:2222', 'h', 2222), true);
    assert.equal(hostFieldMatches('h', 'h', 2222), false);
    const salt = Buffer.alloc(20, 7);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h]:2222').digest('base64')}`;
    assert.equal(hostFieldMatches(hashed, 'h', 2222), true);
    assert.equal(hostFieldMatches(hashed, 'h', 22), false);
  });
  test('verdicts: known, unknown, changed, revoked', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        `h.example ssh-ed25519 ${b64(keyA)}`,
        `other.example ssh-rsa ${b64(keyR)}`,
        `@revoked * ssh-ed25519 ${b64(keyB)}`,
        `@cert-authority *.example ssh-ed25519 ${b64(keyB)}`,
        'garbage',
      ].join('\n'),
    );
    assert.equal(entries.length, 4);
    assert.deepEqual(checkHostKey(entries, 'h.example', 22, keyA), { status: 'known', line: 3 });
    assert.deepEqual(checkHostKey(entries, 'new.example', 22, keyA), { status: 'unknown', knownTypes: [] });
    assert.deepEqual(checkHostKey(entries, 'other.example', 22, keyA), { status: 'unknown', knownTypes: ['ssh-rsa'] });
    assert.deepEqual(checkHostKey(entries, 'h.example', 22, keyB), { status: 'revoked', line: 5 });
    const keyC = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.alloc(36, 9)]);
    assert.deepEqual(checkHostKey(entries, 'h.example', 22, keyC), { status: 'changed', line: 3, keyType: 'ssh-ed25519' });
  });
  test('recording a key hashes the name and is then known', () => {
    const f = join(tmp, 'kh-append');
    appendKnownHost(f, '127.0.0.1', 2200, keyA);
    assert.match(readFileSync(f, 'utf8'), /^\|1\|[^ ]+ ssh-ed25519 /);
    assert.equal(checkHostKey(readKnownHosts(f), '127.0.0.1', 2200, keyA).status, 'known');
    assert.deepEqual(readKnownHosts(join(tmp, 'no-such-file')), []);
  });
});

describe('ssh: what runs on the far side', () => {
  const base = { netcat: undefined, socket: '/var/run/libvirt/libvirt-sock', helperName: 'qemu:///system', readonly: false };
  test('auto: virt-ssh-helper when installed, else nc', () => {
    const c = sshProxyCommand({ ...base, proxy: 'auto' });
    assert.ok(c.startsWith("sh -c '"), c);
    assert.match(c, /which virt-ssh-helper/);
    assert.match(c, /virt-ssh-helper '\\''qemu:\/\/\/system'\\''/);
    assert.match(c, /-U '\\''\/var\/run\/libvirt\/libvirt-sock'\\''/);
  });
  test('native and read-only', () => {
    assert.equal(sshProxyCommand({ ...base, proxy: 'native', readonly: true }), `sh -c ${shellQuote("virt-ssh-helper -r 'qemu:///system'")}`);
  });
  test('netcat=PATH turns auto into netcat, and -q0 when that nc wants it', () => {
    const c = sshProxyCommand({ ...base, proxy: 'auto', netcat: '/opt/nc' });
    assert.doesNotMatch(c, /virt-ssh-helper/);
    assert.match(c, /\/opt\/nc/);
    assert.match(c, /ARG=-q0/);
  });
  test('quoting survives spaces and quotes (checked with a real sh)', () => {
    const sock = join(tmp, "it's a socket");
    const c = sshProxyCommand({ ...base, proxy: 'netcat', netcat: '/bin/echo', socket: sock });
    // What the remote login shell would do with the exec request:
    const r = spawnSync('/bin/sh', ['-c', c], { encoding: 'utf8' });
    assert.equal(r.stdout.trim().endsWith(`-U ${sock}`), true, r.stdout + r.stderr);
  });
  test('libvirt\'s default choice: socket= means netcat, session means native, else auto', () => {
    const env = { HOME: '/home/u', USER: 'u' };
    assert.equal(planSsh(parseLibvirtUri('qemu+ssh://h/system?socket=/s'), { env, euid: 0 }).proxy, 'netcat');
    assert.equal(planSsh(parseLibvirtUri('qemu+ssh://h/session'), { env, euid: 1000 }).proxy, 'native');
    assert.equal(planSsh(parseLibvirtUri('qemu+ssh://h/system'), { env, euid: 1000 }).proxy, 'auto');
    assert.equal(planSsh(parseLibvirtUri('qemu+ssh://h/system?proxy=native'), { env, euid: 0 }).proxy, 'native');
  });
  test('readonly goes to the helper (-r) and to the -ro socket for nc', () => {
    const p = planSsh(parseLibvirtUri('qemu+ssh://h/system'), { env: { HOME: '/x' }, euid: 0, readonly: true });
    assert.match(p.command, /virt-ssh-helper -r /);
    assert.match(p.command, /libvirt-sock-ro/);
  });
  test('defaults: user, known_hosts, keys; libssh transports keep libvirt\'s own defaults', () => {
    const home = join(tmp, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'x');
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'x');
    const env = { HOME: home, USER: 'alice' };
    const p = planSsh(parseLibvirtUri('qemu+ssh://h/system'), { env, euid: 1000 });
    assert.equal(p.username, 'alice');
    assert.equal(p.port, 22);
    assert.equal(p.knownHostsPath, join(home, '.ssh', 'known_hosts'));
    assert.deepEqual(p.keyfiles, [join(home, '.ssh', 'id_ed25519'), join(home, '.ssh', 'id_rsa')]);
    assert.equal(p.hostKeyPolicy, 'strict');
    assert.equal(p.agent, undefined);
    const l = planSsh(parseLibvirtUri('qemu+libssh2://h/system'), { env: { ...env, SSH_AUTH_SOCK: '/a' }, euid: 1000 });
    assert.equal(l.username, 'root');
    assert.equal(l.knownHostsPath, join(home, '.config', 'libvirt', 'known_hosts'));
    assert.equal(l.agent, '/a');
    const e = planSsh(parseLibvirtUri('qemu+ssh://bob@h:2022/system?keyfile=/k&known_hosts=/kh&no_verify=1'), { env, euid: 1000 });
    assert.deepEqual([e.username, e.port, e.keyfiles, e.knownHostsPath, e.hostKeyPolicy], ['bob', 2022, ['/k'], '/kh', 'accept-new']);
    assert.equal(planSsh(parseLibvirtUri('qemu+libssh://h/system?known_hosts_verify=ignore'), { env }).hostKeyPolicy, 'ignore');
    assert.equal(planSsh(parseLibvirtUri('qemu+libssh://h/system?known_hosts_verify=auto'), { env }).hostKeyPolicy, 'accept-new-and-record');
  });
});
