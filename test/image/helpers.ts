/** Shared fixtures for the image tests: temp dirs and small real images made with qemu-img. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MiB = 1024 * 1024;

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `stratus-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sh(cmd: string, ...args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A raw image of `size` bytes with random data in its first and last MiB (holes between). */
export function makeRaw(path: string, size = 16 * MiB): string {
  sh('truncate', '-s', String(size), path);
  const fd = openSync(path, 'r+');
  writeSync(fd, randomBytes(MiB), 0, MiB, 0);
  writeSync(fd, randomBytes(MiB), 0, MiB, size - MiB);
  closeSync(fd);
  return path;
}

export function makeQcow2(path: string, size = 16 * MiB): string {
  const raw = `${path}.src.raw`;
  makeRaw(raw, size);
  sh('qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', raw, path);
  rmSync(raw);
  return path;
}

export function qemuInfo(path: string): Record<string, unknown> {
  return JSON.parse(sh('qemu-img', 'info', '--output=json', '-U', path)) as Record<string, unknown>;
}

/** blkid's TYPE of a file or device, or '' when it finds none. */
export function blkidType(path: string): string {
  try {
    return sh('blkid', '-p', '-o', 'value', '-s', 'TYPE', path).trim();
  } catch {
    return '';
  }
}

export function blkidLabel(path: string): string {
  try {
    return sh('blkid', '-p', '-o', 'value', '-s', 'LABEL', path).trim();
  } catch {
    return '';
  }
}
