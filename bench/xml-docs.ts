/**
 * Domain documents for the XML benchmark: a typical guest (~150 lines, the shape virt-install and
 * Nova produce) and a large one (~2,000 lines: many disks and interfaces). Written out as text on
 * purpose: the benchmark must parse what a daemon would hand us.
 */

function disk(i: number): string {
  const dev = 'vd' + String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '');
  return `    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>
      <source file='/var/lib/stratus/instances/5f1c2a9e-0000-4000-8000-00000000000${i % 10}/disk.${i}' index='${i + 1}'/>
      <backingStore type='file' index='${i + 100}'>
        <format type='raw'/>
        <source file='/var/lib/stratus/instances/_base/8e3d0f6ab1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6'/>
        <backingStore/>
      </backingStore>
      <target dev='${dev}' bus='virtio'/>
      <iotune>
        <total_bytes_sec>104857600</total_bytes_sec>
        <total_iops_sec>1000</total_iops_sec>
      </iotune>
      <serial>vol-${i.toString(16).padStart(8, '0')}</serial>
      <alias name='virtio-disk${i}'/>
      <address type='pci' domain='0x0000' bus='0x${(4 + (i >> 5)).toString(16).padStart(2, '0')}' slot='0x${(i % 32).toString(16).padStart(2, '0')}' function='0x0'/>
    </disk>
`;
}

function iface(i: number): string {
  const mac = `52:54:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
  return `    <interface type='bridge'>
      <mac address='${mac}'/>
      <source bridge='br${i % 4}'/>
      <target dev='tap${i}'/>
      <model type='virtio'/>
      <driver name='vhost' queues='4'/>
      <mtu size='1500'/>
      <bandwidth>
        <inbound average='1000' peak='5000' burst='1024'/>
        <outbound average='1000'/>
      </bandwidth>
      <alias name='net${i}'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x${(i % 32).toString(16).padStart(2, '0')}' function='0x0'/>
    </interface>
`;
}

export function domainXml(disks: number, interfaces: number, name = 'instance-0000002a'): string {
  let devices = '';
  for (let i = 0; i < disks; i++) devices += disk(i);
  for (let i = 0; i < interfaces; i++) devices += iface(i);
  return `<domain type='kvm' id='7' xmlns:nova='http://openstack.org/xmlns/libvirt/nova/1.1'>
  <name>${name}</name>
  <uuid>5f1c2a9e-7b3d-4c8e-9a6f-2d4b8c0e1f37</uuid>
  <metadata>
    <nova:instance>
      <nova:package version='27.1.0'/>
      <nova:name>web-1 &amp; friends</nova:name>
      <nova:creationTime>2026-11-26 19:00:00</nova:creationTime>
      <nova:flavor name='m1.large'>
        <nova:memory>8192</nova:memory>
        <nova:disk>80</nova:disk>
        <nova:swap>0</nova:swap>
        <nova:ephemeral>0</nova:ephemeral>
        <nova:vcpus>4</nova:vcpus>
      </nova:flavor>
      <nova:owner>
        <nova:user uuid='0f0e0d0c0b0a09080706050403020100'>admin</nova:user>
        <nova:project uuid='00010203040506070809000a0b0c0d0e'>demo</nova:project>
      </nova:owner>
    </nova:instance>
  </metadata>
  <memory unit='KiB'>8388608</memory>
  <currentMemory unit='KiB'>8388608</currentMemory>
  <memoryBacking>
    <hugepages>
      <page size='2048' unit='KiB'/>
    </hugepages>
  </memoryBacking>
  <vcpu placement='static' current='4'>8</vcpu>
  <cputune>
    <shares>4096</shares>
    <vcpupin vcpu='0' cpuset='2'/>
    <vcpupin vcpu='1' cpuset='3'/>
    <vcpupin vcpu='2' cpuset='4'/>
    <vcpupin vcpu='3' cpuset='5'/>
    <emulatorpin cpuset='0-1'/>
  </cputune>
  <sysinfo type='smbios'>
    <system>
      <entry name='manufacturer'>Stratus</entry>
      <entry name='product'>Stratus Compute</entry>
      <entry name='serial'>5f1c2a9e-7b3d-4c8e-9a6f-2d4b8c0e1f37</entry>
      <entry name='uuid'>5f1c2a9e-7b3d-4c8e-9a6f-2d4b8c0e1f37</entry>
      <entry name='family'>Virtual Machine</entry>
    </system>
  </sysinfo>
  <os>
    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
    <boot dev='hd'/>
    <smbios mode='sysinfo'/>
  </os>
  <features>
    <acpi/>
    <apic/>
    <vmcoreinfo state='on'/>
  </features>
  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>Skylake-Server-IBRS</model>
    <topology sockets='1' dies='1' cores='4' threads='2'/>
    <feature policy='require' name='vmx'/>
    <feature policy='disable' name='mpx'/>
  </cpu>
  <clock offset='utc'>
    <timer name='pit' tickpolicy='delay'/>
    <timer name='rtc' tickpolicy='catchup'/>
    <timer name='hpet' present='no'/>
  </clock>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
${devices}    <controller type='usb' index='0' model='piix3-uhci'>
      <alias name='usb'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x2'/>
    </controller>
    <controller type='pci' index='0' model='pcie-root'>
      <alias name='pcie.0'/>
    </controller>
    <serial type='pty'>
      <source path='/dev/pts/3'/>
      <log file='/var/lib/stratus/instances/5f1c2a9e/console.log' append='off'/>
      <target type='isa-serial' port='0'>
        <model name='isa-serial'/>
      </target>
      <alias name='serial0'/>
    </serial>
    <console type='pty' tty='/dev/pts/3'>
      <source path='/dev/pts/3'/>
      <target type='serial' port='0'/>
      <alias name='serial0'/>
    </console>
    <channel type='unix'>
      <source mode='bind' path='/var/lib/libvirt/qemu/channel/target/org.qemu.guest_agent.0'/>
      <target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>
      <alias name='channel0'/>
      <address type='virtio-serial' controller='0' bus='0' port='1'/>
    </channel>
    <input type='tablet' bus='usb'>
      <alias name='input0'/>
      <address type='usb' bus='0' port='1'/>
    </input>
    <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video>
      <model type='virtio' heads='1' primary='yes'/>
      <alias name='video0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
    </video>
    <memballoon model='virtio'>
      <stats period='10'/>
      <alias name='balloon0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>
    </memballoon>
    <rng model='virtio'>
      <backend model='random'>/dev/urandom</backend>
      <alias name='rng0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x08' function='0x0'/>
    </rng>
  </devices>
  <seclabel type='dynamic' model='apparmor' relabel='yes'>
    <label>libvirt-5f1c2a9e-7b3d-4c8e-9a6f-2d4b8c0e1f37</label>
    <imagelabel>libvirt-5f1c2a9e-7b3d-4c8e-9a6f-2d4b8c0e1f37</imagelabel>
  </seclabel>
</domain>
`;
}

/** ~150 lines: one disk, one interface. */
export const TYPICAL_DOMAIN = domainXml(1, 1);
/** ~2,000 lines: 70 disks, 46 interfaces. */
export const LARGE_DOMAIN = domainXml(70, 46);
