/**
 * What the driver is asked to build: one instance request, independent of where its disks came
 * from (the image backends make the files; this describes them).
 */

export interface Flavor {
  name: string;
  vcpus: number;
  memoryMiB: number;
  rootGiB: number;
  ephemeralGiB: number;
  swapMiB: number;
}

export interface ImageRef {
  id: string;
  /** Image properties: architecture, os_type, hw_disk_bus, hw_cdrom_bus, hw_vif_model, hw_cpu_*, hw_time_hpet, ... */
  properties: Record<string, string>;
}

export type DiskRole = 'root' | 'ephemeral' | 'swap' | 'volume' | 'config';

export interface GuestDisk {
  role: DiskRole;
  /** file: a path in the instance dir; block: an LV or other block device. */
  type: 'file' | 'block';
  path: string;
  format: 'qcow2' | 'raw';
  /** For volumes: the volume id (the guest sees /dev/disk/by-id/virtio-<first 20 chars>). */
  serial?: string;
  device?: 'disk' | 'cdrom';
  readonly?: boolean;
}

/** Direct kernel boot (AMI-style images: kernel_id / ramdisk_id). */
export interface KernelBoot {
  kernel: string;
  initrd?: string;
  cmdline: string;
}

export interface GuestNic {
  mac: string;
  /** A libvirt network name (exactly one of network / bridge). */
  network?: string;
  /** A host bridge. */
  bridge?: string;
}

export interface GuestRequest {
  uuid: string;
  name: string;
  flavor: Flavor;
  image: ImageRef;
  disks: GuestDisk[];
  kernel?: KernelBoot;
  nics: GuestNic[];
  /** Where the serial console is logged (`<instances>/<uuid>/console.log`). */
  consoleLogPath: string;
  /** Ask for VNC graphics (needs vnc.enabled in the driver config). */
  vnc?: boolean;
  owner: string;
  /** ISO 8601 (a Date is accepted and written as ISO). */
  createdAt: string | Date;
  /** Overrides the image's os_type property ('linux', 'windows'). */
  osType?: string;
  /** LXC only: the directory holding the container's root filesystem. */
  rootfsDir?: string;
}

/** What parseStratusMetadata reads back from a domain. */
export interface StratusInstanceMetadata {
  uuid: string;
  name: string;
  flavor: Flavor;
  imageId: string;
  owner: string;
  createdAt: string;
  /** The time the instance was last started (set by lifecycle code, if it records it). */
  startedAt?: string;
  /** The version of the schema the element was written with. */
  version: number;
  /** What each disk is for, by target device (absent in elements written without it). */
  disks?: Array<{ dev: string; role: DiskRole }>;
}
