/**
 * `stratus demo`: the main job of this release on the local host. Builds the project's small test
 * guest (Debian cloud kernel + busybox), imports it, boots it through the compute driver under the
 * best virt type the host really supports, waits for the guest's own boot report on its serial
 * console, then prints the instance, its diagnostics and the host report, and removes the guest
 * (unless --keep).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ComputeDriver, type Flavor } from '../../driver/index.js';
import { run } from '../../util/exec.js';
import { formatKiB, printJson, printPairs, printTable } from '../output.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../../scripts/build-test-images', import.meta.url));
const IMAGES_CACHE = process.env.STRATUS_TEST_IMAGES ?? '/var/cache/stratus/test-images';
const flavor: Flavor = { name: 'm1.tiny', vcpus: 1, memoryMiB: 128, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 };

interface DemoManifest {
  ami: { root: { path: string }; kernel: { path: string }; ramdisk: { path: string }; cmdline: string };
}

export interface DemoOptions {
  json: boolean;
  keep: boolean;
  instancesPath: string;
  imagesDir: string;
  uri: string;
}

const say = (json: boolean, line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
};

export async function demoCommand(opts: DemoOptions): Promise<number> {
  say(opts.json, '1/5 building the demo guest image (cached after the first run)...');
  await run(BUILD_SCRIPT, [], { env: { ...process.env, STRATUS_TEST_IMAGES: IMAGES_CACHE }, timeoutMs: 600_000 });
  const manifest = JSON.parse(await readFile(`${IMAGES_CACHE}/manifest.json`, 'utf8')) as DemoManifest;

  say(opts.json, '2/5 opening the compute driver (probing whether KVM really works here)...');
  const driver = await ComputeDriver.open({
    config: { instancesPath: opts.instancesPath, libvirtUri: opts.uri, memballoonStatsPeriod: 1 },
    imagesDir: opts.imagesDir,
    log: (line) => say(opts.json, `    ${line}`),
  });
  try {
    say(opts.json, `    virt type: ${driver.config.virtType} (${driver.virtType.source})`);
    say(opts.json, '3/5 importing the image (kernel, ramdisk, root filesystem)...');
    const imageId = await importDemoImage(driver, manifest);

    for (const old of await driver.list()) if (old.name === 'stratus-demo') await driver.destroy(old.uuid);
    say(opts.json, '4/5 booting stratus-demo...');
    const t0 = Date.now();
    const inst = await driver.spawn({ name: 'stratus-demo', imageId, flavor, kernelArgs: 'stratus.stay=1' });
    const bootedIn = await waitForBootReport(driver, inst.uuid, 120_000);
    say(opts.json, `    running after ${(bootedIn - t0) / 1000} s; the guest's init reported from its serial console`);

    say(opts.json, '5/5 reading diagnostics...');
    const [list, diag, host] = await Promise.all([driver.list(), driver.diagnostics(inst.uuid, { sampleIntervalMs: 500 }), driver.hostReport()]);
    if (opts.json) {
      printJson({ instances: list, diagnostics: diag, host });
    } else {
      process.stdout.write('\n');
      printTable(
        list.map((i) => ({ uuid: i.uuid, name: i.name, state: i.state, flavor: i.metadata.flavor.name, vcpus: i.vcpus, memory: formatKiB(i.memoryKiB) })),
        ['uuid', 'name', 'state', 'flavor', 'vcpus', 'memory'],
      );
      process.stdout.write('\n');
      const s = diag.structured;
      printPairs([
        ['state', s.state],
        ['hypervisor', `${s.hypervisor} on ${host.hostname} (${driver.config.virtType})`],
        ['uptime', `${s.uptime} s`],
        ['cpu', s.cpu_details.map((c) => `cpu${c.id} ${(c.time / 1e9).toFixed(2)} s${c.utilisation !== null ? ` (${c.utilisation}%)` : ''}`).join(', ')],
        ['memory', `${s.memory_details.used} of ${s.memory_details.maximum} MiB`],
        ['disks', s.disk_details.map((d) => `${d.read_requests} reads / ${d.read_bytes} bytes, ${d.write_requests} writes`).join('; ')],
        ['console log', driver.consoleLogPath(inst.uuid)],
      ]);
    }
    if (!opts.keep) {
      await driver.destroy(inst.uuid);
      say(opts.json, '\nstratus-demo destroyed (run with --keep to leave it running).');
    }
    return 0;
  } finally {
    await driver.close();
  }
}

async function importDemoImage(driver: ComputeDriver, m: DemoManifest): Promise<string> {
  const existing = (await driver.store.list()).find((i) => i.name === 'stratus-demo-root');
  if (existing) return existing.id;
  const kernel = await driver.store.import(m.ami.kernel.path, { name: 'stratus-demo-kernel', diskFormat: 'raw', containerFormat: 'aki' });
  const ramdisk = await driver.store.import(m.ami.ramdisk.path, { name: 'stratus-demo-ramdisk', diskFormat: 'raw', containerFormat: 'ari' });
  const root = await driver.store.import(m.ami.root.path, {
    name: 'stratus-demo-root',
    diskFormat: 'raw',
    containerFormat: 'ami',
    properties: { kernel_id: kernel.id, ramdisk_id: ramdisk.id, os_command_line: m.ami.cmdline, os_type: 'linux', architecture: 'x86_64' },
  });
  return root.id;
}

/** The guest prints STRATUS-REPORT-END on its console once its init has run. */
async function waitForBootReport(driver: ComputeDriver, uuid: string, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const text = await driver.consoleOutput(uuid);
    if (text.includes('STRATUS-REPORT-END')) return Date.now();
    const failed = /STRATUS-BOOT-FAILED (.*)/.exec(text) ?? /Kernel panic - (.*)/.exec(text);
    if (failed) throw new Error(`the demo guest did not boot: ${failed[1]} (console: ${driver.consoleLogPath(uuid)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the demo guest printed no boot report within ${timeoutMs / 1000} s (console: ${driver.consoleLogPath(uuid)})`);
}
