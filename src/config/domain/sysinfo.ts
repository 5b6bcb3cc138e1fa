/**
 * `<sysinfo type='smbios'>`: the SMBIOS tables shown to the guest (BIOS, system, base board,
 * chassis, OEM strings). Each table is a set of `<entry name=...>value</entry>`; they are read and
 * written here as records keyed by entry name.
 */
import { XmlView, isElement, type XmlElement } from '../view.js';
import { el } from '../xml/build.js';

export type SmbiosEntries = Record<string, string>;

export interface SysinfoOptions {
  type?: 'smbios' | 'fwcfg';
  bios?: SmbiosEntries;
  system?: SmbiosEntries;
  /** The first base board (libvirt allows several). */
  baseBoard?: SmbiosEntries;
  chassis?: SmbiosEntries;
  oemStrings?: string[];
}

export class Sysinfo extends XmlView {
  static override readonly childOrder = ['bios', 'system', 'baseBoard', 'chassis', 'processor', 'memory', 'oemStrings', 'entry'];
  constructor(init: XmlElement | SysinfoOptions = {}) {
    super(init, 'sysinfo');
    if (!isElement(init)) this.assign(init);
  }
  get type() { return this.enumAttr('type', ['smbios', 'fwcfg'] as const); }
  set type(v) { this.setEnumAttr('type', v, ['smbios', 'fwcfg'] as const); }
  private table(name: string): SmbiosEntries | undefined {
    return this.el.child(name) ? this.namedTexts(`${name}/entry`) : undefined;
  }
  /**
   * Makes a table hold exactly these entries: existing entries are updated in place, new ones
   * appended, missing ones removed; undefined removes the table.
   */
  private setTable(name: string, v: SmbiosEntries | undefined): void {
    if (v === undefined) {
      this.el.child(name)?.remove();
      return;
    }
    const box = this.ensurePath(name);
    for (const e of box.elements('entry')) {
      const k = e.getAttribute('name');
      if (k === undefined || !(k in v)) e.remove();
    }
    for (const [k, val] of Object.entries(v)) {
      const e = box.elements('entry').find((x) => x.getAttribute('name') === k);
      if (e) {
        if (e.text !== val) e.text = val;
      } else box.addElement(el('entry', { name: k }, val));
    }
  }
  get bios() { return this.table('bios'); }
  set bios(v: SmbiosEntries | undefined) { this.setTable('bios', v); }
  get system() { return this.table('system'); }
  set system(v: SmbiosEntries | undefined) { this.setTable('system', v); }
  get baseBoard() { return this.table('baseBoard'); }
  set baseBoard(v: SmbiosEntries | undefined) { this.setTable('baseBoard', v); }
  get chassis() { return this.table('chassis'); }
  set chassis(v: SmbiosEntries | undefined) { this.setTable('chassis', v); }
  get oemStrings(): string[] { return this.texts('oemStrings/entry'); }
  set oemStrings(v: string[]) {
    if (v.length === 0) this.el.child('oemStrings')?.remove();
    else this.setTexts('oemStrings/entry', v);
  }
}
