/**
 * Choosing a SASL mechanism from the list the daemon offers (AUTH_SASL_INIT's `mechlist`, which
 * libvirtd sends comma-separated, e.g. "SCRAM-SHA-256,SCRAM-SHA-1"; spaces are accepted too).
 *
 * Preference: SCRAM-SHA-256, then SCRAM-SHA-1 (both prove the password without sending it and
 * authenticate the server), then PLAIN only when the transport already hides the password (TLS or a
 * unix socket). Over plain TCP PLAIN would hand the password to anyone on the path, so it is never
 * chosen there. Mechanisms that would need a SASL security layer (GSSAPI, DIGEST-MD5 integrity) are
 * not implemented.
 */
import { LibvirtAuthError } from './errors.js';
import { PlainMechanism, ScramMechanism, type PasswordCredentials, type SaslMechanism, type ScramOptions } from './scram.js';

export type MechanismName = 'SCRAM-SHA-256' | 'SCRAM-SHA-1' | 'PLAIN';

/** Every mechanism we implement, most preferred first. */
export const SUPPORTED_MECHANISMS: readonly MechanismName[] = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'];

export interface ChooseOptions {
  /** True for TLS and unix sockets (libvirt's "is_secure"); false for plain TCP and similar. */
  secureTransport: boolean;
  /**
   * Only consider this mechanism (libvirt's `?auth=sasl.MECH` URI parameter). It must be offered
   * and supported, else the choice fails.
   */
  want?: string;
}

/** Split a server mechlist ("A,B" or "A B") into upper-cased names, dropping empties. */
export function parseMechList(mechlist: string): string[] {
  return mechlist
    .split(/[\s,]+/)
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m.length > 0);
}

/** Pick the best mechanism both sides support; throws `LibvirtAuthError` (AUTH_NO_MECHANISM) if none. */
export function chooseMechanism(mechlist: string, opts: ChooseOptions): MechanismName {
  const offered = parseMechList(mechlist);
  const usable = SUPPORTED_MECHANISMS.filter((m) => m !== 'PLAIN' || opts.secureTransport);
  const want = opts.want?.toUpperCase();
  const candidates = want ? usable.filter((m) => m === want) : usable;
  const chosen = candidates.find((m) => offered.includes(m));
  if (chosen) return chosen;

  const plainNote = !opts.secureTransport && offered.includes('PLAIN') ? ' (PLAIN is refused on an insecure transport)' : '';
  const wantNote = want ? ` (requested ${want})` : '';
  throw new LibvirtAuthError(
    'AUTH_NO_MECHANISM',
    `no usable SASL mechanism${wantNote}: server offers [${offered.join(', ') || 'nothing'}], ` +
      `we support [${usable.join(', ')}]${plainNote}`,
    { offered, supported: [...usable], secureTransport: opts.secureTransport, ...(want ? { want } : {}) },
  );
}

/** Build the client state machine for a chosen mechanism (`scram.prep` also applies to PLAIN). */
export function createMechanism(name: MechanismName, creds: PasswordCredentials, scram: ScramOptions = {}): SaslMechanism {
  switch (name) {
    case 'SCRAM-SHA-256':
      return new ScramMechanism('sha256', creds, scram);
    case 'SCRAM-SHA-1':
      return new ScramMechanism('sha1', creds, scram);
    case 'PLAIN':
      return new PlainMechanism(creds, scram.prep ? { prep: scram.prep } : {});
  }
}
