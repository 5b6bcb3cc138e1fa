import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImageError, ImageStore } from '../../src/image/index.js';
import { makeQcow2, makeRaw, MiB, sh, tempDir } from './helpers.js';

const code = (c: string) => (e: unknown) => {
  assert.ok(e instanceof ImageError, String(e));
  assert.equal(e.code, c, e.message);
  return true;
};

describe('image store', () => {
  const t = tempDir('store');
  const src = join(t.dir, 'src');
  sh('mkdir', '-p', src);
  const store = new ImageStore(join(t.dir, 'images'));
  after(() => t.cleanup());

  it('imports a raw image: sha256 on the fly, detected format, metadata, sparse copy', async () => {
    const file = makeRaw(join(src, 'a.raw'), 64 * MiB);
    const want = createHash('sha256').update(readFileSync(file)).digest('hex');
    const calls: [number, number][] = [];
    const meta = await store.import(file, {
      name: 'debian',
      properties: { architecture: 'x86_64', hw_disk_bus: 'virtio', os_type: 'linux' },
      minDisk: 1,
      minRam: 128,
      onProgress: (d, tot) => calls.push([d, tot]),
    });
    assert.equal(meta.checksum, want);
    assert.equal(meta.diskFormat, 'raw');
    assert.equal(meta.containerFormat, 'bare');
    assert.equal(meta.size, 64 * MiB);
    assert.equal(meta.virtualSize, 64 * MiB);
    assert.equal(meta.minDisk, 1);
    assert.equal(meta.minRam, 128);
    assert.equal(meta.properties.architecture, 'x86_64');
    assert.match(meta.id, /^[0-9a-f-]{36}$/);
    assert.ok(calls.length >= 64);
    assert.deepEqual(calls.at(-1), [64 * MiB, 64 * MiB]);
    assert.deepEqual(await store.get(meta.id), meta);
    // Holes stay holes: only the 2 MiB of data is allocated.
    assert.ok(statSync(store.path(meta.id)).blocks * 512 < 8 * MiB);
    await store.verify(meta.id);
  });

  it('imports qcow2 with a declared format and AMI-style container formats', async () => {
    const q = await store.import(makeQcow2(join(src, 'b.qcow2')), { name: 'q', diskFormat: 'qcow2' });
    assert.equal(q.diskFormat, 'qcow2');
    assert.equal(q.virtualSize, 16 * MiB);
    const kernel = await store.import(makeRaw(join(src, 'vmlinuz'), 4 * MiB), { name: 'k', containerFormat: 'aki' });
    const ami = await store.import(makeRaw(join(src, 'root.img')), {
      name: 'ami',
      containerFormat: 'ami',
      diskFormat: 'raw',
      properties: { kernel_id: kernel.id },
    });
    assert.equal(ami.properties.kernel_id, kernel.id);
    const names = (await store.list()).map((m) => m.name);
    for (const n of ['debian', 'q', 'k', 'ami']) assert.ok(names.includes(n), n);
  });

  it('refuses hostile images and leaves nothing behind', async () => {
    const before = readdirSync(store.dir).sort();
    const shadow = join(src, 'shadow.qcow2');
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-b', '/etc/shadow', '-F', 'raw', shadow);
    await assert.rejects(store.import(shadow, { name: 'x', diskFormat: 'qcow2' }), code('BACKING_FILE'));
    await assert.rejects(store.import(shadow, { name: 'x' }), code('BACKING_FILE'));
    copyFileSync(shadow, join(src, 'shadow.raw'));
    await assert.rejects(store.import(join(src, 'shadow.raw'), { name: 'x', diskFormat: 'raw' }), (e: unknown) => {
      code('FORMAT_MISMATCH')(e);
      // Names the user's file, not our temp copy.
      assert.match((e as Error).message, /shadow\.raw/);
      return true;
    });
    const df = join(src, 'df.qcow2');
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-o', `data_file=${join(src, 'df.data')}`, df, '1M');
    await assert.rejects(store.import(df, { name: 'x' }), code('DATA_FILE'));
    sh('qemu-img', 'create', '-q', '-f', 'vmdk', join(src, 'x.vmdk'), '1M');
    await assert.rejects(store.import(join(src, 'x.vmdk'), { name: 'x' }), code('UNSUPPORTED_FORMAT'));
    await assert.rejects(store.import(join(src, 'missing'), { name: 'x' }), code('NOT_FOUND'));
    assert.deepEqual(readdirSync(store.dir).sort(), before);
  });

  it('get/delete of unknown ids, and ids that are not uuids', async () => {
    const id = randomUUID();
    await assert.rejects(store.get(id), code('NOT_FOUND'));
    await assert.rejects(store.delete(id), code('NOT_FOUND'));
    await assert.rejects(store.get('../../etc/passwd'), code('INVALID_ARGUMENT'));
    assert.throws(() => store.path('x/y'), code('INVALID_ARGUMENT'));
  });

  it('delete removes metadata and bytes; verify catches corruption', async () => {
    const m = await store.import(makeRaw(join(src, 'c.raw')), { name: 'c' });
    sh('dd', 'if=/dev/urandom', `of=${store.path(m.id)}`, 'bs=4096', 'count=1', 'conv=notrunc', 'status=none');
    await assert.rejects(store.verify(m.id), code('CHECKSUM'));
    await store.delete(m.id);
    assert.ok(!readdirSync(store.dir).some((n) => n.includes(m.id)));
    assert.ok(!(await store.list()).some((x) => x.id === m.id));
  });
});

describe('image store: snapshot of an instance disk', () => {
  const t = tempDir('snap');
  after(() => t.cleanup());

  it('flattens an overlay into a self-contained qcow2 image', async () => {
    const store = new ImageStore(join(t.dir, 'images'));
    const base = makeRaw(join(t.dir, 'base.raw'));
    const overlay = join(t.dir, 'disk');
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', base, overlay, String(32 * MiB));
    sh('qemu-io', '-f', 'qcow2', '-c', 'write -P 0x5a 20M 1M', overlay);
    const snap = await store.snapshotFrom(overlay, { name: 'snap', sourceFormat: 'qcow2', properties: { os_type: 'linux' } });
    assert.equal(snap.diskFormat, 'qcow2');
    assert.equal(snap.virtualSize, 32 * MiB);
    await store.verify(snap.id);
    const info = JSON.parse(sh('qemu-img', 'info', '--output=json', store.path(snap.id))) as Record<string, unknown>;
    assert.equal(info['backing-filename'], undefined);
    // Same guest-visible bytes as the overlay (base data + the write).
    sh('qemu-img', 'compare', '-f', 'qcow2', '-F', 'qcow2', overlay, store.path(snap.id));
    await assert.rejects(store.snapshotFrom(join(t.dir, 'nope'), { name: 'x', sourceFormat: 'qcow2' }), code('NOT_FOUND'));
    assert.deepEqual(readdirSync(store.dir).filter((n) => n.startsWith('.tmp')), []);
  });
});
