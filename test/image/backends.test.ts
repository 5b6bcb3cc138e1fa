import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createDiskBackend, ImageCache, ImageError, ImageStore, type CachedImage, type DiskBackend } from '../../src/image/index.js';
import { blkidLabel, blkidType, makeQcow2, makeRaw, MiB, qemuInfo, sh, tempDir } from './helpers.js';

const GiB = 1024 * MiB;

/** blkid cannot read qcow2: convert to a raw temp file first. */
function typeOf(path: string, format: string, tmp: string): string {
  if (format === 'raw') return blkidType(path);
  sh('qemu-img', 'convert', '-f', format, '-O', 'raw', path, tmp);
  try {
    return blkidType(tmp);
  } finally {
    sh('rm', '-f', tmp);
  }
}

describe('file disk backends', () => {
  const t = tempDir('backends');
  const instances = join(t.dir, 'instances');
  const store = new ImageStore(join(t.dir, 'images'));
  const cache = new ImageCache(instances, store);
  let rawBase: CachedImage;
  let qcowBase: CachedImage;
  before(async () => {
    const r = await store.import(makeRaw(join(t.dir, 'r.raw'), 32 * MiB), { name: 'r' });
    const q = await store.import(makeQcow2(join(t.dir, 'q.qcow2'), 32 * MiB), { name: 'q' });
    rawBase = await cache.fetch(r.id);
    qcowBase = await cache.fetch(q.id);
  });
  after(() => t.cleanup());

  const exercise = (name: string, backend: () => DiskBackend, check: (root: { path: string; format: string }, base: CachedImage) => void) => {
    for (const which of ['raw', 'qcow2'] as const) {
      it(`${name}: root from a ${which} base, ephemeral ext4, swap, deleteAll`, async () => {
        const b = backend();
        const base = which === 'raw' ? rawBase : qcowBase;
        const uuid = randomUUID();
        const t0 = Date.now();
        const root = await b.createRoot(uuid, base, 1 * GiB);
        const rootMs = Date.now() - t0;
        assert.equal(root.name, 'disk');
        assert.equal(root.type, 'file');
        assert.equal(root.path, join(instances, uuid, 'disk'));
        const info = qemuInfo(root.path);
        assert.equal(info.format, root.format);
        assert.equal(info['virtual-size'], 1 * GiB);
        check(root, base);
        // The guest-visible bytes start with the image's bytes.
        const head = join(t.dir, `head-${uuid}`);
        sh('qemu-img', 'dd', '-f', root.format, '-O', 'raw', 'bs=1M', 'count=1', `if=${root.path}`, `of=${head}`);
        const baseHead = join(t.dir, `bhead-${uuid}`);
        sh('qemu-img', 'dd', '-f', base.format, '-O', 'raw', 'bs=1M', 'count=1', `if=${base.path}`, `of=${baseHead}`);
        assert.equal(sh('sha256sum', head).split(' ')[0], sh('sha256sum', baseHead).split(' ')[0]);
        sh('rm', '-f', head, baseHead);

        const t1 = Date.now();
        const eph = await b.createEphemeral(uuid, 'disk.local', 64 * MiB);
        const ephMs = Date.now() - t1;
        assert.equal(eph.path, join(instances, uuid, 'disk.local'));
        assert.equal(typeOf(eph.path, eph.format, join(t.dir, 'probe.raw')), 'ext4');
        if (eph.format === 'raw') assert.equal(blkidLabel(eph.path), 'ephemeral_local');
        const swap = await b.createSwap(uuid, 32 * MiB);
        assert.equal(typeOf(swap.path, swap.format, join(t.dir, 'probe.raw')), 'swap');
        assert.deepEqual((await b.list(uuid)).map((d) => d.name), ['disk', 'disk.local', 'disk.swap']);
        // Only disks, no leftovers from formatting.
        assert.deepEqual(readdirSync(join(instances, uuid)).sort(), ['disk', 'disk.local', 'disk.swap']);
        console.log(`# ${name}/${which}: root ${rootMs} ms, ephemeral 64 MiB ext4 ${ephMs} ms`);

        await b.deleteAll(uuid);
        assert.ok(!existsSync(join(instances, uuid)));
        assert.deepEqual(await b.list(uuid), []);
        await b.deleteAll(uuid); // idempotent
        assert.ok(existsSync(base.path), 'the base stays');
      });
    }
  };

  exercise('qcow2 overlay', () => createDiskBackend({ imagesType: 'qcow2', instancesPath: instances }), (root, base) => {
    const info = qemuInfo(root.path);
    assert.equal(root.format, 'qcow2');
    assert.equal(info['backing-filename'], base.path);
    assert.equal(info['backing-filename-format'], base.format);
    assert.ok(statSync(root.path).size < MiB, 'an overlay is small');
  });
  exercise('qcow2 full copy', () => createDiskBackend({ imagesType: 'qcow2', instancesPath: instances, useCowImages: false }), (root) => {
    const info = qemuInfo(root.path);
    assert.equal(root.format, 'qcow2');
    assert.equal(info['backing-filename'], undefined);
  });
  exercise('raw', () => createDiskBackend({ imagesType: 'raw', instancesPath: instances }), (root) => {
    assert.equal(root.format, 'raw');
    assert.equal(statSync(root.path).size, 1 * GiB);
    assert.ok(statSync(root.path).blocks * 512 < 8 * MiB, 'sparse copy');
  });

  it('a base larger than the flavor disk is TOO_LARGE and nothing is made', async () => {
    for (const imagesType of ['qcow2', 'raw'] as const) {
      const b = createDiskBackend({ imagesType, instancesPath: instances });
      const uuid = randomUUID();
      await assert.rejects(b.createRoot(uuid, qcowBase, 16 * MiB), (e: unknown) => e instanceof ImageError && e.code === 'TOO_LARGE' && /exceeds/.test(e.message));
      assert.ok(!existsSync(join(instances, uuid)));
    }
  });

  it('a failing create undoes itself (missing base, bad sizes, names)', async () => {
    const b = createDiskBackend({ imagesType: 'raw', instancesPath: instances });
    const uuid = randomUUID();
    const gone: CachedImage = { ...rawBase, path: join(t.dir, 'no-such-base') };
    await assert.rejects(b.createRoot(uuid, gone, GiB), (e: unknown) => e instanceof ImageError && e.code === 'BACKEND_FAILED' && /qemu-img/.test(e.message));
    assert.ok(!existsSync(join(instances, uuid)));
    // ext4 cannot be made on 4 KiB: mkfs fails, the file goes.
    const q = createDiskBackend({ imagesType: 'qcow2', instancesPath: instances });
    await assert.rejects(q.createEphemeral(uuid, 'disk.local', 4096), (e: unknown) => e instanceof ImageError && e.code === 'BACKEND_FAILED' && /mkfs\.ext4/.test(e.message));
    assert.ok(!existsSync(join(instances, uuid)));
    await assert.rejects(b.createSwap(uuid, -1), (e: unknown) => e instanceof ImageError && e.code === 'INVALID_ARGUMENT');
    await assert.rejects(b.createEphemeral(uuid, '../x', MiB), (e: unknown) => e instanceof ImageError && e.code === 'INVALID_ARGUMENT');
    await assert.rejects(b.createRoot('not-a-uuid', rawBase), (e: unknown) => e instanceof ImageError && e.code === 'INVALID_ARGUMENT');
    // An existing disk is never overwritten, and a failure then does not remove the instance dir.
    await b.createRoot(uuid, rawBase);
    await assert.rejects(b.createRoot(uuid, rawBase), (e: unknown) => e instanceof ImageError && /already exists/.test(e.message));
    assert.ok(existsSync(join(instances, uuid, 'disk')));
    await b.deleteAll(uuid);
  });

  it('root size 0 keeps the image size', async () => {
    const b = createDiskBackend({ imagesType: 'qcow2', instancesPath: instances });
    const uuid = randomUUID();
    const root = await b.createRoot(uuid, rawBase, 0);
    assert.equal(qemuInfo(root.path)['virtual-size'], 32 * MiB);
    await b.deleteAll(uuid);
  });

  it('unknown imagesType is refused', () => {
    assert.throws(() => createDiskBackend({ imagesType: 'rbd' as 'raw', instancesPath: instances }), (e: unknown) => e instanceof ImageError && e.code === 'INVALID_ARGUMENT');
  });
});
