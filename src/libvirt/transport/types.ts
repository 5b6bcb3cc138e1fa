import type { Duplex } from 'node:stream';
import type { LibvirtTransportName } from '../uri.js';

export interface TransportOpenOptions {
  /** Abort the open (the stream, once returned, is the caller's to close). */
  signal?: AbortSignal | undefined;
  /** Give up after this many milliseconds (default 30 s; Infinity disables). */
  timeoutMs?: number | undefined;
  /** A read-only connection: selects the `-sock-ro` socket and `virt-ssh-helper -r`. */
  readonly?: boolean | undefined;
  /** Environment to read HOME, XDG_*, SSH_AUTH_SOCK from (default process.env). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Effective uid that decides system vs. per-user paths (default process.geteuid()). */
  euid?: number | undefined;
}

export interface OpenedTransport {
  /** Connected, bidirectional byte stream to the daemon's RPC service. Attach an 'error'
   *  listener: the transport removes its own once the open has finished. */
  readonly stream: Duplex;
  /** Whether libvirt counts the channel as confidential and authenticated (unix, tls, ssh):
   *  decides, e.g., whether SASL PLAIN may be used. */
  readonly secure: boolean;
  /** Human-readable endpoint for messages, e.g. `tls 127.0.0.1:16514`. */
  readonly describe: string;
  readonly transport: LibvirtTransportName;
  /** Accepted-but-ignored options and similar remarks for the caller's log. */
  readonly notes: readonly string[];
}
