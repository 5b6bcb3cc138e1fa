import type { Duplex } from 'node:stream';
import type { LibvirtUri } from '../uri.js';
import type { TransportOpenOptions } from './types.js';
import { LibvirtTransportError } from './errors.js';

export function connectSsh(u: LibvirtUri, _opts: TransportOpenOptions = {}): Promise<Duplex> {
  return Promise.reject(new LibvirtTransportError('TRANSPORT_UNSUPPORTED', `ssh transport to ${u.hostname} is not implemented yet`));
}
