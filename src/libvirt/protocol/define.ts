/**
 * The shape of a procedure table: the protocol as data (go-libvirt's idea). One entry per
 * procedure names its number, its argument and reply codecs and whether it carries a stream;
 * the RPC core sends and routes from these entries alone, so adding a call is one line.
 */
import type { Codec, Infer } from '../xdr.js';

/** Which way data flows on a stream opened by a call. */
export type StreamDirection = 'none' | 'upload' | 'download' | 'both';

export interface ProcedureDef<A = unknown, R = unknown> {
  /** Procedure number within its program. */
  readonly num: number;
  /** The protocol name without the program prefix, e.g. `CONNECT_GET_LIB_VERSION`. */
  readonly name: string;
  readonly args: Codec<A>;
  readonly ret: Codec<R>;
  /** Streams: the call opens a stream in this direction after its reply. */
  readonly stream: StreamDirection;
  /** The daemon runs this call at high priority (it never blocks on a job). */
  readonly priority: boolean;
}

/** An asynchronous message the daemon sends us (events), identified by procedure number. */
export interface EventDef<M = unknown> {
  readonly num: number;
  readonly name: string;
  readonly msg: Codec<M>;
}

export type ArgsOf<P> = P extends ProcedureDef<infer A, unknown> ? A : never;
export type RetOf<P> = P extends ProcedureDef<unknown, infer R> ? R : never;

export function procedure<AC extends Codec<unknown>, RC extends Codec<unknown>>(
  num: number,
  name: string,
  args: AC,
  ret: RC,
  opts: { stream?: StreamDirection; priority?: boolean } = {},
): ProcedureDef<Infer<AC>, Infer<RC>> {
  return {
    num,
    name,
    args: args as unknown as Codec<Infer<AC>>,
    ret: ret as unknown as Codec<Infer<RC>>,
    stream: opts.stream ?? 'none',
    priority: opts.priority ?? false,
  };
}

export function event<MC extends Codec<unknown>>(num: number, name: string, msg: MC): EventDef<Infer<MC>> {
  return { num, name, msg: msg as unknown as Codec<Infer<MC>> };
}

/** A program: its number, version and tables, indexed for the router. */
export interface ProgramDef {
  readonly name: string;
  readonly program: number;
  readonly version: number;
  readonly procedures: Readonly<Record<string, ProcedureDef>>;
  readonly events: Readonly<Record<string, EventDef>>;
}
