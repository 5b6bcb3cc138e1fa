/**
 * The project's test guest images (scripts/build-test-images): built once per change of their
 * inputs and cached, so `ensureTestImages()` costs one quick script run (hashing its inputs) when
 * nothing changed. The script takes a lock, so parallel test files share one build.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/util/exec.js';

export interface ImageFile {
  path: string;
  format: 'raw' | 'qcow2';
  /** Bytes of the file itself. */
  size: number;
  /** Bytes the guest sees. */
  virtualSize: number;
  sha256: string;
}

export interface BlobFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: 1;
  /** Hash of the build's inputs (script, guest/**, kernel, busybox): the cache key. */
  inputsHash: string;
  builtAt: string;
  dir: string;
  kernel: { version: string; package: string };
  busybox: { version: string };
  /** Filesystem label of both root filesystems (their /etc/fstab mounts LABEL=<this>). */
  rootLabel: string;
  /** MBR, one ext4 partition (extlinux; kernel and initrd in /boot); boots from the disk alone. */
  wholeDisk: {
    raw: ImageFile;
    qcow2: ImageFile;
    partitionTable: 'dos';
    rootPartition: number;
    rootFsUuid: string;
    /** The command line extlinux passes (root=UUID=..., console=ttyS0). */
    cmdline: string;
  };
  /** A bare ext4 filesystem plus kernel and ramdisk for libvirt's direct kernel boot. */
  ami: {
    root: ImageFile;
    kernel: BlobFile;
    ramdisk: BlobFile;
    rootFsUuid: string;
    /** `root=/dev/vda console=ttyS0 ...`: the root must be the first virtio disk. */
    cmdline: string;
  };
}

export const TEST_IMAGES_DIR = process.env.STRATUS_TEST_IMAGES ?? '/var/cache/stratus/test-images';

/** The repository root: where scripts/build-test-images is (from test/helpers or dist/test/helpers). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'scripts', 'build-test-images'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('test-images: cannot find scripts/build-test-images above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let pending: Promise<Manifest> | null = null;

/**
 * Builds the test images if their cache is stale (needs root: the build loop-mounts a
 * filesystem) and returns the manifest. One build per process however many callers ask.
 */
export function ensureTestImages(opts: { force?: boolean; timeoutMs?: number } = {}): Promise<Manifest> {
  if (opts.force) pending = null;
  pending ??= build(opts).catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}

async function build(opts: { force?: boolean; timeoutMs?: number }): Promise<Manifest> {
  if (process.getuid?.() !== 0) throw new Error('test-images: building the test guest images needs root (loop mount for extlinux)');
  const script = join(repoRoot(), 'scripts', 'build-test-images');
  await run(script, opts.force ? ['--force'] : [], {
    timeoutMs: opts.timeoutMs ?? 300_000,
    env: { ...process.env, STRATUS_TEST_IMAGES: TEST_IMAGES_DIR },
  });
  return readManifest();
}

/** The manifest of the images already built (no build). */
export async function readManifest(dir = TEST_IMAGES_DIR): Promise<Manifest> {
  const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (m.format !== 1) throw new Error(`test-images: ${dir}/manifest.json has format ${String(m.format)}, expected 1`);
  return m;
}
