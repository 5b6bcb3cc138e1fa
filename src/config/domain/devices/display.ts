/** What the guest shows and plays: remote displays (VNC, SPICE...), video adapters and sound cards. */
import { XmlView, isElement, type XmlElement } from '../../view.js';
import { type Address, type AddressOptions } from './address.js';
import { DeviceView } from './device.js';

export const GRAPHICS_TYPES = ['vnc', 'spice', 'sdl', 'rdp', 'desktop', 'egl-headless', 'dbus'] as const;
export type GraphicsType = (typeof GRAPHICS_TYPES)[number];

export interface GraphicsListenOptions {
  type?: 'address' | 'network' | 'socket' | 'none';
  address?: string;
  network?: string;
  socket?: string;
}

/** One place a display server listens (`<listen type='address' address='127.0.0.1'/>`). */
export class GraphicsListen extends XmlView {
  constructor(init: XmlElement | GraphicsListenOptions = {}) {
    super(init, 'listen');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', ['address', 'network', 'socket', 'none'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['address', 'network', 'socket', 'none'] as const); }
  get address() { return this.attr('address'); }
  set address(v) { this.setAttr('address', v); }
  get network() { return this.attr('network'); }
  set network(v) { this.setAttr('network', v); }
  get socket() { return this.attr('socket'); }
  set socket(v) { this.setAttr('socket', v); }
}

export interface GraphicsOptions {
  type?: GraphicsType;
  /** -1 with autoport: the daemon picks one. */
  port?: number;
  autoport?: boolean;
  tlsPort?: number;
  websocket?: number;
  /** Old single-address form; `listens` is the current one. */
  listen?: string;
  keymap?: string;
  passwd?: string;
  socket?: string;
  listens?: Array<GraphicsListen | GraphicsListenOptions>;
  alias?: string;
}

export class Graphics extends DeviceView {
  static override readonly childOrder = ['listen', 'channel', 'image', 'jpeg', 'zlib', 'playback', 'streaming', 'clipboard', 'mouse', 'filetransfer', 'gl', 'audio'];
  constructor(init: XmlElement | GraphicsOptions = {}) {
    super(init, 'graphics');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', GRAPHICS_TYPES); }
  set type(v) { this.setEnumAttr('type', v, GRAPHICS_TYPES); }
  get port() { return this.intAttr('port', { min: -1, max: 65535 }); }
  set port(v) { this.setIntAttr('port', v, { min: -1, max: 65535 }); }
  get autoport() { return this.boolAttr('autoport'); }
  set autoport(v) { this.setBoolAttr('autoport', v); }
  get tlsPort() { return this.intAttr('tlsPort', { min: -1, max: 65535 }); }
  set tlsPort(v) { this.setIntAttr('tlsPort', v, { min: -1, max: 65535 }); }
  get websocket() { return this.intAttr('websocket', { min: -1, max: 65535 }); }
  set websocket(v) { this.setIntAttr('websocket', v, { min: -1, max: 65535 }); }
  get listen() { return this.attr('listen'); }
  set listen(v) { this.setAttr('listen', v); }
  get keymap() { return this.attr('keymap'); }
  set keymap(v) { this.setAttr('keymap', v); }
  get passwd() { return this.attr('passwd'); }
  set passwd(v) { this.setAttr('passwd', v); }
  get socket() { return this.attr('socket'); }
  set socket(v) { this.setAttr('socket', v); }
  get listens() { return this.list<GraphicsListen, GraphicsListenOptions>('listen', GraphicsListen); }
}

export interface VideoModelOptions {
  /** vga, cirrus, qxl, virtio, bochs, ramfb, none, ... */
  type?: string;
  vram?: number;
  ram?: number;
  vgamem?: number;
  heads?: number;
  primary?: boolean;
  accel3d?: boolean;
}

export class VideoModel extends XmlView {
  static override readonly childOrder = ['acceleration', 'resolution'];
  constructor(init: XmlElement | VideoModelOptions = {}) {
    super(init, 'model');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.attr('type'); }
  set type(v) { this.setAttr('type', v); }
  get vram() { return this.intAttr('vram', { min: 0 }); }
  set vram(v) { this.setIntAttr('vram', v, { min: 0 }); }
  get ram() { return this.intAttr('ram', { min: 0 }); }
  set ram(v) { this.setIntAttr('ram', v, { min: 0 }); }
  get vgamem() { return this.intAttr('vgamem', { min: 0 }); }
  set vgamem(v) { this.setIntAttr('vgamem', v, { min: 0 }); }
  get heads() { return this.intAttr('heads', { min: 1 }); }
  set heads(v) { this.setIntAttr('heads', v, { min: 1 }); }
  get primary() { return this.boolAttr('primary'); }
  set primary(v) { this.setBoolAttr('primary', v); }
  get accel3d() { return this.boolChildAttr('acceleration', 'accel3d'); }
  set accel3d(v: boolean | undefined) { this.setBoolChildAttr('acceleration', 'accel3d', v); }
}

export interface VideoOptions {
  model?: VideoModel | VideoModelOptions;
  alias?: string;
  address?: Address | AddressOptions;
}

export class Video extends DeviceView {
  static override readonly childOrder = ['driver', 'model', 'alias', 'address'];
  constructor(init: XmlElement | VideoOptions = {}) {
    super(init, 'video');
    if (!isElement(init)) this.assign(init);
  }
  get model(): VideoModel | undefined { return this.child('model', VideoModel); }
  set model(v: VideoModel | VideoModelOptions | undefined) { this.setChild('model', VideoModel, v); }
}

export interface SoundOptions {
  /** ich6, ich9, ac97, es1370, sb16, pcspk, usb, ich7 */
  model?: string;
  codecs?: string[];
  alias?: string;
  address?: Address | AddressOptions;
}

export class Sound extends DeviceView {
  static override readonly childOrder = ['codec', 'audio', 'alias', 'address'];
  constructor(init: XmlElement | SoundOptions = {}) {
    super(init, 'sound');
    if (!isElement(init)) this.assign(init);
  }
  get model() { return this.attr('model'); }
  set model(v) { this.setAttr('model', v); }
  get codecs(): string[] { return this.attrValues('codec', 'type'); }
  set codecs(v: string[]) { this.setAttrValues('codec', 'type', v); }
}

export interface AudioOptions {
  id?: number;
  /** none, alsa, coreaudio, dbus, jack, oss, pulseaudio, sdl, spice, file */
  type?: string;
}

/** An audio backend that sound devices and displays refer to by id (`<audio id='1' type='spice'/>`). */
export class Audio extends DeviceView {
  constructor(init: XmlElement | AudioOptions = {}) {
    super(init, 'audio');
    if (!isElement(init)) this.assign(init);
  }
  get id() { return this.intAttr('id', { min: 1 }); }
  set id(v) { this.setIntAttr('id', v, { min: 1 }); }
  get type() { return this.attr('type'); }
  set type(v) { this.setAttr('type', v); }
}
