import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseLibvirtUri,
  resolveUnixSocket,
  userRuntimeDir,
  wantsSessionDaemon,
  LibvirtUriError,
  type LibvirtUri,
} from '../../src/libvirt/uri.js';

type Expect = Partial<Pick<LibvirtUri, 'driver' | 'transport' | 'user' | 'host' | 'hostname' | 'port' | 'path' | 'nameForDaemon' | 'helperName' | 'fragment'>>;

// Each row: URI, and what libvirt's client makes of it.
const GOOD: [string, Expect][] = [
  ['qemu:///system', { driver: 'qemu', transport: 'unix', host: undefined, hostname: 'localhost', port: undefined, path: '/system', nameForDaemon: 'qemu:///system' }],
  ['qemu:///session', { transport: 'unix', path: '/session', nameForDaemon: 'qemu:///session' }],
  ['test:///default', { driver: 'test', transport: 'unix', nameForDaemon: 'test:///default' }],
  ['test+unix:///default', { driver: 'test', transport: 'unix', nameForDaemon: 'test:///default' }],
  ['test+unix:///path/to/host.xml', { path: '/path/to/host.xml', nameForDaemon: 'test:///path/to/host.xml' }],
  ['qemu://host.example/system', { transport: 'tls', host: 'host.example', port: 16514, nameForDaemon: 'qemu:///system' }],
  ['qemu+tls://host.example/system', { transport: 'tls', port: 16514, nameForDaemon: 'qemu:///system' }],
  ['qemu+tls:///system', { transport: 'tls', host: undefined, hostname: 'localhost', port: 16514 }],
  ['qemu+tcp://10.0.0.1/system', { transport: 'tcp', host: '10.0.0.1', port: 16509, nameForDaemon: 'qemu:///system' }],
  ['qemu+tcp://10.0.0.1:1234/system', { transport: 'tcp', port: 1234 }],
  ['qemu+tcp:///system', { transport: 'tcp', hostname: 'localhost', port: 16509 }],
  ['qemu+ssh://root@host.example/system', { transport: 'ssh', user: 'root', host: 'host.example', port: 22, nameForDaemon: 'qemu:///system' }],
  ['qemu+ssh://alice@host.example:2222/system', { user: 'alice', port: 2222, nameForDaemon: 'qemu:///system' }],
  ['qemu+SSH://host/system', { transport: 'ssh', user: undefined }],
  ['qemu+libssh2://host/system', { transport: 'libssh2', port: 22 }],
  ['qemu+libssh://host/system', { transport: 'libssh', port: 22 }],
  ['lxc+ssh://h/', { driver: 'lxc', path: '/', nameForDaemon: 'lxc:///' }],
  ['qemu+ssh://[::1]:2200/system', { host: '::1', port: 2200 }],
  ['qemu+tls://[fe80::1%25eth0]/system', { host: 'fe80::1%25eth0' }],
  ['qemu+ssh://us%40er@h/system', { user: 'us@er' }],
  ['qemu+ssh://user:secret@h/system', { user: 'user' }],
  ['qemu:///system?foo=bar', { nameForDaemon: 'qemu:///system?foo=bar' }],
  ['qemu+ssh://h/system?keyfile=/k&no_verify=1&foo=a%20b', { nameForDaemon: 'qemu:///system?foo=a%20b' }],
  ['qemu+ssh://h/system?mode=legacy&socket=/s', { nameForDaemon: 'qemu:///system', helperName: 'qemu:///system?mode=legacy&socket=%2Fs' }],
  ['qemu+ssh://h/system?name=qemu:///embed', { nameForDaemon: 'qemu:///embed', helperName: 'qemu:///embed' }],
  ['qemu:///system?NAME=xen:///', { nameForDaemon: 'xen:///' }],
  ['qemu:///system?authfile=/tmp/auth.conf', { nameForDaemon: 'qemu:///system' }],
  ['qemu:///system?tls_priority=NORMAL', { nameForDaemon: 'qemu:///system' }],
  ['qemu:///system#frag', { fragment: 'frag', nameForDaemon: 'qemu:///system#frag' }],
  ['remote://host/', { driver: 'remote', transport: 'tls', nameForDaemon: '' }],
  ['remote+unix:///', { driver: 'remote', transport: 'unix', nameForDaemon: '' }],
  ['qemu:/system', { transport: 'unix', path: '/system', nameForDaemon: 'qemu:///system' }],
  ['qemu:///', { path: '/', nameForDaemon: 'qemu:///' }],
  ['vbox:///session', { driver: 'vbox' }],
  ['test+ext:///default?command=/bin/true', { transport: 'ext', port: undefined, nameForDaemon: 'test:///default' }],
  ['qemu:///system?a;b=c', { nameForDaemon: 'qemu:///system?a=&b=c' }],
  ['qemu:///system?a=1&b=2;c', { nameForDaemon: 'qemu:///system?a=1&b=2%3Bc' }],
  ['qemu:///system?=x&&y=', { nameForDaemon: 'qemu:///system?y=' }],
  ['qemu:///sys%20tem', { path: '/sys tem', nameForDaemon: 'qemu:///sys%20tem' }],
  ['qemu+tls://host:16514/system?no_verify=0', {}],
];

describe('parseLibvirtUri: what libvirt makes of a URI', () => {
  for (const [uri, want] of GOOD) {
    test(uri, () => {
      const u = parseLibvirtUri(uri);
      for (const [k, v] of Object.entries(want)) {
        assert.deepEqual(u[k as keyof Expect], v, `${k} of ${uri}`);
      }
    });
  }
});

describe('parseLibvirtUri: options', () => {
  test('client options are typed, matched without case, last one wins, and not forwarded', () => {
    const u = parseLibvirtUri(
      'qemu+ssh://h/system?keyfile=/a&KeyFile=/b&known_hosts=/kh&no_verify=1&no_tty=1&netcat=/bin/nc&proxy=netcat&mode=legacy&pkipath=/p&authfile=/af&auth=sasl&sshauth=agent&known_hosts_verify=ignore&x=1',
    );
    assert.equal(u.options.keyfile, '/b');
    assert.equal(u.options.knownHosts, '/kh');
    assert.equal(u.options.noVerify, true);
    assert.equal(u.options.noTty, true);
    assert.equal(u.options.netcat, '/bin/nc');
    assert.equal(u.options.proxy, 'netcat');
    assert.equal(u.options.mode, 'legacy');
    assert.equal(u.options.pkipath, '/p');
    assert.equal(u.options.authfile, '/af');
    assert.equal(u.options.auth, 'sasl');
    assert.equal(u.options.sshauth, 'agent');
    assert.equal(u.options.knownHostsVerify, 'ignore');
    assert.equal(u.nameForDaemon, 'qemu:///system?x=1');
    assert.deepEqual(
      u.params.filter((p) => !p.consumed).map((p) => p.name),
      ['x'],
    );
    assert.equal(u.params.length, 14);
  });
  test('no_verify=0 means verify; other integers mean do not', () => {
    assert.equal(parseLibvirtUri('qemu+tls://h/system?no_verify=0').options.noVerify, false);
    assert.equal(parseLibvirtUri('qemu+tls://h/system?no_verify=2').options.noVerify, true);
    assert.equal(parseLibvirtUri('qemu+tls://h/system').options.noVerify, false);
  });
  test('tls_priority is accepted with a note that it is ignored', () => {
    const u = parseLibvirtUri('qemu+tls://h/system?tls_priority=NORMAL:-VERS-TLS1.0');
    assert.equal(u.options.tlsPriority, 'NORMAL:-VERS-TLS1.0');
    assert.match(u.notes.join('\n'), /tls_priority.*ignored/);
  });
  test('unknown parameters are kept in order, duplicates too', () => {
    const u = parseLibvirtUri('test:///default?b=2&a=1&b=3');
    assert.deepEqual(
      u.params.map((p) => [p.name, p.value, p.consumed]),
      [
        ['b', '2', false],
        ['a', '1', false],
        ['b', '3', false],
      ],
    );
    assert.equal(u.nameForDaemon, 'test:///default?b=2&a=1&b=3');
  });
  test('a plus in a value is literal; escapes are decoded and re-encoded for the daemon', () => {
    const u = parseLibvirtUri('test:///default?v=a+b%2Fc');
    assert.equal(u.params[0]!.value, 'a+b/c');
    assert.equal(u.nameForDaemon, 'test:///default?v=a%2Bb%2Fc');
  });
});

const BAD: [string, RegExp, string][] = [
  ['', /empty URI/, 'URI_SYNTAX'],
  ['system', /expected driver\[\+transport\]/, 'URI_SYNTAX'],
  ['/var/run/libvirt/libvirt-sock', /expected driver/, 'URI_SYNTAX'],
  ['qemu+foo:///system', /transport 'foo' is not one of unix, tcp, tls, ssh/, 'URI_TRANSPORT'],
  ['qemu+unix://host/system', /unix transport cannot reach remote host 'host'/, 'URI_TRANSPORT'],
  ['+ssh://host/system', /expected driver/, 'URI_SYNTAX'],
  ['qemu+ssh://host:22x/system', /port '22x' is not a number/, 'URI_SYNTAX'],
  ['qemu+ssh://host:70000/system', /port 70000 is out of range/, 'URI_SYNTAX'],
  ['qemu+ssh://host:0/system', /out of range/, 'URI_SYNTAX'],
  ['qemu+ssh://[::1/system', /unterminated IPv6/, 'URI_SYNTAX'],
  ['qemu+ssh://[::1]x/system', /after IPv6/, 'URI_SYNTAX'],
  ['qemu+ssh://[zz]/system', /not an IPv6 address/, 'URI_SYNTAX'],
  ['qemu+ssh://::1/system', /must be written in brackets/, 'URI_SYNTAX'],
  ['qemu+ssh://root@/system', /user 'root' is given but no host/, 'URI_SYNTAX'],
  ['qemu:///sys tem', /character " " at offset 11/, 'URI_SYNTAX'],
  ['qemu:///system\n', /must be percent-encoded/, 'URI_SYNTAX'],
  ['qemu:///sys%zztem', /bad percent-encoding in path/, 'URI_SYNTAX'],
  ['qemu:///system?no_verify=yes', /no_verify='yes' must be an integer/, 'URI_PARAM'],
  ['qemu:///system?no_tty=', /no_tty='' must be an integer/, 'URI_PARAM'],
  ['qemu:///system?mode=fast', /mode='fast' is not one of auto, legacy, direct/, 'URI_PARAM'],
  ['qemu+ssh://h/system?proxy=socks', /proxy='socks' is not one of auto, netcat, native/, 'URI_PARAM'],
  ['qemu+ssh://h/system?known_hosts_verify=maybe', /known_hosts_verify/, 'URI_PARAM'],
  ['qemu+ext:///system', /ext transport needs \?command=/, 'URI_PARAM'],
  ['qemu+ssh://h/system?mode=direct', /mode=direct works only with the unix transport/, 'URI_PARAM'],
  ['qemu+ssh://h/system?proxy=native&netcat=nc', /netcat= cannot be combined with proxy=native/, 'URI_PARAM'],
];

describe('parseLibvirtUri: bad URIs are refused with the URI and the reason', () => {
  for (const [uri, re, code] of BAD) {
    test(JSON.stringify(uri), () => {
      assert.throws(
        () => parseLibvirtUri(uri),
        (err: unknown) => {
          assert.ok(err instanceof LibvirtUriError, String(err));
          assert.equal(err.code, code);
          assert.match(err.message, re);
          if (uri !== '') assert.ok(err.message.includes(`'${uri.replace(/:[^@/]*@/, ':***@')}'`), err.message);
          return true;
        },
      );
    });
  }
  test('a password in the URI is not repeated in the error', () => {
    assert.throws(() => parseLibvirtUri('qemu+foo://bob:hunter2@h/system'), (err: unknown) => {
      assert.ok(err instanceof LibvirtUriError);
      assert.ok(!err.message.includes('hunter2'), err.message);
      assert.match(err.message, /bob:\*\*\*@h/);
      return true;
    });
  });
});

describe('resolveUnixSocket: which socket libvirt would use', () => {
  const none = (): boolean => false;
  const only = (...paths: string[]) => (p: string): boolean => paths.includes(p);
  test('?socket= wins', () => {
    const c = resolveUnixSocket(parseLibvirtUri('qemu:///system?socket=/tmp/s'), { euid: 0, exists: none });
    assert.equal(c.path, '/tmp/s');
    assert.equal(c.source, 'param');
  });
  test('root, system URI, nothing modular: the legacy read-write socket', () => {
    const c = resolveUnixSocket(parseLibvirtUri('qemu:///system'), { euid: 0, exists: only('/var/run/libvirt/libvirt-sock') });
    assert.equal(c.path, '/var/run/libvirt/libvirt-sock');
    assert.equal(c.daemon, 'libvirtd');
  });
  test('read-only takes the -ro socket', () => {
    const c = resolveUnixSocket(parseLibvirtUri('qemu:///system'), { euid: 0, readonly: true, exists: none });
    assert.equal(c.path, '/var/run/libvirt/libvirt-sock-ro');
  });
  test('modular daemon socket is used when it exists', () => {
    const u = parseLibvirtUri('qemu:///system');
    const c = resolveUnixSocket(u, { euid: 0, exists: only('/var/run/libvirt/virtqemud-sock') });
    assert.equal(c.path, '/var/run/libvirt/virtqemud-sock');
    assert.equal(c.daemon, 'virtqemud');
    assert.equal(c.source, 'direct');
    const ro = resolveUnixSocket(u, { euid: 0, readonly: true, exists: only('/var/run/libvirt/virtqemud-sock-ro') });
    assert.equal(ro.path, '/var/run/libvirt/virtqemud-sock-ro');
  });
  test('mode=legacy and mode=direct force the choice', () => {
    const exists = only('/var/run/libvirt/virtqemud-sock', '/var/run/libvirt/libvirt-sock');
    assert.equal(resolveUnixSocket(parseLibvirtUri('qemu:///system?mode=legacy'), { euid: 0, exists }).path, '/var/run/libvirt/libvirt-sock');
    assert.equal(resolveUnixSocket(parseLibvirtUri('qemu:///system?mode=direct'), { euid: 0, exists: none }).path, '/var/run/libvirt/virtqemud-sock');
  });
  test('over ssh the far side is assumed legacy', () => {
    const c = resolveUnixSocket(parseLibvirtUri('qemu+ssh://h/system'), { euid: 0, exists: only('/var/run/libvirt/virtqemud-sock') });
    assert.equal(c.path, '/var/run/libvirt/libvirt-sock');
  });
  test('session URIs as a normal user: the per-user runtime directory, no -ro variant', () => {
    const env = { XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u' };
    const u = parseLibvirtUri('qemu:///session');
    assert.equal(wantsSessionDaemon(u, 1000), true);
    assert.equal(resolveUnixSocket(u, { euid: 1000, env, exists: none }).path, '/run/user/1000/libvirt/libvirt-sock');
    assert.equal(resolveUnixSocket(u, { euid: 1000, env, readonly: true, exists: none }).path, '/run/user/1000/libvirt/libvirt-sock');
    assert.equal(
      resolveUnixSocket(u, { euid: 1000, env, exists: only('/run/user/1000/libvirt/virtqemud-sock') }).path,
      '/run/user/1000/libvirt/virtqemud-sock',
    );
  });
  test('test+ URIs go to the session daemon for normal users, the system one for root', () => {
    const u = parseLibvirtUri('test+unix:///default');
    assert.equal(wantsSessionDaemon(u, 1000), true);
    assert.equal(wantsSessionDaemon(u, 0), false);
    assert.equal(wantsSessionDaemon(parseLibvirtUri('test:///default'), 1000), false);
    assert.equal(resolveUnixSocket(u, { euid: 0, exists: none }).path, '/var/run/libvirt/libvirt-sock');
  });
  test('without XDG_RUNTIME_DIR the runtime directory is under the cache directory', () => {
    assert.equal(userRuntimeDir({ HOME: '/home/u' }), '/home/u/.cache/libvirt');
    assert.equal(userRuntimeDir({ HOME: '/home/u', XDG_CACHE_HOME: '/c' }), '/c/libvirt');
  });
});
