import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { ImageCache, ImageError, ImageStore } from '../../src/image/index.js';
import { makeQcow2, makeRaw, MiB, sh, tempDir } from './helpers.js';

describe('image cache (_base)', () => {
  const t = tempDir('cache');
  const store = new ImageStore(join(t.dir, 'images'));
  const instances = join(t.dir, 'instances');
  after(() => t.cleanup());

  it('ten concurrent fetches of one image make exactly one copy', async () => {
    const meta = await store.import(makeRaw(join(t.dir, 'a.raw'), 32 * MiB), { name: 'a' });
    const cache = new ImageCache(instances, store);
    const started = Date.now();
    const got = await Promise.all(Array.from({ length: 10 }, () => cache.fetch(meta.id)));
    const ms = Date.now() - started;
    assert.equal(cache.fetchCount, 1);
    const expected = join(instances, '_base', createHash('sha1').update(meta.id).digest('hex'));
    for (const g of got) {
      assert.equal(g.path, expected);
      assert.equal(g.format, 'raw');
      assert.equal(g.info.virtualSize, 32 * MiB);
    }
    assert.equal(sh('sha256sum', expected).split(' ')[0], meta.checksum);
    // No lock or part files left.
    assert.deepEqual(readdirSync(join(instances, '_base')), [expected.split('/').at(-1)]);
    // Later fetches reuse the base.
    await cache.fetch(meta.id);
    assert.equal(cache.fetchCount, 1);
    console.log(`# 10 concurrent fetches of a 32 MiB image: ${ms} ms`);
  });

  it('two caches in different processes still copy once (lock file)', async () => {
    const meta = await store.import(makeQcow2(join(t.dir, 'b.qcow2'), 32 * MiB), { name: 'b' });
    // Four child processes, each with its own ImageCache, racing on the same _base.
    // Works from the sources (tsx) and from the compiled dist/ tree (plain node).
    const fromTs = import.meta.url.endsWith('.ts');
    const index = new URL(`../../src/image/index.${fromTs ? 'ts' : 'js'}`, import.meta.url).href;
    const script = join(t.dir, 'child.mjs');
    writeFileSync(
      script,
      `import { ImageCache, ImageStore } from ${JSON.stringify(index)};
const cache = new ImageCache(process.argv[2], new ImageStore(process.argv[3]));
await Promise.all([cache.fetch(process.argv[4]), cache.fetch(process.argv[4])]);
process.send({ copies: cache.fetchCount });`,
    );
    const runs = Array.from({ length: 4 }, () => new Promise<number>((resolve, reject) => {
      const child = fork(script, [instances, store.dir, meta.id], { execArgv: fromTs ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let copies = -1;
      child.on('message', (m) => (copies = (m as { copies: number }).copies));
      child.on('exit', (c) => (c === 0 ? resolve(copies) : reject(new Error(`child exited ${c}`))));
    }));
    const copies = await Promise.all(runs);
    assert.equal(copies.reduce((a, b) => a + b, 0), 1, `copies per process: ${copies.join(',')}`);
  });

  it('a corrupt store file fails with CHECKSUM and leaves no base', async () => {
    const meta = await store.import(makeRaw(join(t.dir, 'c.raw')), { name: 'c' });
    sh('dd', 'if=/dev/zero', `of=${store.path(meta.id)}`, 'bs=4096', 'count=1', 'conv=notrunc', 'status=none');
    const cache = new ImageCache(instances, store);
    await assert.rejects(cache.fetch(meta.id), (e: unknown) => {
      assert.ok(e instanceof ImageError);
      assert.equal(e.code, 'CHECKSUM');
      assert.equal(e.imageId, meta.id);
      return true;
    });
    assert.ok(!existsSync(cache.basePath(meta.id)));
    assert.ok(!readdirSync(cache.baseDir).some((n) => n.includes('.part-') || n.endsWith('.lock')));
  });

  it('a base replaced on disk is checked again (a hostile replacement is refused)', async () => {
    const meta = await store.import(makeQcow2(join(t.dir, 'e.qcow2')), { name: 'e' });
    const cache = new ImageCache(instances, store);
    const first = await cache.fetch(meta.id);
    const t0 = performance.now();
    await cache.fetch(meta.id);
    console.log(`# fetch of an already checked base: ${(performance.now() - t0).toFixed(1)} ms`);
    const evil = join(t.dir, 'evil.qcow2');
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-b', '/etc/shadow', '-F', 'raw', evil);
    sh('mv', evil, first.path);
    await assert.rejects(cache.fetch(meta.id), (e: unknown) => e instanceof ImageError && e.code === 'BACKING_FILE');
  });

  it('an unknown image, or one whose bytes are gone, is NOT_FOUND', async () => {
    const cache = new ImageCache(instances, store);
    const meta = await store.import(makeRaw(join(t.dir, 'g.raw')), { name: 'g' });
    sh('rm', store.path(meta.id));
    await assert.rejects(cache.fetch(meta.id), (e: unknown) => e instanceof ImageError && e.code === 'NOT_FOUND' && /bytes/.test(e.message));
    assert.ok(!readdirSync(cache.baseDir).some((n) => n.includes('.part-') || n.endsWith('.lock')));
    await assert.rejects(cache.fetch('00000000-0000-4000-8000-000000000000'), (e: unknown) => e instanceof ImageError && e.code === 'NOT_FOUND');
  });

  it('a stale lock from a dead process is taken over', async () => {
    const meta = await store.import(makeRaw(join(t.dir, 'd.raw')), { name: 'd' });
    const cache = new ImageCache(instances, store);
    sh('mkdir', '-p', cache.baseDir);
    // pid 2^22+1 is above pid_max's default ceiling: no such process.
    writeFileSync(`${cache.basePath(meta.id)}.lock`, JSON.stringify({ pid: 4194305, at: Date.now() }));
    const got = await cache.fetch(meta.id);
    assert.ok(existsSync(got.path));
    assert.ok(!existsSync(`${got.path}.lock`));
  });
});
