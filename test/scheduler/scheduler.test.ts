import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HostIndex, NoValidHostError, schedule, selectHosts, hostStateFromReport, type HostState } from '../../src/scheduler/index.js';
import { NOW, host, now, request } from './helpers.js';

function names(hosts: HostState[], spec = request(), config = {}): string[] {
  // every host that passes: schedule each alone
  return hosts.filter((h) => {
    try {
      schedule([h], spec, { now, ...config });
      return true;
    } catch (e) {
      if (e instanceof NoValidHostError) return false;
      throw e;
    }
  }).map((h) => h.name);
}

test('Ram filter: limit is total x ratio minus used', () => {
  const h = host('h', { memoryMiBTotal: 4096, memoryMiBFree: 1024 }); // used 3072; limit 6144 -> 3072 left
  assert.deepEqual(names([h], request({ memoryMiB: 3072 })), ['h']);
  assert.deepEqual(names([h], request({ memoryMiB: 3073 })), []);
  assert.deepEqual(names([h], request({ memoryMiB: 1024 }), { ramAllocationRatio: 1.0 }), ['h']);
  assert.deepEqual(names([h], request({ memoryMiB: 1025 }), { ramAllocationRatio: 1.0 }), []);
});

test('Ram filter: memoryMiBUsed, when given, is the used figure (not total - free)', () => {
  const h = host('h', { memoryMiBTotal: 4096, memoryMiBFree: 100, memoryMiBUsed: 0 });
  assert.deepEqual(names([h], request({ memoryMiB: 4096 }), { ramAllocationRatio: 1.0 }), ['h']);
});

test('Core filter: vcpus with cpu allocation ratio', () => {
  const h = host('h', { vcpusTotal: 2, vcpusUsed: 30 }); // 2 x 16 = 32 -> 2 left
  assert.deepEqual(names([h], request({ vcpus: 2 })), ['h']);
  assert.deepEqual(names([h], request({ vcpus: 3 })), []);
  assert.deepEqual(names([h], request({ vcpus: 3 }), { cpuAllocationRatio: 20 }), ['h']);
});

test('Disk filter: root + ephemeral + swap against total x ratio - used', () => {
  const h = host('h', { diskGiBTotal: 20, diskGiBFree: 10 });
  assert.deepEqual(names([h], request({ rootGiB: 8, ephemeralGiB: 1, swapMiB: 1024 })), ['h']);
  assert.deepEqual(names([h], request({ rootGiB: 8, ephemeralGiB: 1, swapMiB: 1025 })), []);
  assert.deepEqual(names([h], request({ rootGiB: 20 }), { diskAllocationRatio: 1.5 }), ['h']);
});

test('Compute filter: disabled hosts and stale heartbeats are rejected', () => {
  const hosts = [
    host('ok'),
    host('off', { enabled: false }),
    host('stale', { lastHeartbeat: NOW - 61_000 }),
    host('date', { lastHeartbeat: new Date(NOW - 59_000) }),
  ];
  assert.deepEqual(names(hosts), ['ok', 'date']);
  assert.deepEqual(names(hosts, request(), { heartbeatMaxAgeMs: 120_000 }), ['ok', 'stale', 'date']);
  assert.throws(() => schedule(hosts.slice(1, 3), request(), { now }), /no valid host: 2 rejected by Compute \(1 disabled, 1 with a stale heartbeat\)$/);
});

test('hints: host name, availability zone, aggregate', () => {
  const hosts = [host('a', { availabilityZone: 'az1', aggregates: ['ssd'] }), host('b', { availabilityZone: 'az2', aggregates: ['ssd', 'gpu'] }), host('c')];
  assert.equal(schedule(hosts, request({ hints: { host: 'c' } }), { now }).host, 'c');
  assert.equal(schedule(hosts, request({ hints: { availabilityZone: 'az2' } }), { now }).host, 'b');
  assert.equal(schedule(hosts, request({ hints: { aggregate: 'gpu' } }), { now }).host, 'b');
  assert.throws(() => schedule(hosts, request({ hints: { host: 'zz' } }), { now }), /3 rejected by HostName \(hint asks for host zz\)/);
  assert.throws(() => schedule(hosts, request({ hints: { availabilityZone: 'az1', aggregate: 'gpu' } }), { now }), /2 rejected by AvailabilityZone .*, 1 by Aggregate/);
});

test('affinity and anti-affinity groups', () => {
  const hosts = [host('a'), host('b', { memoryMiBFree: 1000 }), host('c', { memoryMiBFree: 2000 })];
  assert.equal(schedule(hosts, request({ hints: { group: { policy: 'affinity', hosts: ['b'] } } }), { now }).host, 'b');
  assert.equal(schedule(hosts, request({ hints: { group: { policy: 'anti-affinity', hosts: ['a'] } } }), { now }).host, 'c');
  assert.equal(schedule(hosts, request({ hints: { group: { policy: 'affinity', hosts: [] } } }), { now }).host, 'a');
  const all3 = selectHosts(hosts, request({ hints: { group: { policy: 'anti-affinity', hosts: [] } } }), 3, { now });
  assert.deepEqual(all3.map((s) => s.host).sort(), ['a', 'b', 'c']);
  assert.throws(() => selectHosts(hosts, request({ hints: { group: { policy: 'anti-affinity', hosts: [] } } }), 4, { now }), /3 rejected by AntiAffinity/);
  const together = selectHosts(hosts, request({ hints: { group: { policy: 'affinity', hosts: [] } } }), 3, { now });
  assert.deepEqual(together.map((s) => s.host), ['a', 'a', 'a']);
});

test('weighers: RAM spreads by default and stacks with a negative multiplier', () => {
  const hosts = [host('full', { memoryMiBFree: 1024 }), host('half', { memoryMiBFree: 8192 }), host('empty', { memoryMiBFree: 16384 })];
  const spread = schedule(hosts, request(), { now, diskWeightMultiplier: 0 });
  assert.deepEqual(spread, { host: 'empty', weight: 1 });
  const stack = schedule(hosts, request(), { now, ramWeightMultiplier: -1, diskWeightMultiplier: 0 });
  assert.deepEqual(stack, { host: 'full', weight: 0 });
  // spreading over several picks alternates as claims use memory up
  const picks = selectHosts([host('x'), host('y')], request({ memoryMiB: 4096 }), 4, { now }).map((s) => s.host);
  assert.deepEqual(picks, ['x', 'y', 'x', 'y']);
  const stacked = selectHosts([host('x'), host('y')], request({ memoryMiB: 4096 }), 3, { now, ramWeightMultiplier: -1, diskWeightMultiplier: 0 }).map((s) => s.host);
  assert.deepEqual(stacked, ['x', 'x', 'x']);
});

test('weighers: normalized 0..1 then multiplied and summed (disk, num instances)', () => {
  const hosts = [
    host('a', { memoryMiBFree: 16384, diskGiBFree: 10, numInstances: 0 }),
    host('b', { memoryMiBFree: 8192, diskGiBFree: 100, numInstances: 5 }),
  ];
  // ram: a=1 b=0; disk: a=0 b=1; x2 on disk -> b wins with 2
  assert.deepEqual(schedule(hosts, request(), { now, diskWeightMultiplier: 2 }), { host: 'b', weight: 2 });
  // num instances -1 prefers fewer instances: a = 1 + 0 + 0, b = 0 + 1 - 1
  assert.deepEqual(schedule(hosts, request(), { now, numInstancesWeightMultiplier: -1 }), { host: 'a', weight: 1 });
  // all weighers off or all equal: first host wins with 0
  assert.deepEqual(schedule([host('p'), host('q')], request(), { now }), { host: 'p', weight: 0 });
});

test('NoValidHost message names each filter, its count and why', () => {
  const hosts = [
    host('x1'), host('x2'), host('x3'),
    host('arm', { supportedInstances: [['aarch64', 'qemu', 'hvm']], memoryMiBTotal: 2048, memoryMiBFree: 1024 }),
  ];
  const spec = request({ props: { hw_architecture: 'aarch64' }, memoryMiB: 4096 });
  const err = (() => {
    try {
      schedule(hosts, spec, { now, ramAllocationRatio: 1.0 });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof NoValidHostError);
  assert.equal(err.message, 'no valid host: 3 rejected by ImageProperties (image wants aarch64), 1 by Ram (needs 4096 MiB, best has 1024)');
  assert.equal(err.code, 'NO_VALID_HOST');
  assert.deepEqual(err.rejections.map((r) => [r.filter, r.count]), [['ImageProperties', 3], ['Ram', 1]]);
  assert.throws(() => schedule([], request(), { now }), /no valid host: there are no hosts/);
  assert.throws(() => schedule([host('c', { vcpusTotal: 1, vcpusUsed: 16 })], request({ vcpus: 2 }), { now }), /1 rejected by Core \(needs 2 vCPUs, best has 0\)/);
  assert.throws(() => schedule([host('d', { diskGiBFree: 5 })], request({ rootGiB: 10 }), { now }), /1 rejected by Disk \(needs 10 GiB, best has 5\)/);
});

test('selectHosts claims in a private copy and leaves the snapshot alone', () => {
  const index = HostIndex.build([host('only', { memoryMiBTotal: 4096, memoryMiBFree: 4096 })]);
  const spec = request({ memoryMiB: 2048 });
  assert.equal(selectHosts(index, spec, 3, { now }).length, 3); // 4096 x 1.5 = 6144
  assert.throws(() => selectHosts(index, spec, 4, { now }), /1 rejected by Ram \(needs 2048 MiB, best has 0\)/);
  assert.equal(index.memoryMiBUsed[0], 0);
  assert.equal(schedule(index, spec, { now }).host, 'only');
});

test('property: selectHosts never overcommits a host (claims <= capacity x ratio)', () => {
  const hostArb = fc.record({
    vcpusTotal: fc.integer({ min: 1, max: 16 }),
    vcpusUsed: fc.integer({ min: 0, max: 64 }),
    memoryMiBTotal: fc.integer({ min: 512, max: 32768 }),
    memUsedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    diskGiBTotal: fc.integer({ min: 1, max: 500 }),
    diskUsedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  const flavorArb = fc.record({
    vcpus: fc.integer({ min: 1, max: 8 }),
    memoryMiB: fc.integer({ min: 64, max: 8192 }),
    rootGiB: fc.integer({ min: 0, max: 50 }),
    ephemeralGiB: fc.integer({ min: 0, max: 10 }),
    swapMiB: fc.integer({ min: 0, max: 2048 }),
  });
  const ratioArb = fc.record({
    cpuAllocationRatio: fc.constantFrom(1, 4, 16),
    ramAllocationRatio: fc.constantFrom(1, 1.5),
    diskAllocationRatio: fc.constantFrom(1, 2),
    ramWeightMultiplier: fc.constantFrom(1, -1),
  });
  fc.assert(
    fc.property(fc.array(hostArb, { minLength: 1, maxLength: 8 }), flavorArb, fc.integer({ min: 1, max: 40 }), ratioArb, (hs, flavor, count, ratios) => {
      const states = hs.map((h, i) => {
        const memUsed = Math.floor(h.memoryMiBTotal * h.memUsedFrac);
        const diskUsed = Math.floor(h.diskGiBTotal * h.diskUsedFrac);
        return host(`h${i}`, { vcpusTotal: h.vcpusTotal, vcpusUsed: h.vcpusUsed, memoryMiBTotal: h.memoryMiBTotal, memoryMiBFree: h.memoryMiBTotal - memUsed, diskGiBTotal: h.diskGiBTotal, diskGiBFree: h.diskGiBTotal - diskUsed });
      });
      const spec = { flavor, image: { properties: {} } };
      let picks: string[];
      try {
        picks = selectHosts(states, spec, count, { now, ...ratios }).map((s) => s.host);
      } catch (e) {
        if (!(e instanceof NoValidHostError)) throw e;
        // fewer may fit: the largest count that does must still respect capacity
        let n = count - 1;
        picks = [];
        while (n > 0) {
          try {
            picks = selectHosts(states, spec, n, { now, ...ratios }).map((s) => s.host);
            break;
          } catch {
            n--;
          }
        }
      }
      for (const s of states) {
        const k = picks.filter((p) => p === s.name).length;
        if (k === 0) continue;
        const disk = flavor.rootGiB + flavor.ephemeralGiB + flavor.swapMiB / 1024;
        assert.ok(s.vcpusUsed + k * flavor.vcpus <= s.vcpusTotal * ratios.cpuAllocationRatio, 'vcpus');
        assert.ok(s.memoryMiBTotal - s.memoryMiBFree + k * flavor.memoryMiB <= s.memoryMiBTotal * ratios.ramAllocationRatio, 'ram');
        assert.ok(s.diskGiBTotal - s.diskGiBFree + k * disk <= s.diskGiBTotal * ratios.diskAllocationRatio + 1e-9, 'disk');
      }
    }),
    { numRuns: 200 },
  );
});

test('hostStateFromReport maps the driver report', () => {
  const s = hostStateFromReport({
    hypervisorType: 'qemu', hypervisorVersion: 8002000, hypervisorVersionText: '8.2.0', hostname: 'node1',
    cpu: { arch: 'x86_64', model: '', vendor: '', topology: { sockets: 1, cores: 4, threads: 1 }, features: [] },
    vcpusTotal: 4, vcpusUsed: 1, memoryTotalMiB: 8192, memoryFreeMiB: 4096,
    localDiskTotalBytes: 100 * 1024 ** 3, localDiskFreeBytes: 40 * 1024 ** 3,
    supportedInstances: [['x86_64', 'kvm', 'hvm']],
  }, { lastHeartbeat: NOW });
  assert.equal(s.name, 'node1');
  assert.equal(s.diskGiBFree, 40);
  assert.equal(schedule([s], request({ props: { architecture: 'amd64' } }), { now }).host, 'node1');
});

test('img_hv_requested_version narrows by packed hypervisor version; hosts without one pass', () => {
  const hosts = [host('old', { hypervisorVersion: 6_002_000 }), host('new', { hypervisorVersion: 8_002_001 }), host('unknown')];
  const want = (v: string): string[] => names(hosts, request({ props: { img_hv_requested_version: v } }));
  assert.deepEqual(want('>= 7.0'), ['new', 'unknown']);
  assert.deepEqual(want('>=6.0, <8'), ['old', 'unknown']);
  assert.deepEqual(want('8.2.1'), ['new', 'unknown']);
  assert.deepEqual(want('!= 8.2.1'), ['old', 'unknown']);
  assert.deepEqual(want('newest'), ['unknown']);
  assert.throws(() => schedule(hosts.slice(0, 1), request({ props: { img_hv_requested_version: '> 7' } }), { now }), /1 rejected by HypervisorVersion \(image wants hypervisor version > 7\)/);
});
