/**
 * Facts of libvirt's RPC wire format shared by every program: program numbers, message types and
 * statuses, size limits, and the two payloads the core itself must understand (the error struct
 * of a failed reply or stream, and the hole of a sparse stream).
 *
 * A frame is: a 4-byte big-endian length that counts itself, a 24-byte header
 * (prog, vers, proc, type, serial, status), then the payload.
 */
import { hyper, int, optional, string, struct, uint, uuid, type Infer } from '../xdr.js';

/** Program numbers and the one version each speaks. */
export const Program = {
  REMOTE: 0x20008086,
  QEMU: 0x20008087,
  LXC: 0x00068000,
  KEEPALIVE: 0x6b656570,
  /** The admin server (virt-admin); listed so the router can name it in errors. */
  ADMIN: 0x06900690,
} as const;

export const ProgramVersion = {
  REMOTE: 1,
  QEMU: 1,
  LXC: 1,
  KEEPALIVE: 1,
  ADMIN: 1,
} as const;

/** Procedures of the KEEPALIVE program; both carry no payload. */
export const KeepaliveProc = {
  PING: 1,
  PONG: 2,
} as const;

/** `virNetMessageType`. */
export const MessageType = {
  /** client -> server: the arguments of a call. */
  CALL: 0,
  /** server -> client: the reply (or error) of a call. */
  REPLY: 1,
  /** either way, serial 0: an asynchronous message (events, keepalive). */
  MESSAGE: 2,
  /** either way: stream data, serial of the call that opened the stream. */
  STREAM: 3,
  /** client -> server: a call passing file descriptors (unix sockets only). */
  CALL_WITH_FDS: 4,
  /** server -> client: a reply passing file descriptors. */
  REPLY_WITH_FDS: 5,
  /** either way: a hole in a sparse stream (payload: `StreamHole`). */
  STREAM_HOLE: 6,
} as const;
export type MessageTypeValue = (typeof MessageType)[keyof typeof MessageType];

/** `virNetMessageStatus`. */
export const MessageStatus = {
  /** Calls always; successful replies; the end of a stream. */
  OK: 0,
  /** A failed reply or stream: the payload is a `remote_error`. Sent by a client, aborts a stream. */
  ERROR: 1,
  /** Stream data: more follows. */
  CONTINUE: 2,
} as const;
export type MessageStatusValue = (typeof MessageStatus)[keyof typeof MessageStatus];

/** Size of the serialised header (`VIR_NET_MESSAGE_HEADER_MAX`). */
export const HEADER_LENGTH = 24;
/** Size of the length word in front of each frame (`VIR_NET_MESSAGE_HEADER_XDR_LEN`). */
export const LENGTH_WORD = 4;
/**
 * Largest frame, header included, length word excluded (`VIR_NET_MESSAGE_MAX`).
 * 32 MiB since libvirt 3.x raised it from 16 MiB; a larger length word means a broken peer.
 */
export const MESSAGE_MAX = 33554432;
/** Largest payload: MESSAGE_MAX less the header (`VIR_NET_MESSAGE_PAYLOAD_MAX`). */
export const PAYLOAD_MAX = MESSAGE_MAX - HEADER_LENGTH;
/** Size a daemon's receive buffer starts at (`VIR_NET_MESSAGE_INITIAL`). */
export const MESSAGE_INITIAL = 65536;
/** The payload limit old daemons enforce (`VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX`). */
export const LEGACY_PAYLOAD_MAX = 262144;
/** Most file descriptors one message may pass (`VIR_NET_MESSAGE_NUM_FDS_MAX`). */
export const NUM_FDS_MAX = 32;
/**
 * A stream data packet libvirt sends carries at most this many bytes (`VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX`),
 * which is also a good size for our own upload chunks.
 */
export const STREAM_CHUNK_MAX = 262144;

/** Bound of `virNetMessageNonnullString` (the net layer's strings). */
export const NET_STRING_MAX = 4194304;
/** Bound of `remote_nonnull_string` (the REMOTE program's strings). */
export const REMOTE_STRING_MAX = 4194304;
/** `VIR_UUID_BUFLEN`. */
export const UUID_BUFLEN = 16;

/** A long string that may be absent (`remote_string`). */
const optString = optional(string(REMOTE_STRING_MAX));

/**
 * The error of a failed reply or stream (`remote_error` / `virNetMessageError`). `dom` and `net`
 * are kept for wire compatibility only; the daemon leaves them empty.
 */
export const remoteError = struct('remote_error', {
  code: int,
  domain: int,
  message: optString,
  level: int,
  dom: optional(struct('remote_nonnull_domain', { name: string(REMOTE_STRING_MAX), uuid, id: int })),
  str1: optString,
  str2: optString,
  str3: optString,
  int1: int,
  int2: int,
  net: optional(struct('remote_nonnull_network', { name: string(REMOTE_STRING_MAX), uuid })),
});
export type RemoteError = Infer<typeof remoteError>;

/** Payload of a STREAM_HOLE message (`virNetStreamHole`): `length` zero bytes, `flags` unused (0). */
export const streamHole = struct('virNetStreamHole', {
  length: hyper,
  flags: uint,
});
export type StreamHole = Infer<typeof streamHole>;

/** Names for messages and errors: `programName(0x20008086)` is 'REMOTE'. */
export function programName(prog: number): string {
  for (const [name, value] of Object.entries(Program)) if (value === prog) return name;
  return `0x${prog.toString(16).padStart(8, '0')}`;
}

export function messageTypeName(type: number): string {
  for (const [name, value] of Object.entries(MessageType)) if (value === type) return name;
  return `type ${type}`;
}

export function messageStatusName(status: number): string {
  for (const [name, value] of Object.entries(MessageStatus)) if (value === status) return name;
  return `status ${status}`;
}
