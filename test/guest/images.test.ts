// The test guest images, booted for real: build (or reuse) them with scripts/build-test-images,
// then boot each kind under QEMU TCG through libvirt (our client, typed domain config) and read
// the report guest/init prints on the serial console. All guests boot at once to keep the file
// near the time of one boot. Domains are named stratus-img-<pid>-* and removed in `after`.
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type LibvirtConnection } from '../../src/libvirt/index.js';
import { Disk, Domain, Interface, Serial, type DeviceView } from '../../src/config/index.js';
import { run } from '../../src/util/exec.js';
import { DomainModificationImpact } from '../../src/libvirt/protocol/constants.js';
import { ensureTestImages, type Manifest } from '../helpers/test-images.js';
import { waitForGuestReport, waitForHeartbeat, GuestReportError, type GuestReport } from '../helpers/guest-report.js';

const tag = `stratus-img-${process.pid}`;
// QEMU runs as libvirt-qemu and the domains carry <seclabel type='none'/> so libvirt never
// relabels the shared image cache: the per-run directory and overlays are handed to that user.
const dir = `/var/lib/libvirt/images/${tag}`;
const BOOT_TIMEOUT = 90_000;

let conn: LibvirtConnection | null = null;
let manifest: Manifest;
let skip: string | false = false;
let qemuUid = 0;
let qemuGid = 0;

before(async () => {
  if (process.getuid?.() !== 0) {
    skip = 'needs root (image build loop-mounts, QEMU files owned by libvirt-qemu)';
    return;
  }
  try {
    conn = await connect('qemu:///system', { openTimeout: 10_000 });
  } catch (err) {
    skip = `qemu:///system unavailable: ${(err as Error).message}`;
    return;
  }
  const t0 = Date.now();
  manifest = await ensureTestImages();
  console.log(`# test images ready in ${Date.now() - t0} ms (${manifest.dir}, kernel ${manifest.kernel.version})`);
  qemuUid = Number(execFileSync('id', ['-u', 'libvirt-qemu'], { encoding: 'utf8' }).trim());
  qemuGid = Number(execFileSync('id', ['-g', 'libvirt-qemu'], { encoding: 'utf8' }).trim());
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o755, recursive: true });
  chownSync(dir, qemuUid, qemuGid);
});

after(async () => {
  if (!conn) return;
  for (const d of await conn.listAllDomains()) {
    if (!d.name.startsWith(tag)) continue;
    if (await d.isActive().catch(() => false)) await d.destroy().catch(() => undefined);
    await d.undefine().catch(() => undefined);
  }
  await conn.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A qcow2 overlay on a cached image, owned by the QEMU user: the cache stays pristine. */
async function overlay(name: string, base: string, baseFormat: 'raw' | 'qcow2'): Promise<string> {
  const path = join(dir, `${name}.qcow2`);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', base, '-F', baseFormat, path]);
  chownSync(path, qemuUid, qemuGid);
  return path;
}

async function blank(name: string, bytes: number): Promise<string> {
  const path = join(dir, `${name}.raw`);
  await run('truncate', ['-s', String(bytes), path]);
  chownSync(path, qemuUid, qemuGid);
  return path;
}

/**
 * A private raw copy of the AMI root filesystem with files written the way injection will write
 * them, through debugfs (no mount): the report must show them with their owner and mode.
 */
async function injectedAmiRoot(base: string): Promise<string> {
  const path = join(dir, 'ami-injected.raw');
  await run('cp', ['--sparse=always', base, path]);
  const src = join(dir, 'inject-src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'keys'), INJECTED.key);
  writeFileSync(join(src, 'meta'), INJECTED.meta);
  writeFileSync(join(src, 'custom'), INJECTED.custom);
  writeFileSync(join(src, 'list'), '/etc/custom-file\n/no/such/file\n');
  const cmds = [
    'mkdir /root/.ssh',
    'sif /root/.ssh mode 040700',
    `write ${join(src, 'keys')} /root/.ssh/authorized_keys`,
    'sif /root/.ssh/authorized_keys mode 0100600',
    'sif /root/.ssh/authorized_keys uid 1000',
    'sif /root/.ssh/authorized_keys gid 1000',
    `write ${join(src, 'meta')} /meta.js`,
    `write ${join(src, 'custom')} /etc/custom-file`,
    'sif /etc/custom-file mode 0100640',
    `write ${join(src, 'list')} /etc/stratus-report-files`,
  ];
  await run('debugfs', ['-w', '-f', '-', path], { input: cmds.join('\n') + '\n' });
  chownSync(path, qemuUid, qemuGid);
  return path;
}

/** An empty FAT config drive labelled config-2 (this host cannot mount vfat to fill it). */
async function configDrive(): Promise<string> {
  const path = await blank('config-drive', 16 << 20);
  await run('busybox', ['mkdosfs', '-n', 'config-2', path]);
  return path;
}

/**
 * A minimal ISO 9660 image (one root directory, plain level-1 names, no Rock Ridge/Joliet)
 * labelled config-2: enough for the guest's cdrom path (ATA cdrom, isofs module, label probe)
 * without an ISO tool on this host. Layout: 16 empty sectors, the primary volume descriptor, the
 * terminator, L and M path tables, the root directory, then one sector-aligned extent per file.
 */
function tinyIso(label: string, files: Record<string, string>): Buffer {
  const S = 2048;
  const names = Object.keys(files).sort();
  const datas = names.map((n) => Buffer.from(files[n]));
  const firstData = 21;
  const extents: number[] = [];
  let next = firstData;
  for (const d of datas) {
    extents.push(next);
    next += Math.max(1, Math.ceil(d.length / S));
  }
  const img = Buffer.alloc(next * S);
  const both32 = (b: Buffer, off: number, v: number) => {
    b.writeUInt32LE(v, off);
    b.writeUInt32BE(v, off + 4);
  };
  const both16 = (b: Buffer, off: number, v: number) => {
    b.writeUInt16LE(v, off);
    b.writeUInt16BE(v, off + 2);
  };
  const record = (id: Buffer, extent: number, size: number, dir: boolean): Buffer => {
    const len = 33 + id.length + (id.length % 2 === 0 ? 1 : 0);
    const r = Buffer.alloc(len);
    r[0] = len;
    both32(r, 2, extent);
    both32(r, 10, size);
    r.set([126, 1, 1, 0, 0, 0, 0], 18); // 2026-01-01 00:00:00 UTC
    r[25] = dir ? 2 : 0;
    both16(r, 28, 1);
    r[32] = id.length;
    id.copy(r, 33);
    return r;
  };
  const pad = (str: string, n: number) => Buffer.from(str.padEnd(n, ' ').slice(0, n), 'ascii');
  const pvd = img.subarray(16 * S, 17 * S);
  pvd[0] = 1;
  pvd.write('CD001', 1, 'ascii');
  pvd[6] = 1;
  pad('LINUX', 32).copy(pvd, 8);
  pad(label, 32).copy(pvd, 40);
  both32(pvd, 80, next);
  both16(pvd, 120, 1);
  both16(pvd, 124, 1);
  both16(pvd, 128, S);
  both32(pvd, 132, 10);
  pvd.writeUInt32LE(18, 140);
  pvd.writeUInt32BE(19, 148);
  record(Buffer.from([0]), 20, S, true).copy(pvd, 156);
  for (const [off, n] of [[190, 128], [318, 128], [446, 128], [574, 128], [702, 37], [739, 37], [776, 37]] as const) pad('', n).copy(pvd, off);
  for (const off of [813, 830, 847, 864]) pvd.write('0000000000000000', off, 'ascii');
  pvd[881] = 1;
  const term = img.subarray(17 * S, 18 * S);
  term[0] = 255;
  term.write('CD001', 1, 'ascii');
  term[6] = 1;
  // Path tables: the root only (id 0x00, parent 1).
  const lpt = img.subarray(18 * S);
  lpt[0] = 1;
  lpt.writeUInt32LE(20, 2);
  lpt.writeUInt16LE(1, 6);
  const mpt = img.subarray(19 * S);
  mpt[0] = 1;
  mpt.writeUInt32BE(20, 2);
  mpt.writeUInt16BE(1, 6);
  const recs = [record(Buffer.from([0]), 20, S, true), record(Buffer.from([1]), 20, S, true)];
  names.forEach((n, i) => recs.push(record(Buffer.from(`${n.toUpperCase()};1`, 'ascii'), extents[i], datas[i].length, false)));
  Buffer.concat(recs).copy(img, 20 * S);
  datas.forEach((d, i) => d.copy(img, extents[i] * S));
  return img;
}

const INJECTED = {
  key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStratusTestKey stratus-test\n',
  meta: '{"role":"web",\t"tier":"1"}\nsecond line\\ with backslash\n',
  custom: 'custom content\n',
};

interface GuestSpec {
  name: string;
  disks: Array<{ path: string; format: 'raw' | 'qcow2'; serial: string }>;
  kernel?: { kernel: string; initrd: string; cmdline: string };
  nic?: string;
  /** An ISO image attached as an IDE cdrom (the `pc` machine's ATA; the cloud kernel has no AHCI). */
  cdrom?: string;
}

function domainFor(spec: GuestSpec, consoleLog: string): Domain {
  const devices: DeviceView[] = spec.disks.map(
    (d, i) =>
      new Disk({
        type: 'file',
        device: 'disk',
        driver: { name: 'qemu', type: d.format },
        source: { file: d.path },
        target: { dev: `vd${String.fromCharCode(97 + i)}`, bus: 'virtio' },
        serial: d.serial,
      }),
  );
  if (spec.cdrom) {
    devices.push(
      new Disk({
        type: 'file',
        device: 'cdrom',
        driver: { name: 'qemu', type: 'raw' },
        source: { file: spec.cdrom },
        target: { dev: 'hdc', bus: 'ide' },
        readonly: true,
      }),
    );
  }
  if (spec.nic) devices.push(new Interface({ type: 'user', mac: spec.nic, model: 'virtio' }));
  devices.push(new Serial({ type: 'pty', log: { file: consoleLog, append: false }, target: { port: 0 } }));
  return new Domain({
    type: 'qemu',
    name: spec.name,
    memory: { value: 128, unit: 'MiB' },
    vcpu: { count: 1 },
    os: { type: 'hvm', arch: 'x86_64', machine: 'pc', ...(spec.kernel ?? { bootDevices: ['hd'] }) },
    // ACPI: the guest powers itself off after its report.
    features: { acpi: true, apic: true },
    onPoweroff: 'destroy',
    onReboot: 'destroy',
    onCrash: 'destroy',
    seclabels: [{ type: 'none', model: 'dac' }],
    devices,
  });
}

/** Defines and starts a guest, resolving to its console log path. */
async function boot(spec: GuestSpec): Promise<string> {
  assert.ok(conn);
  const consoleLog = join(dir, `${spec.name}.console.log`);
  const dom = await conn.defineDomainXml(domainFor(spec, consoleLog).toXML());
  await dom.create();
  return consoleLog;
}

async function timedReport(spec: GuestSpec): Promise<{ report: GuestReport; ms: number }> {
  const t0 = Date.now();
  const log = await boot(spec);
  const report = await waitForGuestReport(log, { timeoutMs: BOOT_TIMEOUT });
  return { report, ms: Date.now() - t0 };
}

function assertCommon(r: GuestReport, m: Manifest, injected = false): void {
  assert.equal(r.format, 1);
  assert.equal(r.kernel.release, m.kernel.version);
  assert.ok(r.cpu.model.length > 0, 'CPU model reported');
  assert.ok(r.cpu.flags.includes('fpu') && r.cpu.flags.includes('lm'), `cpu flags: ${r.cpu.flags.join(' ')}`);
  assert.equal(r.cpu.count, 1);
  assert.ok(r.memory.totalKiB > 64 * 1024 && r.memory.totalKiB <= 128 * 1024, `memory ${r.memory.totalKiB} KiB`);
  assert.ok(r.uptimeSeconds > 0);
  assert.equal(r.hostname, 'stratus-test');
  assert.equal(r.bootCount, 1);
  const root = r.files.get('/root');
  assert.equal(root?.type, 'dir');
  assert.equal(root?.modeOctal, '0700');
  assert.equal(r.files.get('/root/.ssh/authorized_keys')?.exists, injected);
  assert.match(r.files.get('/etc/hostname')?.content ?? '', /^stratus-test\n$/);
  const shadow = r.files.get('/etc/shadow');
  assert.equal(shadow?.modeOctal, '0640');
  assert.equal(shadow?.group, 'shadow');
  assert.equal(shadow?.content, undefined, 'shadow content is only reported as its root line');
  assert.match(r.shadowRoot ?? '', /^root:\*:/);
  assert.match(r.files.get('/etc/network/interfaces')?.content ?? '', /iface lo inet loopback/);
}

describe('test guest images under QEMU TCG', () => {
  const serials = {
    root: 'stratus-root-0001',
    // Longer than virtio-blk's 20 bytes: the guest sees (and by-id names) the first 20.
    volume: '0f3c2a9e-7b1d-4e5f-9a8b-1234567890ab',
    hot: 'hot-attached-vol',
  };

  it('builds images that match their manifest', async (t) => {
    if (skip) return t.skip(skip);
    for (const f of [manifest.wholeDisk.raw, manifest.wholeDisk.qcow2, manifest.ami.root]) {
      assert.equal(statSync(f.path).size, f.size, f.path);
      const info = JSON.parse((await run('qemu-img', ['info', '--output=json', '-f', f.format, f.path])).stdout) as { 'virtual-size': number };
      assert.equal(info['virtual-size'], f.virtualSize);
      assert.ok(f.virtualSize <= 128 << 20, 'images stay small');
    }
    assert.equal(manifest.wholeDisk.qcow2.format, 'qcow2');
    assert.ok(manifest.wholeDisk.qcow2.size < manifest.wholeDisk.raw.virtualSize / 2, 'qcow2 is compressed');
    assert.match(manifest.ami.cmdline, /^root=\/dev\/vda console=ttyS0/);
    // Cached: a second run finds the stamp current and is quick.
    const t0 = Date.now();
    const again = await ensureTestImages({});
    assert.equal(again.inputsHash, manifest.inputsHash);
    assert.ok(Date.now() - t0 < 5_000, `cached ensureTestImages took ${Date.now() - t0} ms`);
  });

  it('boots every kind and reads each report', async (t) => {
    if (skip) return t.skip(skip);
    const m = manifest;
    const mac = '52:54:00:5e:7a:01';
    const [rawDisk, qcowDisk, amiRoot, cfgDrive, volume, failRoot, hotVolume] = await Promise.all([
      overlay('disk-raw', m.wholeDisk.raw.path, 'raw'),
      overlay('disk-qcow2', m.wholeDisk.qcow2.path, 'qcow2'),
      injectedAmiRoot(m.ami.root.path),
      configDrive(),
      blank('volume', 8 << 20),
      overlay('ami-fail', m.ami.root.path, 'raw'),
      blank('hot-volume', 4 << 20),
    ]);
    const iso = join(dir, 'config-2.iso');
    writeFileSync(iso, tinyIso('config-2', { 'meta.jsn': '{"uuid":"iso-1"}\n', 'user.txt': 'hello from the cdrom\n' }));
    chownSync(iso, qemuUid, qemuGid);
    const kernel = { kernel: m.ami.kernel.path, initrd: m.ami.ramdisk.path };
    const results = await Promise.allSettled([
      timedReport({
        name: `${tag}-disk-raw`,
        disks: [
          { path: rawDisk, format: 'qcow2', serial: serials.root },
          { path: volume, format: 'raw', serial: serials.volume },
        ],
        nic: mac,
        cdrom: iso,
      }),
      timedReport({ name: `${tag}-disk-qcow2`, disks: [{ path: qcowDisk, format: 'qcow2', serial: serials.root }] }),
      (async () => {
        // AMI-style in stay mode: the report, then heartbeats whose uptime grows and which show a
        // disk attached to the running guest under its serial (what volume tests rely on).
        const t0 = Date.now();
        const spec: GuestSpec = {
          name: `${tag}-ami`,
          disks: [
            { path: amiRoot, format: 'raw', serial: serials.root },
            { path: cfgDrive, format: 'raw', serial: 'config-drive' },
          ],
          kernel: { ...kernel, cmdline: `${m.ami.cmdline} stratus.stay=1` },
        };
        const log = await boot(spec);
        const report = await waitForGuestReport(log, { timeoutMs: BOOT_TIMEOUT });
        const ms = Date.now() - t0;
        const first = await waitForHeartbeat(log, { timeoutMs: 30_000 });
        assert.ok(conn);
        const dom = await conn.lookupDomainByName(spec.name);
        await dom.attachDevice(
          new Disk({
            type: 'file',
            device: 'disk',
            driver: { name: 'qemu', type: 'raw' },
            source: { file: hotVolume },
            target: { dev: 'vdc', bus: 'virtio' },
            serial: serials.hot,
          }).toXML(),
          DomainModificationImpact.LIVE,
        );
        const attached = await waitForHeartbeat(log, {
          timeoutMs: 30_000,
          match: (h) => h.disks.some((d) => d.byId.includes(`virtio-${serials.hot}`)),
        });
        // Graceful power off: libvirt presses the ACPI power button, the guest powers itself off.
        await dom.shutdown();
        const deadline = Date.now() + 30_000;
        while (await dom.isActive()) {
          assert.ok(Date.now() < deadline, 'guest still running 30 s after the ACPI power button');
          await new Promise((r) => setTimeout(r, 250));
        }
        return { report, ms, first, attached, console: readFileSync(log, 'utf8') };
      })(),
      (async () => {
        // A root that never appears: the initramfs says so and powers off.
        const log = await boot({
          name: `${tag}-fail`,
          disks: [{ path: failRoot, format: 'qcow2', serial: 'x' }],
          kernel: { ...kernel, cmdline: m.ami.cmdline.replace('root=/dev/vda', 'root=/dev/vdz') + ' stratus.rootwait=2' },
        });
        return waitForGuestReport(log, { timeoutMs: BOOT_TIMEOUT }).then(
          () => assert.fail('a guest without its root printed a report'),
          (err: unknown) => err,
        );
      })(),
    ]);
    const value = <T>(r: PromiseSettledResult<T>): T => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    };
    const [diskRaw, diskQcow2, ami, failed] = [value(results[0]), value(results[1]), value(results[2]), value(results[3])];
    console.log(`# boot to report under TCG: whole disk raw ${diskRaw.ms} ms, qcow2 ${diskQcow2.ms} ms, AMI ${ami.ms} ms (4 guests at once)`);

    // Whole disk (raw base): extlinux booted the kernel in /boot; root is the partition.
    const r = diskRaw.report;
    assertCommon(r, m);
    assert.match(r.kernel.cmdline, new RegExp(`root=UUID=${m.wholeDisk.rootFsUuid}`));
    assert.equal(r.rootMount.device, '/dev/vda1');
    const vda = r.disks.find((d) => d.name === 'vda');
    assert.equal(vda?.serial, serials.root);
    assert.deepEqual(vda?.partitions, ['vda1']);
    assert.equal(vda?.sizeBytes, m.wholeDisk.raw.virtualSize);
    assert.equal(r.byId.get(`virtio-${serials.root}`), 'vda');
    assert.equal(r.byId.get(`virtio-${serials.root}-part1`), 'vda1');
    const vdb = r.disks.find((d) => d.name === 'vdb');
    assert.equal(vdb?.serial, serials.volume.slice(0, 20));
    assert.equal(vdb?.sizeBytes, 8 << 20);
    assert.equal(r.byId.get(`virtio-${serials.volume.slice(0, 20)}`), 'vdb');
    assert.deepEqual(r.nics.map((n) => [n.mac, n.driver]), [[mac, 'virtio_net']]);
    assert.equal(r.configDrives.length, 1, JSON.stringify(r.configDrives));
    const cd = r.configDrives[0];
    assert.deepEqual([cd.device, cd.label, cd.fstype, cd.error], ['sr0', 'config-2', 'iso9660', undefined]);
    assert.deepEqual(
      cd.files.map((f) => [f.path, f.size, f.content]),
      [['meta.jsn', 17, '{"uuid":"iso-1"}\n'], ['user.txt', 21, 'hello from the cdrom\n']],
    );

    // Whole disk (qcow2 base).
    assertCommon(diskQcow2.report, m);
    assert.equal(diskQcow2.report.rootMount.device, '/dev/vda1');
    assert.equal(diskQcow2.report.byId.get(`virtio-${serials.root}`), 'vda');

    // AMI-style: direct kernel boot, the bare filesystem is the whole vda.
    assertCommon(ami.report, m, true);
    assert.equal(ami.report.kernel.cmdline, `${m.ami.cmdline} stratus.stay=1`);
    assert.equal(ami.report.rootMount.device, '/dev/vda');
    assert.deepEqual(ami.report.disks.find((d) => d.name === 'vda')?.partitions, []);
    assert.equal(ami.report.byId.get(`virtio-${serials.root}`), 'vda');

    assert.ok(failed instanceof GuestReportError, String(failed));
    assert.equal(failed.code, 'GUEST_BOOT_FAILED');
    assert.match(failed.message, /root device \/dev\/vdz did not appear/);

    assert.equal(ami.report.stay, true);
    assert.ok(ami.attached.uptimeSeconds > ami.first.uptimeSeconds);
    assert.deepEqual(ami.attached.disks.find((d) => d.name === 'vda')?.byId, [`virtio-${serials.root}`]);
    assert.deepEqual(ami.attached.disks.find((d) => d.name === 'vdc')?.byId, [`virtio-${serials.hot}`]);
    assert.match(ami.console, /STRATUS-POWEROFF acpi-power-button/);

    // Files written into the image before boot, reported with content, owner and mode.
    const f = ami.report.files;
    assert.equal(f.get('/root/.ssh')?.modeOctal, '0700');
    assert.deepEqual(f.get('/root/.ssh')?.entries, ['authorized_keys']);
    const keys = f.get('/root/.ssh/authorized_keys');
    assert.deepEqual([keys?.type, keys?.modeOctal, keys?.owner, keys?.group, keys?.uid], ['file', '0600', 'stratus', 'stratus', 1000]);
    assert.equal(keys?.content, INJECTED.key);
    assert.equal(f.get('/meta.js')?.content, INJECTED.meta);
    assert.equal(f.get('/etc/custom-file')?.content, INJECTED.custom);
    assert.equal(f.get('/etc/custom-file')?.modeOctal, '0640');
    assert.equal(f.get('/no/such/file')?.exists, false);
    assert.deepEqual(
      ami.report.configDrives.map((c) => [c.device, c.label, c.fstype, c.error, c.files.length]),
      [['vdb', 'config-2', 'vfat', undefined, 0]],
    );
  });
});
