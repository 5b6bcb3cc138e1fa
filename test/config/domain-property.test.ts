/**
 * Property tests: random sequences of typed edits on real and generated domains keep the
 * document valid for libvirt's schema, stable under a second round trip, and readable back
 * with the values last written; and edits never disturb what they do not touch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { el } from '../../src/config/xml/build.js';
import {
  Channel, Disk, Domain, Graphics, Interface, MemBalloon, Serial, parseDomain, type DiskBus, type DomainCpuMode, type TimerName,
} from '../../src/config/domain/index.js';
import { semanticDiff } from './semantic.js';
import { assertValid, fixture, haveValidator } from './domain-helpers.js';

const NS = 'https://stratus.example/xmlns/instance/1.0';

type Edit = { name: string; apply: (d: Domain) => void };

const BUSES: Array<[DiskBus, string]> = [['virtio', 'vd'], ['scsi', 'sd'], ['sata', 'sd'], ['ide', 'hd']];
const letters = 'bcdefghijklmnop';

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.integer({ min: 64, max: 65536 }).map((mib): Edit => ({ name: `memory ${mib}MiB`, apply: (d) => (d.memory = { value: mib, unit: 'MiB' }) })),
  fc.tuple(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 })).map(([a, b]): Edit => {
    const count = Math.max(a, b);
    const current = Math.min(a, b);
    return { name: `vcpu ${current}/${count}`, apply: (d) => (d.vcpu = { count, current, placement: 'static' }) };
  }),
  fc.constantFrom<DomainCpuMode>('custom', 'host-model', 'host-passthrough', 'maximum').map((mode): Edit => ({
    name: `cpu ${mode}`,
    apply: (d) => (d.cpu = mode === 'custom' ? { mode, match: 'exact', model: { name: 'qemu64', fallback: 'allow' }, features: [{ name: 'svm', policy: 'disable' }] } : { mode }),
  })),
  fc.tuple(fc.integer({ min: 0, max: BUSES.length - 1 }), fc.integer({ min: 0, max: letters.length - 1 }), fc.boolean()).map(([b, l, ro]): Edit => {
    const [bus, prefix] = BUSES[b];
    const dev = prefix + letters[l];
    return {
      name: `add disk ${dev}`,
      apply: (d) => d.devices.disks.push(new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2', cache: 'none' }, source: { file: `/var/lib/stratus/${dev}.qcow2` }, target: { dev, bus }, readonly: ro, serial: `s-${dev}` })),
    };
  }),
  fc.nat().map((i): Edit => ({ name: `remove disk #${i}`, apply: (d) => { const n = d.devices.disks.length; if (n > 0) d.devices.disks.remove(i % n); } })),
  fc.tuple(fc.constantFrom('network', 'bridge', 'user'), fc.integer({ min: 0, max: 255 })).map(([type, n]): Edit => ({
    name: `add ${type} nic`,
    apply: (d) => d.devices.interfaces.push(new Interface({
      type: type as 'network' | 'bridge' | 'user',
      mac: `52:54:00:00:00:${n.toString(16).padStart(2, '0')}`,
      source: type === 'network' ? { network: 'default' } : type === 'bridge' ? { bridge: 'br0' } : undefined,
      model: 'virtio',
    })),
  })),
  fc.nat().map((i): Edit => ({ name: `remove nic #${i}`, apply: (d) => { const n = d.devices.interfaces.length; if (n > 0) d.devices.interfaces.remove(i % n); } })),
  fc.record({ acpi: fc.boolean(), apic: fc.boolean(), pae: fc.boolean(), pmu: fc.option(fc.boolean(), { nil: undefined }) }).map((f): Edit => ({
    name: `features ${JSON.stringify(f)}`,
    apply: (d) => {
      if (!d.features) d.features = {};
      const feats = d.features!;
      feats.acpi = f.acpi;
      feats.apic = f.apic;
      feats.pae = f.pae;
      feats.pmu = f.pmu;
    },
  })),
  fc.tuple(fc.constantFrom('utc', 'localtime'), fc.subarray<TimerName>(['pit', 'rtc', 'hpet', 'kvmclock'])).map(([offset, timers]): Edit => ({
    name: `clock ${offset} ${timers.join(',')}`,
    apply: (d) => (d.clock = { offset: offset as 'utc', timers: timers.map((name) => (name === 'rtc' ? { name, tickpolicy: 'catchup' } : name === 'pit' ? { name, tickpolicy: 'delay' } : { name, present: false })) }),
  })),
  fc.integer({ min: 0, max: 3600 }).map((p): Edit => ({
    name: `balloon stats ${p}`,
    apply: (d) => {
      // 0 is not a period libvirt's schema accepts: the setter refuses it, and unset means off
      const period = p === 0 ? undefined : p;
      if (p === 0) assert.throws(() => new MemBalloon({ statsPeriod: 0 }), /INVALID_VALUE/);
      const b = d.devices.memballoon;
      if (b) b.statsPeriod = period;
      else d.devices.memballoons.push(new MemBalloon({ model: 'virtio', statsPeriod: period }));
    },
  })),
  fc.integer({ min: 0, max: 3 }).map((port): Edit => ({
    name: `serial ${port}`,
    apply: (d) => d.devices.serials.push(new Serial({ type: 'pty', log: { file: `/var/log/stratus/serial${port}.log`, append: true }, target: { port } })),
  })),
  fc.constantFrom('vnc', 'spice').map((type): Edit => ({
    name: `graphics ${type}`,
    apply: (d) => d.devices.graphics.push(new Graphics({ type: type as 'vnc', autoport: true, listens: [{ type: 'address', address: '127.0.0.1' }] })),
  })),
  fc.string({ minLength: 1, maxLength: 12 }).map((owner): Edit => ({
    name: `metadata owner ${JSON.stringify(owner)}`,
    apply: (d) => d.setMetadataElement(el('stratus:instance', { 'xmlns:stratus': NS }, [el('stratus:owner', null, owner)])),
  })),
  fc.string({ maxLength: 40 }).map((text): Edit => ({ name: `description ${JSON.stringify(text)}`, apply: (d) => (d.description = text) })),
);

const START: Array<[string, () => Domain]> = [
  ['qemu-full dumpxml', () => parseDomain(fixture('qemu-full.dumpxml.xml'))],
  ['windows dumpxml', () => parseDomain(fixture('qemu-windows.dumpxml.xml'))],
  ['from scratch', () => new Domain({ type: 'qemu', name: 'p', memory: { value: 256, unit: 'MiB' }, vcpu: { count: 1 }, os: { type: 'hvm', arch: 'x86_64', machine: 'pc' } })],
];

test('random typed edits keep documents schema-valid and stable', { skip: !haveValidator && 'virt-xml-validate not installed' }, () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: START.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (start, edits) => {
      const d = START[start][1]();
      for (const e of edits) e.apply(d);
      const xml = d.toXML();
      assertValid(`property-${START[start][0].replace(/\W+/g, '-')}`, xml);
      const back = parseDomain(xml);
      assert.equal(back.toXML(), xml);
      // the last memory / description written is what reads back
      const lastMem = [...edits].reverse().find((e) => e.name.startsWith('memory '));
      if (lastMem) assert.equal(back.memory?.value, Number(lastMem.name.slice(7, -3)));
    }),
    { numRuns: 80 },
  );
});

test('an edit of one device leaves every other device byte-identical', () => {
  fc.assert(
    fc.property(fc.nat(), fc.integer({ min: 0, max: 3600 }), (pick, period) => {
      const d = parseDomain(fixture('qemu-full.dumpxml.xml'));
      const before = d.devices.all().map((x) => x.toXML());
      const victim = d.devices.disks.at(pick % d.devices.disks.length)!;
      const index = d.devices.all().findIndex((x) => x.el === victim.el);
      victim.serial = `edited-${period}`;
      victim.driver = { name: 'qemu', type: 'raw', cache: 'directsync' };
      const after = d.devices.all().map((x) => x.toXML());
      assert.equal(after.length, before.length);
      for (let i = 0; i < before.length; i++) if (i !== index) assert.equal(after[i], before[i]);
      // outside <devices> nothing moved at all
      const strip = (x: string) => x.replace(/<devices>[\s\S]*<\/devices>/, '');
      assert.equal(strip(d.toXML()), strip(fixture('qemu-full.dumpxml.xml')));
      assert.equal(semanticDiff(d.toXML(), parseDomain(d.toXML()).toXML()), undefined);
    }),
    { numRuns: 30 },
  );
});

// ---- random devices built from typed options ---------------------------------------------------

const path = fc.stringMatching(/^\/[a-z0-9]{1,8}(\/[a-z0-9._-]{1,8}){0,3}$/);
const hostName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?$/);
const port = fc.integer({ min: 1, max: 65535 });
const uuid = fc.uuid();

const diskArb = fc.oneof(
  fc.record({ file: path, format: fc.constantFrom('raw', 'qcow2'), cache: fc.constantFrom('none', 'writeback', 'writethrough', 'directsync', 'unsafe', 'default' as const), io: fc.constantFrom('native', 'threads', 'io_uring' as const), ro: fc.boolean() })
    .map((o) => (dev: string) => new Disk({ type: 'file', device: 'disk', driver: { name: 'qemu', type: o.format, cache: o.cache, io: o.io, discard: 'unmap', detectZeroes: 'unmap' }, source: { file: o.file }, target: { dev, bus: 'virtio' }, readonly: o.ro })),
  fc.record({ dev: path, shareable: fc.boolean() })
    .map((o) => (dev: string) => new Disk({ type: 'block', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { dev: o.dev }, target: { dev, bus: 'virtio' }, shareable: o.shareable })),
  fc.record({ protocol: fc.constantFrom('rbd', 'nbd', 'iscsi', 'http', 'https', 'gluster' as const), name: fc.stringMatching(/^[a-z0-9]{1,8}\/[a-z0-9]{1,8}$/), hosts: fc.array(fc.record({ name: hostName, port }), { minLength: 1, maxLength: 3 }), user: fc.option(fc.stringMatching(/^[a-z]{1,8}$/), { nil: undefined }), secret: uuid })
    .map((o) => (dev: string) => new Disk({
      type: 'network', device: 'disk', driver: { name: 'qemu', type: 'raw' },
      source: { protocol: o.protocol, name: o.name, hosts: o.protocol === 'rbd' || o.protocol === 'gluster' ? o.hosts : o.hosts.slice(0, 1) },
      auth: o.user && (o.protocol === 'rbd' || o.protocol === 'iscsi') ? { username: o.user, secret: { type: o.protocol === 'rbd' ? 'ceph' : 'iscsi', uuid: o.secret } } : undefined,
      target: { dev, bus: 'virtio' },
    })),
  fc.record({ pool: fc.stringMatching(/^[a-z]{1,8}$/), volume: fc.stringMatching(/^[a-z0-9.]{1,12}$/).filter((v) => v !== '.' && v !== '..') })
    .map((o) => (dev: string) => new Disk({ type: 'volume', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { pool: o.pool, volume: o.volume }, target: { dev, bus: 'virtio' } })),
  fc.record({ bus: fc.integer({ min: 0, max: 255 }), slot: fc.integer({ min: 0, max: 31 }), fn: fc.integer({ min: 0, max: 7 }), ns: fc.integer({ min: 1, max: 16 }) })
    .map((o) => (dev: string) => new Disk({ type: 'nvme', device: 'disk', driver: { name: 'qemu', type: 'raw' }, source: { type: 'pci', managed: true, namespace: o.ns, address: { domain: 0, bus: o.bus, slot: o.slot, function: o.fn } }, target: { dev, bus: 'virtio' } })),
  fc.record({ iso: path }).map((o) => (dev: string) => new Disk({ type: 'file', device: 'cdrom', driver: { name: 'qemu', type: 'raw' }, source: { file: o.iso }, target: { dev, bus: 'virtio' }, readonly: true })),
);

const nicArb = fc.oneof(
  fc.record({ net: fc.stringMatching(/^[a-z]{1,10}$/), queues: fc.integer({ min: 1, max: 16 }), avg: fc.integer({ min: 1, max: 1e6 }), mtu: fc.integer({ min: 68, max: 9000 }) })
    .map((o) => new Interface({ type: 'network', source: { network: o.net }, model: 'virtio', driver: { name: 'vhost', queues: o.queues }, bandwidth: { inbound: { average: o.avg }, outbound: { average: o.avg, peak: o.avg * 2 } }, mtu: o.mtu })),
  fc.record({ br: fc.stringMatching(/^br[0-9a-z-]{1,8}$/), id: uuid, vlan: fc.integer({ min: 1, max: 4094 }) })
    .map((o) => new Interface({ type: 'bridge', source: { bridge: o.br }, virtualport: { type: 'openvswitch', parameters: { interfaceid: o.id } }, vlan: { tags: [{ id: o.vlan }] }, model: 'virtio' })),
  fc.record({ dev: fc.stringMatching(/^eth[0-9]$/), mode: fc.constantFrom('vepa', 'bridge', 'private', 'passthrough') })
    .map((o) => new Interface({ type: 'direct', source: { dev: o.dev, mode: o.mode }, model: 'virtio' })),
  fc.record({ tap: fc.stringMatching(/^tap[0-9a-f]{1,8}$/) }).map((o) => new Interface({ type: 'ethernet', targetDev: o.tap, targetManaged: false, model: 'virtio' })),
  fc.constant(null).map(() => new Interface({ type: 'user', model: 'e1000', linkState: 'down' })),
  fc.record({ sock: path, mode: fc.constantFrom('client', 'server') }).map((o) => new Interface({ type: 'vhostuser', source: { type: 'unix', path: o.sock, mode: o.mode }, model: 'virtio' })),
  fc.record({ filter: fc.constantFrom('clean-traffic', 'no-mac-spoofing'), ip: fc.ipV4() }).map((o) => new Interface({ type: 'network', source: { network: 'default' }, filterref: { filter: o.filter, parameters: [{ name: 'IP', value: o.ip }] } })),
);

const chardevArb = fc.oneof(
  fc.record({ log: path, append: fc.boolean(), p: fc.integer({ min: 0, max: 3 }) }).map((o) => new Serial({ type: 'pty', log: { file: o.log, append: o.append }, target: { port: o.p } })),
  fc.record({ file: path, p: fc.integer({ min: 0, max: 3 }) }).map((o) => new Serial({ type: 'file', source: { path: o.file }, target: { port: o.p } })),
  fc.record({ sock: path, mode: fc.constantFrom('bind', 'connect' as const) }).map((o) => new Serial({ type: 'unix', source: { mode: o.mode, path: o.sock } })),
  fc.record({ host: fc.ipV4(), service: port, telnet: fc.boolean() }).map((o) => new Serial({ type: 'tcp', source: { mode: 'bind', host: o.host, service: o.service }, protocol: o.telnet ? 'telnet' : 'raw' })),
  fc.record({ a: port, b: port }).map((o) => new Serial({ type: 'udp', sources: [{ mode: 'bind', host: '127.0.0.1', service: o.a }, { mode: 'connect', host: '127.0.0.1', service: o.b }] })),
);

const channelArb = fc.oneof(
  fc.stringMatching(/^org\.[a-z]{1,8}\.[0-9]$/).map((name) => new Channel({ type: 'unix', target: { type: 'virtio', name } })),
  fc.constant(null).map(() => new Channel({ type: 'spicevmc', target: { type: 'virtio', name: 'com.redhat.spice.0' } })),
  fc.stringMatching(/^org\.[a-z]{1,8}\.[0-9]$/).map((name) => new Channel({ type: 'pty', target: { type: 'virtio', name } })),
);

test('random devices built from typed options pass virt-xml-validate', { skip: !haveValidator && 'virt-xml-validate not installed' }, () => {
  fc.assert(
    fc.property(fc.array(diskArb, { minLength: 0, maxLength: 4 }), fc.array(nicArb, { maxLength: 3 }), fc.array(chardevArb, { maxLength: 3 }), fc.array(channelArb, { maxLength: 2 }), (disks, nics, chardevs, channels) => {
      const d = new Domain({ type: 'qemu', name: 'prop', memory: { value: 256, unit: 'MiB' }, vcpu: { count: 1 }, os: { type: 'hvm', arch: 'x86_64', machine: 'q35' } });
      disks.forEach((make, i) => d.devices.disks.push(make('vd' + letters[i])));
      for (const n of nics) d.devices.interfaces.push(n);
      for (const c of chardevs) d.devices.serials.push(c);
      for (const c of channels) d.devices.channels.push(c);
      const xml = d.toXML();
      assertValid('property-devices', xml);
      assert.equal(parseDomain(xml).toXML(), xml);
      assert.equal(parseDomain(xml).devices.all().length, disks.length + nics.length + chardevs.length + channels.length);
    }),
    { numRuns: 80 },
  );
});
