/**
 * Transports against real daemons: the host's libvirtd over its unix socket, and a separate
 * libvirtd (test/helpers/tls-daemon.ts) over TLS, TCP and its own unix socket. Each transport is
 * proven twice: a raw AUTH_LIST exchange (bytes both ways with no RPC code involved), then a full
 * Connection (auth, CONNECT_OPEN with the stripped name) calling getLibVersion.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTransport, LibvirtTransportError } from '../../src/libvirt/transport/index.js';
import { openConnection } from '../../src/libvirt/connection.js';
import { remoteProcedures as P } from '../../src/libvirt/protocol/remote.js';
import { startTlsDaemon, type TlsDaemon } from '../helpers/tls-daemon.js';
import { rawAuthList, authTypes, REMOTE_PROGRAM, REMOTE_PROC_AUTH_LIST } from '../fixtures/transport/raw-rpc.js';

const SYSTEM_SOCKET = '/var/run/libvirt/libvirt-sock';

/** Two AUTH_LIST round trips on one stream: a well-formed REPLY each time, serials echoed. */
async function provesBothWays(uri: string, opts: { readonly?: boolean } = {}): Promise<{ secure: boolean; describe: string }> {
  const t = await openTransport(uri, { timeoutMs: 15_000, ...opts });
  try {
    for (const serial of [1, 2]) {
      const r = await rawAuthList(t.stream, 10_000, serial);
      assert.equal(r.prog, REMOTE_PROGRAM);
      assert.equal(r.vers, 1);
      assert.equal(r.proc, REMOTE_PROC_AUTH_LIST);
      assert.equal(r.type, 1, 'REPLY');
      assert.equal(r.serial, serial);
      assert.equal(r.status, 0, 'OK');
      assert.equal(r.length, 28 + r.body.length);
      assert.ok(authTypes(r.body).length >= 1);
      t.stream.resume();
    }
    return { secure: t.secure, describe: t.describe };
  } finally {
    t.stream.destroy();
  }
}

async function libVersionVia(uri: string): Promise<bigint> {
  const c = await openConnection(uri, { openTimeout: 15_000, keepalive: false });
  try {
    const { libVer } = await c.call(P.connectGetLibVersion, undefined, { timeout: 10_000 });
    return BigInt(libVer);
  } finally {
    await c.close();
  }
}

describe('unix transport, host libvirtd', () => {
  test('test+unix:///default reaches the legacy socket; bytes both ways', async () => {
    const r = await provesBothWays('test+unix:///default');
    assert.equal(r.secure, true);
    assert.equal(r.describe, `unix socket ${SYSTEM_SOCKET}`);
  });
  test('read-only takes the -ro socket, which answers too', async () => {
    const r = await provesBothWays('qemu:///system', { readonly: true });
    assert.equal(r.describe, `unix socket ${SYSTEM_SOCKET}-ro`);
  });
  test('Connection over unix: getLibVersion', async () => {
    assert.ok((await libVersionVia('test+unix:///default')) >= 1_000_000n);
  });
  test('ext transport running nc -U against the same socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-ext-'));
    try {
      const script = join(dir, 'proxy');
      writeFileSync(script, `#!/bin/sh\nexec nc -U ${SYSTEM_SOCKET}\n`);
      chmodSync(script, 0o755);
      const r = await provesBothWays(`test+ext:///default?command=${script}`);
      assert.equal(r.secure, false);
      assert.ok((await libVersionVia(`test+ext:///default?command=${script}`)) >= 1_000_000n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tls, tcp and unix against a separate libvirtd', () => {
  let d: TlsDaemon;
  before(async () => {
    d = await startTlsDaemon();
  });
  after(async () => {
    await d?.stop();
  });

  test('tls by address: handshake, accept byte, bytes both ways', async () => {
    const r = await provesBothWays(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.pkiDir}`);
    assert.equal(r.secure, true);
    assert.equal(r.describe, `tls 127.0.0.1:${d.tlsPort}`);
  });
  test('tls by name (certificate checked against localhost)', async () => {
    await provesBothWays(`test+tls://localhost:${d.tlsPort}/default?pkipath=${d.pkiDir}`);
  });
  test('tcp: bytes both ways, not secure', async () => {
    const r = await provesBothWays(`test+tcp://127.0.0.1:${d.tcpPort}/default`);
    assert.equal(r.secure, false);
  });
  test('unix via ?socket= to the separate daemon', async () => {
    await provesBothWays(`test+unix:///default?socket=${d.socketPath}`);
  });
  test('Connection over tls, tcp and unix: getLibVersion, and the daemon saw the stripped name', async () => {
    for (const uri of [
      `test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.pkiDir}`,
      `test+tcp://127.0.0.1:${d.tcpPort}/default`,
      `test:///default?socket=${d.socketPath}`,
    ]) {
      assert.ok((await libVersionVia(uri)) >= 1_000_000n, uri);
      const c = await openConnection(uri, { openTimeout: 15_000, keepalive: false });
      try {
        assert.deepEqual(await c.call(P.connectGetUri, undefined), { uri: 'test:///default' });
      } finally {
        await c.close();
      }
    }
  });

  test('hostile: server certificate from a CA we do not trust', async () => {
    await assert.rejects(
      openTransport(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.wrongCaPkiDir}`),
      (err: unknown) => {
        assert.ok(err instanceof LibvirtTransportError, String(err));
        assert.equal(err.code, 'TRANSPORT_TLS_VERIFY');
        assert.match(err.message, new RegExp(`cannot verify the TLS server at 127\\.0\\.0\\.1:${d.tlsPort}: its certificate is not signed by the CA in .*pki-wrong-ca/cacert\\.pem`));
        return true;
      },
    );
  });
  test('hostile: server certificate revoked by the CRL in pkipath (cacrl.pem)', async () => {
    await assert.rejects(openTransport(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.revokedServerPkiDir}`), (err: unknown) => {
      assert.ok(err instanceof LibvirtTransportError, String(err));
      assert.equal(err.code, 'TRANSPORT_TLS_VERIFY');
      assert.match(err.message, /its certificate is revoked by .*pki-revoked-server\/cacrl\.pem/);
      return true;
    });
  });
  test('no_verify=1 accepts that server (the daemon still checks us)', async () => {
    await provesBothWays(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.wrongCaPkiDir}&no_verify=1`);
  });
  test('hostile: our client certificate from a CA the daemon does not trust', async () => {
    await assert.rejects(openTransport(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.rogueClientPkiDir}`), (err: unknown) => {
      assert.ok(err instanceof LibvirtTransportError, String(err));
      assert.equal(err.code, 'TRANSPORT_TLS_REJECTED');
      assert.match(err.message, /rejected our client certificate|refused/);
      return true;
    });
  });
  test('hostile: no client certificate at all; the daemon refuses us after the handshake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-pki-cacert-only-'));
    try {
      copyFileSync(join(d.pkiDir, 'cacert.pem'), join(dir, 'cacert.pem'));
      await assert.rejects(openTransport(`test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${dir}`), (err: unknown) => {
        assert.ok(err instanceof LibvirtTransportError, String(err));
        assert.equal(err.code, 'TRANSPORT_TLS_REJECTED');
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('tls to the plain tcp port fails clearly, not by hanging', async () => {
    await assert.rejects(openTransport(`test+tls://127.0.0.1:${d.tcpPort}/default?pkipath=${d.pkiDir}`, { timeoutMs: 10_000 }), (err: unknown) => {
      assert.ok(err instanceof LibvirtTransportError, String(err));
      assert.equal(err.code, 'TRANSPORT_CONNECT');
      assert.match(err.message, /TLS handshake: is \d+ the daemon's TLS port/);
      return true;
    });
  });
  test('Connection surfaces transport errors with the URI', async () => {
    const uri = `test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${d.wrongCaPkiDir}`;
    await assert.rejects(openConnection(uri, { openTimeout: 10_000 }), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /cannot verify the TLS server/);
      return true;
    });
  });
});
