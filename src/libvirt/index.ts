/**
 * `stratus/libvirt`: a pure-TypeScript client for libvirt's remote protocol.
 *
 *   const conn = await connect('qemu:///system');
 *   console.log(await conn.getHostname(), await conn.getNodeInfo());
 *   for (const dom of await conn.listAllDomains()) console.log(dom.name, await dom.getState());
 *   await conn.close();
 */
import { Connect } from './api/connect.js';
import { openConnection, type Connection, type ConnectOptions } from './connection.js';
import type { CallOptions } from './rpc/types.js';

/** A connection to one daemon with the typed API on it (`getHostname()`, `listAllDomains()`, ...). */
export class LibvirtConnection extends Connect {
  constructor(
    /** The protocol-level connection: raw `call()` on any procedure of the table, events, streams. */
    readonly connection: Connection,
  ) {
    super(connection);
  }

  /** The URI this connection was opened with. */
  get uri(): string {
    return this.connection.uri.uri;
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  /** Resolves with the reason once the connection ends (closed, dropped, or keepalive timeout). */
  whenClosed(): Promise<Error> {
    return this.connection.whenClosed();
  }

  /** CONNECT_CLOSE then close the socket. Pending calls reject. */
  close(opts?: Pick<CallOptions, 'timeout'>): Promise<void> {
    return this.connection.close(opts);
  }
}

/** Open a connection: `qemu:///system`, `test+unix:///default`, `qemu+tls://host/system`, `qemu+ssh://user@host/system`. */
export async function connect(uri: string, opts?: ConnectOptions): Promise<LibvirtConnection> {
  return new LibvirtConnection(await openConnection(uri, opts));
}

export { openConnection, Connection, type ConnectOptions } from './connection.js';
export * from './api/index.js';
export { LibvirtError, LibvirtClientError, ErrorCode, ErrorDomain, ErrorLevel, errorCodeName, isLibvirtError, type ClientErrorCode } from './errors.js';
export type { CallOptions, Caller, VirStream, StreamChunk } from './rpc/types.js';
export type { KeepaliveOptions } from './rpc/client.js';
export { parseLibvirtUri, LibvirtUriError, type LibvirtUri } from './uri.js';
export { LibvirtTransportError } from './transport/index.js';
export { LibvirtAuthError, type CredentialCallback, type CredentialRequest } from './auth/index.js';
export * as constants from './protocol/constants.js';
export { remoteProcedures as procedures, remoteEvents as events } from './protocol/remote.js';
export * as xdr from './xdr.js';
