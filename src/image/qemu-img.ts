/**
 * qemu-img, typed. Every call goes through util/exec (argv, stderr in the error). `info` runs under
 * prlimit because a crafted image can make qemu-img burn CPU or memory while parsing it (the limits
 * Nova uses: 30 s of CPU, 1 GiB address space).
 */
import { run } from '../util/exec.js';
import { CommandError } from '../util/exec.js';
import { ImageError } from './errors.js';

/** What `qemu-img info` says about one image (not its backing chain: info never opens that). */
export interface ImageInfo {
  /** The path that was inspected. */
  path: string;
  format: string;
  virtualSize: number;
  /** Bytes allocated on the host filesystem. */
  actualSize: number | undefined;
  backingFile: string | undefined;
  backingFormat: string | undefined;
  /** qcow2 external data file (format-specific.data.data-file). */
  dataFile: string | undefined;
  encrypted: boolean;
  dirty: boolean;
  /** qcow2 only: the corrupt bit in the header. */
  corrupt: boolean;
  clusterSize: number | undefined;
}

const INFO_LIMITS = ['--as=1073741824', '--cpu=30'];

export interface InspectOptions {
  /** The format the caller knows the image has; without it qemu-img probes (use only for detection). */
  format?: string;
  /** Open an image another process may be writing (e.g. a running guest's disk). */
  forceShare?: boolean;
  timeoutMs?: number;
}

export async function inspectImage(path: string, opts: InspectOptions = {}): Promise<ImageInfo> {
  const args = ['qemu-img', 'info', '--output=json'];
  if (opts.format) args.push('-f', opts.format);
  if (opts.forceShare) args.push('-U');
  args.push(path);
  let stdout: string;
  try {
    ({ stdout } = await run('prlimit', [...INFO_LIMITS, ...args], { timeoutMs: opts.timeoutMs ?? 60_000 }));
  } catch (e) {
    if (e instanceof CommandError && /No such file or directory/.test(e.stderr)) {
      throw new ImageError('NOT_FOUND', 'no such image file', { path, cause: e });
    }
    throw new ImageError('INVALID_IMAGE', `qemu-img info failed: ${e instanceof Error ? e.message : String(e)}`, { path, cause: e });
  }
  return parseInfo(path, stdout);
}

/** Parse `qemu-img info --output=json` text (exported for tests of odd outputs). */
export function parseInfo(path: string, json: string): ImageInfo {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch (e) {
    throw new ImageError('INVALID_IMAGE', 'qemu-img info printed something that is not JSON', { path, cause: e });
  }
  const fs = o['format-specific'] as { type?: string; data?: Record<string, unknown> } | undefined;
  const data = fs?.data ?? {};
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  if (typeof o.format !== 'string' || typeof o['virtual-size'] !== 'number') {
    throw new ImageError('INVALID_IMAGE', 'qemu-img info gave no format or virtual size', { path });
  }
  return {
    path,
    format: o.format,
    virtualSize: o['virtual-size'],
    actualSize: num(o['actual-size']),
    // full-backing-filename is the resolved one; either being present is what matters.
    backingFile: str(o['full-backing-filename']) ?? str(o['backing-filename']),
    backingFormat: str(o['backing-filename-format']),
    dataFile: str(data['data-file']),
    encrypted: o.encrypted === true || data.encrypt !== undefined,
    dirty: o['dirty-flag'] === true,
    corrupt: data.corrupt === true,
    clusterSize: num(o['cluster-size']),
  };
}

export interface CreateOptions {
  format: 'qcow2' | 'raw';
  /** Bytes. Optional for an overlay (then it takes the backing file's size). */
  size?: number;
  backingFile?: string;
  /** Required with backingFile: never let qemu-img probe a backing file's format. */
  backingFormat?: string;
  /** Extra -o options, e.g. { cluster_size: '65536' }. */
  options?: Record<string, string>;
}

export async function createImage(path: string, opts: CreateOptions): Promise<void> {
  const args = ['create', '-q', '-f', opts.format];
  if (opts.backingFile) {
    if (!opts.backingFormat) throw new ImageError('INVALID_ARGUMENT', 'an overlay needs its backing format', { path });
    args.push('-b', opts.backingFile, '-F', opts.backingFormat);
  }
  const o = Object.entries(opts.options ?? {}).map(([k, v]) => `${k}=${v}`);
  if (o.length) args.push('-o', o.join(','));
  args.push(path);
  if (opts.size !== undefined) args.push(String(opts.size));
  await run('qemu-img', args);
}

export interface ConvertOptions {
  sourceFormat: string;
  targetFormat: 'qcow2' | 'raw';
  /** The target exists already (a block device, an LV): write into it, do not create (-n). */
  targetExists?: boolean;
  /** Read a source another process holds open (-U). */
  forceShare?: boolean;
  signal?: AbortSignal;
}

/** Copy/convert. Zero runs are left unallocated in file targets (qemu-img's default -S 4k). */
export async function convertImage(src: string, dst: string, opts: ConvertOptions): Promise<void> {
  const args = ['convert', '-q', '-f', opts.sourceFormat, '-O', opts.targetFormat];
  if (opts.targetExists) args.push('-n');
  if (opts.forceShare) args.push('-U');
  args.push(src, dst);
  await run('qemu-img', args, { signal: opts.signal });
}

export interface ResizeOptions {
  format: string;
  /** Allow making it smaller (qemu-img refuses without --shrink; we default to refusing too). */
  shrink?: boolean;
}

export async function resizeImage(path: string, size: number, opts: ResizeOptions): Promise<void> {
  const args = ['resize', '-q', '-f', opts.format];
  if (opts.shrink) args.push('--shrink');
  args.push(path, String(size));
  await run('qemu-img', args);
}
