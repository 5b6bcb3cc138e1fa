/**
 * The unix transport: a local stream socket. Which socket is decided by `resolveUnixSocket`
 * (uri.ts); this only connects and explains failures in terms of the daemon.
 */
import type { Socket } from 'node:net';
import type { DeadlineOptions } from './deadline.js';
import { LibvirtTransportError, errnoCode } from './errors.js';
import { connectSocket } from './socket.js';

export interface UnixConnectOptions extends DeadlineOptions {
  /** Other sockets that were considered, named in the error when none is found. */
  candidates?: readonly string[] | undefined;
}

export function connectUnix(path: string, opts: UnixConnectOptions = {}): Promise<Socket> {
  const describe = `unix socket ${path}`;
  return connectSocket(describe, { path }, opts, (err) => {
    const code = errnoCode(err);
    const ctx = { path, errno: code, candidates: opts.candidates };
    switch (code) {
      case 'ENOENT': {
        const also = (opts.candidates ?? []).filter((c) => c !== path);
        const tail = also.length > 0 ? ` (also considered: ${also.join(', ')})` : '';
        return new LibvirtTransportError(
          'TRANSPORT_NO_SOCKET',
          `libvirtd is not running? no socket at ${path}${tail}`,
          ctx,
          { cause: err },
        );
      }
      case 'ECONNREFUSED':
        return new LibvirtTransportError(
          'TRANSPORT_CONNECT',
          `nothing accepts connections on ${path}: the socket file is there but its daemon is gone (stale socket?)`,
          ctx,
          { cause: err },
        );
      case 'EACCES':
      case 'EPERM':
        return new LibvirtTransportError(
          'TRANSPORT_PERMISSION',
          `permission denied connecting to ${path}: run as root or a member of the socket's group, or open read-only`,
          ctx,
          { cause: err },
        );
      case 'ENOTSOCK':
        return new LibvirtTransportError('TRANSPORT_CONNECT', `${path} is not a socket`, ctx, { cause: err });
      default:
        return new LibvirtTransportError('TRANSPORT_CONNECT', `cannot connect to ${describe}: ${err.message}`, ctx, { cause: err });
    }
  });
}
