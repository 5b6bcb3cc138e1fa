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
  const d = new Duplex({
    read() {
      stdout.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      stdin.write(chunk, cb);
    },
    final(cb) {
      stdin.end(cb);
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
  stdout.on('end', () => d.push(null));
  stdin.on('error', (err) => d.destroy(err));
  c.on('exit', (code, signal) => {
    if (code !== 0 && !d.destroyed) {
      const why = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      d.destroy(
        new LibvirtTransportError('TRANSPORT_EXT', `ext transport command '${command}' ${why}${stderr ? `: ${stderr.trim()}` : ''}`, { command, code, signal, stderr }),
      );
    }
  });
  return d;
}
