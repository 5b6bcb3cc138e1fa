/**
 * The ssh transport against a real sshd (test/helpers/sshd.ts) logging into root, reaching the
 * host's libvirtd through virt-ssh-helper or nc -U, as libvirt's client does; and a separate
 * libvirtd's socket via ?socket= (the netcat path).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openTransport, LibvirtTransportError } from '../../src/libvirt/transport/index.js';
import { openConnection } from '../../src/libvirt/connection.js';
import { remoteProcedures as P } from '../../src/libvirt/protocol/remote.js';
import { startSshd, spawnTethered, type TestSshd } from '../helpers/sshd.js';
import { startTlsDaemon, type TlsDaemon } from '../helpers/tls-daemon.js';
import { rawAuthList, REMOTE_PROC_AUTH_LIST } from '../fixtures/transport/raw-rpc.js';

function isTransportError(code: string, re?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof LibvirtTransportError, `expected LibvirtTransportError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (re) assert.match(err.message, re);
    return true;
  };
}

describe('ssh transport', () => {
  let s: TestSshd;
  let d: TlsDaemon;
  let base: string;
  before(async () => {
    [s, d] = await Promise.all([startSshd(), startTlsDaemon()]);
    base = `test+ssh://root@127.0.0.1:${s.port}/default`;
  });
  after(async () => {
    await Promise.all([s?.stop(), d?.stop()]);
  });
  const q = (extra = ''): string => `${base}?keyfile=${s.keyfile}&known_hosts=${s.knownHosts}${extra}`;

  async function bothWays(uri: string, opts: { readonly?: boolean; env?: Record<string, string | undefined> } = {}): Promise<void> {
    const t = await openTransport(uri, { timeoutMs: 20_000, ...opts });
    try {
      assert.equal(t.secure, true);
      assert.equal(t.describe, `ssh root@127.0.0.1:${s.port}`);
      for (const serial of [1, 2]) {
        const r = await rawAuthList(t.stream, 10_000, serial);
        assert.deepEqual([r.proc, r.type, r.serial, r.status, r.length], [REMOTE_PROC_AUTH_LIST, 1, serial, 0, 28 + r.body.length]);
        t.stream.resume();
      }
    } catch (err) {
      throw new Error(`${String(err)}\nsshd log:\n${s.log().slice(-2000)}`);
    } finally {
      t.stream.destroy();
    }
  }

  test('default (auto: virt-ssh-helper is installed) reaches the host libvirtd', async () => {
    await bothWays(q());
  });
  test('proxy=native and proxy=netcat', async () => {
    await bothWays(q('&proxy=native'));
    await bothWays(q('&proxy=netcat'));
  });
  test('read-only: virt-ssh-helper -r / the -ro socket', async () => {
    await bothWays(q(), { readonly: true });
    await bothWays(q('&proxy=netcat'), { readonly: true });
  });
  test('?socket= goes through nc to that socket (the separate daemon)', async () => {
    await bothWays(q(`&socket=${d.socketPath}`));
    const c = await openConnection(q(`&socket=${d.socketPath}`), { openTimeout: 20_000, keepalive: false });
    try {
      assert.deepEqual(await c.call(P.connectGetUri, undefined), { uri: 'test:///default' });
    } finally {
      await c.close();
    }
  });
  test('Connection over ssh: getLibVersion', async () => {
    const c = await openConnection(q(), { openTimeout: 20_000, keepalive: false });
    try {
      const { libVer } = await c.call(P.connectGetLibVersion, undefined, { timeout: 10_000 });
      assert.ok(BigInt(libVer) >= 1_000_000n);
    } finally {
      await c.close();
    }
  });

  test('hostile: unknown host key is refused, naming host and known_hosts file', async () => {
    await assert.rejects(
      openTransport(`${base}?keyfile=${s.keyfile}&known_hosts=${s.emptyKnownHosts}`),
      isTransportError('TRANSPORT_SSH_UNKNOWN_HOST', new RegExp(`SSH host 127\\.0\\.0\\.1:${s.port} is not in ${s.emptyKnownHosts.replace(/[.]/g, '\\.')}.*no_verify=1`)),
    );
  });
  test('no_verify=1 accepts an unknown host', async () => {
    await bothWays(`${base}?keyfile=${s.keyfile}&known_hosts=${s.emptyKnownHosts}&no_verify=1`);
  });
  test('hostile: a changed host key is refused even with no_verify=1', async () => {
    for (const extra of ['', '&no_verify=1']) {
      await assert.rejects(
        openTransport(`${base}?keyfile=${s.keyfile}&known_hosts=${s.wrongKnownHosts}${extra}`),
        isTransportError('TRANSPORT_SSH_HOST_KEY_CHANGED', /differs from the one on line 1 of .*known_hosts\.wrong/),
      );
    }
  });
  test('known_hosts_verify=auto records the key, after which it is known', async () => {
    const kh = join(s.dir, 'kh-auto');
    copyFileSync(s.emptyKnownHosts, kh);
    await bothWays(`${base}?keyfile=${s.keyfile}&known_hosts=${kh}&known_hosts_verify=auto`);
    assert.match(readFileSync(kh, 'utf8'), /\|1\|.* ssh-ed25519 /);
    await bothWays(`${base}?keyfile=${s.keyfile}&known_hosts=${kh}`);
  });
  test('hostile: a key the server does not accept', async () => {
    // The host key's private half is a valid key, just not authorized for root.
    await assert.rejects(
      openTransport(`${base}?keyfile=${join(s.dir, 'other_host_key')}&known_hosts=${s.knownHosts}`, { env: { HOME: s.dir } }),
      isTransportError('TRANSPORT_SSH_AUTH', /SSH login as root to root@127\.0\.0\.1:\d+ failed: tried key .*other_host_key/),
    );
  });
  test('defaults: user from $USER, key from ~/.ssh, known_hosts from ~/.ssh/known_hosts', async () => {
    const home = join(s.dir, 'home-defaults');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    copyFileSync(s.keyfile, join(home, '.ssh', 'id_ed25519'));
    copyFileSync(s.knownHosts, join(home, '.ssh', 'known_hosts'));
    await bothWays(`test+ssh://127.0.0.1:${s.port}/default`, { env: { HOME: home, USER: 'root' } });
  });
  test('ssh-agent (SSH_AUTH_SOCK) when no key file is around', async () => {
    const home = join(s.dir, 'home-agent');
    mkdirSync(home, { recursive: true });
    const sock = join(s.dir, 'agent.sock');
    const agent = spawnTethered('ssh-agent', ['-D', '-a', sock]);
    try {
      for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      const add = spawnSync('ssh-add', [s.keyfile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, encoding: 'utf8' });
      assert.equal(add.status, 0, add.stderr);
      await bothWays(`test+ssh://root@127.0.0.1:${s.port}/default?known_hosts=${s.knownHosts}`, { env: { HOME: home, SSH_AUTH_SOCK: sock } });
    } finally {
      await agent.stop(1000);
    }
  });
  test('a passphrase-protected key is refused with a pointer to ssh-agent', async () => {
    const enc = join(s.dir, 'id_encrypted');
    const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', enc], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    await assert.rejects(
      openTransport(`${base}?keyfile=${enc}&known_hosts=${s.knownHosts}`, { env: { HOME: s.dir } }),
      isTransportError('TRANSPORT_SSH_AUTH', /cannot use SSH key .*id_encrypted: .*passphrase-protected key must be loaded into ssh-agent/),
    );
  });
  test('no key and no agent: the error says so', async () => {
    const home = join(s.dir, 'home-empty');
    mkdirSync(home, { recursive: true });
    await assert.rejects(
      openTransport(`${base}?known_hosts=${s.knownHosts}`, { env: { HOME: home } }),
      isTransportError('TRANSPORT_SSH_AUTH', /no key or agent was available.*\?keyfile=PATH/),
    );
  });
  test('a missing keyfile is named', async () => {
    await assert.rejects(openTransport(`${base}?keyfile=${join(s.dir, 'nope')}&known_hosts=${s.knownHosts}`), isTransportError('TRANSPORT_SSH_AUTH', /SSH key file .*nope does not exist/));
  });
  test('a failing remote proxy command surfaces its stderr', async () => {
    const t = await openTransport(q('&socket=/nonexistent/libvirt-sock'));
    await assert.rejects(rawAuthList(t.stream, 10_000), isTransportError('TRANSPORT_SSH_COMMAND', /exited with status \d+: .*\/nonexistent\/libvirt-sock/));
  });
  test('refused port', async () => {
    await assert.rejects(openTransport(`test+ssh://root@127.0.0.1:1/default?keyfile=${s.keyfile}`), isTransportError('TRANSPORT_CONNECT', /connection refused .* is sshd running/));
  });
});
