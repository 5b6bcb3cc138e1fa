/**
 * Opening a connection the way libvirt's own client does: transport, AUTH_LIST, the chosen auth
 * (none, polkit, SASL), the keepalive feature probe, then CONNECT_OPEN with the URI stripped of
 * transport and host. Everything after that is calls on the RPC core.
 */
import { authenticateSasl, type CredentialCallback, type SaslCall } from './auth/index.js';
import { isLibvirtError, ErrorCode, LibvirtError } from './errors.js';
import { AuthType, ConnectFlags, DrvFeature } from './protocol/constants.js';
import type { EventDef, ProcedureDef } from './protocol/define.js';
import { remoteProcedures as P, remoteProgram } from './protocol/remote.js';
import { RpcClient, type KeepaliveOptions } from './rpc/client.js';
import { LibvirtClientError } from './rpc/errors.js';
import type { CallOptions, Caller, VirStream } from './rpc/types.js';
import { openTransport } from './transport/index.js';
import { parseLibvirtUri, type LibvirtUri } from './uri.js';

export interface ConnectOptions {
  /** Open read-only (CONNECT_OPEN flag RO; the `-ro` socket on unix). */
  readonly?: boolean;
  /** Give up opening after this many milliseconds (transport, auth and CONNECT_OPEN). Default 30 s. */
  openTimeout?: number;
  /** Abort the open. */
  signal?: AbortSignal;
  /**
   * Ping the daemon after `interval` ms of silence and declare it dead after `count` unanswered
   * pings, as libvirt's client does (defaults 5000 ms x 5). `false` turns it off.
   */
  keepalive?: KeepaliveOptions | false;
  /** Asked for credentials auth.conf does not hold (SASL). */
  credentials?: CredentialCallback;
  /** Environment for socket paths and auth.conf lookup (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_KEEPALIVE: KeepaliveOptions = { interval: 5000, count: 5 };

/** A connection to one daemon: the `Caller` the typed API runs on, plus lifecycle. */
export class Connection implements Caller {
  private closing: Promise<void> | null = null;

  constructor(
    readonly uri: LibvirtUri,
    readonly rpc: RpcClient,
    /** How the transport reached the daemon, for messages. */
    readonly describe: string,
    /** Whether the daemon answers keepalive pings (probed at open). */
    readonly keepaliveSupported: boolean,
  ) {}

  call<A, R>(proc: ProcedureDef<A, R>, args: A, opts?: CallOptions): Promise<R> {
    return this.rpc.call(proc, args, opts);
  }

  callStream<A, R>(proc: ProcedureDef<A, R>, args: A, opts?: CallOptions): Promise<{ ret: R; stream: VirStream }> {
    return this.rpc.callStream(proc, args, opts);
  }

  onEvent<M>(event: EventDef<M>, listener: (msg: M) => void): () => void {
    return this.rpc.onEvent(event, listener);
  }

  get closed(): boolean {
    return this.rpc.closed;
  }

  /** Resolves with the reason once the connection ends (closed by us, the daemon, or keepalive). */
  whenClosed(): Promise<Error> {
    return this.rpc.whenClosed();
  }

  /** CONNECT_CLOSE then close the socket; pending calls reject. Safe to call twice. */
  close(opts: { timeout?: number } = {}): Promise<void> {
    if (!this.closing) {
      this.closing = (async () => {
        if (!this.rpc.closed) {
          try {
            await this.rpc.call(P.connectClose, undefined, { timeout: opts.timeout ?? 5000 });
          } catch {
            // Closing anyway: a daemon that cannot answer CONNECT_CLOSE is one we are leaving.
          }
        }
        this.rpc.destroy(new LibvirtClientError('CLOSED', `connection to ${this.uri.uri} closed by the client`));
      })();
    }
    return this.closing;
  }
}

/** Open a connection to the daemon named by `uri` (e.g. `qemu:///system`, `test+unix:///default`). */
export async function openConnection(uri: string, opts: ConnectOptions = {}): Promise<Connection> {
  const parsed = parseLibvirtUri(uri);
  const timeout = opts.openTimeout ?? 30_000;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new LibvirtClientError('TIMEOUT', `opening ${uri} took longer than ${timeout} ms`)),
    timeout,
  );
  const onOuterAbort = () => controller.abort(opts.signal!.reason);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;

  let rpc: RpcClient | null = null;
  try {
    const transport = await openTransport(parsed, { signal, timeoutMs: timeout, readonly: opts.readonly, env: opts.env });
    rpc = new RpcClient(transport.stream, { programs: [remoteProgram] });
    const step = { signal };

    await authenticate(rpc, parsed, transport.secure, opts, signal);

    const keepaliveSupported = await supportsFeature(rpc, DrvFeature.PROGRAM_KEEPALIVE, signal);

    await rpc.call(P.connectOpen, { name: parsed.nameForDaemon, flags: opts.readonly ? ConnectFlags.RO : 0 }, step);

    const keepalive = opts.keepalive === undefined ? DEFAULT_KEEPALIVE : opts.keepalive;
    if (keepalive && keepaliveSupported) rpc.startKeepalive(keepalive);
    return new Connection(parsed, rpc, transport.describe, keepaliveSupported);
  } catch (err) {
    rpc?.destroy();
    throw explainOpenFailure(err, uri);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function authenticate(rpc: RpcClient, uri: LibvirtUri, secure: boolean, opts: ConnectOptions, signal: AbortSignal): Promise<void> {
  let types: number[];
  try {
    types = (await rpc.call(P.authList, undefined, { signal })).types;
  } catch (err) {
    // Daemons older than AUTH_LIST need no authentication.
    if (isLibvirtError(err, ErrorCode.NO_SUPPORT)) return;
    throw err;
  }
  if (types.length === 0) return;
  const wanted = uri.options.auth; // `?auth=sasl`, `?auth=sasl.SCRAM-SHA-256`, `?auth=polkit`
  const wantedType = wanted ? (wanted.startsWith('sasl') ? AuthType.SASL : wanted === 'polkit' ? AuthType.POLKIT : wanted === 'none' ? AuthType.NONE : -1) : undefined;
  if (wantedType === -1) throw new LibvirtClientError('CONNECT', `unknown auth type "${wanted}" in ${uri.uri}`);
  if (wantedType !== undefined && !types.includes(wantedType)) {
    throw new LibvirtClientError('CONNECT', `${uri.uri} asks for auth "${wanted}" but the daemon offers ${types.map(authName).join(', ')}`);
  }
  const type = wantedType ?? types[0];
  switch (type) {
    case AuthType.NONE:
      return;
    case AuthType.POLKIT: {
      const ret = await rpc.call(P.authPolkit, undefined, { signal });
      if (!ret.complete) throw new LibvirtClientError('CONNECT', 'polkit authentication did not complete');
      return;
    }
    case AuthType.SASL: {
      const call: SaslCall = ((proc: 'init' | 'start' | 'step', args: unknown) => {
        if (proc === 'init') return rpc.call(P.authSaslInit, undefined, { signal });
        if (proc === 'start') return rpc.call(P.authSaslStart, args as never, { signal });
        return rpc.call(P.authSaslStep, args as never, { signal });
      }) as SaslCall;
      const mech = wanted?.startsWith('sasl.') ? wanted.slice(5) : undefined;
      await authenticateSasl(call, {
        secureTransport: secure,
        hostname: uri.host ?? null,
        authfile: uri.options.authfile ?? null,
        ...(opts.credentials ? { callback: opts.credentials } : {}),
        ...(mech ? { want: mech } : {}),
        ...(opts.env ? { env: opts.env } : {}),
        signal,
      });
      return;
    }
    default:
      throw new LibvirtClientError('CONNECT', `the daemon requires auth type ${type}, which this client does not support`);
  }
}

function authName(t: number): string {
  return t === AuthType.NONE ? 'none' : t === AuthType.SASL ? 'sasl' : t === AuthType.POLKIT ? 'polkit' : `type ${t}`;
}

async function supportsFeature(rpc: RpcClient, feature: number, signal: AbortSignal): Promise<boolean> {
  try {
    return (await rpc.call(P.connectSupportsFeature, { feature }, { signal })).supported !== 0;
  } catch (err) {
    if (err instanceof LibvirtError) return false;
    throw err;
  }
}

function explainOpenFailure(err: unknown, uri: string): Error {
  if (err instanceof Error && (err as Error & { code?: unknown }).code === 'ABORTED' && err.cause instanceof LibvirtClientError) return err.cause;
  if (err instanceof Error && !err.message.includes(uri)) {
    try {
      err.message = `cannot connect to ${uri}: ${err.message}`;
    } catch {
      // read-only message: keep the error as it is
    }
  }
  return err instanceof Error ? err : new Error(String(err));
}
