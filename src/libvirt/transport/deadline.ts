/**
 * Every transport open must end: connected, failed, aborted by the caller, or timed out. This
 * races the open against an AbortSignal and a timer, tears the half-open resource down when the
 * race is lost, and disposes of a result that arrives too late (so no socket is left behind).
 */
import { LibvirtTransportError } from './errors.js';

/** Used when the caller gives no timeout: long enough for a slow SSH login, short enough that a
 *  black-holed host does not hang a service forever. */
export const DEFAULT_OPEN_TIMEOUT_MS = 30_000;

export interface DeadlineOptions {
  signal?: AbortSignal | undefined;
  /** Milliseconds; `Infinity` or 0 disables the timer (the signal still applies). */
  timeoutMs?: number | undefined;
}

export function withDeadline<T>(
  describe: string,
  opts: DeadlineOptions,
  start: () => Promise<T>,
  cancel: (reason: Error) => void,
  dispose: (value: T) => void,
): Promise<T> {
  const { signal } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
  if (signal?.aborted) {
    return Promise.reject(abortError(describe, signal));
  }
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      done = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const lose = (err: Error): void => {
      if (done) return;
      finish();
      try {
        cancel(err);
      } finally {
        reject(err);
      }
    };
    const onAbort = (): void => lose(abortError(describe, signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      timer = setTimeout(
        () => lose(new LibvirtTransportError('TRANSPORT_TIMEOUT', `${describe}: not connected after ${timeoutMs} ms`, { timeoutMs })),
        timeoutMs,
      );
      timer.unref?.();
    }
    let work: Promise<T>;
    try {
      work = start();
    } catch (err) {
      work = Promise.reject(err);
    }
    work.then(
      (value) => {
        if (done) {
          dispose(value);
          return;
        }
        finish();
        resolve(value);
      },
      (err: unknown) => {
        if (done) return;
        finish();
        cancel(err instanceof Error ? err : new Error(String(err)));
        reject(err);
      },
    );
  });
}

function abortError(describe: string, signal: AbortSignal): LibvirtTransportError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : reason !== undefined ? String(reason) : 'aborted';
  return new LibvirtTransportError('TRANSPORT_ABORTED', `${describe}: aborted (${why})`, {}, { cause: reason });
}
