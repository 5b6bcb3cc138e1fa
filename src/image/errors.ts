/**
 * The one error class of `stratus/image`. Each failure carries a code a caller can switch on and the
 * image id and/or path it concerns, so a refused spawn can say which image and why.
 */
export type ImageErrorCode =
  /** A qcow2 header names a backing file: the host would open a file the image chose. */
  | 'BACKING_FILE'
  /** A qcow2 header names an external data file (same danger as a backing file). */
  | 'DATA_FILE'
  /** The declared disk format does not match what the bytes are. */
  | 'FORMAT_MISMATCH'
  /** The image's virtual size exceeds the disk it is meant for. */
  | 'TOO_LARGE'
  /** No such image (store) or file. */
  | 'NOT_FOUND'
  /** The bytes do not hash to the recorded sha256. */
  | 'CHECKSUM'
  /** The image is encrypted (we have no keys to give QEMU). */
  | 'ENCRYPTED'
  /** A format we do not accept (only raw and qcow2 are). */
  | 'UNSUPPORTED_FORMAT'
  /** qemu-img could not read the image, or its header is corrupt. */
  | 'INVALID_IMAGE'
  /** A caller passed something malformed (bad uuid, bad size, bad name). */
  | 'INVALID_ARGUMENT'
  /** The LVM backend cannot work on this host (no device-mapper, no volume group). */
  | 'LVM_UNAVAILABLE'
  /** Creating or deleting a disk failed (the cause is attached). */
  | 'BACKEND_FAILED';

export interface ImageErrorContext {
  imageId?: string;
  path?: string;
  cause?: unknown;
}

export class ImageError extends Error {
  override readonly name = 'ImageError';
  readonly imageId: string | undefined;
  readonly path: string | undefined;

  constructor(
    readonly code: ImageErrorCode,
    readonly reason: string,
    context: ImageErrorContext = {},
  ) {
    const where = [context.imageId && `image ${context.imageId}`, context.path && `path ${context.path}`].filter(Boolean).join(', ');
    super(`${code}: ${reason}${where ? ` (${where})` : ''}`, context.cause === undefined ? undefined : { cause: context.cause });
    this.imageId = context.imageId;
    this.path = context.path;
  }
}
