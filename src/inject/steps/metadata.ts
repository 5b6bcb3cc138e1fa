/** Metadata step: the instance's metadata as one JSON object at /meta.js (Nova's location). */
import type { Vfs } from '../vfs.js';
import { StepError } from './context.js';

export const METADATA_PATH = '/meta.js';

/** The JSON text, or a refusal for anything that is not a plain object JSON can carry. */
export function checkMetadata(metadata: Record<string, unknown>): string {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new StepError(METADATA_PATH, 'metadata must be a JSON object');
  }
  try {
    return JSON.stringify(metadata);
  } catch (e) {
    throw new StepError(METADATA_PATH, `metadata is not serialisable as JSON: ${(e as Error).message}`);
  }
}

export async function injectMetadata(vfs: Vfs, metadata: Record<string, unknown>): Promise<void> {
  await vfs.replaceFile(METADATA_PATH, checkMetadata(metadata));
}
