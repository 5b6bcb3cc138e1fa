/**
 * Spellings folded before image properties are compared with host triples. Images in the wild
 * carry old names (i386, amd64, xapi, pv, hv) and any case; hosts report libvirt's names.
 */

export function canonicalArchitecture(value: string): string {
  const a = value.trim().toLowerCase();
  switch (a) {
    case 'i386':
    case 'i486':
    case 'i586':
    case 'x86_32':
      return 'i686';
    case 'amd64':
    case 'x64':
      return 'x86_64';
    default:
      return a;
  }
}

export function canonicalHypervisorType(value: string): string {
  const h = value.trim().toLowerCase();
  return h === 'xapi' ? 'xen' : h;
}

export function canonicalVmMode(value: string): string {
  const m = value.trim().toLowerCase();
  if (m === 'pv') return 'xen';
  if (m === 'hv') return 'hvm';
  return m;
}

/** The key a host triple is stored under, and a request looks up; '*' stands for "not named". */
export function tripleKey(arch: string, hvType: string, vmMode: string): string {
  return `${arch}/${hvType}/${vmMode}`;
}

export const ANY = '*';

export interface WantedInstance {
  architecture?: string;
  hypervisorType?: string;
  vmMode?: string;
}

function prop(properties: Record<string, string>, newer: string, legacy: string): string | undefined {
  const n = properties[newer];
  if (n !== undefined && n.trim() !== '') return n;
  const l = properties[legacy];
  if (l !== undefined && l.trim() !== '') return l;
  return undefined;
}

/** What an image asks for, canonical; the newer property name wins over the legacy one. */
export function wantedInstance(properties: Record<string, string>): WantedInstance {
  const out: WantedInstance = {};
  const arch = prop(properties, 'hw_architecture', 'architecture');
  const hv = prop(properties, 'img_hv_type', 'hypervisor_type');
  const mode = prop(properties, 'hw_vm_mode', 'vm_mode');
  if (arch !== undefined) out.architecture = canonicalArchitecture(arch);
  if (hv !== undefined) out.hypervisorType = canonicalHypervisorType(hv);
  if (mode !== undefined) out.vmMode = canonicalVmMode(mode);
  return out;
}
