/**
 * The compute driver end to end: real guests booted under QEMU (TCG) from the project's test images,
 * read back through their console report; lifecycle, snapshot, diagnostics, bad input, cleanup.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ComputeDriver, ComputeError, type Flavor, type SpawnRequest } from '../../src/driver/index.js';
import { ImageError, type ImageMeta } from '../../src/image/index.js';
import { run } from '../../src/util/exec.js';
import { waitForGuestReport, waitForHeartbeat } from '../helpers/guest-report.js';
import { ensureTestImages, type Manifest } from '../helpers/test-images.js';
import { virshQuiet } from '../helpers/system.js';

const ROOT = `/var/lib/stratus-test/compute-${process.pid}`;
const tiny: Flavor = { name: 'tiny', vcpus: 1, memoryMiB: 96, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 };
const prefix = `stratus-e2e-${process.pid}`;

interface Images {
  wholeQcow2: ImageMeta;
  wholeRaw: ImageMeta;
  amiRoot: ImageMeta;
}

async function importImages(driver: ComputeDriver, m: Manifest): Promise<Images> {
  const kernel = await driver.store.import(m.ami.kernel.path, { name: 'test-kernel', diskFormat: 'raw', containerFormat: 'aki' });
  const ramdisk = await driver.store.import(m.ami.ramdisk.path, { name: 'test-ramdisk', diskFormat: 'raw', containerFormat: 'ari' });
  return {
    wholeQcow2: await driver.store.import(m.wholeDisk.qcow2.path, { name: 'whole-qcow2', diskFormat: 'qcow2' }),
    wholeRaw: await driver.store.import(m.wholeDisk.raw.path, { name: 'whole-raw', diskFormat: 'raw' }),
    amiRoot: await driver.store.import(m.ami.root.path, {
      name: 'ami-root',
      diskFormat: 'raw',
      containerFormat: 'ami',
      properties: { kernel_id: kernel.id, ramdisk_id: ramdisk.id, os_command_line: m.ami.cmdline },
    }),
  };
}

async function openDriver(imagesType: 'qcow2' | 'raw', sub: string): Promise<ComputeDriver> {
  return ComputeDriver.open({
    // one KVM verdict for the whole file: it is a fact about the host, not about an instances path
    config: { instancesPath: join(ROOT, sub, 'instances'), imagesType, memballoonStatsPeriod: 1, virtProbeCacheDir: ROOT },
    imagesDir: join(ROOT, sub, 'images'),
    log: () => {},
  });
}

function assertGone(driver: ComputeDriver, uuid: string): void {
  assert.equal(existsSync(driver.instanceDir(uuid)), false, `instance dir ${driver.instanceDir(uuid)} left behind`);
}

describe('compute driver: real guests under TCG', { timeout: 600_000 }, () => {
  let manifest: Manifest;
  let qcow: ComputeDriver;
  let raw: ComputeDriver;
  let images: Images;
  let rawImages: Images;
  const spawned: Array<[ComputeDriver, string]> = [];

  const spawn = async (driver: ComputeDriver, req: Omit<SpawnRequest, 'flavor'> & { flavor?: Flavor }) => {
    const inst = await driver.spawn({ flavor: tiny, ...req });
    spawned.push([driver, inst.uuid]);
    return inst;
  };

  before(async () => {
    mkdirSync(ROOT, { recursive: true, mode: 0o755 });
    manifest = await ensureTestImages();
    qcow = await openDriver('qcow2', 'q');
    raw = await openDriver('raw', 'r');
    images = await importImages(qcow, manifest);
    rawImages = await importImages(raw, manifest);
  });

  after(async () => {
    for (const [d, uuid] of spawned) await d.destroy(uuid).catch(() => undefined);
    await qcow?.close();
    await raw?.close();
    rmSync(ROOT, { recursive: true, force: true });
  });

  it('settles on qemu (TCG) because KVM is unusable here, with a reason', () => {
    assert.equal(qcow.config.virtType, 'qemu');
    assert.ok(qcow.virtType.source === 'probe' || qcow.virtType.source === 'no-kvm-device');
  });

  it('boots the whole-disk qcow2 image as an overlay on the cached base and reads its report', async () => {
    const inst = await spawn(qcow, { name: `${prefix}-whole-q`, imageId: images.wholeQcow2.id });
    assert.equal(inst.state, 'running');
    assert.equal(inst.metadata.imageId, images.wholeQcow2.id);
    const report = await waitForGuestReport(qcow.consoleLogPath(inst.uuid), { timeoutMs: 90_000 });
    assert.equal(report.cpu.count, 1);
    assert.ok(report.cpu.model.length > 0);
    const vda = report.disks.find((d) => d.name === 'vda');
    assert.ok(vda, `disks: ${report.disks.map((d) => d.name)}`);
    assert.equal(vda.sizeBytes, 1024 ** 3, 'root grown to the flavor size');
    const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', join(qcow.instanceDir(inst.uuid), 'disk')]);
    const info = JSON.parse(stdout) as { format: string; 'backing-filename'?: string; 'backing-filename-format'?: string };
    assert.equal(info.format, 'qcow2');
    assert.equal(info['backing-filename'], qcow.cache.basePath(images.wholeQcow2.id));
    assert.equal(info['backing-filename-format'], 'qcow2');
  });

  it('boots the AMI-style image (bare ext4 + kernel + ramdisk) with the raw backend', async () => {
    const inst = await spawn(raw, { name: `${prefix}-ami-r`, imageId: rawImages.amiRoot.id, flavor: { ...tiny, ephemeralGiB: 1, swapMiB: 64 } });
    const report = await waitForGuestReport(raw.consoleLogPath(inst.uuid), { timeoutMs: 90_000 });
    assert.match(report.kernel.cmdline, /root=\/dev\/vda/);
    assert.deepEqual(report.disks.map((d) => d.name).sort(), ['vda', 'vdb', 'vdc']);
    const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', join(raw.instanceDir(inst.uuid), 'disk')]);
    assert.equal((JSON.parse(stdout) as { format: string }).format, 'raw');
  });

  it('boots the whole-disk raw image with the raw backend', async () => {
    const inst = await spawn(raw, { name: `${prefix}-whole-r`, imageId: rawImages.wholeRaw.id });
    const report = await waitForGuestReport(raw.consoleLogPath(inst.uuid), { timeoutMs: 90_000 });
    assert.equal(report.rootMount.fstype, 'ext4');
  });

  it('runs a guest through pause, suspend/resume, power off/on and reboot; diagnostics agree with the XML', async () => {
    const inst = await spawn(qcow, { name: `${prefix}-life`, imageId: images.amiRoot.id, kernelArgs: 'stratus.stay=1' });
    const log = qcow.consoleLogPath(inst.uuid);
    await waitForHeartbeat(log, { timeoutMs: 90_000 });

    const diag = await qcow.diagnostics(inst.uuid, { sampleIntervalMs: 200 });
    assert.equal(diag.structured.state, 'running');
    assert.equal(diag.structured.num_cpus, 1);
    assert.equal(diag.structured.num_disks, 1);
    assert.equal(diag.structured.num_nics, 0);
    assert.ok(diag.flat.cpu0_time > 0);
    assert.ok(diag.flat.vda_read > 0, 'the guest read its root disk');
    assert.equal(diag.structured.memory_details.maximum, 96);

    await qcow.pause(inst.uuid);
    assert.equal((await qcow.show(inst.uuid)).state, 'paused');
    await qcow.unpause(inst.uuid);

    await qcow.suspend(inst.uuid);
    assert.equal((await qcow.show(inst.uuid)).state, 'suspended');
    await qcow.resume(inst.uuid);
    assert.equal((await qcow.show(inst.uuid)).state, 'running');

    // graceful if the guest answers ACPI in time, else forced: either way it ends shut off
    assert.ok(['graceful', 'forced'].includes(await qcow.powerOff(inst.uuid, { timeoutMs: 1000 })));
    assert.equal((await qcow.show(inst.uuid)).state, 'shutoff');
    await assert.rejects(qcow.pause(inst.uuid), (e: unknown) => e instanceof ComputeError && e.code === 'INVALID_STATE');
    await qcow.powerOn(inst.uuid);
    assert.ok(['soft', 'hard'].includes(await qcow.reboot(inst.uuid, { timeoutMs: 1000 })));
    await waitForHeartbeat(log, { timeoutMs: 90_000 });
    assert.equal((await qcow.show(inst.uuid)).state, 'running');
    assert.ok((await qcow.list()).some((i) => i.uuid === inst.uuid));
  });

  it('snapshots a guest into a new flattened qcow2 image that boots', async () => {
    const src = await spawn(qcow, { name: `${prefix}-snap-src`, imageId: images.wholeQcow2.id });
    await waitForGuestReport(qcow.consoleLogPath(src.uuid), { timeoutMs: 90_000 });
    const snap = await qcow.snapshot(src.uuid, 'snap-1');
    assert.equal(snap.diskFormat, 'qcow2');
    assert.equal(snap.properties.snapshot_of, src.uuid);
    const { stdout } = await run('qemu-img', ['info', '--output=json', qcow.store.path(snap.id)]);
    assert.equal((JSON.parse(stdout) as { 'backing-filename'?: string })['backing-filename'], undefined, 'snapshot is standalone');
    const copy = await spawn(qcow, { name: `${prefix}-snap-copy`, imageId: snap.id });
    const report = await waitForGuestReport(qcow.consoleLogPath(copy.uuid), { timeoutMs: 90_000 });
    // the root filesystem counts its boots: the copy carries the source's count forward
    assert.ok(report.bootCount === null || report.bootCount >= 2, `boot count ${report.bootCount}`);
  });

  it('custom CPU model and extra flags reach the running domain and the guest', async () => {
    const d = await ComputeDriver.open({
      config: { instancesPath: join(ROOT, 'cpu', 'instances'), cpuMode: 'custom', cpuModel: 'westmere', cpuModelExtraFlags: ['pdpe1gb'], virtProbeCacheDir: ROOT },
      imagesDir: join(ROOT, 'cpu', 'images'),
      log: () => {},
    });
    try {
      const img = (await importImages(d, manifest)).wholeQcow2;
      const inst = await d.spawn({ name: `${prefix}-cpu`, imageId: img.id, flavor: { ...tiny, vcpus: 2 } });
      spawned.push([d, inst.uuid]);
      const xml = await (await d.find(inst.uuid)).getXmlDesc();
      assert.match(xml, /<cpu mode='custom' match='exact'[^>]*>/);
      assert.match(xml, /<model fallback='forbid'>Westmere<\/model>/, 'model name as the emulator spells it');
      assert.match(xml, /<feature policy='require' name='pdpe1gb'\/>/);
      const report = await waitForGuestReport(d.consoleLogPath(inst.uuid), { timeoutMs: 90_000 });
      assert.match(report.cpu.model, /Westmere/);
      assert.ok(report.cpu.flags.includes('pdpe1gb'), 'extra flag visible in the guest');
      assert.equal(report.cpu.count, 2);
      await d.destroy(inst.uuid);
    } finally {
      await d.close();
    }
  });

  it('spawns 10 of the same image at once: all run, the base is fetched once', async () => {
    const d = await openDriver('qcow2', 'ten');
    try {
      const img = (await importImages(d, manifest)).wholeQcow2;
      const insts = await Promise.all(Array.from({ length: 10 }, (_, i) => d.spawn({ name: `${prefix}-ten-${i}`, imageId: img.id, flavor: tiny })));
      assert.equal(insts.filter((i) => i.state === 'running').length, 10);
      assert.equal(d.cache.fetchCount, 1);
      await Promise.all(insts.map((i) => d.destroy(i.uuid)));
      for (const i of insts) assertGone(d, i.uuid);
    } finally {
      await d.close();
    }
  });

  it('destroy leaves nothing behind: no domain, no disks, no directory', async () => {
    const inst = await spawn(qcow, { name: `${prefix}-gone`, imageId: images.wholeQcow2.id });
    await qcow.destroy(inst.uuid);
    assertGone(qcow, inst.uuid);
    await assert.rejects(qcow.show(inst.uuid), (e: unknown) => e instanceof ComputeError && e.code === 'INSTANCE_NOT_FOUND');
    await qcow.destroy(inst.uuid); // idempotent
  });

  describe('bad input: a clear error and nothing left behind', () => {
    const before = () => readdirSync(qcow.config.instancesPath).filter((n) => n !== '_base' && !n.startsWith('.')).sort();

    it('missing image', async () => {
      const dirs = before();
      await assert.rejects(qcow.spawn({ name: `${prefix}-noimg`, imageId: '00000000-0000-4000-8000-000000000000', flavor: tiny }), (e: unknown) => e instanceof ComputeError && e.code === 'IMAGE_NOT_FOUND' && /does not exist/.test(e.message));
      assert.deepEqual(before(), dirs);
    });

    it('image larger than the flavor disk', async () => {
      const dirs = before();
      const small = { ...tiny, rootGiB: 0.05 };
      await assert.rejects(qcow.spawn({ name: `${prefix}-big`, imageId: images.wholeQcow2.id, flavor: small }), (e: unknown) => e instanceof ImageError && e.code === 'TOO_LARGE');
      assert.deepEqual(before(), dirs);
      await assert.rejects(qcow.show(`${prefix}-big`).catch(() => qcow.conn.lookupDomainByName(`${prefix}-big`)));
    });

    it('duplicate name', async () => {
      const inst = await spawn(qcow, { name: `${prefix}-dup`, imageId: images.wholeQcow2.id });
      const dirs = before();
      await assert.rejects(qcow.spawn({ name: `${prefix}-dup`, imageId: images.wholeQcow2.id, flavor: tiny }), (e: unknown) => e instanceof ComputeError && e.code === 'DUPLICATE_NAME' && e.message.includes(inst.uuid));
      assert.deepEqual(before(), dirs);
    });

    it('too little memory on the host', async () => {
      const dirs = before();
      await assert.rejects(qcow.spawn({ name: `${prefix}-huge`, imageId: images.wholeQcow2.id, flavor: { ...tiny, memoryMiB: 4 * 1024 * 1024 } }), (e: unknown) => e instanceof ComputeError && e.code === 'INSUFFICIENT_MEMORY');
      assert.deepEqual(before(), dirs);
    });

    it('unknown cpu_model fails when the driver opens', async () => {
      await assert.rejects(
        ComputeDriver.open({ config: { instancesPath: join(ROOT, 'bad'), cpuMode: 'custom', cpuModel: 'NoSuchCPU', virtProbeCacheDir: ROOT }, imagesDir: join(ROOT, 'bad-img'), log: () => {} }).then(async (d) => {
          try {
            return await d.spawn({ name: `${prefix}-cpu`, imageId: '00000000-0000-4000-8000-000000000000', flavor: tiny });
          } finally {
            await d.close();
          }
        }),
        (e: unknown) => e instanceof Error && /NoSuchCPU|does not exist/.test(e.message),
      );
    });

    it('a failure after the domain is defined undoes the domain and the disks', async () => {
      const dirs = before();
      // a NIC on a libvirt network that does not exist makes start fail after define
      await assert.rejects(
        qcow.spawn({ name: `${prefix}-nonet`, imageId: images.wholeQcow2.id, flavor: tiny, nics: [{ mac: '52:54:00:12:34:56', network: 'no-such-network' }] }),
        (e: unknown) => e instanceof ComputeError && e.code === 'SPAWN_FAILED' && /no-such-network/.test(e.message),
      );
      assert.deepEqual(before(), dirs);
      await assert.rejects(qcow.conn.lookupDomainByName(`${prefix}-nonet`));
    });

    it('libvirtd not reachable', async () => {
      await assert.rejects(
        ComputeDriver.open({ config: { instancesPath: join(ROOT, 'nolv'), libvirtUri: 'qemu:///system?socket=/nonexistent/sock' }, imagesDir: join(ROOT, 'nolv-img') }),
        (e: unknown) => e instanceof ComputeError && e.code === 'HOST_UNAVAILABLE' && /nonexistent/.test(e.message),
      );
    });
  });

  after(() => {
    for (const [, uuid] of spawned) virshQuiet('qemu:///system', 'undefine', uuid);
  });
});
