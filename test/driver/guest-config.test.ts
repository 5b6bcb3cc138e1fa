// Guest config policy: requests x configs -> assertions on the typed Domain (CPU, timers,
// Hyper-V, buses, serials, cache modes, NICs, console, VNC, balloon, metadata round trip), and
// every generated document passes virt-xml-validate.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDomain, type Domain } from '../../src/config/index.js';
import {
  buildGuestConfig, parseStratusMetadata, cacheModeFor, cpuTopology, diskDeviceName, GuestConfigError, DriverError,
  STRATUS_METADATA_NS, type GuestRequest, type GuestConfigContext,
} from '../../src/driver/index.js';
import { ctx, request, validateDomain, VOLUME_ID } from './guest-helpers.js';

/** Builds, validates against libvirt's schema, and checks the XML round-trips to the same typed reads. */
function build(req: GuestRequest, c: GuestConfigContext): Domain {
  const dom = buildGuestConfig(req, c);
  validateDomain(dom);
  assert.equal(parseDomain(dom.toXML()).toXML(), dom.toXML());
  return dom;
}

function refuses(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GuestConfigError, `expected GuestConfigError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_GUEST_REQUEST');
    assert.match(err.message, message);
    return true;
  });
}

describe('guest config: CPU', () => {
  const cases: Array<{ name: string; c: GuestConfigContext; req?: GuestRequest; mode: string | undefined; model?: string; features?: string[]; topology?: boolean }> = [
    { name: 'kvm default -> host-model', c: ctx('kvm'), mode: 'host-model', topology: true },
    { name: 'kvm host-passthrough', c: ctx('kvm', { cpuMode: 'host-passthrough' }), mode: 'host-passthrough', topology: true },
    { name: 'kvm custom, model case-insensitive', c: ctx('kvm', { cpuMode: 'custom', cpuModel: 'westmere' }), mode: 'custom', model: 'Westmere', topology: true },
    { name: 'custom + extra flags', c: ctx('kvm', { cpuMode: 'custom', cpuModel: 'Westmere', cpuModelExtraFlags: ['PCID', 'ssse3'] }), mode: 'custom', model: 'Westmere', features: ['pcid', 'ssse3'] },
    { name: 'host-model + extra flags', c: ctx('kvm', { cpuModelExtraFlags: ['vmx'] }), mode: 'host-model', features: ['vmx'] },
    { name: 'qemu default with 2 vcpus -> topology only', c: ctx('qemu'), mode: undefined, topology: true },
    { name: 'qemu none with 1 vcpu -> no <cpu>', c: ctx('qemu', { cpuMode: 'none' }), req: request({ flavor: { name: 'm1.tiny', vcpus: 1, memoryMiB: 128, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 } }), mode: 'absent' },
    { name: 'qemu default + flags -> qemu64 with features', c: ctx('qemu', { cpuModelExtraFlags: ['sse4.2'] }), mode: 'custom', model: 'qemu64', features: ['sse4.2'] },
    { name: 'kvm explicit none, 1 vcpu + hw_cpu_threads=1 -> topology', c: ctx('kvm', { cpuMode: 'none' }), req: request({ flavor: { name: 't', vcpus: 1, memoryMiB: 128, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 } }, { hw_cpu_threads: '1' }), mode: undefined, topology: true },
  ];
  for (const t of cases) {
    it(t.name, () => {
      const dom = build(t.req ?? request(), t.c);
      if (t.mode === 'absent') {
        assert.equal(dom.cpu, undefined);
        return;
      }
      const cpu = dom.cpu;
      assert.ok(cpu, 'a <cpu> element');
      assert.equal(cpu.mode, t.mode);
      if (t.model) {
        assert.equal(cpu.model?.name, t.model);
        assert.equal(cpu.model?.fallback, 'forbid');
        assert.equal(cpu.match, 'exact');
      } else assert.equal(cpu.model, undefined);
      assert.deepEqual(cpu.features.map((f) => [f.name, f.policy]), (t.features ?? []).map((f) => [f, 'require']));
      if (t.topology) assert.ok(cpu.topology);
    });
  }

  it('topology: sockets = vcpus by default; hw_cpu_* properties split it; bad splits fail', () => {
    const r = (vcpus: number, props: Record<string, string> = {}) => request({ flavor: { name: 'f', vcpus, memoryMiB: 256, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 } }, props);
    assert.deepEqual(cpuTopology(r(4)), { sockets: 4, cores: 1, threads: 1 });
    assert.deepEqual(cpuTopology(r(4, { hw_cpu_sockets: '1' })), { sockets: 1, cores: 4, threads: 1 });
    assert.deepEqual(cpuTopology(r(8, { hw_cpu_cores: '2', hw_cpu_threads: '2' })), { sockets: 2, cores: 2, threads: 2 });
    assert.deepEqual(cpuTopology(r(6, { hw_cpu_sockets: '3', hw_cpu_cores: '2' })), { sockets: 3, cores: 2, threads: 1 });
    refuses(() => cpuTopology(r(4, { hw_cpu_sockets: '3' })), /does not make 4 vCPUs/);
    refuses(() => cpuTopology(r(4, { hw_cpu_sockets: '2', hw_cpu_cores: '2', hw_cpu_threads: '2' })), /does not make 4 vCPUs/);
    refuses(() => cpuTopology(r(4, { hw_cpu_cores: 'two' })), /hw_cpu_cores='two' is not a whole number/);
    const dom = build(r(4, { hw_cpu_sockets: '1', hw_cpu_threads: '2' }), ctx('kvm'));
    assert.deepEqual(dom.cpu?.topology, { sockets: 1, cores: 2, threads: 2 });
    assert.equal(dom.cpu?.topologyCount, 4);
    assert.equal(dom.vcpu?.count, 4);
  });

  it('an unknown custom model names itself and some valid models', () => {
    refuses(() => buildGuestConfig(request(), ctx('kvm', { cpuMode: 'custom', cpuModel: 'Pentium9000' })), /CPU model 'Pentium9000' \(cpuModel\) is not offered .*valid models include qemu64, /);
    try {
      buildGuestConfig(request(), ctx('kvm', { cpuMode: 'custom', cpuModel: 'Pentium9000' }));
    } catch (err) {
      assert.ok(err instanceof DriverError);
      assert.equal(err.context.model, 'Pentium9000');
      assert.equal(err.context.instance, request().uuid);
    }
  });
});

describe('guest config: clock and Hyper-V', () => {
  const timers = (d: Domain) => d.clock!.timers.map((t) => ({ name: t.name, tickpolicy: t.tickpolicy, present: t.present }));

  it('kvm Linux: utc, pit delay, rtc catchup, no hpet, no Hyper-V', () => {
    const d = build(request(), ctx('kvm'));
    assert.equal(d.clock?.offset, 'utc');
    assert.deepEqual(timers(d), [
      { name: 'pit', tickpolicy: 'delay', present: undefined },
      { name: 'rtc', tickpolicy: 'catchup', present: undefined },
      { name: 'hpet', tickpolicy: undefined, present: false },
    ]);
    assert.equal(d.features?.hyperv, undefined);
    assert.equal(d.features?.acpi, true);
    assert.equal(d.features?.apic, true);
  });

  it('kvm: hw_time_hpet=true keeps the HPET', () => {
    const d = build(request({}, { hw_time_hpet: 'true' }), ctx('kvm'));
    assert.equal(d.clock?.timer('hpet')?.present, true);
  });

  it('kvm Windows (image os_type or request osType): localtime, hypervclock, relaxed/vapic/spinlocks 8191', () => {
    for (const req of [request({}, { os_type: 'windows' }), request({ osType: 'Windows' })]) {
      const d = build(req, ctx('kvm'));
      assert.equal(d.clock?.offset, 'localtime');
      assert.equal(d.clock?.timer('hypervclock')?.present, true);
      const hv = d.features?.hyperv;
      assert.ok(hv);
      assert.equal(hv.relaxed, true);
      assert.equal(hv.vapic, true);
      assert.equal(hv.spinlocks, 8191);
    }
  });

  it('qemu (TCG): utc or localtime, but no KVM timers or enlightenments', () => {
    const lin = build(request(), ctx('qemu'));
    assert.equal(lin.clock?.offset, 'utc');
    assert.equal(lin.clock?.timers.length, 0);
    const win = build(request({}, { os_type: 'windows' }), ctx('qemu'));
    assert.equal(win.clock?.offset, 'localtime');
    assert.equal(win.clock?.timers.length, 0);
    assert.equal(win.features?.hyperv, undefined);
  });
});

describe('guest config: disks', () => {
  it('virtio by default, names per bus, config drive as an IDE cdrom, volume serial = volume id', () => {
    const d = build(request(), ctx('qemu', {}, { fileCacheMode: 'none' }));
    const disks = d.devices.disks.toArray();
    assert.deepEqual(disks.map((x) => [x.device, x.target?.dev, x.target?.bus, x.driver?.type, x.readonly]), [
      ['disk', 'vda', 'virtio', 'qcow2', false],
      ['disk', 'vdb', 'virtio', 'qcow2', false],
      ['disk', 'vdc', 'virtio', 'raw', false],
      ['disk', 'vdd', 'virtio', 'raw', false],
      ['cdrom', 'hda', 'ide', 'raw', true],
    ]);
    assert.equal(disks[3].serial, VOLUME_ID);
    assert.equal(disks[3].type, 'block');
    assert.equal(disks[3].source?.dev, '/dev/loop7');
    assert.equal(disks[0].serial, undefined);
    // the guest sees /dev/disk/by-id/virtio-<first 20 characters>
    assert.equal(VOLUME_ID.slice(0, 20), '0a1b2c3d-4e5f-4a6b-8');
    assert.deepEqual(d.os?.bootDevices, ['hd']);
  });

  it('hw_disk_bus / hw_cdrom_bus override the buses; q35 puts cdroms on SATA', () => {
    const d = build(request({}, { hw_disk_bus: 'scsi', hw_cdrom_bus: 'sata' }), ctx('qemu'));
    assert.deepEqual(d.devices.disks.map((x) => `${x.target?.dev}/${x.target?.bus}`), ['sda/scsi', 'sdb/scsi', 'sdc/scsi', 'sdd/scsi', 'sde/sata']);
    const ide = build(request({}, { hw_disk_bus: 'ide' }), ctx('qemu'));
    assert.deepEqual(ide.devices.disks.map((x) => x.target?.dev), ['hda', 'hdb', 'hdc', 'hdd', 'hde']);
    const q35 = build(request({}, { hw_machine_type: 'q35' }), ctx('qemu'));
    assert.equal(q35.os?.machine, 'q35');
    assert.equal(q35.devices.disks.at(4)?.target?.bus, 'sata');
  });

  it('refuses a bus that is not one, a virtio cdrom, and a bus the emulator does not offer', () => {
    refuses(() => buildGuestConfig(request({}, { hw_disk_bus: 'nvme0' }), ctx('qemu')), /hw_disk_bus='nvme0' is not a disk bus/);
    refuses(() => buildGuestConfig(request({}, { hw_cdrom_bus: 'virtio' }), ctx('qemu')), /cdrom cannot sit on the virtio bus/);
    refuses(() => buildGuestConfig(request({}, { hw_disk_bus: 'xen' }), ctx('qemu')), /disk bus 'xen' .* not offered by this host's emulator \(it offers ide, fdc, scsi, virtio, usb, sata\)/);
  });

  it('cache mode: the probe result for files, none for block devices, config overrides both', () => {
    const modes = (c: GuestConfigContext) => build(request(), c).devices.disks.map((x) => `${x.type}:${x.driver?.cache}`);
    assert.deepEqual(modes(ctx('qemu', {}, { fileCacheMode: 'none' })), ['file:none', 'file:none', 'file:none', 'block:none', 'file:none']);
    assert.deepEqual(modes(ctx('qemu', {}, { fileCacheMode: 'writethrough' })), ['file:writethrough', 'file:writethrough', 'file:writethrough', 'block:none', 'file:writethrough']);
    assert.deepEqual(modes(ctx('qemu')), ['file:writethrough', 'file:writethrough', 'file:writethrough', 'block:none', 'file:writethrough']);
    assert.deepEqual(modes(ctx('qemu', { diskCacheModes: { file: 'writeback', block: 'directsync' } }, { fileCacheMode: 'none' })), ['file:writeback', 'file:writeback', 'file:writeback', 'block:directsync', 'file:writeback']);
  });

  it('cacheModeFor: none on ext4 (the instance dirs here); tmpfs takes O_DIRECT only since Linux 6.6', async () => {
    const disk = mkdtempSync(join('/var/tmp', 'stratus-drv-cache-'));
    const shm = mkdtempSync(join('/dev/shm', 'stratus-drv-cache-'));
    try {
      assert.equal(await cacheModeFor(disk), 'none');
      const [major, minor] = release().split('.').map(Number);
      assert.equal(await cacheModeFor(shm), major > 6 || (major === 6 && minor >= 6) ? 'none' : 'writethrough');
    } finally {
      rmSync(disk, { recursive: true, force: true });
      rmSync(shm, { recursive: true, force: true });
    }
    await assert.rejects(cacheModeFor(join(tmpdir(), 'stratus-no-such-dir')), (err: unknown) => err instanceof DriverError && err.code === 'HOST_PROBE_FAILED');
  });

  it('a volume without a serial, or a NIC with both network and bridge, is refused', () => {
    refuses(() => buildGuestConfig(request({ disks: [{ role: 'volume', type: 'block', path: '/dev/sdz', format: 'raw' }] }), ctx('qemu')), /needs a serial/);
    refuses(() => buildGuestConfig(request({ nics: [{ mac: '52:54:00:00:00:01', network: 'default', bridge: 'br0' }] }), ctx('qemu')), /exactly one of network or bridge/);
  });

  it('device names run past z', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map((i) => diskDeviceName('vd', i)), ['vda', 'vdz', 'vdaa', 'vdab', 'vdzz', 'vdaaa']);
  });
});

describe('guest config: boot, console, NICs, graphics, balloon', () => {
  it('direct kernel boot (AMI): kernel, initrd, cmdline, no boot devices', () => {
    const d = build(request({ kernel: { kernel: '/i/kernel', initrd: '/i/ramdisk', cmdline: 'root=/dev/vda console=ttyS0' } }), ctx('qemu'));
    assert.equal(d.os?.kernel, '/i/kernel');
    assert.equal(d.os?.initrd, '/i/ramdisk');
    assert.equal(d.os?.cmdline, 'root=/dev/vda console=ttyS0');
    assert.deepEqual(d.os?.bootDevices, []);
    assert.equal(d.os?.type, 'hvm');
    assert.equal(d.os?.arch, 'x86_64');
  });

  it('serial pty logged to the console log, plus a serial console', () => {
    const d = build(request(), ctx('qemu'));
    const s = d.devices.serials.at(0)!;
    assert.equal(s.type, 'pty');
    assert.deepEqual(s.log, { file: request().consoleLogPath, append: true });
    const c = d.devices.consoles.at(0)!;
    assert.equal(c.type, 'pty');
    assert.equal(c.target?.type, 'serial');
  });

  it('NICs on a network and a bridge, model virtio unless hw_vif_model says otherwise', () => {
    const d = build(request(), ctx('qemu'));
    assert.deepEqual(d.devices.interfaces.map((n) => [n.type, n.mac, n.source?.network ?? n.source?.bridge, n.model]), [
      ['network', '52:54:00:aa:bb:01', 'default', 'virtio'],
      ['bridge', '52:54:00:aa:bb:02', 'br-stratus', 'virtio'],
    ]);
    const e = build(request({}, { hw_vif_model: 'e1000' }), ctx('qemu'));
    assert.deepEqual(e.devices.interfaces.map((n) => n.model), ['e1000', 'e1000']);
    refuses(() => buildGuestConfig(request({}, { hw_vif_model: 'tulip' }), ctx('qemu')), /hw_vif_model='tulip' is not a NIC model/);
  });

  it('VNC on request (listen address and keymap from config); refused when the config disables it', () => {
    const none = build(request(), ctx('qemu', { vnc: { enabled: true, listen: '0.0.0.0' } }));
    assert.equal(none.devices.graphics.length, 0);
    const d = build(request({ vnc: true }), ctx('qemu', { vnc: { enabled: true, listen: '0.0.0.0', keymap: 'de' } }));
    const g = d.devices.graphics.at(0)!;
    assert.equal(g.type, 'vnc');
    assert.equal(g.autoport, true);
    assert.equal(g.keymap, 'de');
    assert.deepEqual(g.listens.map((l) => [l.type, l.address]), [['address', '0.0.0.0']]);
    assert.equal(d.devices.inputs.at(0)?.type, 'tablet');
    assert.equal(d.devices.videos.length, 1);
    refuses(() => buildGuestConfig(request({ vnc: true }), ctx('qemu')), /vnc.enabled = false/);
  });

  it('memballoon virtio with the configured stats period (none when 0)', () => {
    assert.equal(build(request(), ctx('qemu')).devices.memballoon?.statsPeriod, 10);
    assert.equal(build(request(), ctx('qemu', { memballoonStatsPeriod: 2 })).devices.memballoon?.statsPeriod, 2);
    const off = build(request(), ctx('qemu', { memballoonStatsPeriod: 0 })).devices.memballoon;
    assert.equal(off?.model, 'virtio');
    assert.equal(off?.statsPeriod, undefined);
  });

  it('memory, vcpus, name, uuid and lifecycle actions', () => {
    const d = build(request(), ctx('kvm'));
    assert.equal(d.type, 'kvm');
    assert.equal(d.name, 'stratus-drv-unit');
    assert.equal(d.uuid, request().uuid);
    assert.deepEqual(d.memory, { value: 256, unit: 'MiB' });
    assert.equal(d.vcpu?.count, 2);
    assert.deepEqual([d.onPoweroff, d.onReboot, d.onCrash], ['destroy', 'restart', 'destroy']);
  });

  it('an architecture the host cannot run is refused, naming what it can', () => {
    refuses(() => buildGuestConfig(request({}, { architecture: 'aarch64' }), ctx('qemu')), /cannot run aarch64\/qemu\/hvm guests \(image property architecture=aarch64\); it offers i686\/qemu\/hvm/);
    assert.equal(build(request({}, { architecture: 'amd64' }), ctx('qemu')).os?.arch, 'x86_64');
  });
});

describe('guest config: stratus metadata', () => {
  it('round-trips through XML text, whatever prefix the document uses', () => {
    const req = request({ createdAt: new Date('2026-11-26T12:34:56.000Z') });
    const d = build(req, ctx('qemu'));
    const back = parseStratusMetadata(parseDomain(d.toXML()));
    assert.deepEqual(back, {
      version: 1, uuid: req.uuid, name: req.name, flavor: req.flavor, imageId: 'img-0001', owner: 'alice', createdAt: '2026-11-26T12:34:56.000Z',
      disks: [{ dev: 'vda', role: 'root' }, { dev: 'vdb', role: 'ephemeral' }, { dev: 'vdc', role: 'swap' }, { dev: 'vdd', role: 'volume' }, { dev: 'hda', role: 'config' }],
    });
    const renamed = d.toXML().replace(/stratus:/g, 'sx:').replace('xmlns:stratus=', 'xmlns:sx=');
    assert.deepEqual(parseStratusMetadata(parseDomain(renamed)), back);
    assert.ok(d.metadataElement(STRATUS_METADATA_NS, 'instance'));
  });

  it('is undefined on a domain that is not ours, and an error when incomplete', () => {
    const d = build(request(), ctx('qemu'));
    assert.equal(parseStratusMetadata(parseDomain(d.toXML().replace(/<metadata>[\s\S]*<\/metadata>/, ''))), undefined);
    const broken = parseDomain(d.toXML().replace(/<stratus:owner>alice<\/stratus:owner>/, ''));
    assert.throws(() => parseStratusMetadata(broken), (err: unknown) => err instanceof DriverError && err.code === 'INVALID_METADATA' && /lacks <owner>/.test(err.message));
    const badRole = parseDomain(d.toXML().replace("role='swap'", "role='scratch'"));
    assert.throws(() => parseStratusMetadata(badRole), /<disk dev='vdc'> has an unknown role 'scratch'/);
    // an element written without disk roles (older writers) still reads
    const noDisks = parseDomain(d.toXML().replace(/<stratus:disks>[\s\S]*<\/stratus:disks>/, ''));
    assert.equal(parseStratusMetadata(noDisks)?.disks, undefined);
  });
});

describe('guest config: LXC', () => {
  it('an exe domain with /sbin/init and the root filesystem mounted', () => {
    const lxcCaps = ctx('lxc');
    // the fixture host has no lxc guest; give the context one
    const caps = lxcCaps.hostCaps;
    const orig = caps.supportedInstances.bind(caps);
    caps.supportedInstances = () => [...orig(), ['x86_64', 'lxc', 'exe']];
    try {
      const d = buildGuestConfig(request({ rootfsDir: '/var/lib/stratus/instances/x/rootfs', disks: [] }), lxcCaps);
      validateDomain(d);
      assert.equal(d.type, 'lxc');
      assert.equal(d.os?.type, 'exe');
      assert.equal(d.os?.init, '/sbin/init');
      assert.equal(d.cpu, undefined);
      const fs = d.devices.filesystems.at(0)!;
      assert.equal(fs.source?.dir, '/var/lib/stratus/instances/x/rootfs');
      assert.equal(fs.target, '/');
      assert.equal(d.devices.consoles.at(0)?.target?.type, 'lxc');
      assert.equal(d.devices.interfaces.length, 2);
      refuses(() => buildGuestConfig(request({ disks: [] }), lxcCaps), /needs rootfsDir/);
    } finally {
      caps.supportedInstances = orig;
    }
  });
});
