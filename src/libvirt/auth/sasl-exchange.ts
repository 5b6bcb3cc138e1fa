/**
 * Drives a SASL exchange over libvirt's auth procedures (see protocol-notes.md), depending only on a
 * tiny `call` callback so it runs the same against a scripted fake and the real daemon.
 *
 * The order is libvirt's client order: AUTH_SASL_INIT (get the mechlist), AUTH_SASL_START with the
 * chosen mechanism and its initial response, then AUTH_SASL_STEP until both sides are complete.
 * Like libvirt, after every server reply the client runs one mechanism step before believing a
 * "complete" flag: that is where SCRAM checks the server signature, so a server that claims success
 * without proving it knows the password is refused (mutual authentication).
 */
import { LibvirtAuthError } from './errors.js';
import { chooseMechanism, createMechanism, type MechanismName } from './mechanisms.js';
import type { SaslMechanism, ScramOptions } from './scram.js';
import { resolveSaslCredentials, type CredentialCallback } from './authconf.js';

/** REMOTE_PROGRAM procedure numbers of the auth calls, for the caller's procedure table. */
export const AUTH_PROCEDURES = {
  list: 66,
  saslInit: 67,
  saslStart: 68,
  saslStep: 69,
  polkit: 70,
} as const;

/** `remote_auth_type` values returned by AUTH_LIST. */
export const REMOTE_AUTH_NONE = 0;
export const REMOTE_AUTH_SASL = 1;
export const REMOTE_AUTH_POLKIT = 2;

/** REMOTE_AUTH_SASL_DATA_MAX: the most bytes one start/step may carry either way. */
export const SASL_DATA_MAX = 65536;

/** remote_auth_sasl_init_ret */
export interface SaslInitRet {
  mechlist: string;
}
/** remote_auth_sasl_start_args. `nil` is 1 when the client has no data (distinct from 0 bytes). */
export interface SaslStartArgs {
  mech: string;
  nil: number;
  data: Buffer;
}
/** remote_auth_sasl_step_args */
export interface SaslStepArgs {
  nil: number;
  data: Buffer;
}
/** remote_auth_sasl_start_ret and remote_auth_sasl_step_ret (same fields). */
export interface SaslStepRet {
  complete: number;
  nil: number;
  data: Buffer;
}

/** Argument and reply types per step name; field names are the .x struct field names. */
export interface SaslProcArgs {
  init: undefined;
  start: SaslStartArgs;
  step: SaslStepArgs;
}
export interface SaslProcRet {
  init: SaslInitRet;
  start: SaslStepRet;
  step: SaslStepRet;
}
export type SaslProc = keyof SaslProcArgs;

/**
 * Perform one auth RPC: 'init' = AUTH_SASL_INIT (67, void args), 'start' = AUTH_SASL_START (68),
 * 'step' = AUTH_SASL_STEP (69). Reject with the daemon's error if the call fails.
 */
export type SaslCall = <P extends SaslProc>(proc: P, args: SaslProcArgs[P]) => Promise<SaslProcRet[P]>;

/** Maps a step name to its procedure number (for building `call` from a procedure table). */
export const SASL_PROC_NUMBERS: Readonly<Record<SaslProc, number>> = {
  init: AUTH_PROCEDURES.saslInit,
  start: AUTH_PROCEDURES.saslStart,
  step: AUTH_PROCEDURES.saslStep,
};

export interface SaslExchangeOptions {
  /** TLS or unix socket: PLAIN becomes acceptable. */
  secureTransport: boolean;
  /** Build the mechanism once the chosen name is known (credentials are usually resolved here). */
  mechanism: (name: MechanismName) => SaslMechanism | Promise<SaslMechanism>;
  /** Only this mechanism (libvirt URI `?auth=sasl.MECH`). */
  want?: string;
  signal?: AbortSignal;
  /** Give up after this many STEP calls (a confused or hostile server could loop). Default 16. */
  maxSteps?: number;
}

export interface SaslExchangeResult {
  /** The mechanism that authenticated us. */
  mechanism: MechanismName;
  /** What the server offered. */
  offered: string;
  /** AUTH_SASL_STEP calls made (START not counted). */
  steps: number;
}

function toBuffer(v: unknown): Buffer | null {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return null;
}

/** Validate a start/step reply and turn it into (complete, serverData-or-null). */
function readReply(proc: 'start' | 'step', ret: unknown, mechanism: string): { complete: boolean; data: Buffer | null } {
  const r = ret as Partial<Record<keyof SaslStepRet, unknown>> | null;
  const data = r ? toBuffer(r.data) : null;
  if (!r || typeof r.complete !== 'number' || typeof r.nil !== 'number' || data === null) {
    throw new LibvirtAuthError('AUTH_PROTOCOL', `malformed AUTH_SASL_${proc.toUpperCase()} reply`, { procedure: proc, mechanism });
  }
  if (data.length > SASL_DATA_MAX) {
    throw new LibvirtAuthError('AUTH_PROTOCOL', `server SASL data too long: ${data.length} bytes`, { procedure: proc, mechanism });
  }
  // nil=1 means the server produced no data at all; keep that distinct from zero bytes.
  return { complete: r.complete !== 0, data: r.nil !== 0 ? null : data };
}

function encodeOut(out: Buffer | null, mechanism: string): { nil: number; data: Buffer } {
  if (out && out.length > SASL_DATA_MAX) {
    throw new LibvirtAuthError('AUTH_PROTOCOL', `SASL negotiation data too long: ${out.length} bytes`, { mechanism });
  }
  return out ? { nil: 0, data: out } : { nil: 1, data: Buffer.alloc(0) };
}

async function invoke<P extends SaslProc>(call: SaslCall, proc: P, args: SaslProcArgs[P], mechanism: string | null, signal?: AbortSignal): Promise<SaslProcRet[P]> {
  signal?.throwIfAborted();
  try {
    return await call(proc, args);
  } catch (e) {
    if (e instanceof LibvirtAuthError) throw e;
    // The daemon answers a failed exchange with VIR_ERR_AUTH_FAILED "authentication failed"; keep
    // that error as the cause and say which step it was.
    const reason = e instanceof Error ? e.message : String(e);
    throw new LibvirtAuthError(
      'AUTH_FAILED',
      `SASL authentication failed at AUTH_SASL_${proc.toUpperCase()}${mechanism ? ` (${mechanism})` : ''}: ${reason}`,
      { procedure: proc, ...(mechanism ? { mechanism } : {}) },
      { cause: e },
    );
  }
}

/** Run INIT / START / STEP... to completion. Resolves when both sides agree; rejects otherwise. */
export async function runSaslExchange(call: SaslCall, opts: SaslExchangeOptions): Promise<SaslExchangeResult> {
  const maxSteps = opts.maxSteps ?? 16;
  const init = await invoke(call, 'init', undefined, null, opts.signal);
  if (!init || typeof init.mechlist !== 'string') {
    throw new LibvirtAuthError('AUTH_PROTOCOL', 'malformed AUTH_SASL_INIT reply', { procedure: 'init' });
  }
  const name = chooseMechanism(init.mechlist, { secureTransport: opts.secureTransport, ...(opts.want ? { want: opts.want } : {}) });
  const mech = await opts.mechanism(name);

  const first = encodeOut(mech.start(), name);
  const startRet = await invoke(call, 'start', { mech: name, ...first }, name, opts.signal);
  let { complete: serverComplete, data: serverData } = readReply('start', startRet, name);

  let steps = 0;
  for (;;) {
    // Always step the mechanism on what the server sent, even when it says "complete": SCRAM's
    // server-final message arrives with complete=1 and must still be verified.
    const out = mech.step(serverData);
    if (serverComplete) {
      if (mech.complete) break;
      throw new LibvirtAuthError('AUTH_PROTOCOL', `server declared ${name} authentication complete before the mechanism finished`, {
        mechanism: name,
      });
    }
    if (steps >= maxSteps) {
      throw new LibvirtAuthError('AUTH_PROTOCOL', `SASL exchange did not finish within ${maxSteps} steps`, { mechanism: name });
    }
    steps++;
    const stepRet = await invoke(call, 'step', encodeOut(out, name), name, opts.signal);
    ({ complete: serverComplete, data: serverData } = readReply('step', stepRet, name));
    // The client had already finished and the server now agrees (e.g. the server sent its final
    // SCRAM message without complete=1 and confirmed after our empty response).
    if (serverComplete && mech.complete) {
      if (serverData && serverData.length > 0) {
        throw new LibvirtAuthError('AUTH_PROTOCOL', 'server sent data after the mechanism finished', { mechanism: name });
      }
      break;
    }
  }
  return { mechanism: name, offered: init.mechlist, steps };
}

export interface SaslAuthenticateOptions {
  /** TLS or unix socket. */
  secureTransport: boolean;
  /** The URI's host (null for unix sockets: auth.conf lookup uses `localhost`). */
  hostname?: string | null;
  /** The URI's `authfile` parameter. */
  authfile?: string | null;
  /** Asked for credentials auth.conf does not have. */
  callback?: CredentialCallback;
  /** libvirt URI `?auth=sasl.MECH`: the MECH part. */
  want?: string;
  /** Environment for auth.conf lookup; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default username offered to the callback. */
  defaultUsername?: string;
  signal?: AbortSignal;
  scram?: ScramOptions;
}

/**
 * The whole SASL auth for a libvirtd connection: choose a mechanism from the daemon's list, find
 * credentials as libvirt does (auth.conf, then the callback), run the exchange.
 */
export async function authenticateSasl(call: SaslCall, opts: SaslAuthenticateOptions): Promise<SaslExchangeResult> {
  return runSaslExchange(call, {
    secureTransport: opts.secureTransport,
    ...(opts.want ? { want: opts.want } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    mechanism: async (name) => {
      const creds = await resolveSaslCredentials({
        hostname: opts.hostname ?? null,
        authfile: opts.authfile ?? null,
        ...(opts.callback ? { callback: opts.callback } : {}),
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.defaultUsername ? { defaultUsername: opts.defaultUsername } : {}),
      });
      return createMechanism(name, creds, opts.scram);
    },
  });
}
