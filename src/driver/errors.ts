/**
 * Errors of `stratus/driver`. Each carries a code a caller can switch on and the context a user
 * needs to act (which option, which instance, which model, which host URI).
 */
export type DriverErrorCode =
  /** The driver configuration is invalid (schema or a forbidden combination of options). */
  | 'INVALID_DRIVER_CONFIG'
  /** The operator asked for virtType 'kvm' but the host cannot run KVM guests. */
  | 'KVM_UNUSABLE'
  /** A guest request cannot be turned into a domain (unknown CPU model, bad bus, ...). */
  | 'INVALID_GUEST_REQUEST'
  /** A domain's stratus metadata is missing or malformed. */
  | 'INVALID_METADATA'
  /** A probe of the host (filesystem, libvirt) failed in a way that is not a verdict. */
  | 'HOST_PROBE_FAILED';

export interface DriverErrorContext {
  /** The configuration option concerned (`cpuModel`, `vnc.listen`, ...). */
  option?: string;
  /** The instance concerned (uuid or name). */
  instance?: string;
  /** A path on the host. */
  path?: string;
  /** The libvirt URI concerned. */
  uri?: string;
  [key: string]: unknown;
}

export class DriverError extends Error {
  override readonly name: string = 'DriverError';
  constructor(
    readonly code: DriverErrorCode,
    message: string,
    readonly context: DriverErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Raised by loadDriverConfig; `option` names the offending setting. */
export class DriverConfigError extends DriverError {
  override readonly name = 'DriverConfigError';
  constructor(
    readonly option: string,
    message: string,
    context: DriverErrorContext = {},
  ) {
    super('INVALID_DRIVER_CONFIG', `driver config: ${option}: ${message}`, { ...context, option });
  }
}

/** Raised by buildGuestConfig when a request (or image property) cannot be honoured. */
export class GuestConfigError extends DriverError {
  override readonly name = 'GuestConfigError';
  constructor(message: string, context: DriverErrorContext = {}) {
    super('INVALID_GUEST_REQUEST', message, context);
  }
}
