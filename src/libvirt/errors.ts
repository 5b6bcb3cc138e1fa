/**
 * Errors the daemon reports. A failed reply (or stream) carries libvirt's error struct; we raise it
 * as a `LibvirtError` with the numeric code and domain, their names, and the procedure that failed,
 * so callers can branch on `err.code === ErrorCode.NO_DOMAIN` without parsing messages.
 *
 * Errors raised on our side (timeouts, closed connections, protocol violations) are
 * `LibvirtClientError` from the RPC core, re-exported here so one import serves both.
 */
import type { RemoteError } from './protocol/wire.js';

export { LibvirtClientError, type ClientErrorCode } from './rpc/errors.js';

/** libvirt's `virErrorNumber`: the `code` of a LibvirtError (`VIR_ERR_` / `VIR_WAR_` prefix dropped; warnings keep `WAR_`). */
export const ErrorCode = {
  OK: 0,
  INTERNAL_ERROR: 1,
  NO_MEMORY: 2,
  NO_SUPPORT: 3,
  UNKNOWN_HOST: 4,
  NO_CONNECT: 5,
  INVALID_CONN: 6,
  INVALID_DOMAIN: 7,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  GET_FAILED: 10,
  POST_FAILED: 11,
  HTTP_ERROR: 12,
  SEXPR_SERIAL: 13,
  NO_XEN: 14,
  XEN_CALL: 15,
  OS_TYPE: 16,
  NO_KERNEL: 17,
  NO_ROOT: 18,
  NO_SOURCE: 19,
  NO_TARGET: 20,
  NO_NAME: 21,
  NO_OS: 22,
  NO_DEVICE: 23,
  NO_XENSTORE: 24,
  DRIVER_FULL: 25,
  CALL_FAILED: 26,
  XML_ERROR: 27,
  DOM_EXIST: 28,
  OPERATION_DENIED: 29,
  OPEN_FAILED: 30,
  READ_FAILED: 31,
  PARSE_FAILED: 32,
  CONF_SYNTAX: 33,
  WRITE_FAILED: 34,
  XML_DETAIL: 35,
  INVALID_NETWORK: 36,
  NETWORK_EXIST: 37,
  SYSTEM_ERROR: 38,
  RPC: 39,
  GNUTLS_ERROR: 40,
  WAR_NO_NETWORK: 41,
  NO_DOMAIN: 42,
  NO_NETWORK: 43,
  INVALID_MAC: 44,
  AUTH_FAILED: 45,
  INVALID_STORAGE_POOL: 46,
  INVALID_STORAGE_VOL: 47,
  WAR_NO_STORAGE: 48,
  NO_STORAGE_POOL: 49,
  NO_STORAGE_VOL: 50,
  WAR_NO_NODE: 51,
  INVALID_NODE_DEVICE: 52,
  NO_NODE_DEVICE: 53,
  NO_SECURITY_MODEL: 54,
  OPERATION_INVALID: 55,
  WAR_NO_INTERFACE: 56,
  NO_INTERFACE: 57,
  INVALID_INTERFACE: 58,
  MULTIPLE_INTERFACES: 59,
  WAR_NO_NWFILTER: 60,
  INVALID_NWFILTER: 61,
  NO_NWFILTER: 62,
  BUILD_FIREWALL: 63,
  WAR_NO_SECRET: 64,
  INVALID_SECRET: 65,
  NO_SECRET: 66,
  CONFIG_UNSUPPORTED: 67,
  OPERATION_TIMEOUT: 68,
  MIGRATE_PERSIST_FAILED: 69,
  HOOK_SCRIPT_FAILED: 70,
  INVALID_DOMAIN_SNAPSHOT: 71,
  NO_DOMAIN_SNAPSHOT: 72,
  INVALID_STREAM: 73,
  ARGUMENT_UNSUPPORTED: 74,
  STORAGE_PROBE_FAILED: 75,
  STORAGE_POOL_BUILT: 76,
  SNAPSHOT_REVERT_RISKY: 77,
  OPERATION_ABORTED: 78,
  AUTH_CANCELLED: 79,
  NO_DOMAIN_METADATA: 80,
  MIGRATE_UNSAFE: 81,
  OVERFLOW: 82,
  BLOCK_COPY_ACTIVE: 83,
  OPERATION_UNSUPPORTED: 84,
  SSH: 85,
  AGENT_UNRESPONSIVE: 86,
  RESOURCE_BUSY: 87,
  ACCESS_DENIED: 88,
  DBUS_SERVICE: 89,
  STORAGE_VOL_EXIST: 90,
  CPU_INCOMPATIBLE: 91,
  XML_INVALID_SCHEMA: 92,
  MIGRATE_FINISH_OK: 93,
  AUTH_UNAVAILABLE: 94,
  NO_SERVER: 95,
  NO_CLIENT: 96,
  AGENT_UNSYNCED: 97,
  LIBSSH: 98,
  DEVICE_MISSING: 99,
  INVALID_NWFILTER_BINDING: 100,
  NO_NWFILTER_BINDING: 101,
  INVALID_DOMAIN_CHECKPOINT: 102,
  NO_DOMAIN_CHECKPOINT: 103,
  NO_DOMAIN_BACKUP: 104,
  INVALID_NETWORK_PORT: 105,
  NETWORK_PORT_EXIST: 106,
  NO_NETWORK_PORT: 107,
  NO_HOSTNAME: 108,
  CHECKPOINT_INCONSISTENT: 109,
  MULTIPLE_DOMAINS: 110,
  NO_NETWORK_METADATA: 111,
  AGENT_COMMAND_TIMEOUT: 112,
  AGENT_COMMAND_FAILED: 113,
} as const;

/** libvirt's `virErrorDomain`: which part of libvirt raised the error (`VIR_FROM_` prefix dropped). */
export const ErrorDomain = {
  NONE: 0,
  XEN: 1,
  XEND: 2,
  XENSTORE: 3,
  SEXPR: 4,
  XML: 5,
  DOM: 6,
  RPC: 7,
  PROXY: 8,
  CONF: 9,
  QEMU: 10,
  NET: 11,
  TEST: 12,
  REMOTE: 13,
  OPENVZ: 14,
  XENXM: 15,
  STATS_LINUX: 16,
  LXC: 17,
  STORAGE: 18,
  NETWORK: 19,
  DOMAIN: 20,
  UML: 21,
  NODEDEV: 22,
  XEN_INOTIFY: 23,
  SECURITY: 24,
  VBOX: 25,
  INTERFACE: 26,
  ONE: 27,
  ESX: 28,
  PHYP: 29,
  SECRET: 30,
  CPU: 31,
  XENAPI: 32,
  NWFILTER: 33,
  HOOK: 34,
  DOMAIN_SNAPSHOT: 35,
  AUDIT: 36,
  SYSINFO: 37,
  STREAMS: 38,
  VMWARE: 39,
  EVENT: 40,
  LIBXL: 41,
  LOCKING: 42,
  HYPERV: 43,
  CAPABILITIES: 44,
  URI: 45,
  AUTH: 46,
  DBUS: 47,
  PARALLELS: 48,
  DEVICE: 49,
  SSH: 50,
  LOCKSPACE: 51,
  INITCTL: 52,
  IDENTITY: 53,
  CGROUP: 54,
  ACCESS: 55,
  SYSTEMD: 56,
  BHYVE: 57,
  CRYPTO: 58,
  FIREWALL: 59,
  POLKIT: 60,
  THREAD: 61,
  ADMIN: 62,
  LOGGING: 63,
  XENXL: 64,
  PERF: 65,
  LIBSSH: 66,
  RESCTRL: 67,
  FIREWALLD: 68,
  DOMAIN_CHECKPOINT: 69,
  TPM: 70,
  BPF: 71,
  CH: 72,
} as const;
/** `virErrorLevel`. */
export const ErrorLevel = {
  NONE: 0,
  WARNING: 1,
  ERROR: 2,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorDomainName = keyof typeof ErrorDomain;

function reverse<T extends Record<string, number>>(table: T): Map<number, keyof T & string> {
  const m = new Map<number, keyof T & string>();
  // First name wins: the tables list each value once, but keep this stable if aliases appear.
  for (const [k, v] of Object.entries(table)) if (!m.has(v)) m.set(v, k as keyof T & string);
  return m;
}
const codeNames = reverse(ErrorCode);
const domainNames = reverse(ErrorDomain);
const levelNames = reverse(ErrorLevel);

/** 'VIR_ERR_NO_DOMAIN' for 42; 'VIR_ERR_<n>' for codes newer than this table. */
export function errorCodeName(code: number): string {
  const n = codeNames.get(code);
  if (n === undefined) return `VIR_ERR_${code}`;
  return n.startsWith('WAR_') ? `VIR_${n}` : `VIR_ERR_${n}`;
}

/** 'VIR_FROM_QEMU' for 10; 'VIR_FROM_<n>' for domains newer than this table. */
export function errorDomainName(domain: number): string {
  return `VIR_FROM_${domainNames.get(domain) ?? domain}`;
}

export interface LibvirtErrorFields {
  code: number;
  domain: number;
  message: string;
  level: number;
  str1?: string | null;
  str2?: string | null;
  str3?: string | null;
  int1?: number;
  int2?: number;
  /** The procedure that failed, e.g. 'DOMAIN_LOOKUP_BY_NAME'. */
  procedure?: string;
}

/** An error reported by libvirt (the daemon or a driver behind it). */
export class LibvirtError extends Error {
  override readonly name = 'LibvirtError';
  /** `virErrorNumber`, compare with `ErrorCode.*`. */
  readonly code: number;
  /** e.g. 'VIR_ERR_NO_DOMAIN'. */
  readonly codeName: string;
  /** `virErrorDomain`, compare with `ErrorDomain.*`. */
  readonly domain: number;
  /** e.g. 'VIR_FROM_QEMU'. */
  readonly domainName: string;
  /** `virErrorLevel`: 1 warning, 2 error. */
  readonly level: number;
  readonly levelName: string;
  /** The procedure whose reply carried the error ('' when not known). */
  readonly procedure: string;
  /** Extra detail libvirt fills for some errors (often the format and its arguments). */
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;

  constructor(fields: LibvirtErrorFields) {
    super(fields.message);
    this.code = fields.code;
    this.codeName = errorCodeName(fields.code);
    this.domain = fields.domain;
    this.domainName = errorDomainName(fields.domain);
    this.level = fields.level;
    this.levelName = levelNames.get(fields.level) ?? String(fields.level);
    this.procedure = fields.procedure ?? '';
    this.str1 = fields.str1 ?? null;
    this.str2 = fields.str2 ?? null;
    this.str3 = fields.str3 ?? null;
    this.int1 = fields.int1 ?? -1;
    this.int2 = fields.int2 ?? -1;
  }

  /** True when this is the given code, e.g. `err.is(ErrorCode.NO_DOMAIN)`. */
  is(code: number): boolean {
    return this.code === code;
  }
}

/** Turn the error struct of a failed reply into a `LibvirtError` naming the failed procedure. */
export function errorFromRemote(remote: RemoteError, procedure?: string): LibvirtError {
  const message = remote.message ?? `${errorCodeName(remote.code)} (no message)`;
  return new LibvirtError({
    code: remote.code,
    domain: remote.domain,
    message,
    level: remote.level,
    str1: remote.str1,
    str2: remote.str2,
    str3: remote.str3,
    int1: remote.int1,
    int2: remote.int2,
    procedure,
  });
}

/** True when `err` is a LibvirtError with `code` (any of them, if several are given). */
export function isLibvirtError(err: unknown, ...codes: number[]): err is LibvirtError {
  return err instanceof LibvirtError && (codes.length === 0 || codes.includes(err.code));
}
