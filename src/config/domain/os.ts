/**
 * `<os>`: how the guest boots. Full virtualization (`hvm`: machine type, firmware, loader and
 * NVRAM, direct kernel boot, boot devices and menu, SMBIOS mode) and containers (`exe`: the init
 * program with its arguments and environment).
 */
import { XmlView, isElement, type XmlElement } from '../view.js';
import { ConfigError } from '../errors.js';
import { orderedEntries } from './base.js';

export const BOOT_DEVICES = ['hd', 'fd', 'cdrom', 'network'] as const;
export type BootDevice = (typeof BOOT_DEVICES)[number];

export interface LoaderOptions {
  path?: string;
  readonly?: boolean;
  secure?: boolean;
  type?: 'rom' | 'pflash';
  stateless?: boolean;
  format?: 'raw' | 'qcow2';
}

/** The firmware image (`<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>`). */
export class OsLoader extends XmlView {
  constructor(init: XmlElement | LoaderOptions = {}) {
    super(init, 'loader');
    if (!isElement(init)) this.assign(init);
  }
  get path() { return this.el.text === '' ? undefined : this.el.text; }
  set path(v: string | undefined) { this.el.text = v ?? ''; }
  get readonly() { return this.boolAttr('readonly'); }
  set readonly(v) { this.setBoolAttr('readonly', v); }
  get secure() { return this.boolAttr('secure'); }
  set secure(v) { this.setBoolAttr('secure', v); }
  get type() { return this.enumAttr('type', ['rom', 'pflash'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['rom', 'pflash'] as const); }
  get stateless() { return this.boolAttr('stateless'); }
  set stateless(v) { this.setBoolAttr('stateless', v); }
  get format() { return this.enumAttr('format', ['raw', 'qcow2'] as const); }
  set format(v) { this.setEnumAttr('format', v, ['raw', 'qcow2'] as const); }
}

export interface NvramOptions {
  path?: string;
  /** The pristine variable store copied for a new guest. */
  template?: string;
  format?: 'raw' | 'qcow2';
}

export class OsNvram extends XmlView {
  constructor(init: XmlElement | NvramOptions = {}) {
    super(init, 'nvram');
    if (!isElement(init)) this.assign(init);
  }
  get path() { return this.el.text === '' ? undefined : this.el.text; }
  set path(v: string | undefined) { this.el.text = v ?? ''; }
  get template() { return this.attr('template'); }
  set template(v) { this.setAttr('template', v); }
  get format() { return this.enumAttr('format', ['raw', 'qcow2'] as const); }
  set format(v) { this.setEnumAttr('format', v, ['raw', 'qcow2'] as const); }
}

export interface BootMenu {
  enable: boolean;
  /** Milliseconds the menu waits. */
  timeout?: number;
}

export interface FirmwareFeature {
  name: string;
  enabled: boolean;
}

export interface OsOptions {
  /** hvm, exe (containers), linux/xen (Xen PV), uml */
  type?: string;
  arch?: string;
  machine?: string;
  /** Let libvirt pick a firmware of this kind ('efi' or 'bios'). */
  firmware?: 'efi' | 'bios';
  firmwareFeatures?: FirmwareFeature[];
  loader?: OsLoader | LoaderOptions;
  nvram?: OsNvram | NvramOptions;
  kernel?: string;
  initrd?: string;
  cmdline?: string;
  dtb?: string;
  bootDevices?: BootDevice[];
  bootMenu?: BootMenu;
  smbiosMode?: 'emulate' | 'host' | 'sysinfo';
  /** BIOS: console on the serial port, and ms before retrying a failed boot (-1 never). */
  biosUseSerial?: boolean;
  biosRebootTimeout?: number;
  /** Containers: the first process, its arguments, environment and working directory. */
  init?: string;
  initArgs?: string[];
  initEnv?: Record<string, string>;
  initDir?: string;
  initUser?: string;
  initGroup?: string;
}

export class Os extends XmlView {
  static override readonly childOrder = [
    'type', 'firmware', 'loader', 'nvram', 'kernel', 'initrd', 'cmdline', 'shim', 'dtb', 'acpi', 'boot', 'bootmenu', 'smbios', 'bios',
    'init', 'initarg', 'initenv', 'initdir', 'inituser', 'initgroup',
  ];
  constructor(init: XmlElement | OsOptions = {}) {
    super(init, 'os');
    if (!isElement(init)) this.assign(Object.fromEntries(orderedEntries(init, ['type', 'arch', 'machine'])));
  }
  get type() { return this.childText('type'); }
  set type(v: string | undefined) { this.setChildText('type', v); }
  get arch() { return this.childAttr('type', 'arch'); }
  set arch(v: string | undefined) { this.typeElement().setAttribute('arch', v); }
  get machine() { return this.childAttr('type', 'machine'); }
  set machine(v: string | undefined) { this.typeElement().setAttribute('machine', v); }
  private typeElement(): XmlElement {
    const t = this.el.child('type');
    if (!t) throw new ConfigError('MISSING_VALUE', 'set the os type before its arch or machine', { path: this.el.path });
    return t;
  }
  get firmware() { return this.enumAttr('firmware', ['efi', 'bios'] as const); }
  set firmware(v) { this.setEnumAttr('firmware', v, ['efi', 'bios'] as const); }
  get firmwareFeatures(): FirmwareFeature[] {
    return this.el.findAll('firmware/feature').map((e) => ({
      name: e.getAttribute('name') ?? '',
      enabled: this.toBool(e.getAttribute('enabled') ?? '', "attribute 'enabled'", 'yes/no', e),
    }));
  }
  set firmwareFeatures(v: FirmwareFeature[]) {
    this.setAttrValues('firmware/feature', 'enabled', v.map((f) => (f.enabled ? 'yes' : 'no')));
    this.el.findAll('firmware/feature').forEach((e, i) => e.setAttribute('name', v[i].name));
    const fw = this.el.child('firmware');
    if (fw && v.length === 0 && fw.elements().length === 0) fw.remove();
  }
  get loader(): OsLoader | undefined { return this.child('loader', OsLoader); }
  set loader(v: OsLoader | LoaderOptions | undefined) { this.setChild('loader', OsLoader, v); }
  get nvram(): OsNvram | undefined { return this.child('nvram', OsNvram); }
  set nvram(v: OsNvram | NvramOptions | undefined) { this.setChild('nvram', OsNvram, v); }
  get kernel() { return this.childText('kernel'); }
  set kernel(v) { this.setChildText('kernel', v); }
  get initrd() { return this.childText('initrd'); }
  set initrd(v) { this.setChildText('initrd', v); }
  get cmdline() { return this.childText('cmdline'); }
  set cmdline(v) { this.setChildText('cmdline', v); }
  get dtb() { return this.childText('dtb'); }
  set dtb(v) { this.setChildText('dtb', v); }
  /** Boot devices in order (`<boot dev='hd'/>`...); excludes per-device boot orders. */
  get bootDevices(): BootDevice[] {
    return this.el.elements('boot').map((e) => this.toEnum(e.getAttribute('dev') ?? '', "attribute 'dev'", BOOT_DEVICES, e));
  }
  set bootDevices(v: BootDevice[]) {
    for (const d of v) this.toEnum(d, 'boot device', BOOT_DEVICES);
    this.setAttrValues('boot', 'dev', v);
  }
  get bootMenu(): BootMenu | undefined {
    const enable = this.boolChildAttr('bootmenu', 'enable');
    if (enable === undefined) return undefined;
    const timeout = this.intChildAttr('bootmenu', 'timeout', { min: 0, max: 65535 });
    return timeout === undefined ? { enable } : { enable, timeout };
  }
  set bootMenu(v: BootMenu | undefined) {
    if (v === undefined) {
      this.el.child('bootmenu')?.remove();
      return;
    }
    this.setBoolChildAttr('bootmenu', 'enable', v.enable);
    this.setIntChildAttr('bootmenu', 'timeout', v.timeout, { min: 0, max: 65535 });
  }
  get smbiosMode() { return this.enumChildAttr('smbios', 'mode', ['emulate', 'host', 'sysinfo'] as const); }
  set smbiosMode(v: OsOptions['smbiosMode']) { this.setEnumChildAttr('smbios', 'mode', v, ['emulate', 'host', 'sysinfo'] as const); }
  get biosUseSerial() { return this.boolChildAttr('bios', 'useserial'); }
  set biosUseSerial(v: boolean | undefined) { this.setBoolChildAttr('bios', 'useserial', v); }
  get biosRebootTimeout() { return this.intChildAttr('bios', 'rebootTimeout', { min: -1, max: 65535 }); }
  set biosRebootTimeout(v: number | undefined) { this.setIntChildAttr('bios', 'rebootTimeout', v, { min: -1, max: 65535 }); }
  get init() { return this.childText('init'); }
  set init(v) { this.setChildText('init', v); }
  get initArgs(): string[] { return this.texts('initarg'); }
  set initArgs(v: string[]) { this.setTexts('initarg', v); }
  get initEnv(): Record<string, string> { return this.namedTexts('initenv'); }
  set initEnv(v: Record<string, string>) {
    const names = Object.keys(v);
    this.setAttrValues('initenv', 'name', names);
    this.el.elements('initenv').forEach((e, i) => (e.text = v[names[i]]));
  }
  get initDir() { return this.childText('initdir'); }
  set initDir(v) { this.setChildText('initdir', v); }
  get initUser() { return this.childText('inituser'); }
  set initUser(v) { this.setChildText('inituser', v); }
  get initGroup() { return this.childText('initgroup'); }
  set initGroup(v) { this.setChildText('initgroup', v); }
}
