/**
 * The stratus element in a domain's `<metadata>`: enough about the instance (uuid, name, flavor,
 * image, owner, creation time) that a host's state can be rebuilt from libvirt alone. It lives in
 * its own namespace, so other applications' metadata is left as it is.
 */
import { el, qualifiedName, type Domain, type XmlElement } from '../config/index.js';
import { DriverError } from './errors.js';
import type { DiskRole, Flavor, StratusInstanceMetadata } from './types.js';

const DISK_ROLES: readonly DiskRole[] = ['root', 'ephemeral', 'swap', 'volume', 'config'];

/** Our namespace; the trailing number is the schema version (a new one means a new URI). */
export const STRATUS_METADATA_NS = 'https://stratus.dev/xmlns/instance/1';
/** The prefix we write with (readers resolve by namespace URI, whatever the prefix). */
export const STRATUS_METADATA_PREFIX = 'stratus';
export const STRATUS_METADATA_ELEMENT = 'instance';

export interface StratusMetadataInput {
  uuid: string;
  name: string;
  flavor: Flavor;
  imageId: string;
  owner: string;
  createdAt: string | Date;
  startedAt?: string | Date;
  /** Disk roles by target device, so rebuild and diagnostics know the config drive, swap, volumes. */
  disks?: Array<{ dev: string; role: DiskRole }>;
}

const p = (local: string) => `${STRATUS_METADATA_PREFIX}:${local}`;
const iso = (d: string | Date) => (d instanceof Date ? d.toISOString() : d);

/** The `<stratus:instance>` element for a domain's metadata. */
export function stratusMetadataElement(m: StratusMetadataInput): XmlElement {
  const f = m.flavor;
  return el(p(STRATUS_METADATA_ELEMENT), { [`xmlns:${STRATUS_METADATA_PREFIX}`]: STRATUS_METADATA_NS }, [
    el(p('uuid'), null, m.uuid),
    el(p('name'), null, m.name),
    el(p('creationTime'), null, iso(m.createdAt)),
    m.startedAt === undefined ? undefined : el(p('startTime'), null, iso(m.startedAt)),
    el(p('flavor'), { name: f.name }, [
      el(p('vcpus'), null, f.vcpus),
      el(p('memory'), { unit: 'MiB' }, f.memoryMiB),
      el(p('disk'), { unit: 'GiB' }, f.rootGiB),
      el(p('ephemeral'), { unit: 'GiB' }, f.ephemeralGiB),
      el(p('swap'), { unit: 'MiB' }, f.swapMiB),
    ]),
    el(p('owner'), null, m.owner),
    el(p('image'), { id: m.imageId }),
    m.disks === undefined ? undefined : el(p('disks'), null, m.disks.map((d) => el(p('disk'), { dev: d.dev, role: d.role }))),
  ]);
}

/** Child of `parent` in our namespace with this local name. */
function ours(parent: XmlElement, local: string): XmlElement | undefined {
  return parent.elements().find((c) => {
    const q = qualifiedName(c);
    return q.namespace === STRATUS_METADATA_NS && q.localName === local;
  });
}

/**
 * Reads the stratus element back: undefined when the domain has none (not ours), a
 * DriverError INVALID_METADATA when it is there but incomplete.
 */
export function parseStratusMetadata(domain: Domain): StratusInstanceMetadata | undefined {
  const root = domain.metadataElement(STRATUS_METADATA_NS, STRATUS_METADATA_ELEMENT);
  if (!root) return undefined;
  const who = domain.name ?? domain.uuid ?? '(unnamed domain)';
  const bad = (what: string): never => {
    throw new DriverError('INVALID_METADATA', `domain ${who}: stratus metadata ${what}`, { instance: who });
  };
  const text = (parent: XmlElement, local: string): string => {
    const e = ours(parent, local);
    if (!e) bad(`lacks <${local}>`);
    return e!.text.trim();
  };
  const int = (parent: XmlElement, local: string): number => {
    const t = text(parent, local);
    if (!/^\d+$/.test(t)) bad(`<${local}> is not a whole number: '${t}'`);
    return Number(t);
  };
  const flavorEl = ours(root, 'flavor') ?? bad('lacks <flavor>');
  const imageEl = ours(root, 'image') ?? bad('lacks <image>');
  const imageId = imageEl.getAttribute('id') ?? bad('<image> lacks its id');
  const out: StratusInstanceMetadata = {
    version: 1,
    uuid: text(root, 'uuid'),
    name: text(root, 'name'),
    createdAt: text(root, 'creationTime'),
    owner: text(root, 'owner'),
    imageId,
    flavor: {
      name: flavorEl.getAttribute('name') ?? bad('<flavor> lacks its name'),
      vcpus: int(flavorEl, 'vcpus'),
      memoryMiB: int(flavorEl, 'memory'),
      rootGiB: int(flavorEl, 'disk'),
      ephemeralGiB: int(flavorEl, 'ephemeral'),
      swapMiB: int(flavorEl, 'swap'),
    },
  };
  const started = ours(root, 'startTime');
  if (started) out.startedAt = started.text.trim();
  const disks = ours(root, 'disks');
  if (disks) {
    out.disks = disks.elements().map((d) => {
      const dev = d.getAttribute('dev') ?? bad('<disk> lacks its dev');
      const role = d.getAttribute('role') ?? '';
      if (!(DISK_ROLES as readonly string[]).includes(role)) bad(`<disk dev='${dev}'> has an unknown role '${role}'`);
      return { dev, role: role as DiskRole };
    });
  }
  return out;
}
