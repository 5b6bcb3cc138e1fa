import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostIndex, imagePropertiesFilter, schedule, NoValidHostError, wantedInstance, type FilterContext } from '../../src/scheduler/index.js';
import { host, now, request } from './helpers.js';

// The hosts: one per kind of supported-instance list.
const HOSTS = [
  host('kvm-x86', { supportedInstances: [['x86_64', 'kvm', 'hvm'], ['i686', 'kvm', 'hvm'], ['x86_64', 'qemu', 'hvm']] }),
  host('qemu-arm', { supportedInstances: [['aarch64', 'qemu', 'hvm']] }),
  host('xen', { hypervisorType: 'xen', supportedInstances: [['x86_64', 'xen', 'xen'], ['x86_64', 'xen', 'hvm']] }),
  host('lxc', { hypervisorType: 'lxc', supportedInstances: [['x86_64', 'lxc', 'exe']] }),
  host('empty', { supportedInstances: [] }),
];
const ALL = ['kvm-x86', 'qemu-arm', 'xen', 'lxc', 'empty'];

// image properties -> the hosts that pass
const TABLE: Array<[string, Record<string, string>, string[]]> = [
  ['no properties', {}, ALL],
  ['legacy architecture', { architecture: 'x86_64' }, ['kvm-x86', 'xen', 'lxc']],
  ['new hw_architecture', { hw_architecture: 'aarch64' }, ['qemu-arm']],
  ['both names, newer wins', { architecture: 'x86_64', hw_architecture: 'aarch64' }, ['qemu-arm']],
  ['both hv names, newer wins', { hypervisor_type: 'xen', img_hv_type: 'kvm' }, ['kvm-x86']],
  ['both mode names, newer wins', { vm_mode: 'hvm', hw_vm_mode: 'exe' }, ['lxc']],
  ['i386 -> i686', { architecture: 'i386' }, ['kvm-x86']],
  ['x86_32 -> i686', { hw_architecture: 'x86_32' }, ['kvm-x86']],
  ['i586 -> i686', { hw_architecture: 'i586' }, ['kvm-x86']],
  ['amd64 -> x86_64 with kvm', { architecture: 'amd64', hypervisor_type: 'kvm' }, ['kvm-x86']],
  ['xapi -> xen', { img_hv_type: 'xapi' }, ['xen']],
  ['pv -> xen mode', { vm_mode: 'pv' }, ['xen']],
  ['hv -> hvm', { hw_vm_mode: 'hv' }, ['kvm-x86', 'qemu-arm', 'xen']],
  ['mixed case', { hw_architecture: 'X86_64', img_hv_type: 'KVM', hw_vm_mode: 'HVM' }, ['kvm-x86']],
  ['triple must match together', { hw_architecture: 'aarch64', img_hv_type: 'kvm' }, []],
  ['i686 on xen is not offered', { hw_architecture: 'i686', img_hv_type: 'xen' }, []],
  ['full xen pv triple', { architecture: 'AMD64', hypervisor_type: 'XAPI', vm_mode: 'PV' }, ['xen']],
  ['lxc exe', { hypervisor_type: 'lxc', vm_mode: 'exe' }, ['lxc']],
  ['unknown arch', { hw_architecture: 'riscv64' }, []],
  ['empty value is not named', { hw_architecture: '', architecture: 'aarch64' }, ['qemu-arm']],
  ['unrelated properties only', { hw_disk_bus: 'virtio', os_distro: 'debian' }, ALL],
];

const index = HostIndex.build(HOSTS);

for (const [name, props, expected] of TABLE) {
  test(`ImageProperties table: ${name}`, () => {
    const spec = request({ props });
    const want = wantedInstance(props);
    const named = [want.architecture, want.hypervisorType, want.vmMode].filter((v) => v !== undefined);
    const key = named.length === 0 ? null : `${want.architecture ?? '*'}/${want.hypervisorType ?? '*'}/${want.vmMode ?? '*'}`;
    const ctx: FilterContext = { index, config: {} as FilterContext['config'], now: 0, wantedKey: key, wantedText: named.join('/'), imageRejection: 'no', imageFitsKind: null, hypervisorVersion: null, requestedDiskGiB: 1, groupHosts: null };
    const passing = key === null ? ALL : index.hosts.filter((h) => imagePropertiesFilter.passes(h, spec, ctx) === true).map((h) => h.state.name);
    assert.deepEqual(passing, expected);
    // and through schedule(): a pick among exactly those hosts, or NoValidHost
    if (expected.length > 0) assert.ok(expected.includes(schedule(index, spec, { now }).host));
    else assert.throws(() => schedule(index, spec, { now }), NoValidHostError);
  });
}

test('a host with no supported instances fails any image that names a property, passes one that names none', () => {
  const only = [host('empty', { supportedInstances: [] })];
  assert.throws(() => schedule(only, request({ props: { vm_mode: 'hvm' } }), { now }), /1 rejected by ImageProperties \(image wants hvm\)/);
  assert.equal(schedule(only, request(), { now }).host, 'empty');
});

test('host triples are canonicalized too (amd64/xapi/pv reported by a host)', () => {
  const odd = [host('odd', { supportedInstances: [['AMD64', 'XAPI', 'PV']] })];
  assert.equal(schedule(odd, request({ props: { hw_architecture: 'x86_64', img_hv_type: 'xen', hw_vm_mode: 'xen' } }), { now }).host, 'odd');
});
