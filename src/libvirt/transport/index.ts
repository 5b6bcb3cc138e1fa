/**
 * One entry point for every transport: parse (or take) a URI, reach the daemon, hand back a
 * connected byte stream. What happens on the stream (auth, RPC) is the connection's business.
 */
import { parseLibvirtUri, resolveUnixSocket, type LibvirtUri } from '../uri.js';
import { connectExt } from './ext.js';
import { connectSshPlan, planSsh, sshEndpoint } from './ssh.js';
import { connectTcp } from './tcp.js';
import { connectTls } from './tls.js';
import type { OpenedTransport, TransportOpenOptions } from './types.js';
import { connectUnix } from './unix.js';

export { LibvirtTransportError, type LibvirtTransportErrorCode } from './errors.js';
export { DEFAULT_OPEN_TIMEOUT_MS } from './deadline.js';
export type { OpenedTransport, TransportOpenOptions } from './types.js';
export { connectUnix } from './unix.js';
export { connectTcp } from './tcp.js';
export { connectTls, locateTlsFiles, SYSTEM_TLS_FILES, type TlsFiles } from './tls.js';
export { connectSsh, connectSshPlan, planSsh, sshEndpoint, sshProxyCommand, type SshPlan } from './ssh.js';
export { connectExt } from './ext.js';

export async function openTransport(uri: string | LibvirtUri, opts: TransportOpenOptions = {}): Promise<OpenedTransport> {
  const u = typeof uri === 'string' ? parseLibvirtUri(uri) : uri;
  const notes = [...u.notes];
  const deadline = { signal: opts.signal, timeoutMs: opts.timeoutMs };
  switch (u.transport) {
    case 'unix': {
      const choice = resolveUnixSocket(u, { readonly: opts.readonly, euid: opts.euid, env: opts.env });
      const stream = await connectUnix(choice.path, { ...deadline, candidates: choice.candidates });
      return { stream, secure: true, describe: `unix socket ${choice.path}`, transport: u.transport, notes };
    }
    case 'tcp': {
      const stream = await connectTcp(u.hostname, u.port!, deadline);
      return { stream, secure: false, describe: `tcp ${endpoint(u)}`, transport: u.transport, notes };
    }
    case 'tls': {
      const stream = await connectTls(u.hostname, u.port!, {
        ...deadline,
        pkipath: u.options.pkipath,
        noVerify: u.options.noVerify,
        euid: opts.euid,
        env: opts.env,
      }, notes);
      return { stream, secure: true, describe: `tls ${endpoint(u)}`, transport: u.transport, notes };
    }
    case 'ssh':
    case 'libssh':
    case 'libssh2': {
      const plan = planSsh(u, opts);
      notes.push(...plan.notes);
      const stream = await connectSshPlan(plan, opts);
      // libvirt counts an SSH tunnel as secure: encrypted, and the host key is checked.
      return { stream, secure: true, describe: `ssh ${sshEndpoint(plan)}`, transport: u.transport, notes };
    }
    case 'ext': {
      const stream = await connectExt(u.options.command!, { ...deadline, env: opts.env });
      // libvirt does not vouch for an arbitrary program's channel.
      return { stream, secure: false, describe: `ext ${u.options.command}`, transport: u.transport, notes };
    }
  }
}

function endpoint(u: LibvirtUri): string {
  return `${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${u.port}`;
}
