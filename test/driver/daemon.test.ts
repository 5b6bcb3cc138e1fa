// Generated guest configs in the real daemon (qemu:///system): a selection is defined (and read
// back: the stratus metadata rebuilds the instance from libvirt alone), and one tiny guest runs
// (TCG, a qcow2 disk from qemu-img, a NIC on an isolated network of its own) for diagnostics.
// Everything is named stratus-drv-<pid>-* and removed afterwards.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Network, parseCapabilities, parseDomain, parseDomainCapabilities, type Capabilities, type DomainCapabilities } from '../../src/config/index.js';
import { connect, type LibvirtConnection } from '../../src/libvirt/index.js';
import { run } from '../../src/util/exec.js';
import {
  buildGuestConfig, cacheModeFor, getDiagnostics, loadDriverConfig, parseStratusMetadata,
  type DriverConfigInput, type GuestConfigContext, type GuestRequest, type VirtType,
} from '../../src/driver/index.js';
import { request } from './guest-helpers.js';

const tag = `stratus-drv-${process.pid}`;
const bridge = `sdrv${process.pid % 100000}`;
const dir = mkdtempSync(join('/var/tmp', `${tag}-`));
// QEMU runs as libvirt-qemu: it must be able to reach the disks and the console log
chmodSync(dir, 0o755);

let conn: LibvirtConnection | null = null;
let skip: string | false = false;
let hostCaps: Capabilities;
const domCaps = new Map<string, DomainCapabilities>();

before(async () => {
  try {
    conn = await connect('qemu:///system', { openTimeout: 10_000 });
  } catch (err) {
    skip = `qemu:///system unavailable: ${(err as Error).message}`;
    return;
  }
  hostCaps = parseCapabilities(await conn.getCapabilities());
  for (const vt of ['qemu', 'kvm']) domCaps.set(vt, parseDomainCapabilities(await conn.getDomainCapabilities({ virttype: vt, arch: 'x86_64' })));
  // an isolated network (no forward, no addresses, so no dnsmasq) just for this test's NICs
  const net = new Network({ name: tag, bridge: { name: bridge } });
  await conn.createNetworkXml(net.toXML());
});

after(async () => {
  if (conn) {
    for (const d of await conn.listAllDomains()) {
      if (!d.name.startsWith(tag)) continue;
      if (await d.isActive()) await d.destroy().catch(() => undefined);
      await d.undefine().catch(() => undefined);
    }
    for (const n of await conn.listAllNetworks()) if (n.name === tag) await n.destroy().catch(() => undefined);
    await conn.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function c(): LibvirtConnection {
  assert.ok(conn);
  return conn;
}

function ctxFor(virtType: VirtType, input: Partial<DriverConfigInput> = {}, fileCacheMode?: GuestConfigContext['fileCacheMode']): GuestConfigContext {
  return { config: { ...loadDriverConfig({ instancesPath: dir, ...input }), virtType }, hostCaps, domCaps: domCaps.get(virtType)!, fileCacheMode };
}

function req(suffix: string, over: Partial<GuestRequest> = {}, props: Record<string, string> = {}): GuestRequest {
  return request({ name: `${tag}-${suffix}`, uuid: randomUUID(), consoleLogPath: join(dir, `${suffix}.log`), nics: [{ mac: '52:54:00:d0:00:01', network: tag }], ...over }, props);
}

describe('generated domains in qemu:///system', () => {
  const selection: Array<[string, () => [GuestRequest, GuestConfigContext]]> = [
    ['linux-qemu', () => [req('linux-qemu'), ctxFor('qemu')]],
    ['custom-cpu-flags', () => [req('custom-cpu-flags'), ctxFor('qemu', { cpuMode: 'custom', cpuModel: 'westmere', cpuModelExtraFlags: ['ssse3'] })]],
    ['windows-kvm', () => [req('windows-kvm', {}, { os_type: 'windows', hw_disk_bus: 'sata', hw_vif_model: 'e1000' }), ctxFor('kvm')]],
    ['ami-vnc', () => [req('ami-vnc', { vnc: true, kernel: { kernel: '/boot/vmlinuz', initrd: '/boot/initrd.img', cmdline: 'console=ttyS0' } }), ctxFor('qemu', { vnc: { enabled: true, listen: '127.0.0.1' } })]],
    ['scsi-topology', () => [req('scsi-topology', { flavor: { name: 'f4', vcpus: 4, memoryMiB: 256, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 } }, { hw_disk_bus: 'scsi', hw_cpu_sockets: '1', hw_cpu_threads: '2' }), ctxFor('qemu')]],
  ];
  for (const [name, make] of selection) {
    it(`defines ${name}; libvirt keeps the policy and our metadata`, async (t) => {
      if (skip) return t.skip(skip);
      const [r, cx] = make();
      const dom = buildGuestConfig(r, cx);
      const defined = await c().defineDomainXml(dom.toXML());
      const back = parseDomain(await defined.getXmlDesc());
      assert.equal(back.type, cx.config.virtType);
      // libvirt writes the default mode (custom) and dies='1' out
      assert.equal(back.cpu?.mode ?? 'custom', dom.cpu?.mode ?? 'custom');
      // ...and, for a bare topology, the emulator's default model
      if (dom.cpu?.model) assert.equal(back.cpu?.model?.name, dom.cpu.model.name);
      assert.deepEqual(back.cpu?.features.map((f) => [f.name, f.policy]), dom.cpu?.features.map((f) => [f.name, f.policy]));
      const topo = back.cpu?.topology;
      if (topo) delete topo.dies;
      assert.deepEqual(topo, dom.cpu?.topology);
      assert.deepEqual(back.devices.disks.map((d) => [d.target?.dev, d.target?.bus, d.serial, d.driver?.cache]), dom.devices.disks.map((d) => [d.target?.dev, d.target?.bus, d.serial, d.driver?.cache]));
      assert.deepEqual(back.devices.interfaces.map((n) => [n.mac, n.model]), dom.devices.interfaces.map((n) => [n.mac, n.model]));
      assert.deepEqual(back.clock?.timers.map((x) => x.name), dom.clock?.timers.map((x) => x.name));
      assert.equal(back.features?.hyperv?.spinlocks, dom.features?.hyperv?.spinlocks);
      // the instance can be rebuilt from libvirt alone
      const disks = dom.devices.disks.map((d, i) => ({ dev: d.target!.dev!, role: r.disks[i].role }));
      assert.deepEqual(parseStratusMetadata(back), { version: 1, uuid: r.uuid, name: r.name, flavor: r.flavor, imageId: r.image.id, owner: r.owner, createdAt: r.createdAt, disks });
      // diagnostics of a defined, stopped guest: counts from the XML, the config drive from our roles
      const diag = await getDiagnostics(c(), defined);
      assert.equal(diag.structured.state, 'shutoff');
      assert.equal(diag.structured.config_drive, true);
      assert.deepEqual([diag.structured.num_disks, diag.structured.num_nics, diag.structured.num_cpus], [dom.devices.disks.length, 1, r.flavor.vcpus]);
      await defined.undefine();
    });
  }
});

describe('diagnostics of a running guest', () => {
  it('flat and structured values are non-zero and agree with the domain XML', async (t) => {
    if (skip) return t.skip(skip);
    const disk = join(dir, 'disk.qcow2');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
    const r = req('diag', {
      flavor: { name: 'm1.diag', vcpus: 2, memoryMiB: 128, rootGiB: 1, ephemeralGiB: 0, swapMiB: 0 },
      disks: [{ role: 'root', type: 'file', path: disk, format: 'qcow2' }],
      createdAt: new Date(),
    });
    const dom = buildGuestConfig(r, ctxFor('qemu', { memballoonStatsPeriod: 1 }, await cacheModeFor(dir)));
    const guest = await (await c().defineDomainXml(dom.toXML())).create();
    // SeaBIOS reads the (empty) disk's boot sector and then tries the network
    await new Promise((res) => setTimeout(res, 2500));

    const { flat, structured: s } = await getDiagnostics(c(), guest, { sampleIntervalMs: 300 });
    const live = parseDomain(await guest.getXmlDesc());
    assert.equal(s.state, 'running');
    assert.equal(s.driver, 'libvirt');
    assert.equal(s.hypervisor, 'qemu');
    assert.equal(s.hypervisor_os, 'linux');
    assert.equal(s.config_drive, false);
    assert.ok(s.uptime !== null && s.uptime >= 1 && s.uptime < 120, `uptime ${s.uptime}`);
    assert.equal(s.num_cpus, live.vcpu?.count);
    assert.equal(s.num_disks, live.devices.disks.length);
    assert.equal(s.num_nics, live.devices.interfaces.length);
    assert.deepEqual([s.num_cpus, s.num_disks, s.num_nics], [2, 1, 1]);

    assert.deepEqual(s.cpu_details.map((x) => x.id), [0, 1]);
    // the second vCPU may never have been woken by the firmware: only the sum must be > 0
    assert.ok(s.cpu_details.reduce((a, x) => a + x.time, 0) > 0, JSON.stringify(s.cpu_details));
    for (const cpu of s.cpu_details) {
      assert.equal(flat[`cpu${cpu.id}_time`], cpu.time);
      assert.ok(cpu.utilisation !== null && cpu.utilisation >= 0 && cpu.utilisation <= 100, `utilisation ${cpu.utilisation}`);
    }
    assert.deepEqual(s.memory_details, { maximum: 128, used: 128 });
    assert.equal(flat.memory, 128 * 1024);
    assert.ok(flat['memory-actual'] > 0, JSON.stringify(flat));
    assert.ok(flat['memory-rss'] > 0);

    const vda = live.devices.disks.at(0)!.target!.dev!;
    assert.equal(vda, 'vda');
    assert.equal(s.disk_details.length, 1);
    assert.equal(s.disk_details[0].device, vda);
    assert.ok(s.disk_details[0].read_requests > 0 && s.disk_details[0].read_bytes > 0, JSON.stringify(s.disk_details));
    for (const k of ['read', 'read_req', 'write', 'write_req', 'errors']) assert.equal(typeof flat[`${vda}_${k}`], 'number', k);
    assert.equal(flat[`${vda}_read`], s.disk_details[0].read_bytes);

    const nic = live.devices.interfaces.at(0)!;
    const dev = nic.targetDev!;
    assert.match(dev, /^vnet\d+$/);
    assert.equal(s.nic_details[0].mac_address, nic.mac);
    assert.equal(s.nic_details[0].device, dev);
    assert.equal(s.nic_details[0].rx_rate, null);
    for (const k of ['rx', 'rx_packets', 'rx_errors', 'rx_drop', 'tx', 'tx_packets', 'tx_errors', 'tx_drop']) assert.equal(typeof flat[`${dev}_${k}`], 'number', k);

    // one sample: utilisation cannot be known
    const once = await getDiagnostics(c(), guest);
    assert.ok(once.structured.cpu_details.every((x) => x.utilisation === null));

    // stopped: the counts still come from the XML, the counters are gone
    await guest.destroy();
    const off = await getDiagnostics(c(), guest);
    assert.equal(off.structured.state, 'shutoff');
    assert.equal(off.structured.uptime, null);
    assert.deepEqual([off.structured.num_disks, off.structured.num_nics, off.structured.cpu_details.length], [1, 1, 0]);
  });
});
