/**
 * Copy a file while hashing it, leaving zero blocks as holes so a mostly-empty 10 GiB raw image
 * stays small on disk. Hashing on the fly means one read of the source, not two.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;
const ZERO = Buffer.alloc(CHUNK);

export interface CopyResult {
  size: number;
  sha256: string;
}

export async function copyHashed(
  src: string,
  dst: string,
  opts: { onProgress?: (done: number, total: number) => void; mode?: number } = {},
): Promise<CopyResult> {
  const hash = createHash('sha256');
  const input = await open(src, 'r');
  try {
    const total = (await input.stat()).size;
    // 'wx': the destination is always a fresh temp name; never write into something that exists.
    const output = await open(dst, 'wx', opts.mode ?? 0o644);
    try {
      const buf = Buffer.alloc(CHUNK);
      let pos = 0;
      for (;;) {
        const { bytesRead } = await input.read(buf, 0, CHUNK, pos);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        if (!chunk.equals(ZERO.subarray(0, bytesRead))) await output.write(chunk, 0, bytesRead, pos);
        pos += bytesRead;
        opts.onProgress?.(pos, total);
      }
      // Trailing holes: set the length explicitly.
      await output.truncate(pos);
      await output.sync();
      return { size: pos, sha256: hash.digest('hex') };
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}
