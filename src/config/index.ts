/**
 * `stratus/config`: typed libvirt XML documents over a lossless XML tree.
 *
 * Every `parseX(xml)` returns a typed object whose properties read and write the parsed document
 * in place; `toXML()` writes it back with everything it did not model intact. Every class can
 * also be built from scratch with typed options (`new StoragePool({ type: 'dir', ... })`).
 */
import { ConfigError } from './errors.js';
import { parseXml } from './xml/parse.js';
import { Capabilities } from './capabilities.js';
import { DomainCapabilities } from './domain-capabilities.js';
import { StoragePool } from './storage-pool.js';
import { StorageVolume } from './storage-volume.js';
import { Network } from './network.js';
import { Secret } from './secret.js';
import { DomainSnapshot } from './snapshot.js';
import { XmlDocumentView, type XmlElement } from './view.js';
import { Domain } from './domain/index.js';

export { ConfigError, type ConfigErrorCode, type ConfigErrorContext } from './errors.js';
export * from './xml/index.js';
export * from './units.js';
export {
  XmlView,
  XmlDocumentView,
  ViewList,
  isElement,
  parseRoot,
  type ViewClass,
  type IntOptions,
  type BoolStyle,
  type ListOptions,
} from './view.js';
export * from './capabilities.js';
export * from './domain-capabilities.js';
export * from './storage-common.js';
export * from './storage-pool.js';
export * from './storage-volume.js';
export * from './network.js';
export * from './secret.js';
export * from './snapshot.js';
export * from './domain/index.js';

/**
 * Any document as an untyped view: it round-trips losslessly and exposes its tree. For roots
 * that have no class of their own (callers may wrap e.g. a `<nodedev>` with it).
 */
export class GenericDocument extends XmlDocumentView {
  constructor(root: XmlElement) {
    super(root, root.name);
  }
}

export type ConfigDocument =
  | Domain
  | Capabilities
  | DomainCapabilities
  | StoragePool
  | StorageVolume
  | Network
  | Secret
  | DomainSnapshot
  | GenericDocument;

const BY_ROOT = new Map<string, (root: XmlElement) => ConfigDocument>([
  ['capabilities', (r) => new Capabilities(r)],
  ['domainCapabilities', (r) => new DomainCapabilities(r)],
  ['pool', (r) => new StoragePool(r)],
  ['volume', (r) => new StorageVolume(r)],
  ['network', (r) => new Network(r)],
  ['secret', (r) => new Secret(r)],
  ['domainsnapshot', (r) => new DomainSnapshot(r)],
  ['domain', (r) => new Domain(r)],
]);

/** The root element names parseDocument understands. */
export const DOCUMENT_ROOTS: readonly string[] = [...BY_ROOT.keys()];

/** Parses any libvirt document this package knows, choosing the class by the root element. */
export function parseDocument(xml: string): ConfigDocument {
  const root = parseXml(xml).root;
  const make = BY_ROOT.get(root.name);
  if (!make) {
    throw new ConfigError('WRONG_ROOT', `unknown document root <${root.name}> (expected one of ${DOCUMENT_ROOTS.join(', ')})`, { path: '/' + root.name });
  }
  return make(root);
}
