/**
 * A separate libvirtd serving TLS and TCP on loopback, with certificates made for this run.
 *
 * It must not disturb the host's daemon (/var/run/libvirt, its drivers' state), so it is a
 * per-user ("session") libvirtd running as `nobody` with a private HOME and XDG directories under
 * a temp dir, its own config (`-f`), pid file, unix socket directory and free ports; `--listen`
 * turns on the listen_tls/listen_tcp sockets from that config. Verified on libvirt 9.0 (Debian 12).
 * Session mode serves the test driver, which is all the transport tests need (`test:///default`).
 *
 * Certificates (openssl): CA "A" signs the server certificate (SAN localhost, 127.0.0.1) and the
 * client certificate; CA "B" exists to build the hostile cases:
 *   pkiDir            cacert=A, client cert from A      -> accepted
 *   wrongCaPkiDir     cacert=B, client cert from A      -> we refuse the server (its cert is from A)
 *   rogueClientPkiDir cacert=A, client cert from B      -> the daemon refuses us
 *   revokedServerPkiDir  like pkiDir plus cacrl.pem revoking the server -> we refuse the server
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnTethered } from './sshd.js';

export interface TlsDaemon {
  tlsPort: number;
  tcpPort: number;
  /** Good client credentials: cacert.pem, clientcert.pem, clientkey.pem. */
  pkiDir: string;
  /** Trusts another CA than the one that signed the server certificate. */
  wrongCaPkiDir: string;
  /** Presents a client certificate the daemon's CA did not sign. */
  rogueClientPkiDir: string;
  /** Trusts the right CA but has its CRL revoking the server certificate. */
  revokedServerPkiDir: string;
  /** The daemon's own unix socket (owned by nobody; root can use it). */
  socketPath: string;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (install it with scripts/host-setup)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  run('openssl', ['req', '-x509', ...EC, '-keyout', `${name}-key.pem`, '-out', `${name}-cert.pem`, '-days', '2', '-subj', `/O=stratus tests/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
}

// libvirt checks these on both sides: not a CA, digitalSignature + keyEncipherment, and the
// purpose (serverAuth for the daemon, clientAuth for us).
function makeLeaf(dir: string, ca: string, out: string, cn: string, purpose: 'serverAuth' | 'clientAuth'): void {
  const ext = join(dir, `${out}.ext`);
  writeFileSync(
    ext,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${purpose}`,
      ...(purpose === 'serverAuth' ? ['subjectAltName=DNS:localhost,IP:127.0.0.1'] : []),
      '',
    ].join('\n'),
  );
  run('openssl', ['req', ...EC, '-keyout', `${out}-key.pem`, '-out', `${out}.csr`, '-subj', `/O=stratus tests/CN=${cn}`], dir);
  run('openssl', ['x509', '-req', '-in', `${out}.csr`, '-CA', `${ca}-cert.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-out', `${out}-cert.pem`, '-days', '2', '-extfile', ext], dir);
}

function pkiSet(dir: string, name: string, ca: string, client: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  copyFileSync(join(dir, 'certs', `${ca}-cert.pem`), join(d, 'cacert.pem'));
  copyFileSync(join(dir, 'certs', `${client}-cert.pem`), join(d, 'clientcert.pem'));
  copyFileSync(join(dir, 'certs', `${client}-key.pem`), join(d, 'clientkey.pem'));
  return d;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const n of readdirSync(path)) chownTree(join(path, n), uid, gid);
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface TestPki {
  dir: string;
  /** CA "A" certificate and the server certificate/key it signed (SAN localhost, 127.0.0.1). */
  caCert: string;
  serverCert: string;
  serverKey: string;
  pkiDir: string;
  wrongCaPkiDir: string;
  rogueClientPkiDir: string;
  /** Good client credentials plus a cacrl.pem in which CA "A" revokes the server certificate. */
  revokedServerPkiDir: string;
}

/** Make the CAs, certificates and the three client pkipath directories under `dir`. */
export function createTestPki(dir: string): TestPki {
  const certs = join(dir, 'certs');
  mkdirSync(certs);
  makeCa(certs, 'ca-a');
  makeCa(certs, 'ca-b');
  makeLeaf(certs, 'ca-a', 'server', 'localhost', 'serverAuth');
  makeLeaf(certs, 'ca-a', 'client', 'stratus-test-client', 'clientAuth');
  makeLeaf(certs, 'ca-b', 'rogue-client', 'stratus-rogue-client', 'clientAuth');
  // A revocation list from CA "A" naming the server certificate (openssl ca needs a tiny database).
  writeFileSync(join(certs, 'index.txt'), '');
  writeFileSync(join(certs, 'crlnumber'), '01\n');
  writeFileSync(join(certs, 'ca.cnf'), '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 2\n');
  const caArgs = ['-config', 'ca.cnf', '-keyfile', 'ca-a-key.pem', '-cert', 'ca-a-cert.pem'];
  run('openssl', ['ca', ...caArgs, '-revoke', 'server-cert.pem'], certs);
  run('openssl', ['ca', ...caArgs, '-gencrl', '-out', 'ca-a-crl.pem'], certs);
  const revokedServerPkiDir = pkiSet(dir, 'pki-revoked-server', 'ca-a', 'client');
  copyFileSync(join(certs, 'ca-a-crl.pem'), join(revokedServerPkiDir, 'cacrl.pem'));
  return {
    dir,
    revokedServerPkiDir,
    caCert: join(certs, 'ca-a-cert.pem'),
    serverCert: join(certs, 'server-cert.pem'),
    serverKey: join(certs, 'server-key.pem'),
    pkiDir: pkiSet(dir, 'pki', 'ca-a', 'client'),
    wrongCaPkiDir: pkiSet(dir, 'pki-wrong-ca', 'ca-b', 'client'),
    rogueClientPkiDir: pkiSet(dir, 'pki-rogue-client', 'ca-a', 'rogue-client'),
  };
}

export async function startTlsDaemon(): Promise<TlsDaemon> {
  if (process.getuid?.() !== 0) throw new Error('startTlsDaemon: must run as root (it starts libvirtd as nobody)');
  const dir = mkdtempSync(join(tmpdir(), 'stratus-tlsd-'));
  chmodSync(dir, 0o755);
  const pki = createTestPki(dir);
  const { pkiDir, wrongCaPkiDir, rogueClientPkiDir, revokedServerPkiDir } = pki;

  const home = join(dir, 'home');
  const run_ = join(dir, 'run');
  const sockDir = join(dir, 'sock');
  for (const d of [home, run_, sockDir]) mkdirSync(d, { mode: 0o700 });
  const uid = 65534; // nobody
  const gid = 65534;
  chownTree(dir, uid, gid);
  // The test client (root) keeps its keys; the daemon only needs its own files.

  let lastErr: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const tlsPort = await freePort();
    let tcpPort = await freePort();
    while (tcpPort === tlsPort) tcpPort = await freePort();
    const conf = join(dir, 'libvirtd.conf');
    writeFileSync(
      conf,
      [
        'listen_tls = 1',
        'listen_tcp = 1',
        'listen_addr = "127.0.0.1"',
        `tls_port = "${tlsPort}"`,
        `tcp_port = "${tcpPort}"`,
        'auth_tcp = "none"',
        'auth_tls = "none"',
        'auth_unix_rw = "none"',
        `key_file = "${pki.serverKey}"`,
        `cert_file = "${pki.serverCert}"`,
        `ca_file = "${pki.caCert}"`,
        `unix_sock_dir = "${sockDir}"`,
        'log_outputs = "3:stderr"',
        '',
      ].join('\n'),
    );
    chownSync(conf, uid, gid);
    // Tethered: it dies with this process. --timeout is a second guard (exit when idle).
    const proc = spawnTethered('libvirtd', ['--listen', '-f', conf, '-p', join(run_, 'libvirtd.pid'), '--timeout', '600'], {
      uid,
      gid,
      cwd: home,
      env: {
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: home,
        XDG_RUNTIME_DIR: run_,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
        XDG_DATA_HOME: join(home, '.local', 'share'),
        // No autostart of anything else, no D-Bus to find.
        LIBVIRT_AUTOSTART: '0',
      },
    });
    let log = '';
    proc.child.stderr!.on('data', (b: Buffer) => {
      if (log.length < 200_000) log += b.toString('utf8');
    });
    proc.child.once('error', (e) => (log += `spawn error: ${e.message}\n`));
    const socketPath = join(sockDir, 'libvirt-sock');
    const deadline = Date.now() + 15_000;
    let up = false;
    while (!proc.exited() && Date.now() < deadline) {
      if (existsSync(socketPath) && (await tcpOpen(tlsPort)) && (await tcpOpen(tcpPort))) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!up) {
      await proc.stop(1000);
      lastErr = new Error(`test libvirtd did not come up on tls ${tlsPort} / tcp ${tcpPort}:\n${log.slice(-3000)}`);
      continue;
    }
    return {
      tlsPort,
      tcpPort,
      pkiDir,
      wrongCaPkiDir,
      rogueClientPkiDir,
      revokedServerPkiDir,
      socketPath,
      dir,
      log: () => log,
      stop: async () => {
        await proc.stop(5000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastErr ?? new Error('test libvirtd did not start');
}
