/** Files step: (path, content) pairs; missing parents are made root:root 0755, content replaced. */
import type { Vfs } from '../vfs.js';
import { StepError } from './context.js';

export interface InjectedFile {
  /** Guest-absolute path. */
  path: string;
  content: string | Buffer;
  /** Permission bits to set after writing (default: the Vfs's 0644 for a new file, unchanged for an old one). */
  mode?: number;
}

/** Reject what the guest path cannot mean: relative, `..`, NUL, a directory. */
export function checkGuestFilePath(path: string): void {
  if (!path.startsWith('/')) throw new StepError(path, 'an injected file path must be absolute');
  if (path.includes('\0')) throw new StepError(path, 'an injected file path must not contain NUL');
  if (path.endsWith('/')) throw new StepError(path, 'an injected file path must name a file, not a directory');
  if (path.split('/').some((c) => c === '..')) throw new StepError(path, 'an injected file path must not contain `..`');
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export async function injectFiles(vfs: Vfs, files: readonly InjectedFile[]): Promise<void> {
  for (const f of files) checkGuestFilePath(f.path); // all refused before any is written
  for (const f of files) {
    const parent = parentOf(f.path);
    if (parent !== '/') await vfs.makePath(parent, 0o755);
    await vfs.replaceFile(f.path, f.content);
    if (f.mode !== undefined) await vfs.setPermissions(f.path, f.mode);
  }
}
