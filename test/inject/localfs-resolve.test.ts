/**
 * GuestRoot's in-guest path resolution over a plain directory standing in for a mounted guest
 * (no loop device needed): the rules one by one, each hostile case checked against host canaries.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, readFileSync, statSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GuestRoot, MAX_HOPS } from '../../src/inject/localfs/index.js';
import { InjectionError } from '../../src/inject/vfs.js';

let guest: string;
let canary: string;
let g: GuestRoot;
let snapshot: string;

/** Content, mode and mtime of every entry under the canary: must never change. */
function canaryState(): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = statSync(p);
      out.push(`${relative(canary, p)} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs} ${st.isFile() ? readFileSync(p, 'utf8') : ''}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(canary);
  out.push(`. ${statSync(canary).mtimeMs}`);
  return out.join('\n');
}

before(() => {
  canary = mkdtempSync(join(tmpdir(), 'stratus-canary-'));
  mkdirSync(join(canary, 'ssh'));
  writeFileSync(join(canary, 'ssh', 'authorized_keys'), 'HOST KEYS\n');
  writeFileSync(join(canary, 'shadow'), 'HOST SHADOW\n');
  guest = mkdtempSync(join(tmpdir(), 'stratus-fakeguest-'));
  for (const d of ['etc', 'root', 'tmp', 'a/b/c', 'opt']) mkdirSync(join(guest, d), { recursive: true });
  writeFileSync(join(guest, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
  writeFileSync(join(guest, 'a', 'b', 'c', 'file'), 'guest file\n');
  symlinkSync(join(canary, 'ssh'), join(guest, 'root', '.ssh')); // absolute host path
  symlinkSync(join(canary, 'shadow'), join(guest, 'etc', 'shadow'));
  symlinkSync('../'.repeat(12) + relative('/', canary), join(guest, 'opt', 'app')); // ../../.. chain
  symlinkSync('../a/b', join(guest, 'etc', 'rel')); // relative, from the link's directory
  symlinkSync('/a/b/c/file', join(guest, 'etc', 'abs'));
  symlinkSync('loop2', join(guest, 'etc', 'loop1'));
  symlinkSync('loop1', join(guest, 'etc', 'loop2'));
  symlinkSync('/nowhere', join(guest, 'etc', 'dangling'));
  execFileSync('mkfifo', [join(guest, 'etc', 'fifo')]);
  g = new GuestRoot(guest);
  snapshot = canaryState();
});

after(() => {
  assert.equal(canaryState(), snapshot, 'host canary changed');
  rmSync(guest, { recursive: true, force: true });
  rmSync(canary, { recursive: true, force: true });
});

test('.. never climbs above the guest root', async () => {
  const r = await g.resolve('t', '/../../../etc/../../etc/passwd', { followFinal: true });
  assert.deepEqual(r.components, ['etc', 'passwd']);
  assert.equal(r.host, join(guest, 'etc', 'passwd'));
  assert.deepEqual((await g.resolve('t', '/..', { followFinal: true })).components, []);
});

test('relative symlinks resolve from the link\'s directory, absolute ones from the guest root', async () => {
  assert.deepEqual((await g.resolve('t', '/etc/rel/c/file', { followFinal: true })).components, ['a', 'b', 'c', 'file']);
  assert.deepEqual((await g.resolve('t', '/etc/abs', { followFinal: true })).components, ['a', 'b', 'c', 'file']);
  // not following the final component: the link itself
  const r = await g.resolve('t', '/etc/abs', { followFinal: false });
  assert.deepEqual(r.components, ['etc', 'abs']);
  assert.ok(r.stat?.isSymbolicLink());
});

test('a symlink to an absolute host path resolves inside the guest', async () => {
  const r = await g.resolve('t', '/root/.ssh', { followFinal: false });
  assert.equal(r.host, join(guest, 'root', '.ssh'));
  assert.ok(r.stat?.isSymbolicLink());
  // followed, the guest path /tmp/stratus-canary-*/ssh has no parent in the guest
  await assert.rejects(g.resolve('t', '/root/.ssh', { followFinal: true }), (e: unknown) => e instanceof InjectionError && e.message.includes(`${canary} does not exist in the guest`));
  // the guest has no such directory: a clear ENOENT, not the host's file
  await assert.rejects(g.readFile('t', '/root/.ssh/authorized_keys'), (e: unknown) => e instanceof InjectionError && /ENOENT/.test(e.message));
  await assert.rejects(g.readFile('t', '/etc/shadow'), InjectionError);
});

test('a ../../.. chain stays in the guest', async () => {
  const r = await g.resolve('t', '/opt/app', { followFinal: true });
  assert.deepEqual(r.components, relative('/', canary).split('/'));
  assert.ok(r.host.startsWith(guest + '/'));
  await assert.rejects(g.readFile('t', '/opt/app/shadow'), /ENOENT/);
});

test('writes through hostile links land inside the guest, never on the host', async () => {
  const fh = await g.openForWrite('t', '/etc/shadow', 'replace').catch((e: unknown) => e);
  assert.ok(fh instanceof InjectionError, 'the link target\'s directory does not exist in the guest');
  await g.resolve('t', '/root/.ssh', { followFinal: true, create: true, createMode: 0o700 });
  const w = await g.openForWrite('t', '/root/.ssh/authorized_keys', 'append');
  await w.writeFile('guest key\n');
  await w.close();
  const inGuest = join(guest, relative('/', canary), 'ssh', 'authorized_keys');
  assert.equal(readFileSync(inGuest, 'utf8'), 'guest key\n');
  assert.equal(statSync(inGuest).mode & 0o777, 0o644);
  assert.equal(statSync(join(guest, relative('/', canary), 'ssh')).mode & 0o777, 0o700);
  assert.equal(readFileSync(join(canary, 'ssh', 'authorized_keys'), 'utf8'), 'HOST KEYS\n');
});

test('symlink loops end with ELOOP after the hop limit', async () => {
  assert.equal(MAX_HOPS, 40);
  await assert.rejects(g.resolve('t', '/etc/loop1', { followFinal: true }), /ELOOP/);
  await assert.rejects(g.resolve('t', '/etc/loop1/x', { followFinal: false }), /ELOOP/);
  // a lookup that does not follow the last link is fine
  assert.ok((await g.resolve('t', '/etc/loop1', { followFinal: false })).stat?.isSymbolicLink());
});

test('a non-directory in the middle is ENOTDIR; a missing one ENOENT', async () => {
  await assert.rejects(g.resolve('t', '/etc/passwd/x', { followFinal: true }), /ENOTDIR/);
  await assert.rejects(g.resolve('t', '/nope/x', { followFinal: true }), /ENOENT/);
  assert.equal((await g.resolve('t', '/nope', { followFinal: true })).stat, null);
});

test('fifos are never written or read through', async () => {
  await assert.rejects(g.openForWrite('t', '/etc/fifo', 'append'), /refusing to write through a fifo/);
  await assert.rejects(g.readFile('t', '/etc/fifo'), /refusing to read a fifo/);
  await assert.rejects(g.changeAttrs('t', '/etc/fifo', async () => {}), /refusing to change a fifo/);
});

test('a dangling link is followed inside the guest when written (as the guest would)', async () => {
  const w = await g.openForWrite('t', '/etc/dangling', 'replace');
  await w.writeFile('x');
  await w.close();
  assert.equal(readFileSync(join(guest, 'nowhere'), 'utf8'), 'x');
  assert.equal(existsSync('/nowhere'), false);
});

test('relative paths and NUL bytes are refused', async () => {
  await assert.rejects(g.resolve('t', 'etc/passwd', { followFinal: true }), /absolute/);
  await assert.rejects(g.resolve('t', '/etc/pa\0sswd', { followFinal: true }), /NUL/);
});
