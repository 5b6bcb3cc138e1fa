// Driver config: the schema's defaults and refusals, and the option rules (each a DriverConfigError
// naming the option).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDriverConfig, effectiveCpuMode, DriverConfigError, type DriverConfigInput } from '../../src/driver/index.js';

const base = { instancesPath: '/var/lib/stratus/instances' };

function refuses(input: unknown, option: string, message: RegExp): void {
  assert.throws(() => loadDriverConfig(input), (err: unknown) => {
    assert.ok(err instanceof DriverConfigError, `expected DriverConfigError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_DRIVER_CONFIG');
    assert.equal(err.option, option);
    assert.match(err.message, message);
    assert.ok(err.message.includes(option), `message names the option: ${err.message}`);
    return true;
  });
}

describe('loadDriverConfig', () => {
  it('fills in defaults and leaves the virt type to the probe', () => {
    const c = loadDriverConfig(base);
    assert.equal(c.virtType, undefined);
    assert.equal(c.cpuMode, undefined);
    assert.deepEqual(c.cpuModelExtraFlags, []);
    assert.equal(c.imagesType, 'qcow2');
    assert.equal(c.useCowImages, true);
    assert.deepEqual(c.vnc, { enabled: false, listen: '127.0.0.1' });
    assert.equal(c.memballoonStatsPeriod, 10);
    assert.equal(c.libvirtUri, 'qemu:///system');
    assert.equal(c.virtProbeTimeoutMs, 5000);
  });

  it('accepts every valid combination of virt type and CPU mode', () => {
    const ok: DriverConfigInput[] = [
      { ...base, virtType: 'kvm', cpuMode: 'host-model' },
      { ...base, virtType: 'kvm', cpuMode: 'host-passthrough', cpuModelExtraFlags: ['vmx'] },
      { ...base, virtType: 'kvm', cpuMode: 'custom', cpuModel: 'Westmere', cpuModelExtraFlags: ['pcid', 'ssse3'] },
      { ...base, virtType: 'qemu', cpuMode: 'none' },
      { ...base, virtType: 'qemu' },
      { ...base, virtType: 'lxc' },
      { ...base, imagesType: 'lvm', lvmVolumeGroup: 'stratus-vg' },
      { ...base, diskCacheModes: { file: 'writeback', block: 'none' }, vnc: { enabled: true, listen: '0.0.0.0', keymap: 'en-us' } },
    ];
    for (const input of ok) assert.doesNotThrow(() => loadDriverConfig(input), JSON.stringify(input));
  });

  it('refuses cpuMode custom without a cpuModel', () => {
    refuses({ ...base, cpuMode: 'custom' }, 'cpuModel', /custom.*needs a cpuModel/);
  });

  it('refuses a cpuModel with a non-custom mode (or no mode)', () => {
    refuses({ ...base, cpuMode: 'host-model', cpuModel: 'Westmere' }, 'cpuModel', /only used with cpuMode 'custom' \(cpuMode is 'host-model'\)/);
    refuses({ ...base, cpuModel: 'Westmere' }, 'cpuModel', /cpuMode is unset/);
  });

  it('refuses an explicit CPU mode (or flags) on lxc', () => {
    refuses({ ...base, virtType: 'lxc', cpuMode: 'host-passthrough' }, 'cpuMode', /no meaning for virtType 'lxc'/);
    refuses({ ...base, virtType: 'lxc', cpuModelExtraFlags: ['vmx'] }, 'cpuModelExtraFlags', /lxc/);
  });

  it('refuses flags with cpuMode none, and lvm without a volume group', () => {
    refuses({ ...base, cpuMode: 'none', cpuModelExtraFlags: ['vmx'] }, 'cpuModelExtraFlags', /none/);
    refuses({ ...base, imagesType: 'lvm' }, 'lvmVolumeGroup', /volume group/);
  });

  it('refuses shapes the schema does not allow, naming the option', () => {
    refuses({ ...base, virtType: 'xen' }, 'virtType', /kvm|qemu|lxc/);
    refuses({ ...base, cpuMode: 'host_model' }, 'cpuMode', /host-model/);
    refuses({ instancesPath: 'relative/dir' }, 'instancesPath', /absolute/);
    refuses({}, 'instancesPath', /./);
    refuses({ ...base, memballoonStatsPeriod: -1 }, 'memballoonStatsPeriod', /./);
    refuses({ ...base, vnc: { enabled: 'yes' } }, 'vnc.enabled', /./);
    refuses({ ...base, cpuModelExtraFlags: ['ok', 'bad flag'] }, 'cpuModelExtraFlags.1', /CPU flag/);
    refuses({ ...base, images_type: 'raw' }, 'images_type', /unknown option 'images_type'/);
    refuses({ ...base, vnc: { enabled: true, lisen: 'x' } }, 'vnc.lisen', /unknown option/);
    refuses({ ...base, diskCacheModes: { file: 'fast' } }, 'diskCacheModes.file', /./);
    refuses('not an object', '(root)', /./);
  });

  it('effective CPU mode: operator choice, else host-model for kvm and none otherwise', () => {
    assert.equal(effectiveCpuMode({ cpuMode: undefined }, 'kvm'), 'host-model');
    assert.equal(effectiveCpuMode({ cpuMode: undefined }, 'qemu'), 'none');
    assert.equal(effectiveCpuMode({ cpuMode: undefined }, 'lxc'), 'none');
    assert.equal(effectiveCpuMode({ cpuMode: 'host-passthrough' }, 'qemu'), 'host-passthrough');
  });
});
