/**
 * Transport errors: one class with a code a caller can branch on, and the context a user needs to
 * fix the problem (which socket, which host and port, which certificate file, which known_hosts).
 */

export type LibvirtTransportErrorCode =
  /** No socket file at the path: the daemon is not running, or a different socket is meant. */
  | 'TRANSPORT_NO_SOCKET'
  /** The peer refused or reset the connection, or the host/port cannot be reached. */
  | 'TRANSPORT_CONNECT'
  /** We lack permission (unix socket permissions, ssh login refused). */
  | 'TRANSPORT_PERMISSION'
  /** Certificate/key files are missing or unreadable. */
  | 'TRANSPORT_TLS_FILES'
  /** The server's certificate did not verify (wrong CA, wrong host name, expired). */
  | 'TRANSPORT_TLS_VERIFY'
  /** The handshake finished but the daemon refused our certificate or address (no accept byte). */
  | 'TRANSPORT_TLS_REJECTED'
  /** The SSH host key is not in known_hosts. */
  | 'TRANSPORT_SSH_UNKNOWN_HOST'
  /** The SSH host key differs from the one in known_hosts. */
  | 'TRANSPORT_SSH_HOST_KEY_CHANGED'
  /** No SSH authentication method worked. */
  | 'TRANSPORT_SSH_AUTH'
  /** The remote proxy command (virt-ssh-helper / nc) failed. */
  | 'TRANSPORT_SSH_COMMAND'
  /** The `ext` program could not be started. */
  | 'TRANSPORT_EXT'
  /** The transport or option is not supported by this client. */
  | 'TRANSPORT_UNSUPPORTED'
  /** The open did not finish within the timeout. */
  | 'TRANSPORT_TIMEOUT'
  /** The caller's AbortSignal fired. */
  | 'TRANSPORT_ABORTED';

export class LibvirtTransportError extends Error {
  override readonly name = 'LibvirtTransportError';
  readonly code: LibvirtTransportErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: LibvirtTransportErrorCode, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }
}

/** The errno-style code of a Node system error, if any. */
export function errnoCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}
