/** Small helpers for tests that drive the host's own tools (virsh, libvirt-python). */
import { execFileSync } from 'node:child_process';

export function virsh(uri: string, ...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', uri, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Like virsh() but never throws: for cleanup of things that may not exist. */
export function virshQuiet(uri: string, ...args: string[]): void {
  try {
    virsh(uri, ...args);
  } catch {
    // already gone
  }
}

/** Run a snippet under the distribution's python3 (which has the libvirt C binding). */
export function python(script: string, ...args: string[]): string {
  return execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' }).trim();
}

/** A tiny QEMU guest (TCG: KVM is unusable on these machines) with no disk: it sits in firmware. */
export function tinyQemuDomainXml(name: string, extraDevices = ''): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='virtio'><stats period='1'/></memballoon>
    ${extraDevices}
  </devices>
</domain>`;
}
