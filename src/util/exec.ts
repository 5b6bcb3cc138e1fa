/**
 * The one way stratus runs external programs (qemu-img, lvcreate, mkfs, ...): arguments as an
 * array (never a shell), stderr captured into the error, a timeout and an AbortSignal, and the
 * command line in every message so a failure says what was run.
 */
import { spawn } from 'node:child_process';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly code = 'COMMAND_FAILED';

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
    reason?: string,
  ) {
    const how = reason ?? (signal ? `killed by ${signal}` : `exited with status ${exitCode}`);
    const detail = stderr.trim().split('\n').slice(-3).join(' | ');
    super(`${command} ${how}${detail ? `: ${detail}` : ''} (ran: ${[command, ...args].map(quote).join(' ')})`);
  }
}

export interface RunOptions {
  /** Kill the program after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes for the program's stdin. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Exit codes that count as success (default [0]). */
  okCodes?: readonly number[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let reason: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const kill = (why: string) => {
      reason = why;
      child.kill('SIGKILL');
    };
    if (opts.timeoutMs !== undefined) timer = setTimeout(() => kill(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => kill('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // a program that exits without reading its input
    child.stdin.end(opts.input ?? '');
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const why = e.code === 'ENOENT' ? 'is not installed (not found in PATH)' : e.message;
      reject(new CommandError(command, args, null, null, '', why));
    });
    child.on('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (reason || code === null || !(opts.okCodes ?? [0]).includes(code)) {
        reject(new CommandError(command, args, code, sig, stderr, reason));
        return;
      }
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
