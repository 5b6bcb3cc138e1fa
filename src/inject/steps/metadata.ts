/** Metadata step: the instance's metadata as one JSON object at /meta.js (Nova's location). */
import type { Vfs } from '../vfs.js';
import { StepError } from './context.js';

export const METADATA_PATH = '/meta.js';

export async function injectMetadata(vfs: Vfs, metadata: Record<string, unknown>): Promise<void> {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new StepError(METADATA_PATH, 'metadata must be a JSON object');
  }
  await vfs.replaceFile(METADATA_PATH, JSON.stringify(metadata));
}
