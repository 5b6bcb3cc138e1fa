import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertImageSafe, checkImage, detectFormat, ImageError, inspectImage, parseInfo, sniffHeader } from '../../src/image/index.js';
import { makeQcow2, makeRaw, MiB, sh, tempDir } from './helpers.js';

const isImageError = (code: string) => (e: unknown) => {
  assert.ok(e instanceof ImageError, `expected ImageError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  return true;
};

describe('image safety', () => {
  const t = tempDir('safety');
  const d = t.dir;
  const p = (n: string) => join(d, n);
  before(() => {
    makeRaw(p('good.raw'));
    makeQcow2(p('good.qcow2'));
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-b', '/etc/shadow', '-F', 'raw', p('shadow.qcow2'));
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-o', `data_file=${p('ext.data')}`, p('datafile.qcow2'), '1M');
    // The classic attack: a qcow2 (with a backing file) uploaded as "raw".
    copyFileSync(p('shadow.qcow2'), p('shadow-as-raw.img'));
    sh('qemu-img', 'create', '-q', '-f', 'qcow2', p('big.qcow2'), '10G');
  });
  after(() => t.cleanup());

  it('inspects raw and qcow2 with the declared format', async () => {
    const raw = await inspectImage(p('good.raw'), { format: 'raw' });
    assert.equal(raw.format, 'raw');
    assert.equal(raw.virtualSize, 16 * MiB);
    assert.equal(raw.backingFile, undefined);
    const q = await inspectImage(p('good.qcow2'), { format: 'qcow2' });
    assert.equal(q.format, 'qcow2');
    assert.equal(q.virtualSize, 16 * MiB);
    assert.equal(q.clusterSize, 65536);
    assert.equal(q.encrypted, false);
    assert.equal(q.dirty, false);
    assert.ok((q.actualSize ?? 0) > 0);
  });

  it('reports backing file and data-file fields from qemu-img', async () => {
    const b = await inspectImage(p('shadow.qcow2'));
    assert.equal(b.backingFile, '/etc/shadow');
    assert.equal(b.backingFormat, 'raw');
    const df = await inspectImage(p('datafile.qcow2'));
    assert.equal(df.dataFile, p('ext.data'));
  });

  it('missing file: NOT_FOUND', async () => {
    await assert.rejects(inspectImage(p('nope')), isImageError('NOT_FOUND'));
    await assert.rejects(checkImage(p('nope'), { declaredFormat: 'raw' }), isImageError('NOT_FOUND'));
  });

  it('accepts good images and returns the -f info', async () => {
    assert.equal((await checkImage(p('good.raw'), { declaredFormat: 'raw' })).format, 'raw');
    assert.equal((await checkImage(p('good.qcow2'), { declaredFormat: 'qcow2', maxVirtualSize: 16 * MiB })).virtualSize, 16 * MiB);
  });

  it('refuses a qcow2 with backing file /etc/shadow', async () => {
    await assert.rejects(checkImage(p('shadow.qcow2'), { declaredFormat: 'qcow2', imageId: 'img-1' }), (e: unknown) => {
      isImageError('BACKING_FILE')(e);
      assert.match((e as Error).message, /backing file/);
      assert.match((e as Error).message, /img-1/);
      return true;
    });
    // assertImageSafe alone, on qemu-img's detection output, names the file it points at.
    const detected = await inspectImage(p('shadow.qcow2'));
    assert.throws(() => assertImageSafe(detected, { declaredFormat: 'qcow2' }), (e: unknown) => {
      isImageError('BACKING_FILE')(e);
      assert.match((e as Error).message, /\/etc\/shadow/);
      return true;
    });
  });

  it('refuses a qcow2 with an external data file', async () => {
    await assert.rejects(checkImage(p('datafile.qcow2'), { declaredFormat: 'qcow2' }), isImageError('DATA_FILE'));
    const detected = await inspectImage(p('datafile.qcow2'));
    assert.throws(() => assertImageSafe(detected, { declaredFormat: 'qcow2' }), isImageError('DATA_FILE'));
  });

  it('refuses raw declared with qcow2 content, and qcow2 declared with raw content', async () => {
    await assert.rejects(checkImage(p('shadow-as-raw.img'), { declaredFormat: 'raw' }), (e: unknown) => {
      isImageError('FORMAT_MISMATCH')(e);
      assert.match((e as Error).message, /declared raw but the content is qcow2/);
      return true;
    });
    await assert.rejects(checkImage(p('good.qcow2'), { declaredFormat: 'raw' }), isImageError('FORMAT_MISMATCH'));
    await assert.rejects(checkImage(p('good.raw'), { declaredFormat: 'qcow2' }), isImageError('FORMAT_MISMATCH'));
  });

  it('refuses a virtual size larger than the flavor disk', async () => {
    await assert.rejects(checkImage(p('big.qcow2'), { declaredFormat: 'qcow2', maxVirtualSize: 1024 ** 3 }), (e: unknown) => {
      isImageError('TOO_LARGE')(e);
      assert.match((e as Error).message, /10737418240/);
      return true;
    });
  });

  it('refuses formats other than raw and qcow2', async () => {
    sh('qemu-img', 'create', '-q', '-f', 'vmdk', p('x.vmdk'), '1M');
    await assert.rejects(checkImage(p('x.vmdk'), { declaredFormat: 'raw' }), isImageError('FORMAT_MISMATCH'));
    assert.equal(await detectFormat(p('x.vmdk')), 'vmdk');
    assert.throws(
      () => assertImageSafe(parseInfo('x', '{"format":"raw","virtual-size":1}'), { declaredFormat: 'vmdk' as 'raw' }),
      isImageError('UNSUPPORTED_FORMAT'),
    );
  });

  it('reads qcow2 header flags itself (no qemu-img)', async () => {
    assert.deepEqual(await sniffHeader(p('shadow.qcow2')), { format: 'qcow2', hasBackingFile: true, hasExternalDataFile: false });
    assert.deepEqual(await sniffHeader(p('datafile.qcow2')), { format: 'qcow2', hasBackingFile: false, hasExternalDataFile: true });
    assert.deepEqual(await sniffHeader(p('good.qcow2')), { format: 'qcow2', hasBackingFile: false, hasExternalDataFile: false });
    assert.equal((await sniffHeader(p('good.raw'))).format, 'raw');
  });

  it('a truncated or garbage qcow2 is INVALID_IMAGE, not a crash', async () => {
    const head = Buffer.from('QFI\xfb\0\0\0\x03', 'latin1');
    writeFileSync(p('trunc.qcow2'), head);
    await assert.rejects(checkImage(p('trunc.qcow2'), { declaredFormat: 'qcow2' }), isImageError('INVALID_IMAGE'));
    assert.throws(() => parseInfo('x', 'not json'), isImageError('INVALID_IMAGE'));
  });
});
