/**
 * The tls transport: TCP, then a TLS session with libvirt's client certificate, then libvirt's
 * own confirmation. After the handshake the daemon checks our certificate against its policy
 * (CA, tls_allowed_dn_list, our address) and writes one byte: 1 when it accepted us. Any other
 * byte, or the connection closing, means it refused; only after a 1 does RPC begin.
 *
 * Credential files are found as libvirt's client finds them:
 *  - `?pkipath=DIR`: DIR/cacert.pem, DIR/cacrl.pem, DIR/clientcert.pem, DIR/clientkey.pem;
 *  - not root: ~/.pki/libvirt/cacert.pem and cacrl.pem (each if present), and clientcert.pem +
 *    clientkey.pem (if both present);
 *  - otherwise, and for whatever the user directory lacks: /etc/pki/CA/cacert.pem,
 *    /etc/pki/CA/cacrl.pem, /etc/pki/libvirt/clientcert.pem, /etc/pki/libvirt/private/clientkey.pem.
 * The CA certificate must exist. The revocation list is used when present. A client without
 * certificate or key goes ahead without one (a daemon with tls_no_verify_certificate accepts
 * that; others refuse us after the handshake), as libvirt's client does.
 */
import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { withDeadline, type DeadlineOptions } from './deadline.js';
import { LibvirtTransportError, errnoCode } from './errors.js';
import { explainTcp } from './tcp.js';

export interface TlsFiles {
  readonly cacert: string;
  readonly cacrl: string;
  readonly clientcert: string;
  readonly clientkey: string;
}

export const SYSTEM_TLS_FILES: TlsFiles = {
  cacert: '/etc/pki/CA/cacert.pem',
  cacrl: '/etc/pki/CA/cacrl.pem',
  clientcert: '/etc/pki/libvirt/clientcert.pem',
  clientkey: '/etc/pki/libvirt/private/clientkey.pem',
};

export function locateTlsFiles(
  pkipath: string | undefined,
  opts: { euid?: number | undefined; env?: Readonly<Record<string, string | undefined>> | undefined; exists?: (p: string) => boolean } = {},
): TlsFiles {
  if (pkipath !== undefined) {
    return {
      cacert: join(pkipath, 'cacert.pem'),
      cacrl: join(pkipath, 'cacrl.pem'),
      clientcert: join(pkipath, 'clientcert.pem'),
      clientkey: join(pkipath, 'clientkey.pem'),
    };
  }
  const euid = opts.euid ?? (typeof process.geteuid === 'function' ? process.geteuid() : 0);
  let files: TlsFiles = SYSTEM_TLS_FILES;
  if (euid !== 0) {
    const exists = opts.exists ?? existsSync;
    const home = opts.env?.['HOME'] || homedir();
    const dir = join(home, '.pki', 'libvirt');
    const cacert = join(dir, 'cacert.pem');
    const cacrl = join(dir, 'cacrl.pem');
    const clientcert = join(dir, 'clientcert.pem');
    const clientkey = join(dir, 'clientkey.pem');
    // The CA on its own, the certificate and key only as a pair: they must belong together.
    const pair = exists(clientcert) && exists(clientkey);
    files = {
      cacert: exists(cacert) ? cacert : SYSTEM_TLS_FILES.cacert,
      cacrl: exists(cacrl) ? cacrl : SYSTEM_TLS_FILES.cacrl,
      clientcert: pair ? clientcert : SYSTEM_TLS_FILES.clientcert,
      clientkey: pair ? clientkey : SYSTEM_TLS_FILES.clientkey,
    };
  }
  return files;
}

function readPem(path: string, what: string, files: TlsFiles): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = errnoCode(err);
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : String((err as Error).message);
    throw new LibvirtTransportError(
      'TRANSPORT_TLS_FILES',
      `TLS ${what} ${path} ${why}; give ?pkipath=DIR holding cacert.pem, clientcert.pem and clientkey.pem, or install them in libvirt's default locations`,
      { path, files },
      { cause: err },
    );
  }
}

export interface TlsConnectOptions extends DeadlineOptions {
  pkipath?: string | undefined;
  /** Do not verify the server's certificate (libvirt's no_verify=1). */
  noVerify?: boolean | undefined;
  euid?: number | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

export function connectTls(host: string, port: number, opts: TlsConnectOptions = {}, notes?: string[]): Promise<TLSSocket> {
  const endpoint = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const describe = `tls ${endpoint}`;
  let sock: TLSSocket | undefined;
  return withDeadline(
    describe,
    opts,
    async () => {
      const files = locateTlsFiles(opts.pkipath, { euid: opts.euid, env: opts.env });
      const ca = readPem(files.cacert, 'CA certificate', files);
      const crl = existsSync(files.cacrl) ? readPem(files.cacrl, 'CA revocation list', files) : undefined;
      const haveClient = existsSync(files.clientcert) && existsSync(files.clientkey);
      const cert = haveClient ? readPem(files.clientcert, 'client certificate', files) : undefined;
      const key = haveClient ? readPem(files.clientkey, 'client key', files) : undefined;
      if (!haveClient) notes?.push(`no client certificate (${files.clientcert}, ${files.clientkey}): connecting without one`);
      const s = await new Promise<TLSSocket>((resolve, reject) => {
        let settled = false;
        const fail = (e: LibvirtTransportError): void => {
          if (settled) return;
          settled = true;
          s.destroy();
          reject(e);
        };
        const s = tlsConnect({
          host,
          port,
          ca,
          ...(crl ? { crl } : {}),
          ...(cert && key ? { cert, key } : {}),
          // Node refuses SNI for IP literals; a name is still checked against the certificate.
          ...(isIp(host) ? {} : { servername: host }),
          rejectUnauthorized: !opts.noVerify,
        });
        sock = s;
        let tcpUp = false;
        s.once('connect', () => (tcpUp = true));
        s.once('error', (err: Error) => fail(explainTls(err, host, port, endpoint, files, tcpUp)));
        s.once('secureConnect', () => {
          if (settled) return;
          s.setNoDelay(true);
          settled = true;
          resolve(s);
        });
      });
      await readAcceptByte(s, endpoint);
      return s;
    },
    () => sock?.destroy(),
    (s) => s.destroy(),
  );
}

/**
 * Wait for the daemon's one-byte verdict without consuming anything after it: the socket is read
 * in paused mode, exactly one byte is taken, and whatever else arrived stays buffered in the
 * socket for the RPC reader.
 */
export function readAcceptByte(s: TLSSocket, endpoint: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      s.off('readable', onReadable);
      s.off('end', onEnd);
      s.off('close', onEnd);
      s.off('error', onError);
    };
    const onReadable = (): void => {
      const b = s.read(1) as Buffer | null;
      if (b === null) return;
      cleanup();
      if (b[0] === 1) {
        resolve();
      } else {
        s.destroy();
        reject(
          new LibvirtTransportError(
            'TRANSPORT_TLS_REJECTED',
            `${endpoint} refused us after the TLS handshake (confirmation byte ${b[0]}, expected 1): the daemon did not accept our client certificate or address`,
            { host: endpoint, byte: b[0] },
          ),
        );
      }
    };
    const onEnd = (): void => {
      cleanup();
      s.destroy();
      reject(
        new LibvirtTransportError(
          'TRANSPORT_TLS_REJECTED',
          `${endpoint} closed the connection after the TLS handshake without accepting us: the daemon rejected our client certificate (wrong CA, not in tls_allowed_dn_list) or our address; see its log`,
          { host: endpoint },
        ),
      );
    };
    const onError = (err: Error): void => {
      cleanup();
      s.destroy();
      reject(
        new LibvirtTransportError(
          'TRANSPORT_TLS_REJECTED',
          `${endpoint} failed while we waited for it to accept our certificate: ${err.message}`,
          { host: endpoint },
          { cause: err },
        ),
      );
    };
    s.on('readable', onReadable);
    s.once('end', onEnd);
    s.once('close', onEnd);
    s.once('error', onError);
    // Data may already be buffered (the byte can arrive with the handshake's last flight).
    onReadable();
  });
}

function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}

const VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'UNABLE_TO_GET_CRL',
  'CRL_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function explainTls(err: Error, host: string, port: number, endpoint: string, files: TlsFiles, tcpUp: boolean): LibvirtTransportError {
  const code = errnoCode(err);
  if (tcpUp && (code === 'ECONNRESET' || code === 'EPIPE' || /disconnected before secure TLS/i.test(err.message))) {
    // The TCP connection was fine and the peer dropped it mid-handshake: typically not a TLS port
    // (libvirtd's plain tcp port closes on the ClientHello it cannot parse as RPC).
    return new LibvirtTransportError(
      'TRANSPORT_CONNECT',
      `${endpoint} closed the connection during the TLS handshake: is ${port} the daemon's TLS port (tls_port, default 16514) and listen_tls=1? (${err.message})`,
      { host, port, reason: code },
      { cause: err },
    );
  }
  if (code !== undefined && VERIFY_CODES.has(code)) {
    const why =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `its certificate is not issued for '${host}'`
        : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
          ? `its certificate is outside its validity period (${code})`
          : code === 'CERT_REVOKED'
            ? `its certificate is revoked by ${files.cacrl}`
            : code.includes('CRL')
              ? `the revocation list ${files.cacrl} cannot be used for it (${code})`
              : `its certificate is not signed by the CA in ${files.cacert} (${code})`;
    return new LibvirtTransportError(
      'TRANSPORT_TLS_VERIFY',
      `cannot verify the TLS server at ${endpoint}: ${why}; fix the certificates or use ?no_verify=1 to skip verification`,
      { host, port, cacert: files.cacert, cacrl: files.cacrl, reason: code },
      { cause: err },
    );
  }
  if (code !== undefined && /^E[A-Z]+$/.test(code) && code !== 'EPROTO') return explainTcp(err, host, port, endpoint, 'tls');
  // Alerts from the server during the handshake (it refused our certificate) or protocol errors.
  const alert = /alert (certificate|unknown ca|bad certificate|handshake failure)/i.test(err.message);
  return new LibvirtTransportError(
    alert ? 'TRANSPORT_TLS_REJECTED' : 'TRANSPORT_CONNECT',
    alert
      ? `the TLS server at ${endpoint} refused our client certificate ${files.clientcert} during the handshake: ${err.message}`
      : `TLS handshake with ${endpoint} failed: ${err.message}`,
    { host, port, files, reason: code },
    { cause: err },
  );
}
