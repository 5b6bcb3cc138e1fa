/**
 * The ext transport: run a local program and speak RPC over its stdin/stdout, as libvirt does
 * with `?command=`. The program is run directly (no shell, no arguments), like libvirt's client.
 * Its stderr is kept (bounded) to explain an early exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { withDeadline, type DeadlineOptions } from './deadline.js';
import { LibvirtTransportError } from './errors.js';

const STDERR_KEEP = 4096;

export function connectExt(command: string, opts: DeadlineOptions & { env?: Readonly<Record<string, string | undefined>> | undefined } = {}): Promise<Duplex> {
  let child: ChildProcess | undefined;
  return withDeadline(
    `ext ${command}`,
    opts,
    () =>
      new Promise<Duplex>((resolve, reject) => {
        const c = spawn(command, [], { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ? { ...opts.env } : process.env });
        child = c;
        c.once('error', (err) =>
          reject(new LibvirtTransportError('TRANSPORT_EXT', `cannot run ext transport command '${command}': ${err.message}`, { command }, { cause: err })),
        );
        c.once('spawn', () => resolve(wrapChild(c, command)));
      }),
    () => child?.kill('SIGTERM'),
    (d) => d.destroy(),
  );
}

function wrapChild(c: ChildProcess, command: string): Duplex {
  const stdin = c.stdin!;
  const stdout = c.stdout!;
  let stderr = '';
  c.stderr!.on('data', (b: Buffer) => {
    if (stderr.length < STDERR_KEEP) stderr += b.toString('utf8').slice(0, STDERR_KEEP - stderr.length);
  });
  let exitError: LibvirtTransportError | null | undefined; // undefined: still running; null: exited 0
  const d = new Duplex({
    read() {
      stdout.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      // A write error (EPIPE) is reported through stdin's 'error' below, where the exit status
      // can explain it; passing it here would hide the program's own message.
      stdin.write(chunk, () => cb());
    },
    final(cb) {
      stdin.end(() => cb());
    },
    destroy(err, cb) {
      stdout.destroy();
      stdin.destroy();
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      cb(err);
    },
  });
  stdout.on('data', (b: Buffer) => {
    if (!d.push(b)) stdout.pause();
  });
  stdout.on('end', () => {
    if (!d.destroyed) d.push(null);
  });
  const failWith = (fallback: Error): void => {
    if (d.destroyed) return;
    if (exitError !== undefined) {
      d.destroy(exitError ?? fallback);
      return;
    }
    // The pipe broke because the program is exiting: wait briefly for its status and stderr.
    const t = setTimeout(() => d.destroy(fallback), 1000);
    c.once('close', () => {
      clearTimeout(t);
      if (!d.destroyed) d.destroy(exitError ?? fallback);
    });
  };
  stdin.on('error', (err) =>
    failWith(new LibvirtTransportError('TRANSPORT_EXT', `ext transport command '${command}' stopped reading: ${err.message}`, { command }, { cause: err })),
  );
  // 'close' comes after the exit and after stdout/stderr have closed, so stderr is complete.
  c.on('close', (code, signal) => {
    if (code === 0) {
      exitError = null;
      return;
    }
    const why = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    exitError = new LibvirtTransportError('TRANSPORT_EXT', `ext transport command '${command}' ${why}${stderr ? `: ${stderr.trim()}` : ''}`, {
      command,
      code,
      signal,
      stderr,
    });
    if (!d.destroyed) d.destroy(exitError);
  });
  return d;
}
