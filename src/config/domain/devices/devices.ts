/**
 * `<devices>`: the emulator path and one array-like list per device kind. Lists read the document
 * each time and edit it in place; a device pushed into an empty list lands where libvirt would
 * write that kind. Elements we have no class for stay where they are and can be reached through
 * `all()` / `unknown()` as generic devices.
 */
import { ViewList, type XmlElement } from '../../view.js';
import { ConfigError } from '../../errors.js';
import { DeviceView, GenericDevice } from './device.js';
import { Disk, type DiskOptions } from './disk.js';
import { Controller, type ControllerOptions } from './controller.js';
import { Filesystem, type FilesystemOptions } from './filesystem.js';
import { Interface, type InterfaceOptions } from './interface.js';
import { Channel, Console, Parallel, Serial, type ChardevOptions } from './chardev.js';
import { Audio, Graphics, Sound, Video, type AudioOptions, type GraphicsOptions, type SoundOptions, type VideoOptions } from './display.js';
import { Hostdev, Redirdev, type HostdevOptions, type RedirdevOptions } from './hostdev.js';
import {
  Input, Iommu, MemBalloon, Panic, Rng, Tpm, Vsock, Watchdog,
  type InputOptions, type IommuOptions, type MemBalloonOptions, type PanicOptions, type RngOptions, type TpmOptions, type VsockOptions, type WatchdogOptions,
} from './platform.js';
import { MemoryDevice, Shmem, type MemoryDeviceOptions, type ShmemOptions } from './memory.js';

/** Device element names in the order libvirt writes them. */
export const DEVICE_ORDER = [
  'emulator', 'disk', 'controller', 'lease', 'filesystem', 'interface', 'smartcard', 'serial', 'parallel', 'console', 'channel',
  'input', 'tpm', 'graphics', 'sound', 'audio', 'video', 'hostdev', 'redirdev', 'redirfilter', 'hub', 'watchdog', 'memballoon',
  'rng', 'panic', 'shmem', 'memory', 'iommu', 'vsock', 'crypto',
] as const;

/** Typed classes by element name, for `all()`. */
const CLASSES: Record<string, new (el: XmlElement) => DeviceView> = {
  disk: Disk, controller: Controller, filesystem: Filesystem, interface: Interface,
  serial: Serial, parallel: Parallel, console: Console, channel: Channel,
  input: Input, tpm: Tpm, graphics: Graphics, sound: Sound, audio: Audio, video: Video, hostdev: Hostdev, redirdev: Redirdev,
  watchdog: Watchdog, memballoon: MemBalloon, rng: Rng, panic: Panic, shmem: Shmem, memory: MemoryDevice,
  iommu: Iommu, vsock: Vsock,
};

/** Any device view this module has a class for. */
export type Device =
  | Disk | Controller | Filesystem | Interface | Serial | Parallel | Console | Channel | Input | Tpm | Graphics | Sound | Audio | Video
  | Hostdev | Redirdev | Watchdog | MemBalloon | Rng | Panic | Shmem | MemoryDevice | Iommu | Vsock;

export class Devices {
  /** @param owner the `<domain>` element; `<devices>` is made on the first addition. */
  constructor(private readonly owner: XmlElement, private readonly ownerOrder: readonly string[]) {}

  /** The `<devices>` element, if the document has one. */
  get el(): XmlElement | undefined {
    return this.owner.child('devices');
  }

  private container(create: boolean): XmlElement | undefined {
    return create ? this.owner.ensureChild('devices', this.ownerOrder) : this.el;
  }

  private list<V extends DeviceView, O>(name: string, View: new (init: XmlElement | O) => V): ViewList<V, O> {
    return new ViewList<V, O>((create) => this.container(create), name, View, undefined, DEVICE_ORDER);
  }

  /** Path of the device model binary (`/usr/bin/qemu-system-x86_64`). */
  get emulator(): string | undefined {
    return this.el?.child('emulator')?.text;
  }
  set emulator(v: string | undefined) {
    if (v === undefined) {
      this.el?.child('emulator')?.remove();
      return;
    }
    const box = this.container(true)!;
    box.ensureChild('emulator', DEVICE_ORDER).text = v;
  }

  get disks() { return this.list<Disk, DiskOptions>('disk', Disk); }
  get controllers() { return this.list<Controller, ControllerOptions>('controller', Controller); }
  get filesystems() { return this.list<Filesystem, FilesystemOptions>('filesystem', Filesystem); }
  get interfaces() { return this.list<Interface, InterfaceOptions>('interface', Interface); }
  get serials() { return this.list<Serial, ChardevOptions>('serial', Serial); }
  get parallels() { return this.list<Parallel, ChardevOptions>('parallel', Parallel); }
  get consoles() { return this.list<Console, ChardevOptions>('console', Console); }
  get channels() { return this.list<Channel, ChardevOptions>('channel', Channel); }
  get inputs() { return this.list<Input, InputOptions>('input', Input); }
  get tpms() { return this.list<Tpm, TpmOptions>('tpm', Tpm); }
  get graphics() { return this.list<Graphics, GraphicsOptions>('graphics', Graphics); }
  get sounds() { return this.list<Sound, SoundOptions>('sound', Sound); }
  get audios() { return this.list<Audio, AudioOptions>('audio', Audio); }
  get videos() { return this.list<Video, VideoOptions>('video', Video); }
  get hostdevs() { return this.list<Hostdev, HostdevOptions>('hostdev', Hostdev); }
  get redirdevs() { return this.list<Redirdev, RedirdevOptions>('redirdev', Redirdev); }
  get watchdogs() { return this.list<Watchdog, WatchdogOptions>('watchdog', Watchdog); }
  get memballoons() { return this.list<MemBalloon, MemBalloonOptions>('memballoon', MemBalloon); }
  get rngs() { return this.list<Rng, RngOptions>('rng', Rng); }
  get panics() { return this.list<Panic, PanicOptions>('panic', Panic); }
  get shmems() { return this.list<Shmem, ShmemOptions>('shmem', Shmem); }
  get memoryDevices() { return this.list<MemoryDevice, MemoryDeviceOptions>('memory', MemoryDevice); }
  get iommus() { return this.list<Iommu, IommuOptions>('iommu', Iommu); }
  get vsocks() { return this.list<Vsock, VsockOptions>('vsock', Vsock); }

  /** The one memory balloon (libvirt allows at most one). */
  get memballoon(): MemBalloon | undefined { return this.memballoons.at(0); }

  /** Devices with a given element name, typed or not (`byName('smartcard')`). */
  byName(name: string): ViewList<GenericDevice> {
    return new ViewList<GenericDevice>((create) => this.container(create), name, GenericDevice, undefined, DEVICE_ORDER);
  }

  /** Every device element in document order (not `<emulator>`), typed where we have a class. */
  all(): DeviceView[] {
    const box = this.el;
    if (!box) return [];
    return box.elements().filter((e) => e.name !== 'emulator').map((e) => {
      const Cls = CLASSES[e.name];
      return Cls ? new Cls(e) : new GenericDevice(e);
    });
  }

  /** Device elements this module has no class for (smartcard, hub, crypto, ...), untouched. */
  unknown(): GenericDevice[] {
    return this.all().filter((d): d is GenericDevice => d instanceof GenericDevice);
  }

  /**
   * Adds devices of any kind, each after the last one of its kind (or where libvirt's order puts
   * a first one). Returns the number of device elements afterwards.
   */
  add(...devices: DeviceView[]): number {
    for (const d of devices) {
      if (d.el.parent) throw new ConfigError('INVALID_EDIT', `<${d.el.name}> already belongs to a document; remove it or clone its element first`, { path: d.el.path });
      this.byName(d.el.name).push(new GenericDevice(d.el));
    }
    return this.all().length;
  }

  /** Removes a device of any kind; returns whether it was one of ours. */
  remove(device: DeviceView): boolean {
    const box = this.el;
    if (!box || device.el.parent !== box) return false;
    device.el.remove();
    return true;
  }
}
