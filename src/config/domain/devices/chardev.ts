/**
 * Character devices: serial ports, consoles, parallel ports and channels. They share one shape:
 * a backend type (`pty`, `file`, `unix`, `tcp`, `udp`, `spicevmc`...), its source(s), an optional
 * wire protocol and log file, and a guest-side target.
 */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { type AddressOptions, type Address } from './address.js';
import { DeviceView } from './device.js';

export const CHARDEV_TYPES = [
  'null', 'vc', 'pty', 'dev', 'file', 'pipe', 'stdio', 'udp', 'tcp', 'unix', 'spicevmc', 'spiceport', 'nmdm', 'qemu-vdagent', 'dbus',
] as const;
export type ChardevType = (typeof CHARDEV_TYPES)[number];

export interface ChardevSourceOptions {
  /** file, dev, pipe, unix, pty */
  path?: string;
  /** tcp, udp, unix: bind (listen) or connect */
  mode?: 'bind' | 'connect';
  host?: string;
  service?: string | number;
  /** file: append instead of truncating */
  append?: boolean;
  /** spiceport channel name */
  channel?: string;
  tls?: boolean;
}

export class ChardevSource extends XmlView {
  constructor(init: XmlElement | ChardevSourceOptions = {}) {
    super(init, 'source');
    if (!isElement(init)) this.assign(init);
  }
  get path() { return this.attr('path'); }
  set path(v) { this.setAttr('path', v); }
  get mode() { return this.enumAttr('mode', ['bind', 'connect'] as const); }
  set mode(v) { this.setEnumAttr('mode', v, ['bind', 'connect'] as const); }
  get host() { return this.attr('host'); }
  set host(v) { this.setAttr('host', v); }
  /** A port number or service name. */
  get service() { return this.attr('service'); }
  set service(v: string | number | undefined) { this.setAttr('service', v); }
  get append() { return this.boolAttr('append', 'on/off'); }
  set append(v) { this.setBoolAttr('append', v, 'on/off'); }
  get channel() { return this.attr('channel'); }
  set channel(v) { this.setAttr('channel', v); }
  get tls() { return this.boolAttr('tls'); }
  set tls(v) { this.setBoolAttr('tls', v); }
}

export interface ChardevTargetOptions {
  /** serial: isa-serial, usb-serial, pci-serial...; console: serial, virtio, lxc...; channel: virtio, guestfwd, xen */
  type?: string;
  port?: number;
  /** channel name such as org.qemu.guest_agent.0 */
  name?: string;
  /** guestfwd channel address and port */
  address?: string;
  /** serial target model (`<model name='isa-serial'/>`) */
  model?: string;
}

export class ChardevTarget extends XmlView {
  static override readonly childOrder = ['model'];
  constructor(init: XmlElement | ChardevTargetOptions = {}) {
    super(init, 'target');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.attr('type'); }
  set type(v) { this.setAttr('type', v); }
  /** guestfwd channels use `port` for a TCP port too; a number either way. */
  get port() { return this.intAttr('port', { min: 0 }); }
  set port(v) { this.setIntAttr('port', v, { min: 0 }); }
  get name() { return this.attr('name'); }
  set name(v) { this.setAttr('name', v); }
  get address() { return this.attr('address'); }
  set address(v) { this.setAttr('address', v); }
  /** Channel state as the guest agent reports it (read-only in practice). */
  get state() { return this.enumAttr('state', ['connected', 'disconnected'] as const); }
  get model() { return this.childAttr('model', 'name'); }
  set model(v: string | undefined) { this.setChildAttr('model', 'name', v); }
}

export interface ChardevLog {
  file: string;
  append?: boolean;
}

export interface ChardevOptions {
  type?: ChardevType;
  source?: ChardevSource | ChardevSourceOptions;
  /** udp has two: the bind side and the connect side. */
  sources?: Array<ChardevSource | ChardevSourceOptions>;
  /** tcp wire protocol */
  protocol?: 'raw' | 'telnet' | 'telnets' | 'tls';
  log?: ChardevLog;
  target?: ChardevTarget | ChardevTargetOptions;
  alias?: string;
  address?: Address | AddressOptions;
}

/** The common part of serial, console, parallel and channel devices. */
export abstract class Chardev extends DeviceView {
  static override readonly childOrder = ['source', 'protocol', 'log', 'target', 'alias', 'address'];
  protected constructor(init: XmlElement | ChardevOptions, name: string) {
    super(init, name);
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', CHARDEV_TYPES); }
  set type(v) { this.setEnumAttr('type', v, CHARDEV_TYPES); }
  get source(): ChardevSource | undefined { return this.child('source', ChardevSource); }
  set source(v: ChardevSource | ChardevSourceOptions | undefined) { this.setChild('source', ChardevSource, v); }
  get sources() { return this.list<ChardevSource, ChardevSourceOptions>('source', ChardevSource); }
  get protocol() { return this.enumChildAttr('protocol', 'type', ['raw', 'telnet', 'telnets', 'tls'] as const); }
  set protocol(v: ChardevOptions['protocol']) { this.setEnumChildAttr('protocol', 'type', v, ['raw', 'telnet', 'telnets', 'tls'] as const); }
  /** Where QEMU copies everything the device outputs (`<log file=... append='on'/>`). */
  get log(): ChardevLog | undefined {
    const e = this.el.child('log');
    const file = e?.getAttribute('file');
    if (!e || file === undefined) return undefined;
    const append = this.boolChildAttr('log', 'append', 'on/off');
    return append === undefined ? { file } : { file, append };
  }
  set log(v: ChardevLog | undefined) {
    if (v === undefined) {
      this.el.child('log')?.remove();
      return;
    }
    const e = this.ensurePath('log');
    e.setAttribute('file', v.file);
    e.setAttribute('append', v.append === undefined ? undefined : v.append ? 'on' : 'off');
  }
  get target(): ChardevTarget | undefined { return this.child('target', ChardevTarget); }
  set target(v: ChardevTarget | ChardevTargetOptions | undefined) { this.setChild('target', ChardevTarget, v); }
}

export class Serial extends Chardev {
  constructor(init: XmlElement | ChardevOptions = {}) {
    super(init, 'serial');
  }
}

export class Console extends Chardev {
  constructor(init: XmlElement | ChardevOptions = {}) {
    super(init, 'console');
  }
}

export class Parallel extends Chardev {
  constructor(init: XmlElement | ChardevOptions = {}) {
    super(init, 'parallel');
  }
}

export class Channel extends Chardev {
  constructor(init: XmlElement | ChardevOptions = {}) {
    super(init, 'channel');
  }
}
