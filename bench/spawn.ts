/**
 * npm run bench:spawn — stratus spawn (qcow2 overlay on a cached base, no injection) until the
 * domain runs, against the floor done by hand with the same tools: `qemu-img create -b` +
 * `virsh define` + `virsh start` of the same domain XML. Median of 10 each; target <= 1.3x.
 * Also: time from spawn to the guest's init report under TCG.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComputeDriver, type Flavor } from '../src/driver/index.js';
import { waitForGuestReport } from '../test/helpers/guest-report.js';
import { ensureTestImages } from '../test/helpers/test-images.js';
import { median } from './peer.js';

const ROUNDS = Number(process.env.STRATUS_BENCH_ROUNDS ?? 10);
const ROOT = `/var/lib/stratus-bench/spawn-${process.pid}`;
const flavor: Flavor = { name: 'bench', vcpus: 1, memoryMiB: 96, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 };

function sh(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function main(): Promise<void> {
  mkdirSync(ROOT, { recursive: true });
  const manifest = await ensureTestImages();
  const driver = await ComputeDriver.open({ config: { instancesPath: join(ROOT, 'instances'), imagesType: 'qcow2' }, imagesDir: join(ROOT, 'images'), log: () => {} });
  const cleanup: string[] = [];
  try {
    const image = await driver.store.import(manifest.wholeDisk.qcow2.path, { name: 'bench', diskFormat: 'qcow2' });
    const base = (await driver.cache.fetch(image.id)).path; // warm cache: the benchmark is about spawning

    // ours
    const ours: number[] = [];
    const boot: number[] = [];
    let templateXml = '';
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const inst = await driver.spawn({ name: `bench-ours-${process.pid}-${i}`, imageId: image.id, flavor });
      ours.push(performance.now() - t0);
      cleanup.push(inst.uuid);
      if (i < 3) {
        await waitForGuestReport(driver.consoleLogPath(inst.uuid), { timeoutMs: 120_000, pollMs: 20 });
        boot.push(performance.now() - t0);
      }
      if (!templateXml) templateXml = await (await driver.find(inst.uuid)).getXmlDesc(2 /* inactive */);
      await driver.destroy(inst.uuid);
    }

    // floor: the same tools by hand, the same domain XML
    const floorDir = join(ROOT, 'floor');
    mkdirSync(floorDir, { recursive: true });
    const floor: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const name = `bench-floor-${process.pid}-${i}`;
      const disk = join(floorDir, `${name}.qcow2`);
      const xml = templateXml
        .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`)
        .replace(/<uuid>[^<]*<\/uuid>/, '')
        .replace(/<source file='[^']*\/disk'/, `<source file='${disk}'`)
        .replace(/<log file='[^']*'/, `<log file='${join(floorDir, name)}.log'`);
      const xmlFile = join(floorDir, `${name}.xml`);
      writeFileSync(xmlFile, xml);
      const t0 = performance.now();
      sh('qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', base, disk, '1G');
      sh('virsh', '-q', 'define', xmlFile);
      sh('virsh', '-q', 'start', name);
      floor.push(performance.now() - t0);
      sh('virsh', '-q', 'destroy', name);
      sh('virsh', '-q', 'undefine', name);
    }

    const o = median(ours);
    const f = median(floor);
    console.log(`spawn to running (median of ${ROUNDS}): ours ${o.toFixed(0)} ms, qemu-img+virsh floor ${f.toFixed(0)} ms, ratio ${(o / f).toFixed(2)} (target <= 1.3)`);
    console.log(`spawn to guest init report under TCG (median of ${boot.length}): ours ${median(boot).toFixed(0)} ms`);
  } finally {
    for (const uuid of cleanup) await driver.destroy(uuid).catch(() => undefined);
    await driver.close();
    rmSync(ROOT, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:spawn failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
