/**
 * The common part of the unix and tcp transports: open a net.Socket under the deadline and turn
 * the system error into one a user can act on.
 */
import { createConnection, type Socket, type NetConnectOpts } from 'node:net';
import { withDeadline, type DeadlineOptions } from './deadline.js';
import { LibvirtTransportError } from './errors.js';

export function connectSocket(
  describe: string,
  connectOpts: NetConnectOpts,
  opts: DeadlineOptions,
  explain: (err: Error) => LibvirtTransportError,
): Promise<Socket> {
  let sock: Socket | undefined;
  return withDeadline(
    describe,
    opts,
    () =>
      new Promise<Socket>((resolve, reject) => {
        const s = createConnection(connectOpts);
        sock = s;
        const onError = (err: Error): void => {
          s.off('connect', onConnect);
          reject(explain(err));
        };
        const onConnect = (): void => {
          s.off('error', onError);
          resolve(s);
        };
        s.once('error', onError);
        s.once('connect', onConnect);
      }),
    () => sock?.destroy(),
    (s) => s.destroy(),
  );
}
