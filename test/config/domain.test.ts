/**
 * The domain document: round trips over stored fixtures and live daemon dumps, typed reads that
 * match the XML, edits that touch only their own lines, and invalid values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../src/config/errors.js';
import { toBytes } from '../../src/config/units.js';
import { el } from '../../src/config/xml/build.js';
import { parseXml } from '../../src/config/xml/parse.js';
import { XmlView, isElement, type XmlElement } from '../../src/config/view.js';
import {
  Channel, Disk, Domain, GenericDevice, Interface, Serial, parseDomain,
} from '../../src/config/domain/index.js';
import { c14nDiffs, lxmlAvailable, semanticDiff } from './semantic.js';
import { names, virsh, virshSession } from './virsh.js';
import {
  QEMU_URI, TEST_URI, LXC_URI, assertOnlyChanged, defineAndDump, fixture, fixtureNames, haveLxc, haveQemu, haveTest, testName,
} from './domain-helpers.js';

const NS = 'https://stratus.example/xmlns/instance/1.0';

function assertRoundTrip(label: string, xml: string): void {
  const once = parseDomain(xml).toXML();
  const diff = semanticDiff(xml, once);
  assert.equal(diff, undefined, `${label}: round trip changed the document: ${diff}`);
  const twice = parseDomain(once).toXML();
  assert.equal(twice, once, `${label}: second round trip is not byte-identical`);
  // a parse that reads every typed property must not change the document either
  const d = parseDomain(xml);
  readEverything(d);
  assert.equal(d.toXML(), once, `${label}: reading typed properties changed the document`);
}

/** Reads every getter of every view reachable from the domain, to prove reads have no side effects. */
function readEverything(d: Domain): void {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > 6) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    if (typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' && !(v instanceof Map)) {
      for (const x of v as Iterable<unknown>) visit(x, depth + 1);
    }
    let proto = Object.getPrototypeOf(v);
    while (proto && proto !== Object.prototype) {
      for (const [k, desc] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (desc.get && k !== 'parent' && k !== 'parentElement' && k !== 'document' && k !== 'el' && k !== 'doc') {
          visit((v as Record<string, unknown>)[k], depth + 1);
        }
      }
      proto = Object.getPrototypeOf(proto);
    }
  };
  visit(d, 0);
  for (const dev of d.devices.all()) visit(dev, 1);
}

test('round trip: every stored domain fixture', () => {
  const pairs: Array<[string, string]> = [];
  for (const n of fixtureNames()) {
    const xml = fixture(n);
    assertRoundTrip(n, xml);
    assert.equal(parseDomain(xml).toXML(), xml, `${n}: libvirt-formatted input comes back byte for byte`);
    pairs.push([xml, parseDomain(xml).toXML()]);
  }
  if (lxmlAvailable()) assert.deepEqual(c14nDiffs(pairs), pairs.map(() => undefined));
});

test('round trip: domains dumped live from the test driver', { skip: !haveTest && 'test driver not reachable' }, () => {
  const [list] = virshSession(TEST_URI, ['list --all --name']);
  const doms = names(list);
  assert.ok(doms.length > 0);
  const dumps = virshSession(TEST_URI, doms.flatMap((d) => [`dumpxml ${d}`, `dumpxml --inactive --security-info ${d}`]));
  for (const [i, xml] of dumps.entries()) {
    assert.ok(xml, `dump ${i} failed`);
    assertRoundTrip(`test driver dump ${i}`, xml);
  }
});

test('round trip: QEMU domains defined from our fixtures and dumped by the daemon', { skip: !haveQemu && 'qemu:///system not reachable' }, () => {
  for (const [file, name] of [['qemu-full.input.xml', testName('rt-full')], ['qemu-windows.input.xml', testName('rt-win')]] as const) {
    const dom = parseDomain(fixture(file));
    dom.name = name;
    dom.uuid = randomUUID(); // fresh per run; the sysinfo's system uuid must match it
    dom.sysinfo = undefined;
    const dumped = defineAndDump(QEMU_URI, name, dom.toXML());
    assertRoundTrip(`${name} dumpxml`, dumped);
    const back = parseDomain(dumped);
    assert.equal(back.name, name);
    assert.equal(back.devices.disks.length, dom.devices.disks.length);
  }
  // and every domain the daemon already has, whatever it is
  for (const d of names(virsh(QEMU_URI, 'list', '--all', '--name').stdout)) {
    const r = virsh(QEMU_URI, 'dumpxml', d);
    if (r.ok) assertRoundTrip(`qemu ${d}`, r.stdout);
  }
});

test('round trip: an LXC domain defined and dumped by the daemon', { skip: !haveLxc && 'lxc:///system not reachable' }, () => {
  const dom = parseDomain(fixture('lxc.input.xml'));
  dom.name = testName('rt-lxc');
  const dumped = defineAndDump(LXC_URI, testName('rt-lxc'), dom.toXML());
  assertRoundTrip('lxc dumpxml', dumped);
  assert.equal(parseDomain(dumped).os?.init, '/sbin/init');
});

test('typed reads on a QEMU dumpxml: top level, tuning, os, features, cpu, clock', () => {
  const d = parseDomain(fixture('qemu-full.dumpxml.xml'));
  assert.equal(d.type, 'qemu');
  assert.equal(d.name, 'stratus-fixture-full');
  assert.equal(d.uuid, '3e3fce45-4f53-4fa7-bb32-11f34168b82b');
  assert.equal(d.genid, '43dc0cf8-809b-4adb-9bea-a9abb5f3d90e');
  assert.equal(d.title, 'Full fixture');
  assert.equal(d.description, 'A guest with many devices & settings');
  const inst = d.metadataElement(NS, 'instance');
  assert.ok(inst);
  assert.equal(inst.name, 'stratus:instance');
  assert.equal(inst.child('stratus:owner')?.text, 'alice');
  assert.equal(d.metadataElement('http://example.org/other', 'thing')?.text, 'keep me');
  assert.equal(d.metadataElement(NS, 'nothing'), undefined);

  assert.deepEqual(d.maxMemory, { value: 8388608, unit: 'KiB', slots: 16 });
  assert.deepEqual(d.memory, { value: 1572864, unit: 'KiB' });
  assert.deepEqual(d.currentMemory, { value: 786432, unit: 'KiB' });
  assert.equal(d.memoryBacking?.nosharepages, true);
  assert.equal(d.memoryBacking?.locked, true);
  assert.equal(d.memoryBacking?.hugepages, false);
  assert.equal(d.vcpu?.count, 4);
  assert.equal(d.vcpu?.placement, 'static');
  assert.equal(d.vcpu?.cpuset, '0-1');
  assert.equal(d.vcpu?.current, 2);
  assert.equal(d.iothreads, 2);
  assert.equal(d.cputune?.shares, 2048);
  assert.equal(d.cputune?.period, 100000);
  assert.equal(d.cputune?.quota, -1);
  assert.deepEqual(d.cputune?.vcpuPins, [{ vcpu: 0, cpuset: '0' }, { vcpu: 1, cpuset: '1' }]);
  assert.equal(d.cputune?.emulatorPin, '0-1');
  assert.deepEqual(d.numatune?.memory, { mode: 'strict', nodeset: '0' });
  assert.equal(d.resourcePartition, '/machine');
  assert.equal(d.sysinfo?.type, 'smbios');
  assert.deepEqual(d.sysinfo?.bios, { vendor: 'Stratus' });
  assert.equal(d.sysinfo?.system?.serial, 'abc-123');

  const os = d.os!;
  assert.equal(os.type, 'hvm');
  assert.equal(os.arch, 'x86_64');
  assert.equal(os.machine, 'pc-q35-7.2');
  assert.equal(os.kernel, '/var/lib/stratus/kernel');
  assert.equal(os.initrd, '/var/lib/stratus/initrd');
  assert.equal(os.cmdline, 'console=ttyS0 root=/dev/vda1');
  assert.deepEqual(os.bootDevices, []);
  assert.deepEqual(os.bootMenu, { enable: true, timeout: 3000 });
  assert.equal(os.smbiosMode, 'sysinfo');

  const f = d.features!;
  assert.equal(f.acpi, true);
  assert.equal(f.apic, true);
  assert.equal(f.pae, true);
  assert.equal(f.hap, undefined);
  assert.equal(f.vmport, false);
  assert.equal(f.pmu, true);
  assert.equal(f.ioapic, 'qemu');
  assert.equal(f.hyperv, undefined);

  const cpu = d.cpu!;
  assert.equal(cpu.mode, 'custom');
  assert.equal(cpu.match, 'exact');
  assert.equal(cpu.check, 'partial');
  assert.equal(cpu.model?.name, 'qemu64');
  assert.equal(cpu.model?.fallback, 'allow');
  assert.equal(cpu.vendor, 'AMD');
  assert.deepEqual(cpu.topology, { sockets: 1, dies: 1, cores: 2, threads: 2 });
  assert.equal(cpu.topologyCount, 4);
  assert.deepEqual(cpu.cache, { level: 3, mode: 'emulate' });
  assert.deepEqual(cpu.features.map((x) => [x.name, x.policy]), [['sse4.2', 'require'], ['svm', 'disable']]);
  assert.equal(cpu.featurePolicy('svm'), 'disable');
  assert.equal(cpu.featurePolicy('avx'), undefined);
  assert.equal(cpu.numaCells.length, 1);
  assert.equal(cpu.numaCells.at(0)?.cpus, '0-3');
  assert.equal(toBytes(cpu.numaCells.at(0)!.memory!), 1073741824n);

  const clock = d.clock!;
  assert.equal(clock.offset, 'utc');
  assert.equal(clock.adjustment, 'reset');
  assert.deepEqual(clock.timers.map((t) => t.name), ['rtc', 'pit', 'hpet']);
  assert.equal(clock.timer('rtc')?.tickpolicy, 'catchup');
  assert.equal(clock.timer('rtc')?.track, 'guest');
  assert.equal(clock.timer('pit')?.tickpolicy, 'delay');
  assert.equal(clock.timer('hpet')?.present, false);

  assert.equal(d.onPoweroff, 'destroy');
  assert.equal(d.onReboot, 'restart');
  assert.equal(d.onCrash, 'coredump-restart');
  assert.deepEqual(d.pm, { suspendToMem: false, suspendToDisk: false });
  assert.equal(d.seclabels.length, 1);
  assert.equal(d.seclabels.at(0)?.type, 'dynamic');
  assert.equal(d.seclabels.at(0)?.model, 'dac');
  assert.equal(d.seclabels.at(0)?.relabel, true);
});

test('typed reads on a QEMU dumpxml: disks', () => {
  const d = parseDomain(fixture('qemu-full.dumpxml.xml'));
  assert.equal(d.devices.emulator, '/usr/bin/qemu-system-x86_64');
  const disks = d.devices.disks;
  const byDev = (dev: string) => disks.find((x) => x.target?.dev === dev)!;

  const root = byDev('vda');
  assert.equal(root.type, 'file');
  assert.equal(root.device, 'disk');
  assert.equal(root.driver?.name, 'qemu');
  assert.equal(root.driver?.type, 'qcow2');
  assert.equal(root.driver?.cache, 'none');
  assert.equal(root.driver?.io, 'native');
  assert.equal(root.driver?.discard, 'unmap');
  assert.equal(root.driver?.detectZeroes, 'unmap');
  assert.equal(root.driver?.iothread, 1);
  assert.equal(root.source?.file, '/var/lib/libvirt/images/stratus-full.qcow2');
  assert.deepEqual(root.backingChain.map((b) => [b.format, b.source?.file]), [
    ['qcow2', '/var/lib/libvirt/images/base.qcow2'],
    ['raw', '/var/lib/libvirt/images/base.raw'],
  ]);
  assert.equal(root.backingChain[1].backingStore?.isEnd, true);
  assert.equal(root.target?.bus, 'virtio');
  assert.equal(root.iotune?.totalBytesSec, 10000000);
  assert.equal(root.iotune?.readIopsSec, 400);
  assert.deepEqual(root.iotune?.toJSON(), { totalBytesSec: 10000000, readIopsSec: 400, writeIopsSec: 100 });
  assert.equal(root.serial, 'vol-0001');
  assert.equal(root.bootOrder, 1);
  assert.equal(root.address?.type, 'pci');
  assert.equal(root.address?.bus, 11);
  assert.equal(root.address?.pciName, '0000:0b:00.0');

  const lun = byDev('sda');
  assert.equal(lun.type, 'block');
  assert.equal(lun.device, 'lun');
  assert.equal(lun.source?.dev, '/dev/sdz');
  assert.equal(lun.shareable, true);
  assert.equal(lun.address?.type, 'drive');
  assert.equal(lun.address?.unit, 0);

  const rbd = byDev('sdd');
  assert.equal(rbd.type, 'network');
  assert.equal(rbd.source?.protocol, 'rbd');
  assert.equal(rbd.source?.name, 'pool/image');
  assert.deepEqual(rbd.source?.hosts.map((h) => [h.name, h.port]), [['mon1.example', 6789], ['mon2.example', 6789]]);
  assert.equal(rbd.source?.location, 'rbd://mon1.example:6789/pool/image');
  assert.equal(rbd.auth?.username, 'admin');
  assert.deepEqual(rbd.auth?.secret, { type: 'ceph', uuid: '2a5c8b2e-3b5e-4a3c-9e6f-6a3f8c1d2e4f' });
  assert.equal(rbd.wwn, '5000c50015ea71ac');

  const iscsi = byDev('sdb');
  assert.equal(iscsi.source?.protocol, 'iscsi');
  assert.equal(iscsi.vendor, 'STRATUS');
  assert.equal(iscsi.product, 'VDISK');

  const vol = byDev('vdc');
  assert.equal(vol.type, 'volume');
  assert.equal(vol.source?.pool, 'default');
  assert.equal(vol.source?.volume, 'vol1');

  const cd = byDev('sdc');
  assert.equal(cd.device, 'cdrom');
  assert.equal(cd.readonly, true);
  assert.equal(cd.target?.bus, 'sata');

  const nvme = byDev('vde');
  assert.equal(nvme.type, 'nvme');
  assert.equal(nvme.source?.type, 'pci');
  assert.equal(nvme.source?.managed, true);
  assert.equal(nvme.source?.namespace, 1);
  assert.equal(nvme.source?.address?.pciName, '0000:01:00.0');

  assert.equal(byDev('fda').device, 'floppy');
  assert.equal(byDev('fda').source, undefined);

  const enc = parseDomain(fixture('kvm-misc.validate-only.xml')).devices.disks.find((x) => x.target?.dev === 'vda')!;
  assert.equal(enc.encryption?.format, 'luks');
  assert.deepEqual(enc.encryption?.secrets, [{ type: 'passphrase', uuid: '0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f' }]);
  const nbd = parseDomain(fixture('kvm-misc.validate-only.xml')).devices.disks.find((x) => x.source?.protocol === 'nbd')!;
  assert.deepEqual(nbd.source?.hosts.map((h) => [h.transport, h.socket]), [['unix', '/run/nbd.sock']]);
});

test('typed reads on a QEMU dumpxml: interfaces, chardevs, graphics and the other devices', () => {
  const d = parseDomain(fixture('qemu-full.dumpxml.xml'));
  const nics = d.devices.interfaces;
  assert.deepEqual(nics.map((n) => n.type), ['network', 'bridge', 'direct', 'ethernet', 'user', 'vhostuser', 'hostdev']);
  const net = nics.at(0)!;
  assert.equal(net.mac, '52:54:00:aa:bb:01');
  assert.equal(net.source?.network, 'default');
  assert.equal(net.model, 'virtio');
  assert.equal(net.driver?.name, 'vhost');
  assert.equal(net.driver?.queues, 2);
  assert.equal(net.filterref?.filter, 'clean-traffic');
  assert.deepEqual(net.filterref?.parameters, [{ name: 'IP', value: '10.0.0.5' }]);
  assert.deepEqual(net.bandwidth, { inbound: { average: 1000, peak: 5000, burst: 1024 }, outbound: { average: 1000 } });
  assert.equal(net.linkState, 'up');
  assert.equal(net.mtu, 1450);
  assert.equal(net.bootOrder, 2);
  assert.equal(nics.at(1)?.source?.bridge, 'br0');
  assert.equal(nics.at(1)?.virtualport?.type, 'openvswitch');
  assert.deepEqual(nics.at(1)?.virtualport?.parameters, { interfaceid: '09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' });
  assert.equal(nics.at(2)?.source?.dev, 'eth0');
  assert.equal(nics.at(2)?.source?.mode, 'vepa');
  assert.equal(nics.at(2)?.virtualport?.parameters.managerid, '11');
  assert.equal(nics.at(3)?.targetDev, 'tap-stratus');
  assert.equal(nics.at(3)?.targetManaged, false);
  assert.equal(nics.at(4)?.model, 'rtl8139');
  assert.equal(nics.at(5)?.source?.path, '/run/vhost-user0.sock');
  assert.equal(nics.at(5)?.source?.mode, 'client');
  assert.equal(nics.at(6)?.managed, true);
  assert.equal(nics.at(6)?.source?.hostAddress?.pciName, '0000:03:00.1');

  const serials = d.devices.serials;
  assert.deepEqual(serials.map((s) => s.type), ['pty', 'file', 'tcp', 'udp']);
  assert.deepEqual(serials.at(0)?.log, { file: '/var/log/libvirt/qemu/stratus-console.log', append: true });
  assert.equal(serials.at(0)?.target?.type, 'isa-serial');
  assert.equal(serials.at(0)?.target?.port, 0);
  assert.equal(serials.at(0)?.target?.model, 'isa-serial');
  assert.equal(serials.at(1)?.source?.path, '/var/log/stratus-serial1.log');
  assert.equal(serials.at(2)?.protocol, 'telnet');
  assert.equal(serials.at(2)?.source?.mode, 'bind');
  assert.equal(serials.at(2)?.source?.service, '4555');
  assert.deepEqual(serials.at(3)?.sources.map((s) => [s.mode, s.service]), [['bind', '4556'], ['connect', '4557']]);
  assert.equal(d.devices.consoles.at(0)?.target?.type, 'serial');
  assert.equal(d.devices.parallels.length, 1);
  assert.deepEqual(d.devices.channels.map((c) => [c.type, c.target?.name]), [['unix', 'org.qemu.guest_agent.0'], ['spicevmc', 'com.redhat.spice.0']]);
  assert.equal(d.devices.channels.at(0)?.address?.type, 'virtio-serial');
  assert.equal(d.devices.channels.at(0)?.address?.port, '1');

  assert.deepEqual(d.devices.inputs.map((i) => [i.type, i.bus]), [['tablet', 'usb'], ['mouse', 'ps2'], ['keyboard', 'ps2']]);
  const [vnc, spice] = d.devices.graphics;
  assert.equal(vnc.type, 'vnc');
  assert.equal(vnc.port, -1);
  assert.equal(vnc.autoport, true);
  assert.equal(vnc.keymap, 'en-us');
  assert.deepEqual(vnc.listens.map((l) => [l.type, l.address]), [['address', '127.0.0.1']]);
  assert.equal(spice.type, 'spice');
  assert.equal(d.devices.sounds.at(0)?.model, 'ich9');
  assert.equal(d.devices.videos.at(0)?.model?.type, 'virtio');
  assert.equal(d.devices.videos.at(0)?.model?.primary, true);

  const [pci, usb, mdev] = d.devices.hostdevs;
  assert.equal(pci.type, 'pci');
  assert.equal(pci.managed, true);
  assert.equal(pci.source?.address?.pciName, '0000:06:02.0');
  assert.equal(usb.source?.vendorId, '0x1234');
  assert.equal(usb.source?.productId, '0xbeef');
  assert.equal(mdev.model, 'vfio-pci');
  assert.equal(mdev.display, false);
  assert.equal(mdev.source?.address?.uuid, 'c2177883-f1bb-47f0-914d-32a22e3a8804');
  assert.equal(d.devices.redirdevs.at(0)?.type, 'spicevmc');
  assert.equal(d.devices.watchdogs.at(0)?.model, 'i6300esb');
  assert.equal(d.devices.watchdogs.at(0)?.action, 'reset');
  assert.equal(d.devices.memballoon?.model, 'virtio');
  assert.equal(d.devices.memballoon?.statsPeriod, 10);
  assert.deepEqual(d.devices.rngs.at(0)?.rate, { bytes: 1024, period: 1000 });
  assert.deepEqual(d.devices.rngs.at(0)?.backend, { model: 'random', path: '/dev/urandom' });
  assert.deepEqual(d.devices.tpms.at(0)?.backend, { type: 'passthrough', devicePath: '/dev/tpm0' });
  assert.equal(d.devices.panics.at(0)?.model, 'isa');
  assert.equal(d.devices.shmems.at(0)?.name, 'stratus-shm');
  assert.equal(d.devices.shmems.at(0)?.model, 'ivshmem-plain');
  assert.equal(toBytes(d.devices.shmems.at(0)!.size!), 4n * 1024n * 1024n);
  const dimm = d.devices.memoryDevices.at(0)!;
  assert.equal(dimm.model, 'dimm');
  assert.deepEqual(dimm.size, { value: 524288, unit: 'KiB' });
  assert.equal(dimm.node, 0);
  assert.equal(dimm.address?.type, 'dimm');
  assert.equal(dimm.address?.slot, 0);
  assert.equal(d.devices.iommus.at(0)?.model, 'intel');
  assert.deepEqual(d.devices.iommus.at(0)?.driver, { intremap: true });
  assert.equal(d.devices.vsocks.at(0)?.cid, 3);
  assert.equal(d.devices.filesystems.at(0)?.driver?.type, 'path');
  assert.equal(d.devices.filesystems.at(0)?.source?.dir, '/srv/share');
  assert.equal(d.devices.filesystems.at(0)?.target, 'share');
  assert.equal(d.devices.filesystems.at(0)?.readonly, true);
  const scsi = d.devices.controllers.find((c) => c.type === 'scsi')!;
  assert.equal(scsi.model, 'virtio-scsi');
  assert.deepEqual(scsi.driver, { queues: 2, iothread: 2 });
  const port = d.devices.controllers.find((c) => c.model === 'pcie-root-port')!;
  assert.equal(port.modelName, 'pcie-root-port');
  assert.equal(port.targetChassis, 1);
  assert.equal(port.targetPort, 0x10);

  assert.deepEqual(d.devices.audios.map((a) => [a.id, a.type]), [[1, 'spice']]);
  assert.deepEqual(d.devices.unknown(), []);
  // any element is reachable by name, typed or not
  assert.equal(d.devices.byName('audio').at(0)?.el.getAttribute('type'), 'spice');
  const all = d.devices.all();
  assert.equal(all.length, d.devices.el!.elements().length - 1); // everything but <emulator>
});

test('typed reads: Windows-like guest (hyperv), LXC guest, misc (efi, sev, timers, virtiofs)', () => {
  const w = parseDomain(fixture('qemu-windows.dumpxml.xml'));
  const hv = w.features!.hyperv!;
  assert.equal(hv.mode, 'custom');
  assert.equal(hv.relaxed, true);
  assert.equal(hv.spinlocks, 8191);
  assert.equal(hv.vendorId, 'StratusHV');
  assert.equal(hv.stimer, true);
  assert.deepEqual(Object.keys(hv.switches).sort(), ['frequencies', 'ipi', 'relaxed', 'reset', 'runtime', 'synic', 'tlbflush', 'vapic', 'vpindex']);
  assert.equal(w.features?.kvmHidden, true);
  assert.equal(w.features?.smm, true);
  assert.equal(w.cpu?.mode, 'host-model');
  assert.equal(w.clock?.offset, 'localtime');
  assert.equal(w.clock?.timer('hypervclock')?.present, true);
  assert.deepEqual(w.os?.bootDevices, ['cdrom', 'hd']);
  assert.equal(w.os?.loader?.path, '/usr/share/seabios/bios.bin');
  assert.equal(w.os?.loader?.readonly, true);
  assert.equal(w.os?.loader?.type, 'rom');
  assert.equal(w.devices.panics.at(0)?.model, 'hyperv');
  assert.equal(w.devices.memballoon?.statsPeriod, 5);

  const l = parseDomain(fixture('lxc.dumpxml.xml'));
  assert.equal(l.type, 'lxc');
  assert.equal(l.os?.type, 'exe');
  assert.equal(l.os?.init, '/sbin/init');
  assert.deepEqual(l.os?.initArgs, ['--verbose']);
  assert.deepEqual(l.os?.initEnv, { STRATUS: '1' });
  assert.equal(l.os?.initDir, '/srv');
  assert.deepEqual(l.devices.filesystems.map((f) => [f.type, f.target]), [['mount', '/'], ['ram', '/run']]);
  assert.deepEqual(l.devices.filesystems.at(1)?.source?.usage, { value: 1024, unit: 'KiB' });
  assert.equal(l.devices.consoles.at(0)?.target?.type, 'lxc');
  assert.deepEqual(l.idmap, { uids: [{ start: 0, target: 100000, count: 65536 }], gids: [{ start: 0, target: 100000, count: 65536 }] });

  const m = parseDomain(fixture('kvm-misc.validate-only.xml'));
  assert.equal(m.os?.firmware, 'efi');
  assert.deepEqual(m.os?.firmwareFeatures, [{ enabled: true, name: 'secure-boot' }, { enabled: true, name: 'enrolled-keys' }]);
  assert.equal(m.os?.loader?.secure, true);
  assert.equal(m.os?.nvram?.template, '/usr/share/OVMF/OVMF_VARS.ms.fd');
  assert.equal(m.os?.nvram?.path, '/var/lib/libvirt/qemu/nvram/misc_VARS.fd');
  assert.equal(m.os?.dtb, '/boot/guest.dtb');
  assert.deepEqual(m.memoryBacking?.hugepages, [{ size: 2048, unit: 'KiB', nodeset: '0' }]);
  assert.equal(m.memoryBacking?.source, 'memfd');
  assert.equal(m.memoryBacking?.access, 'shared');
  assert.deepEqual(m.numatune?.memory, { mode: 'interleave', placement: 'auto' });
  assert.equal(m.vcpu?.placement, 'auto');
  assert.equal(m.features?.hap, true);
  assert.equal(m.features?.apicEoi, true);
  assert.deepEqual(m.features?.smmTseg, { value: 48, unit: 'MiB' });
  assert.equal(m.features?.pmu, false);
  assert.equal(m.cpu?.mode, 'host-passthrough');
  assert.equal(m.cpu?.migratable, true);
  assert.deepEqual(m.cpu?.cache, { mode: 'passthrough' });
  assert.deepEqual(m.cpu?.numaCells.map((c) => [c.id, c.memAccess, c.memory]), [[0, 'shared', { value: 2, unit: 'GiB' }], [1, 'shared', { value: 2, unit: 'GiB' }]]);
  assert.equal(m.clock?.offset, 'timezone');
  assert.equal(m.clock?.timezone, 'Europe/Paris');
  const tsc = m.clock!.timer('tsc')!;
  assert.equal(tsc.frequency, 2596140000);
  assert.equal(tsc.mode, 'native');
  assert.deepEqual(m.clock?.timer('rtc')?.catchup, { threshold: 123, slew: 120, limit: 10000 });
  assert.equal(m.onPoweroff, 'preserve');
  assert.equal(m.onCrash, 'coredump-destroy');
  assert.equal(m.seclabels.at(0)?.label, 'system_u:system_r:svirt_t:s0:c392,c662');
  assert.equal(m.seclabels.at(1)?.baselabel, '+107:+107');
  assert.equal(m.launchSecurity?.type, 'sev');
  assert.equal(m.launchSecurity?.cbitpos, 47);
  assert.equal(m.launchSecurity?.reducedPhysBits, 1);
  assert.equal(m.launchSecurity?.policy, '0x0003');
  assert.equal(m.launchSecurity?.policyValue, 3);
  const fs = m.devices.filesystems.at(0)!;
  assert.equal(fs.driver?.type, 'virtiofs');
  assert.equal(fs.driver?.queue, 1024);
  assert.equal(fs.binaryPath, '/usr/libexec/virtiofsd');
  assert.equal(m.devices.interfaces.at(0)?.driver?.rxQueueSize, 1024);
  assert.equal(m.devices.interfaces.at(0)?.source?.portgroup, 'web');
  assert.equal(m.devices.interfaces.at(0)?.romBar, false);
  assert.equal(m.devices.serials.at(0)?.source?.path, '/run/stratus/console.sock');
  assert.deepEqual(m.devices.serials.at(0)?.log, { file: '/var/log/stratus/console.log' });
  assert.equal(m.devices.graphics.at(0)?.tlsPort, 5902);
  assert.equal(m.devices.graphics.at(0)?.listens.at(0)?.network, 'default');
  assert.equal(m.devices.graphics.at(1)?.listens.at(0)?.socket, '/run/stratus/vnc.sock');
  assert.equal(m.devices.hostdevs.at(0)?.driver, 'vfio');
  assert.equal(m.devices.hostdevs.at(0)?.romBar, true);
  assert.equal(m.devices.hostdevs.at(0)?.bootOrder, 3);
  assert.equal(m.devices.hostdevs.at(1)?.source?.startupPolicy, 'optional');
  assert.equal(m.devices.hostdevs.at(1)?.source?.address?.bus, 1);
  assert.equal(m.devices.hostdevs.at(1)?.source?.address?.device, 3);
  assert.deepEqual(m.devices.tpms.at(0)?.backend, { type: 'emulator', version: '2.0', persistentState: true });
  assert.equal(m.devices.shmems.at(0)?.serverPath, '/tmp/socket-ivshmem');
  assert.equal(m.devices.shmems.at(0)?.msiVectors, 32);
  const nv = m.devices.memoryDevices.at(0)!;
  assert.equal(nv.model, 'nvdimm');
  assert.equal(nv.sourcePath, '/tmp/nvdimm');
  assert.deepEqual(nv.labelSize, { value: 128, unit: 'KiB' });
  assert.equal(m.devices.memballoon?.model, 'none');
  assert.equal(m.devices.vsocks.at(0)?.cid, 'auto');
  assert.equal(m.devices.panics.at(0)?.address?.iobase, 0x505);
});

test('edits change only their own lines', () => {
  const base = fixture('qemu-full.dumpxml.xml');
  const edit = (fn: (d: Domain) => void) => {
    const d = parseDomain(base);
    fn(d);
    return d.toXML();
  };
  assertOnlyChanged(base, edit((d) => (d.memory = { value: 2, unit: 'GiB' })), ["<memory unit='KiB'>1572864</memory>"], ["<memory unit='GiB'>2</memory>"]);
  assertOnlyChanged(base, edit((d) => (d.vcpu!.count = 8)), ["<vcpu placement='static' cpuset='0-1' current='2'>4</vcpu>"], ["<vcpu placement='static' cpuset='0-1' current='2'>8</vcpu>"]);
  assertOnlyChanged(base, edit((d) => (d.name = 'renamed')), ['<name>stratus-fixture-full</name>'], ['<name>renamed</name>']);
  assertOnlyChanged(base, edit((d) => (d.description = undefined)), ['<description>A guest with many devices &amp; settings</description>'], []);
  assertOnlyChanged(base, edit((d) => (d.onCrash = 'destroy')), ['<on_crash>coredump-restart</on_crash>'], ['<on_crash>destroy</on_crash>']);
  assertOnlyChanged(base, edit((d) => (d.clock!.timer('hpet')!.present = true)), ["<timer name='hpet' present='no'/>"], ["<timer name='hpet' present='yes'/>"]);
  assertOnlyChanged(base, edit((d) => d.clock!.timers.push({ name: 'kvmclock', present: false })), [], ["<timer name='kvmclock' present='no'/>"]);
  assertOnlyChanged(base, edit((d) => (d.cpu!.model = { name: 'EPYC', fallback: 'forbid' })), ["<model fallback='allow'>qemu64</model>"], ["<model fallback='forbid'>EPYC</model>"]);
  assertOnlyChanged(base, edit((d) => d.cpu!.features.push({ name: 'x2apic', policy: 'require' })), [], ["<feature policy='require' name='x2apic'/>"]);
  assertOnlyChanged(base, edit((d) => (d.features!.hap = false)), [], ["<hap state='off'/>"]);
  assertOnlyChanged(base, edit((d) => (d.os!.cmdline = 'console=ttyS0 quiet')), ['<cmdline>console=ttyS0 root=/dev/vda1</cmdline>'], ['<cmdline>console=ttyS0 quiet</cmdline>']);
  assertOnlyChanged(base, edit((d) => (d.devices.memballoon!.statsPeriod = 30)), ["<stats period='10'/>"], ["<stats period='30'/>"]);
  assertOnlyChanged(base, edit((d) => (d.devices.disks.at(0)!.driver!.cache = 'writeback')),
    ["<driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap' iothread='1' detect_zeroes='unmap'/>"],
    ["<driver name='qemu' type='qcow2' cache='writeback' io='native' discard='unmap' iothread='1' detect_zeroes='unmap'/>"]);
  assertOnlyChanged(base, edit((d) => (d.devices.interfaces.at(0)!.linkState = 'down')), ["<link state='up'/>"], ["<link state='down'/>"]);
  assertOnlyChanged(base, edit((d) => (d.devices.interfaces.at(0)!.mtu = undefined)), ["<mtu size='1450'/>"], []);
  assertOnlyChanged(base, edit((d) => (d.devices.graphics.at(0)!.passwd = 's3cret')),
    ["<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' keymap='en-us'>"],
    ["<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' keymap='en-us' passwd='s3cret'>"]);

  // removing a device takes exactly its lines
  const noVnc = edit((d) => assert.equal(d.devices.remove(d.devices.graphics.at(0)!), true));
  assertOnlyChanged(base, noVnc, ["<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' keymap='en-us'>", "<listen type='address' address='127.0.0.1'/>", '</graphics>'], []);
  const noCd = edit((d) => d.devices.disks.remove(d.devices.disks.find((x) => x.device === 'cdrom')!));
  const r = assertLinesRemovedOnly(base, noCd);
  assert.ok(r.some((l) => l.includes('config.iso')));
  const noAudio = edit((d) => d.devices.remove(d.devices.audios.at(0)!));
  assertOnlyChanged(base, noAudio, ["<audio id='1' type='spice'/>"], []);

  // adding a disk after the last disk, indented like its siblings
  const added = edit((d) => d.devices.disks.push(new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { file: '/tmp/extra.img' }, target: { dev: 'vdz', bus: 'virtio' } })));
  assertOnlyChanged(base, added, [], ["<disk type='file' device='disk'>", "<driver name='qemu' type='raw'/>", "<source file='/tmp/extra.img'/>", "<target dev='vdz' bus='virtio'/>", '</disk>']);
  const p = parseDomain(added);
  assert.equal(p.devices.disks.at(-1)?.target?.dev, 'vdz');
  assert.ok(added.includes("    <disk type='file' device='disk'>\n      <driver name='qemu' type='raw'/>"));
  assert.ok(added.indexOf('/tmp/extra.img') < added.indexOf('<controller'), 'new disk sits with the other disks');

  // metadata: replacing our element leaves the other application's alone
  const meta = edit((d) => d.setMetadataElement(el('stratus:instance', { 'xmlns:stratus': NS }, [el('stratus:owner', null, 'bob')])));
  const m = parseDomain(meta);
  assert.equal(m.metadataElement(NS, 'instance')?.child('stratus:owner')?.text, 'bob');
  assert.equal(m.metadataElement(NS, 'instance')?.child('stratus:flavor'), undefined);
  assert.equal(m.metadataElement('http://example.org/other', 'thing')?.text, 'keep me');
  const d2 = lineDiffRemovedOnly(base, meta);
  assert.ok(d2.every((l) => l.includes('stratus:')), `only our metadata lines changed: ${d2}`);
});

function assertLinesRemovedOnly(before: string, after: string): string[] {
  const b = before.split('\n');
  const a = after.split('\n');
  // every line of `after` appears in `before` in order
  let i = 0;
  for (const line of a) {
    while (i < b.length && b[i] !== line) i++;
    assert.ok(i < b.length, `line not from the original: ${line}`);
    i++;
  }
  return b.filter((l) => !a.includes(l));
}

function lineDiffRemovedOnly(before: string, after: string): string[] {
  const a = new Set(after.split('\n'));
  return before.split('\n').filter((l) => !a.has(l));
}

test('lists behave like arrays and edit the document', () => {
  const d = parseDomain(fixture('test-driver-test.xml'));
  const disks = d.devices.disks;
  assert.equal(disks.length, 1);
  const extra = new Disk({ type: 'file', device: 'cdrom', target: { dev: 'hdc', bus: 'ide' }, readonly: true });
  disks.push(extra);
  assert.equal(d.devices.disks.length, 2);
  assert.equal(d.devices.disks.indexOf(extra), 1);
  disks.insert(0, { type: 'block', device: 'disk', source: { dev: '/dev/sdq' }, target: { dev: 'vdq', bus: 'virtio' } });
  assert.deepEqual(d.devices.disks.map((x) => x.target?.dev), ['vdq', 'vda', 'hdc']);
  assert.equal(d.devices.disks.remove(extra), true);
  assert.equal(d.devices.disks.remove(extra), false);
  assert.deepEqual([...d.devices.disks].map((x) => x.target?.dev), ['vdq', 'vda']);
  // a serial console with a log file, pushed into a document that has no serial yet
  d.devices.serials.push(new Serial({ type: 'pty', log: { file: '/var/log/stratus/console.log', append: false }, target: { port: 0 } }));
  d.devices.consoles.push({ type: 'pty', target: { type: 'serial', port: 0 } });
  const x = d.toXML();
  assert.ok(x.indexOf('<serial') > x.indexOf('<interface') && x.indexOf('<serial') < x.indexOf('<memballoon'), 'serial lands in libvirt order');
  assert.ok(x.indexOf('<console') > x.indexOf('<serial'));
  const dev = d.devices.add(new Channel({ type: 'unix', target: { type: 'virtio', name: 'org.qemu.guest_agent.0' } }));
  assert.equal(dev, d.devices.all().length);
  assert.equal(parseDomain(d.toXML()).devices.channels.at(0)?.target?.name, 'org.qemu.guest_agent.0');
  assert.throws(() => d.devices.add(d.devices.disks.at(0)!), (e: unknown) => e instanceof ConfigError && e.code === 'INVALID_EDIT');
  // generic access to an element we have no class for
  d.devices.byName('smartcard').push(new GenericDevice(el('smartcard', { mode: 'host' })));
  assert.deepEqual(parseDomain(d.toXML()).devices.unknown().map((u) => u.kind), ['smartcard']);
  // typed options on construction of interfaces validate the MAC
  assert.throws(() => new Interface({ type: 'network', mac: 'not-a-mac' }), ConfigError);
});

test('invalid values read through typed properties raise ConfigError with the element path', () => {
  const bad = (xml: string, read: (d: Domain) => unknown, path: string, code = 'INVALID_VALUE') => {
    const d = parseDomain(xml);
    assert.throws(() => read(d), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.code, code);
      assert.equal(e.path, path);
      assert.ok(e.message.includes(path));
      return true;
    });
  };
  const dom = (inner: string) => `<domain type='qemu'><name>x</name>${inner}</domain>`;
  bad(dom('<memory>abc</memory>'), (d) => d.memory, '/domain/memory');
  bad(dom("<memory unit='parsec'>1</memory>"), (d) => d.memory, '/domain/memory');
  bad(dom('<vcpu>-1</vcpu>'), (d) => d.vcpu?.count, '/domain/vcpu');
  bad(dom('<vcpu>0</vcpu>'), (d) => d.vcpu?.count, '/domain/vcpu');
  bad(dom("<vcpu placement='sideways'>1</vcpu>"), (d) => d.vcpu?.placement, '/domain/vcpu');
  bad(dom("<maxMemory slots='x' unit='KiB'>1</maxMemory>"), (d) => d.maxMemory, '/domain/maxMemory');
  bad(dom('<iothreads>two</iothreads>'), (d) => d.iothreads, '/domain/iothreads');
  bad(dom('<on_crash>explode</on_crash>'), (d) => d.onCrash, '/domain/on_crash');
  bad(dom("<os><type>hvm</type><boot dev='usbstick'/></os>"), (d) => d.os?.bootDevices, '/domain/os/boot');
  bad(dom("<os><bootmenu enable='maybe'/></os>"), (d) => d.os?.bootMenu, '/domain/os/bootmenu');
  bad(dom("<features><vmport state='yes'/></features>"), (d) => d.features?.vmport, '/domain/features/vmport');
  bad(dom("<cpu mode='host-everything'/>"), (d) => d.cpu?.mode, '/domain/cpu');
  bad(dom("<cpu><topology sockets='0' cores='1' threads='1'/></cpu>"), (d) => d.cpu?.topology, '/domain/cpu/topology');
  bad(dom("<cpu><feature policy='maybe' name='x'/></cpu>"), (d) => d.cpu?.features.at(0)?.policy, '/domain/cpu/feature');
  bad(dom("<cpu><numa><cell id='0' cpus='0' memory='lots'/></numa></cpu>"), (d) => d.cpu?.numaCells.at(0)?.memory, '/domain/cpu/numa/cell');
  bad(dom("<clock offset='mars'/>"), (d) => d.clock?.offset, '/domain/clock');
  bad(dom("<clock offset='utc'><timer name='rtc'/><timer name='pit' tickpolicy='hurry'/></clock>"), (d) => d.clock?.timers.at(1)?.tickpolicy, '/domain/clock/timer[2]');
  bad(dom('<cputune><shares>-5</shares></cputune>'), (d) => d.cputune?.shares, '/domain/cputune/shares');
  bad(dom("<devices><disk type='file' device='disk'/><disk type='floppy-tape'/></devices>"), (d) => d.devices.disks.at(1)?.type, '/domain/devices/disk[2]');
  bad(dom("<devices><disk type='file'><driver cache='sometimes'/></disk></devices>"), (d) => d.devices.disks.at(0)?.driver?.cache, '/domain/devices/disk/driver');
  bad(dom("<devices><disk type='file'><boot order='first'/></disk></devices>"), (d) => d.devices.disks.at(0)?.bootOrder, '/domain/devices/disk/boot');
  bad(dom("<devices><disk type='network'><source protocol='rbd'><host name='m' port='99999'/></source></disk></devices>"), (d) => d.devices.disks.at(0)?.source?.hosts.at(0)?.port, '/domain/devices/disk/source/host');
  bad(dom("<devices><interface type='network'><mtu size='big'/></interface></devices>"), (d) => d.devices.interfaces.at(0)?.mtu, '/domain/devices/interface/mtu');
  bad(dom("<devices><interface type='network'><bandwidth><inbound average='-1'/></bandwidth></interface></devices>"), (d) => d.devices.interfaces.at(0)?.bandwidth, '/domain/devices/interface/bandwidth/inbound');
  bad(dom("<devices><memballoon model='virtio'><stats period='soon'/></memballoon></devices>"), (d) => d.devices.memballoon?.statsPeriod, '/domain/devices/memballoon/stats');
  bad(dom("<devices><graphics type='vnc' port='65536'/></devices>"), (d) => d.devices.graphics.at(0)?.port, '/domain/devices/graphics');
  bad(dom("<devices><hostdev><source><address domain='0xZZ'/></source></hostdev></devices>"), (d) => d.devices.hostdevs.at(0)?.source?.address?.domain, '/domain/devices/hostdev/source/address');
  bad(dom("<devices><serial type='pty'><log file='/x' append='sometimes'/></serial></devices>"), (d) => d.devices.serials.at(0)?.log, '/domain/devices/serial/log');
  bad(dom("<devices><vsock><cid auto='no' address='2'/></vsock></devices>"), (d) => d.devices.vsocks.at(0)?.cid, '/domain/devices/vsock/cid');
  bad(dom("<clock offset='utc'><timer/></clock>"), (d) => d.clock?.timers.at(0)?.name, '/domain/clock/timer', 'MISSING_VALUE');

  // setters refuse bad values before touching the document
  const d = parseDomain(dom('<memory>1</memory>'));
  const before = d.toXML();
  assert.throws(() => (d.memory = { value: -1, unit: 'KiB' }), ConfigError);
  assert.throws(() => (d.memory = { value: 1, unit: 'parsec' as 'KiB' }), ConfigError);
  assert.throws(() => (d.vcpu = { count: 0 }), ConfigError);
  assert.throws(() => (d.uuid = 'not-a-uuid'), ConfigError);
  assert.throws(() => (d.onReboot = 'explode' as 'destroy'), ConfigError);
  assert.throws(() => (d.cputune = { period: 999 }), ConfigError);
  assert.throws(() => (d.cputune = { quota: -2 }), ConfigError);
  assert.throws(() => (d.blkiotune = { weight: 50 }), ConfigError);
  assert.throws(() => new Disk({ serial: 'no/slashes' }), ConfigError);
  assert.throws(() => new Disk({ type: 'volume', source: { pool: 'p', volume: '..' } }), ConfigError);
  assert.throws(() => (d.vcpu = { count: 2, current: 0 }), ConfigError);
  assert.equal(d.toXML(), before);

  // wrong root and malformed XML
  assert.throws(() => parseDomain('<network><name>n</name></network>'), (e: unknown) => e instanceof ConfigError && e.code === 'WRONG_ROOT');
  assert.throws(() => parseDomain("<domain type='qemu'><name>x</domain>"), (e: unknown) => e instanceof ConfigError && e.code === 'MALFORMED_XML' && e.line !== undefined);
  // a namespace-less metadata element is refused
  assert.throws(() => d.setMetadataElement(el('instance')), ConfigError);
  assert.equal(parseXml(d.toXML()).root.name, 'domain');
});

/** What the compute driver will keep in a domain's metadata: a typed view of its own element. */
class InstanceInfo extends XmlView {
  constructor(init: XmlElement | { uuid: string; owner?: string }) {
    super(isElement(init) ? init : el('stratus:instance', { 'xmlns:stratus': NS }), 'stratus:instance');
    if (!isElement(init)) this.assign(init);
  }
  get uuid() { return this.childText('stratus:uuid'); }
  set uuid(v) { this.setChildText('stratus:uuid', v); }
  get owner() { return this.childText('stratus:owner'); }
  set owner(v) { this.setChildText('stratus:owner', v); }
}

test('metadata: typed get/set of a namespaced element; other namespaces untouched', () => {
  const d = parseDomain(fixture('qemu-full.dumpxml.xml'));
  const info = d.metadata!.view(NS, 'instance', InstanceInfo)!;
  assert.equal(info.owner, 'alice');
  info.owner = 'carol';
  info.uuid = '3e3fce45-4f53-4fa7-bb32-11f34168b82b';
  const back = parseDomain(d.toXML());
  assert.equal(back.metadata?.view(NS, 'instance', InstanceInfo)?.owner, 'carol');
  assert.equal(back.metadata?.view(NS, 'instance', InstanceInfo)?.uuid, '3e3fce45-4f53-4fa7-bb32-11f34168b82b');
  assert.equal(back.metadataElement('http://example.org/other', 'thing')?.text, 'keep me');
  // a different prefix for the same namespace is the same element
  const other = parseDomain(`<domain type='qemu'><name>m</name><metadata><s:instance xmlns:s='${NS}'><s:owner>x</s:owner></s:instance></metadata></domain>`);
  assert.equal(other.metadataElement(NS, 'instance')?.name, 's:instance');
  other.setMetadataElement(new InstanceInfo({ uuid: 'u1', owner: 'dave' }));
  assert.equal(other.metadata?.elements().length, 1, 'replaced, not added');
  assert.equal(parseDomain(other.toXML()).metadata?.view(NS, 'instance', InstanceInfo)?.owner, 'dave');
  assert.equal(other.removeMetadataElement(NS, 'instance'), true);
  assert.equal(other.metadata, undefined, 'empty <metadata> goes too');
  // a fresh domain gets <metadata> in schema order, after the description
  const fresh = new Domain({ type: 'qemu', name: 'f', description: 'd', memory: { value: 1, unit: 'GiB' } });
  fresh.setMetadataElement(new InstanceInfo({ uuid: 'u2' }));
  fresh.genid = true;
  const x = fresh.toXML();
  assert.ok(x.indexOf('<description>') < x.indexOf('<metadata>') && x.indexOf('<metadata>') < x.indexOf('<memory'));
  assert.ok(x.includes('<genid/>') || x.includes('<genid></genid>'));
  assert.equal(parseDomain(x).genid, '');
});

test('elements, attributes, comments and namespaces no class models survive typed edits', () => {
  const src = fixture('lossless-extras.xml');
  const d = parseDomain(src);
  assert.equal(d.description, 'raw <text> & more');
  assert.deepEqual(d.devices.unknown().map((u) => u.kind), ['lease', 'smartcard', 'hub', 'redirfilter', 'crypto', 'future-device']);
  d.memory = { value: 1, unit: 'GiB' };
  d.devices.disks.at(0)!.driver!.cache = 'none';
  d.devices.disks.push(new Disk({ type: 'file', device: 'cdrom', target: { dev: 'sda', bus: 'sata' }, readonly: true }));
  d.devices.remove(d.devices.interfaces.at(0)!);
  d.os!.bootDevices = ['hd'];
  d.features = { acpi: true };
  const out = d.toXML();
  for (const keep of [
    '<?xml version="1.0" encoding="UTF-8"?>', '<!-- written by hand', '<![CDATA[raw <text> & more]]>', '<future:setting level="11">turned up</future:setting>',
    '<?stratus-note keep this processing instruction?>', '<future-boot-thing mode="fast"/>', 'x-future-attr="1"', 'x-future-driver="yes"',
    '<!-- a comment inside a disk -->', '<nested deep="true"/>', "<smartcard mode='host'/>", '<future-device kind="teleporter"/>',
    "<qemu:env name='STRATUS' value='1'/>", '<!-- trailing comment -->', 'xmlns:future="urn:example:future"',
  ]) assert.ok(out.includes(keep), `lost: ${keep}`);
  assert.ok(!out.includes('<interface'));
  assert.ok(out.includes('<driver name="qemu" type="qcow2" x-future-driver="yes" cache="none"/>'), 'new attribute after the old ones, in the element\'s quote style');
  assert.ok(out.indexOf('<features>') > out.indexOf('</os>') && out.indexOf('<features>') < out.indexOf('<devices>'), 'features placed in schema order');
  const again = parseDomain(out);
  assert.equal(again.toXML(), out);
  assert.deepEqual(again.memory, { value: 1, unit: 'GiB' });
  assert.deepEqual(again.devices.disks.map((x) => x.target?.dev), ['vda', 'sda']);
});

/** The same values read with python3-lxml's XPath, an independent reader of the same text. */
const LXML_READS = String.raw`
import sys, json
from lxml import etree
out = []
for x in json.load(sys.stdin):
    r = etree.fromstring(x.encode())
    one = lambda p: (r.xpath(p) or [None])[0]
    out.append({
        'type': r.get('type'), 'name': r.xpath('string(name)'), 'uuid': one('uuid/text()'),
        'memory': [one('memory/text()'), one('memory/@unit')], 'vcpu': one('vcpu/text()'),
        'osType': one('os/type/text()'), 'arch': one('os/type/@arch'), 'machine': one('os/type/@machine'),
        'cpuMode': one('cpu/@mode'), 'clockOffset': one('clock/@offset'), 'timers': r.xpath('clock/timer/@name'),
        'diskDevs': r.xpath('devices/disk/target/@dev'), 'diskFiles': [d.get('file') for d in r.xpath('devices/disk/source')],
        'diskBuses': r.xpath('devices/disk/target/@bus'), 'macs': r.xpath('devices/interface/mac/@address'),
        'nicTypes': r.xpath('devices/interface/@type'), 'graphics': r.xpath('devices/graphics/@type'),
        'serialTypes': r.xpath('devices/serial/@type'), 'controllers': [c.get('type') + ':' + c.get('index') for c in r.xpath('devices/controller')],
        'balloon': one('devices/memballoon/@model'), 'features': [f.tag for f in r.xpath('features/*')],
        'onCrash': one('on_crash/text()'),
    })
print(json.dumps(out))
`;

function ourReads(xml: string) {
  const d = parseDomain(xml);
  const disks = d.devices.disks.toArray();
  return {
    type: d.type ?? null, name: d.name ?? '', uuid: d.uuid ?? null,
    memory: [d.memory === undefined ? null : String(d.memory.value), d.el.child('memory')?.getAttribute('unit') ?? null], vcpu: d.vcpu ? String(d.vcpu.count) : null,
    osType: d.os?.type ?? null, arch: d.os?.arch ?? null, machine: d.os?.machine ?? null,
    cpuMode: d.cpu?.mode ?? null, clockOffset: d.clock?.offset ?? null, timers: d.clock?.timers.map((t) => t.name) ?? [],
    diskDevs: disks.map((x) => x.target?.dev).filter((x) => x !== undefined), diskFiles: disks.filter((x) => x.source).map((x) => x.source!.file ?? null),
    diskBuses: disks.map((x) => x.target?.bus).filter((x) => x !== undefined), macs: d.devices.interfaces.map((n) => n.mac).filter((x) => x !== undefined),
    nicTypes: d.devices.interfaces.map((n) => n.type), graphics: d.devices.graphics.map((g) => g.type),
    serialTypes: d.devices.serials.map((s) => s.type), controllers: d.devices.controllers.map((c) => `${c.type}:${c.index}`),
    balloon: d.devices.memballoon?.model ?? null, features: d.features?.names ?? [],
    onCrash: d.onCrash ?? null,
  };
}

test('typed reads agree with lxml XPath on every fixture and live dump', { skip: !lxmlAvailable() && 'python3-lxml not installed' }, () => {
  const docs = fixtureNames().map((n) => fixture(n));
  if (haveTest) for (const x of virshSession(TEST_URI, ['dumpxml test', 'dumpxml --inactive test'])) if (x) docs.push(x);
  if (haveQemu) {
    const dom = parseDomain(fixture('qemu-full.input.xml'));
    dom.name = testName('xpath');
    dom.uuid = randomUUID();
    dom.sysinfo = undefined; // its system uuid would have to match
    docs.push(defineAndDump(QEMU_URI, testName('xpath'), dom.toXML()));
  }
  const r = spawnSync('/usr/bin/python3', ['-c', LXML_READS], { input: JSON.stringify(docs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const theirs = JSON.parse(r.stdout) as unknown[];
  docs.forEach((x, i) => assert.deepEqual(ourReads(x), theirs[i], `document ${i} (${parseDomain(x).name})`));
});
