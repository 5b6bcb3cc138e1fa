/**
 * Format safety: an image comes from a user, and its header can name other host files (a backing
 * file, an external data file) that QEMU would open with the host's privileges. We look at the bytes
 * ourselves first (no qemu-img involved), then let qemu-img detect, then check what it reports.
 * (Checked with strace on qemu-img 7.2: `info` opens neither the backing file nor the data file;
 * QEMU opening the guest's disk would open both.)
 */
import { open } from 'node:fs/promises';
import { ImageError } from './errors.js';
import { inspectImage, type ImageInfo } from './qemu-img.js';

export type DiskFormat = 'raw' | 'qcow2';
export const DISK_FORMATS: readonly DiskFormat[] = ['raw', 'qcow2'];

export interface SafetyOptions {
  declaredFormat: DiskFormat;
  /** Bytes: the disk the image must fit in (the flavor's root disk). */
  maxVirtualSize?: number;
  /** For error messages. */
  imageId?: string;
}

/**
 * Refuse an image whose DETECTED info (qemu-img info without -f) is unsafe or not what was declared.
 * Order matters for the message: a raw-declared file holding a qcow2 with a backing file is reported
 * as a format mismatch, since that is the lie that would have let the backing file through.
 */
export function assertImageSafe(detected: ImageInfo, opts: SafetyOptions): void {
  const ctx = { imageId: opts.imageId, path: detected.path };
  if (!DISK_FORMATS.includes(opts.declaredFormat)) {
    throw new ImageError('UNSUPPORTED_FORMAT', `declared format ${String(opts.declaredFormat)} is not one of ${DISK_FORMATS.join(', ')}`, ctx);
  }
  if (detected.format !== opts.declaredFormat) {
    throw new ImageError('FORMAT_MISMATCH', `declared ${opts.declaredFormat} but the content is ${detected.format}`, ctx);
  }
  if (detected.backingFile !== undefined) {
    throw new ImageError('BACKING_FILE', `the image names a backing file (${detected.backingFile}); images with backing files are refused`, ctx);
  }
  if (detected.dataFile !== undefined) {
    throw new ImageError('DATA_FILE', `the image names an external data file (${detected.dataFile}); such images are refused`, ctx);
  }
  if (detected.encrypted) throw new ImageError('ENCRYPTED', 'the image is encrypted', ctx);
  if (detected.corrupt) throw new ImageError('INVALID_IMAGE', 'the qcow2 header has its corrupt bit set', ctx);
  if (opts.maxVirtualSize !== undefined && detected.virtualSize > opts.maxVirtualSize) {
    throw new ImageError(
      'TOO_LARGE',
      `virtual size ${detected.virtualSize} bytes exceeds the disk's ${opts.maxVirtualSize} bytes`,
      ctx,
    );
  }
}

/** What the first bytes say, read by us: magic of formats qemu-img knows, and qcow2's dangerous fields. */
export interface HeaderSniff {
  /** 'qcow2', 'qed', 'vmdk', 'vdi', 'vhdx', 'vpc', 'luks', 'qcow' or 'raw' (nothing recognised). */
  format: string;
  hasBackingFile: boolean;
  hasExternalDataFile: boolean;
}

const MAGICS: readonly [string, Buffer, number][] = [
  ['qcow2', Buffer.from('QFI\xfb', 'latin1'), 0],
  ['qed', Buffer.from('QED\0', 'latin1'), 0],
  ['vmdk', Buffer.from('KDMV', 'latin1'), 0],
  ['vhdx', Buffer.from('vhdxfile', 'latin1'), 0],
  ['vpc', Buffer.from('conectix', 'latin1'), 0],
  ['luks', Buffer.from('LUKS\xba\xbe', 'latin1'), 0],
  ['vdi', Buffer.from([0x7f, 0x10, 0xda, 0xbe]), 0x40],
];

export async function sniffHeader(path: string): Promise<HeaderSniff> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_IMAGE';
    throw new ImageError(code, `cannot open the image: ${(e as Error).message}`, { path, cause: e });
  }
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    const head = buf.subarray(0, bytesRead);
    for (const [format, magic, at] of MAGICS) {
      if (head.length >= at + magic.length && head.subarray(at, at + magic.length).equals(magic)) {
        if (format === 'qcow2') return sniffQcow2(head);
        return { format, hasBackingFile: false, hasExternalDataFile: false };
      }
    }
    // qcow version 1 shares the QFI magic with version number 1.
    return { format: 'raw', hasBackingFile: false, hasExternalDataFile: false };
  } finally {
    await fh.close();
  }
}

/** qcow2 header (big-endian): version @4, backing_file_offset @8 (u64), incompatible_features @72 (v3). */
function sniffQcow2(h: Buffer): HeaderSniff {
  if (h.length < 72) return { format: 'qcow2', hasBackingFile: false, hasExternalDataFile: false };
  const version = h.readUInt32BE(4);
  const backingOffset = h.readBigUInt64BE(8);
  const incompatible = version >= 3 && h.length >= 80 ? h.readBigUInt64BE(72) : 0n;
  return {
    format: version === 1 ? 'qcow' : 'qcow2',
    hasBackingFile: backingOffset !== 0n,
    // Bit 2: external data file.
    hasExternalDataFile: (incompatible & 4n) !== 0n,
  };
}

/**
 * The whole check for a file about to be used: our own header read, then qemu-img detection
 * (trusted only to say the format), then `assertImageSafe`, then the info read WITH the declared
 * format (-f), which is what callers should use for sizes from here on.
 */
export async function checkImage(path: string, opts: SafetyOptions): Promise<ImageInfo> {
  const ctx = { imageId: opts.imageId, path };
  const sniff = await sniffHeader(path);
  // Refuse before any tool touches a header that points elsewhere, whatever was declared.
  if (sniff.format === 'qcow2' && opts.declaredFormat === 'qcow2') {
    if (sniff.hasBackingFile) throw new ImageError('BACKING_FILE', 'the qcow2 header names a backing file; refused', ctx);
    if (sniff.hasExternalDataFile) throw new ImageError('DATA_FILE', 'the qcow2 header names an external data file; refused', ctx);
  }
  if (sniff.format !== opts.declaredFormat) {
    throw new ImageError('FORMAT_MISMATCH', `declared ${opts.declaredFormat} but the content is ${sniff.format}`, ctx);
  }
  const detected = await inspectImage(path);
  assertImageSafe(detected, opts);
  const info = await inspectImage(path, { format: opts.declaredFormat });
  // Same size whichever way it was read; a difference means the two reads saw different things.
  if (info.virtualSize !== detected.virtualSize) {
    throw new ImageError('INVALID_IMAGE', 'qemu-img reports different sizes with and without the declared format', ctx);
  }
  return info;
}

/**
 * Detect a file's format (for an import without a declared format). Our own header read decides
 * when it recognises a magic, so a hostile qcow2 is never handed to qemu-img for detection; only
 * bytes we see as raw are asked about (qemu-img knows magics we do not list).
 */
export async function detectFormat(path: string): Promise<string> {
  const sniff = await sniffHeader(path);
  if (sniff.format !== 'raw') return sniff.format;
  return (await inspectImage(path)).format;
}
