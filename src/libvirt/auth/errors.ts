/**
 * Authentication errors. One class with a code so callers can branch on what went wrong without
 * parsing messages; `context` carries what a user needs to fix it (which file and line, which
 * mechanism, what the server offered).
 */

export type LibvirtAuthErrorCode =
  /** The server rejected our credentials or the exchange (libvirt's VIR_ERR_AUTH_FAILED). */
  | 'AUTH_FAILED'
  /** The server did not prove it knows the password (SCRAM server signature mismatch). */
  | 'AUTH_SERVER_SIGNATURE'
  /** The peer sent something the mechanism's grammar does not allow. */
  | 'AUTH_PROTOCOL'
  /** No mechanism both sides support is acceptable on this transport. */
  | 'AUTH_NO_MECHANISM'
  /** Credentials are needed but neither auth.conf nor the callback supplied them. */
  | 'AUTH_NO_CREDENTIALS'
  /** A username or password cannot be prepared (SASLprep prohibited characters). */
  | 'AUTH_INVALID_CREDENTIAL'
  /** auth.conf could not be read or parsed, or references a missing group. */
  | 'AUTH_CONFIG';

export class LibvirtAuthError extends Error {
  override readonly name = 'LibvirtAuthError';
  readonly code: LibvirtAuthErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: LibvirtAuthErrorCode, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }
}
