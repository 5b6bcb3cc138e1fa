/**
 * Errors raised on our side of the connection (as opposed to `LibvirtError`, which carries an
 * error the daemon reported). `code` says what kind of failure it was, so callers can branch on it.
 */
export type ClientErrorCode =
  /** The peer sent bytes that are not libvirt's protocol (bad length, unknown program, bad payload). */
  | 'PROTOCOL'
  /** A message we were about to send exceeds the protocol's size limit. */
  | 'MESSAGE_TOO_LARGE'
  /** The connection closed (by us, the peer or the network) while the call was pending. */
  | 'CLOSED'
  /** The call's own timeout expired. */
  | 'TIMEOUT'
  /** The caller's AbortSignal fired. */
  | 'ABORTED'
  /** The peer stopped answering keepalive pings. */
  | 'KEEPALIVE_TIMEOUT'
  /** A stream was used wrongly (write on a download, write after finish). */
  | 'STREAM_STATE'
  /** Connection setup failed before the connection was usable. */
  | 'CONNECT';

export class LibvirtClientError extends Error {
  override readonly name = 'LibvirtClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** The procedure the error concerns, when there is one. */
    readonly procedure?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
