/**
 * The tcp transport: plain TCP to the daemon's listen_tcp port. Not encrypted, so `secure` is
 * false and only authentication that protects itself (SASL SCRAM, or none on a trusted network)
 * should run over it. Also the carrier under TLS.
 */
import type { Socket } from 'node:net';
import type { DeadlineOptions } from './deadline.js';
import { LibvirtTransportError, errnoCode } from './errors.js';
import { connectSocket } from './socket.js';

export function connectTcp(host: string, port: number, opts: DeadlineOptions = {}, what = 'tcp'): Promise<Socket> {
  const endpoint = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return connectSocket(`${what} ${endpoint}`, { host, port }, opts, (err) => explainTcp(err, host, port, endpoint, what)).then((s) => {
    // RPC messages are written whole; waiting to coalesce them only adds latency.
    s.setNoDelay(true);
    return s;
  });
}

export function explainTcp(err: Error, host: string, port: number, endpoint: string, what: string): LibvirtTransportError {
  const code = errnoCode(err);
  const ctx = { host, port, errno: code };
  switch (code) {
    case 'ECONNREFUSED': {
      const hint =
        what === 'tls'
          ? 'is libvirtd running with --listen (or virtproxyd-tls.socket) and listen_tls=1?'
          : 'is libvirtd running with --listen (or virtproxyd-tcp.socket) and listen_tcp=1?';
      return new LibvirtTransportError('TRANSPORT_CONNECT', `connection refused by ${endpoint}: ${hint}`, ctx, { cause: err });
    }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LibvirtTransportError('TRANSPORT_CONNECT', `cannot resolve host '${host}' (${code})`, ctx, { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return new LibvirtTransportError('TRANSPORT_CONNECT', `cannot reach ${endpoint} (${code})`, ctx, { cause: err });
    case 'ECONNRESET':
      return new LibvirtTransportError('TRANSPORT_CONNECT', `${endpoint} reset the connection`, ctx, { cause: err });
    default:
      return new LibvirtTransportError('TRANSPORT_CONNECT', `cannot connect to ${what} ${endpoint}: ${err.message}`, ctx, { cause: err });
  }
}
