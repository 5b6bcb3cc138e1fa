/**
 * Secrets (`virsh secret-dumpxml`): metadata of a stored secret (the value itself never appears in
 * XML). Usage ties the secret to what it unlocks: an encrypted volume, a Ceph client, an iSCSI
 * target, TLS, a vTPM.
 */
import { XmlDocumentView, isElement, parseRoot, type XmlElement } from './view.js';
import { ConfigError } from './errors.js';

export const SECRET_USAGE_TYPES = ['volume', 'ceph', 'iscsi', 'tls', 'vtpm'] as const;
export type SecretUsageType = (typeof SECRET_USAGE_TYPES)[number];

/** What a secret is for; `id` is the volume path, the iSCSI target, or the name (ceph, tls, vtpm). */
export interface SecretUsage {
  type: SecretUsageType;
  id: string;
}

/** The child of `<usage>` that carries the identifier, per usage type. */
const USAGE_CHILD: Record<SecretUsageType, string> = {
  volume: 'volume',
  ceph: 'name',
  iscsi: 'target',
  tls: 'name',
  vtpm: 'name',
};

export interface SecretOptions {
  ephemeral?: boolean;
  private?: boolean;
  uuid?: string;
  description?: string;
  usage?: SecretUsage;
}

export class Secret extends XmlDocumentView {
  static override readonly childOrder = ['uuid', 'description', 'usage'];
  constructor(init: XmlElement | SecretOptions = {}) {
    super(init, 'secret');
    if (!isElement(init)) this.assign(init);
  }
  /** Kept only in memory by libvirt, never on disk. */
  get ephemeral() { return this.boolAttr('ephemeral'); }
  set ephemeral(v) { this.setBoolAttr('ephemeral', v); }
  /** The value may not be read back through the API. */
  get private() { return this.boolAttr('private'); }
  set private(v) { this.setBoolAttr('private', v); }
  get uuid() { return this.childText('uuid'); }
  set uuid(v) { this.setChildText('uuid', v); }
  get description() { return this.childText('description'); }
  set description(v) { this.setChildText('description', v); }
  get usage(): SecretUsage | undefined {
    const u = this.el.child('usage');
    if (!u) return undefined;
    const type = this.toEnum(u.getAttribute('type') ?? '', "usage 'type'", SECRET_USAGE_TYPES, u);
    const idEl = u.child(USAGE_CHILD[type]);
    if (!idEl) throw new ConfigError('MISSING_VALUE', `usage type '${type}' needs a <${USAGE_CHILD[type]}> element`, { path: u.path });
    return { type, id: idEl.text };
  }
  set usage(v: SecretUsage | undefined) {
    if (v !== undefined) this.toEnum(v.type, "usage 'type'", SECRET_USAGE_TYPES);
    const old = this.el.child('usage');
    if (v === undefined) {
      old?.remove();
      return;
    }
    const u = old ?? this.ensurePath('usage');
    if (u.getAttribute('type') !== v.type) {
      for (const c of u.elements()) c.remove();
      u.setAttribute('type', v.type);
    }
    u.ensureChild(USAGE_CHILD[v.type]).text = v.id;
  }
}

export function parseSecret(xml: string): Secret {
  return new Secret(parseRoot(xml, 'secret'));
}
