import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  CRYPT_ALPHABET,
  inject,
  InjectionError,
  ipv6Netmask,
  md5Crypt,
  randomSalt,
  resolveNetworkInfo,
  setShadowHash,
  sha512Crypt,
  SSH_KEY_MARKER,
  STEP_ORDER,
  updateHosts,
  type NetworkInfo,
} from '../../src/inject/index.js';
import { FakeVfs, SHADOW } from './fake-vfs.js';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEQQ5OBfYnGa alice@example';
const KEY2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 bob@example';

/** glibc/libxcrypt's crypt(3) through the distribution's python (deprecated module, still there). */
function systemCrypt(password: string, setting: string): string {
  return execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], sys.argv[2]))', password, setting], {
    encoding: 'utf8',
  }).trim();
}

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8' }).trim();
}

async function expectInjectionError(p: Promise<unknown>, step: string, path: string | undefined, text: RegExp): Promise<InjectionError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof InjectionError, `expected InjectionError, got ${String(e)}`);
    assert.equal(e.handler, 'fake');
    assert.equal(e.step, step);
    assert.equal(e.path, path);
    assert.match(e.message, text);
    return e;
  }
  assert.fail('expected the injection to fail');
}

describe('injector: one setup, steps in order, teardown always', () => {
  it('runs every step between one setup and one teardown, in the fixed order', async () => {
    const vfs = new FakeVfs({ dirs: ['/etc/selinux'] });
    const res = await inject(vfs, {
      sshKey: { key: KEY },
      adminPassword: { password: 'pw' },
      network: { interfaces: [{ mac: '52:54:00:12:34:56', ipv4: { address: '10.0.0.2', prefix: 24, gateway: '10.0.0.1' }, dns: ['10.0.0.1'] }] },
      metadata: { role: 'web' },
      files: [{ path: '/etc/motd', content: 'hi\n' }],
      hostname: 'vm1',
    });
    assert.deepEqual(res.steps, STEP_ORDER);
    assert.equal(vfs.setups, 1);
    assert.equal(vfs.teardowns, 1);
    assert.equal(vfs.calls[0], 'setup ');
    assert.equal(vfs.calls.at(-1), 'teardown ');
    assert.ok(vfs.entry('/.autorelabel'));
  });

  it('does not set up at all when there is nothing to inject', async () => {
    const vfs = new FakeVfs();
    assert.deepEqual((await inject(vfs, {})).steps, []);
    assert.equal(vfs.setups, 0);
  });

  it('aborts at the first failing step, names handler/step/path, still tears down, runs nothing after', async () => {
    const vfs = new FakeVfs();
    vfs.failOn = { op: 'replaceFile', path: '/meta.js', error: new Error('No space left on device') };
    const e = await expectInjectionError(
      inject(vfs, { metadata: { a: 1 }, files: [{ path: '/etc/x', content: 'x' }] }),
      'metadata',
      '/meta.js',
      /No space left on device/,
    );
    assert.equal(e.code, 'INJECTION_FAILED');
    assert.ok(e.cause instanceof Error);
    assert.equal(vfs.teardowns, 1);
    assert.ok(!vfs.calls.some((c) => c.includes('/etc/x')), 'the files step must not run after a failure');
  });

  it('a setup failure is reported as step setup and teardown still runs', async () => {
    const vfs = new FakeVfs();
    vfs.failOn = { op: 'setup', error: new Error('no OS found in the image') };
    await expectInjectionError(inject(vfs, { hostname: 'a' }), 'setup', undefined, /no OS found/);
    assert.equal(vfs.teardowns, 1);
    assert.ok(!vfs.calls.some((c) => c.startsWith('replaceFile')));
  });

  it('a teardown failure after success is fatal; after a step failure it is added, not swapped in', async () => {
    const ok = new FakeVfs();
    ok.failOn = { op: 'teardown', error: new Error('umount: target is busy') };
    await expectInjectionError(inject(ok, { hostname: 'a' }), 'teardown', undefined, /target is busy/);

    const both = new FakeVfs();
    both.failOn = { op: 'replaceFile', path: '/etc/hostname', error: new Error('Read-only file system') };
    const orig = both.teardown.bind(both);
    both.teardown = async () => {
      await orig();
      throw new Error('umount: target is busy');
    };
    await expectInjectionError(inject(both, { hostname: 'a' }), 'hostname', '/etc/hostname', /Read-only file system; teardown also failed: umount: target is busy/);
  });

  it('items that are wrong on their face fail before setup: no launch, no mount, nothing written', async () => {
    const cases: [Parameters<typeof inject>[1], string, string | undefined, RegExp][] = [
      [{ hostname: 'ok', files: [{ path: 'relative', content: '' }] }, 'files', 'relative', /must be absolute/],
      [{ metadata: { n: 1n } as unknown as Record<string, unknown> }, 'metadata', '/meta.js', /not serialisable/],
      [{ sshKey: { key: '  \n' } }, 'ssh-key', undefined, /empty/],
      [{ network: { interfaces: [{ mac: 'nope' }] } }, 'network', undefined, /MAC/],
      [{ files: [{ path: '/x', content: 'x' }], hostname: 'bad_name' }, 'hostname', '/etc/hostname', /not a valid host name/],
    ];
    for (const [items, step, path, re] of cases) {
      const vfs = new FakeVfs();
      await expectInjectionError(inject(vfs, items), step, path, re);
      assert.equal(vfs.setups, 0, step);
      assert.equal(vfs.teardowns, 0, step);
    }
  });

  it('an InjectionError from the Vfs keeps its path and is not double-prefixed', async () => {
    const vfs = new FakeVfs();
    vfs.failOn = { op: 'makePath', path: '/opt/app', error: new InjectionError('fake', 'makePath', '/opt/app', 'is a symlink out of the guest') };
    const e = await expectInjectionError(inject(vfs, { files: [{ path: '/opt/app/conf', content: 'x' }] }), 'files', '/opt/app', /is a symlink out of the guest/);
    assert.equal(e.message.match(/injection failed/g)?.length, 1);
  });
});

describe('ssh key step', () => {
  it('root: ~/.ssh 0700, authorized_keys 0600, owned by root, marker line then key', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { sshKey: { key: KEY } });
    assert.equal(vfs.entry('/root/.ssh')!.mode, 0o700);
    assert.equal(vfs.entry('/root/.ssh/authorized_keys')!.mode, 0o600);
    assert.equal(vfs.entry('/root/.ssh/authorized_keys')!.uid, 0);
    assert.equal(vfs.text('/root/.ssh/authorized_keys'), `${SSH_KEY_MARKER}\n${KEY}\n`);
  });

  it('a configured user: home from /etc/passwd, owner and group that user', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { sshKey: { key: KEY, user: 'debian' } });
    for (const p of ['/home/debian/.ssh', '/home/debian/.ssh/authorized_keys']) {
      assert.equal(vfs.entry(p)!.uid, 1000, p);
      assert.equal(vfs.entry(p)!.gid, 1000, p);
    }
    assert.equal(vfs.entry('/home/debian/.ssh')!.mode, 0o700);
    assert.equal(vfs.entry('/home/debian/.ssh/authorized_keys')!.mode, 0o600);
  });

  it('a home the image lacks is made 0700 and owned by the user', async () => {
    const vfs = new FakeVfs();
    vfs.entries.delete('/home/debian');
    await inject(vfs, { sshKey: { key: KEY, user: 'debian' } });
    const home = vfs.entry('/home/debian')!;
    assert.deepEqual([home.mode, home.uid, home.gid], [0o700, 1000, 1000]);
    assert.equal(vfs.entry('/home')!.uid, 0);
  });

  it('appends to existing keys (fixing a missing newline), and never adds a key twice', async () => {
    const vfs = new FakeVfs({ dirs: ['/root/.ssh'] });
    vfs.writeRaw('/root/.ssh/authorized_keys', `${KEY2}`, 0o644);
    await inject(vfs, { sshKey: { key: KEY } });
    await inject(vfs, { sshKey: { key: KEY } });
    // the same key with options and another comment is still the same key
    await inject(vfs, { sshKey: { key: `no-pty ${KEY.replace('alice@example', 'other')}` } });
    assert.equal(vfs.text('/root/.ssh/authorized_keys'), `${KEY2}\n${SSH_KEY_MARKER}\n${KEY}\n`);
    assert.equal(vfs.entry('/root/.ssh/authorized_keys')!.mode, 0o600, 'modes fixed even when nothing was appended');
    assert.equal(vfs.entry('/root/.ssh')!.mode, 0o700);
  });

  it('several keys in one item, one marker', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { sshKey: { key: `${KEY}\n${KEY2}\n${KEY}` } });
    assert.equal(vfs.text('/root/.ssh/authorized_keys'), `${SSH_KEY_MARKER}\n${KEY}\n${KEY2}\n`);
  });

  it('a missing user is a clear error naming /etc/passwd; nothing written', async () => {
    const vfs = new FakeVfs();
    await expectInjectionError(inject(vfs, { sshKey: { key: KEY, user: 'nobody' } }), 'ssh-key', '/etc/passwd', /user "nobody" does not exist/);
    assert.ok(!vfs.entry('/root/.ssh'));
  });

  it('a guest without /etc/passwd fails clearly', async () => {
    const vfs = new FakeVfs({ noAccounts: true });
    await expectInjectionError(inject(vfs, { sshKey: { key: KEY } }), 'ssh-key', '/etc/passwd', /the guest has no \/etc\/passwd/);
  });
});

describe('admin password step', () => {
  it('root gets a $6$ hash with a 16-char crypt-alphabet salt that the system crypt(3) verifies; other lines untouched; mode and group kept', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { adminPassword: { password: 's3cret pass' } });
    const lines = vfs.text('/etc/shadow').split('\n');
    const root = lines[0]!.split(':');
    assert.match(root[1]!, /^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    assert.equal(systemCrypt('s3cret pass', root[1]!), root[1]);
    assert.deepEqual(root.slice(2), SHADOW.split('\n')[0]!.split(':').slice(2));
    assert.deepEqual(lines.slice(1), SHADOW.split('\n').slice(1));
    assert.equal(vfs.entry('/etc/shadow')!.mode, 0o640);
    assert.equal(vfs.entry('/etc/shadow')!.gid, 42);
  });

  it('MD5 only on request, and openssl agrees', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { adminPassword: { password: 'pw', user: 'debian', algorithm: 'md5' } });
    const hash = vfs.text('/etc/shadow').split('\n')[2]!.split(':')[1]!;
    const salt = hash.split('$')[2]!;
    assert.match(hash, /^\$1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22}$/);
    assert.equal(openssl('passwd', '-1', '-salt', salt, 'pw'), hash);
  });

  it('a user in passwd but not in shadow, or not in passwd, is refused', async () => {
    const vfs = new FakeVfs();
    vfs.writeRaw('/etc/shadow', 'root:*:19000:0:99999:7:::\n', 0o640, 0, 42);
    await expectInjectionError(inject(vfs, { adminPassword: { password: 'x', user: 'debian' } }), 'admin-password', '/etc/shadow', /user "debian" has no line/);
    await expectInjectionError(inject(vfs, { adminPassword: { password: 'x', user: 'ghost' } }), 'admin-password', '/etc/passwd', /user "ghost" does not exist/);
    assert.equal(vfs.text('/etc/shadow'), 'root:*:19000:0:99999:7:::\n');
  });

  it('setShadowHash only touches the user\'s field 2', () => {
    assert.equal(setShadowHash('a:x:1:2\nbb:y:3:4\n', 'bb', 'H'), 'a:x:1:2\nbb:H:3:4\n');
    assert.equal(setShadowHash('a:x:1:2\n', 'b', 'H'), undefined);
    assert.equal(setShadowHash('ab:x:1\n', 'a', 'H'), undefined, 'no prefix match');
  });
});

describe('crypt(3) hashes', () => {
  // The test vectors published with the SHA-crypt specification.
  const vectors: [string, string, number | undefined, string][] = [
    ['Hello world!', 'saltstring', undefined, '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
    ['Hello world!', 'saltstringsaltstring', 10000, '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.'],
    ['This is just a test', 'toolongsaltstring', 5000, '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0'],
    ['we have a short salt string but not a short password', 'short', 77777, '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0'],
    ['a short string', 'asaltof16chars..', 123456, '$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1'],
    ['the minimum number is still observed', 'roundstoolow', 10, '$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.'],
  ];
  for (const [pw, salt, rounds, want] of vectors) {
    it(`sha512Crypt spec vector ${want.slice(0, 28)}…`, () => assert.equal(sha512Crypt(pw, salt, rounds), want));
  }

  it('sha512Crypt agrees with openssl passwd -6 and the system crypt(3) on assorted passwords', () => {
    for (const pw of ['pw', '', 'x'.repeat(200), 'ünïcödé ✓', 'a:b$c\\d', 'sixteen-chars!!!', '12345678901234567890123456789012345678901234567890123456789012345']) {
      const salt = randomSalt(16);
      const ours = sha512Crypt(pw, salt);
      if (pw !== '') assert.equal(openssl('passwd', '-6', '-salt', salt, pw), ours, `openssl, ${JSON.stringify(pw)}`);
      assert.equal(systemCrypt(pw, ours), ours, `crypt(3), ${JSON.stringify(pw)}`);
    }
    assert.equal(sha512Crypt('pw', 'saltsalt'), openssl('passwd', '-6', '-salt', 'saltsalt', 'pw'));
    const withRounds = sha512Crypt('pw', 'abcdefgh', 6000);
    assert.equal(systemCrypt('pw', withRounds), withRounds);
  });

  it('md5Crypt agrees with openssl passwd -1 and crypt(3)', () => {
    for (const pw of ['pw', 'password', 'x'.repeat(70), 'ünïcödé']) {
      for (const salt of ['saltsalt', 'ab', randomSalt(8)]) {
        const ours = md5Crypt(pw, salt);
        assert.equal(openssl('passwd', '-1', '-salt', salt, pw), ours);
        assert.equal(systemCrypt(pw, ours), ours);
      }
    }
  });

  it('salts use the crypt alphabet only; a bad salt is refused', () => {
    const s = randomSalt(16);
    assert.equal(s.length, 16);
    for (const ch of s) assert.ok(CRYPT_ALPHABET.includes(ch));
    assert.notEqual(randomSalt(16), s);
    assert.throws(() => sha512Crypt('pw', 'bad$salt'), RangeError);
    assert.throws(() => md5Crypt('pw', 'a:b'), RangeError);
  });
});

const NET: NetworkInfo = {
  interfaces: [
    {
      mac: '52:54:00:AA:BB:01',
      ipv4: { address: '192.168.10.5', netmask: '255.255.255.0', gateway: '192.168.10.1' },
      ipv6: { address: 'fd00:10::5', prefix: 64, gateway: 'fd00:10::1' },
      dns: ['192.168.10.1', 'fd00:10::53'],
    },
    { name: 'data0', mac: '52:54:00:aa:bb:02', ipv4: { address: '10.1.0.9', prefix: 16 } },
    { mac: '52:54:00:aa:bb:03' },
  ],
};

describe('network step', () => {
  it('Debian /etc/network/interfaces only, on a guest with no other network stack', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { network: NET });
    assert.equal(
      vfs.text('/etc/network/interfaces'),
      [
        '# Written by stratus at instance creation.',
        '# The format is described in interfaces(5).',
        '',
        'auto lo',
        'iface lo inet loopback',
        '',
        'auto eth0',
        'iface eth0 inet static',
        '    hwaddress ether 52:54:00:aa:bb:01',
        '    address 192.168.10.5',
        '    netmask 255.255.255.0',
        '    gateway 192.168.10.1',
        '    dns-nameservers 192.168.10.1 fd00:10::53',
        '',
        'iface eth0 inet6 static',
        '    address fd00:10::5',
        '    netmask 64',
        '    gateway fd00:10::1',
        '',
        'auto data0',
        'iface data0 inet static',
        '    hwaddress ether 52:54:00:aa:bb:02',
        '    address 10.1.0.9',
        '    netmask 255.255.0.0',
        '',
        'auto eth2',
        'iface eth2 inet dhcp',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      [...vfs.entries.keys()].filter((k) => /netplan|systemd|NetworkManager/.test(k)),
      [],
    );
  });

  it('systemd-networkd: one .network per interface, matched by MAC', async () => {
    const vfs = new FakeVfs({ dirs: ['/etc/systemd/network'] });
    await inject(vfs, { network: NET });
    assert.equal(
      vfs.text('/etc/systemd/network/10-stratus-eth0.network'),
      [
        '# Written by stratus at instance creation.',
        '[Match]',
        'MACAddress=52:54:00:aa:bb:01',
        '',
        '[Network]',
        'Address=192.168.10.5/24',
        'Gateway=192.168.10.1',
        'Address=fd00:10::5/64',
        'Gateway=fd00:10::1',
        'DNS=192.168.10.1',
        'DNS=fd00:10::53',
        '',
      ].join('\n'),
    );
    assert.match(vfs.text('/etc/systemd/network/10-stratus-data0.network'), /Address=10\.1\.0\.9\/16\n$/);
    assert.match(vfs.text('/etc/systemd/network/10-stratus-eth2.network'), /DHCP=yes/);
    assert.ok(vfs.entry('/etc/network/interfaces'), 'interfaces is written too');
  });

  it('netplan: one YAML, 0600, set-name only for named interfaces; python yaml parses it', async () => {
    const vfs = new FakeVfs({ dirs: ['/etc/netplan'] });
    await inject(vfs, { network: NET });
    const text = vfs.text('/etc/netplan/50-stratus.yaml');
    assert.equal(vfs.entry('/etc/netplan/50-stratus.yaml')!.mode, 0o600);
    const parsed = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', 'import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: text, encoding: 'utf8' }),
    );
    assert.deepEqual(parsed, {
      network: {
        version: 2,
        ethernets: {
          eth0: {
            match: { macaddress: '52:54:00:aa:bb:01' },
            addresses: ['192.168.10.5/24', 'fd00:10::5/64'],
            routes: [
              { to: '0.0.0.0/0', via: '192.168.10.1' },
              { to: '::/0', via: 'fd00:10::1' },
            ],
            nameservers: { addresses: ['192.168.10.1', 'fd00:10::53'] },
          },
          data0: { match: { macaddress: '52:54:00:aa:bb:02' }, 'set-name': 'data0', addresses: ['10.1.0.9/16'] },
          eth2: { match: { macaddress: '52:54:00:aa:bb:03' }, dhcp4: true },
        },
      },
    });
  });

  it('NetworkManager keyfiles: 0600 root:root, per interface, stable uuid', async () => {
    const vfs = new FakeVfs({ dirs: ['/etc/NetworkManager/system-connections'] });
    await inject(vfs, { network: NET });
    const p = '/etc/NetworkManager/system-connections/stratus-eth0.nmconnection';
    const text = vfs.text(p);
    assert.equal(vfs.entry(p)!.mode, 0o600);
    assert.equal(vfs.entry(p)!.uid, 0);
    assert.match(text, /\[connection\]\nid=stratus-eth0\nuuid=[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\ntype=ethernet\n/);
    assert.match(text, /\[ethernet\]\nmac-address=52:54:00:AA:BB:01\n/);
    assert.match(text, /\[ipv4\]\nmethod=manual\naddress1=192\.168\.10\.5\/24,192\.168\.10\.1\ndns=192\.168\.10\.1;\n/);
    assert.match(text, /\[ipv6\]\nmethod=manual\naddress1=fd00:10::5\/64,fd00:10::1\ndns=fd00:10::53;\n/);
    assert.match(vfs.text('/etc/NetworkManager/system-connections/stratus-eth2.nmconnection'), /\[ipv4\]\nmethod=auto\n/);
    const again = new FakeVfs({ dirs: ['/etc/NetworkManager/system-connections'] });
    await inject(again, { network: NET });
    assert.equal(again.text(p), text);
  });

  it('all flavours at once when the guest has all three directories', async () => {
    const vfs = new FakeVfs({ dirs: ['/etc/systemd/network', '/etc/netplan', '/etc/NetworkManager/system-connections'] });
    await inject(vfs, { network: NET });
    for (const p of ['/etc/network/interfaces', '/etc/systemd/network/10-stratus-data0.network', '/etc/netplan/50-stratus.yaml', '/etc/NetworkManager/system-connections/stratus-data0.nmconnection']) {
      assert.ok(vfs.entry(p), p);
    }
  });

  it('a file where a flavour directory should be is not taken for that flavour', async () => {
    const vfs = new FakeVfs();
    vfs.writeRaw('/etc/netplan', 'not a dir');
    await inject(vfs, { network: NET });
    assert.equal(vfs.text('/etc/netplan'), 'not a dir');
  });

  it('refuses values that could add lines to a config file, before writing anything', async () => {
    const cases: [NetworkInfo, RegExp][] = [
      [{ interfaces: [{ name: 'eth0\nauto evil', mac: '52:54:00:00:00:01' }] }, /not a valid Linux interface name/],
      [{ interfaces: [{ mac: '52:54:00:00:00:0' }] }, /is not aa:bb/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01', ipv4: { address: '10.0.0.1\n', prefix: 24 } }] }, /not an IPv4 address/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01', ipv4: { address: '10.0.0.1', netmask: '255.0.255.0' } }] }, /not a contiguous/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01', ipv4: { address: '10.0.0.1' } }] }, /needs a netmask or a prefix/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01', ipv4: { address: '10.0.0.1', prefix: 24, netmask: '255.255.0.0' } }] }, /disagree/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01', ipv6: { address: 'fd00::1', prefix: 129 } }] }, /out of range/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01', dns: ['8.8.8.8 evil'] }] }, /DNS server/],
      [{ interfaces: [{ mac: '52:54:00:00:00:01' }, { name: 'eth0', mac: '52:54:00:00:00:02' }] }, /used twice/],
    ];
    for (const [info, re] of cases) {
      const vfs = new FakeVfs();
      await expectInjectionError(inject(vfs, { network: info }), 'network', undefined, re);
      assert.ok(!vfs.entry('/etc/network'), 'nothing written');
    }
  });

  it('netmask/prefix conversions', () => {
    const r = resolveNetworkInfo({ interfaces: [{ mac: '52:54:00:00:00:01', ipv4: { address: '10.0.0.1', prefix: 20 } }, { mac: '52:54:00:00:00:02', ipv4: { address: '10.0.0.2', netmask: '255.255.255.255' } }] });
    assert.equal(r[0]!.ipv4!.netmask, '255.255.240.0');
    assert.equal(r[1]!.ipv4!.prefix, 32);
    assert.equal(ipv6Netmask(64), 'ffff:ffff:ffff:ffff::');
    assert.equal(ipv6Netmask(56), 'ffff:ffff:ffff:ff00::');
    assert.equal(ipv6Netmask(0), '::');
    assert.equal(ipv6Netmask(128), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });
});

describe('metadata, files, hostname, selinux steps', () => {
  it('metadata is one JSON object at /meta.js', async () => {
    const vfs = new FakeVfs();
    await inject(vfs, { metadata: { role: 'db', n: 3, nested: { x: [1] } } });
    assert.deepEqual(JSON.parse(vfs.text('/meta.js')), { role: 'db', n: 3, nested: { x: [1] } });
  });

  it('files: parents made root:root 0755, content replaced, optional mode', async () => {
    const vfs = new FakeVfs();
    vfs.writeRaw('/etc/motd', 'old old old\n', 0o640);
    await inject(vfs, {
      files: [
        { path: '/etc/motd', content: 'new\n' },
        { path: '/opt/app/conf/app.ini', content: Buffer.from([0, 1, 2]) },
        { path: '/usr/local/bin/run', content: '#!/bin/sh\n', mode: 0o755 },
      ],
    });
    assert.equal(vfs.text('/etc/motd'), 'new\n');
    assert.equal(vfs.entry('/etc/motd')!.mode, 0o640, 'an existing file keeps its mode');
    for (const d of ['/opt', '/opt/app', '/opt/app/conf']) {
      assert.equal(vfs.entry(d)!.type, 'dir');
      assert.equal(vfs.entry(d)!.mode, 0o755);
      assert.equal(vfs.entry(d)!.uid, 0);
    }
    assert.deepEqual([...vfs.entry('/opt/app/conf/app.ini')!.content], [0, 1, 2]);
    assert.equal(vfs.entry('/opt/app/conf/app.ini')!.mode, 0o644);
    assert.equal(vfs.entry('/usr/local/bin/run')!.mode, 0o755);
  });

  it('files: relative, `..` and NUL paths are refused before any file is written', async () => {
    for (const bad of ['etc/x', '/etc/../../x', '/a\0b', '/etc/']) {
      const vfs = new FakeVfs();
      await expectInjectionError(inject(vfs, { files: [{ path: '/ok', content: 'x' }, { path: bad, content: 'x' }] }), 'files', bad, /must/);
      assert.ok(!vfs.entry('/ok'));
    }
  });

  it('hostname: /etc/hostname and the 127.0.1.1 line (replaced, or added after 127.0.0.1)', async () => {
    const vfs = new FakeVfs();
    vfs.writeRaw('/etc/hosts', '127.0.0.1\tlocalhost\n127.0.1.1\told.example old\n::1\tlocalhost ip6-localhost\n127.0.1.1 dup\n');
    await inject(vfs, { hostname: 'web1.example.com' });
    assert.equal(vfs.text('/etc/hostname'), 'web1.example.com\n');
    assert.equal(vfs.text('/etc/hosts'), '127.0.0.1\tlocalhost\n127.0.1.1\tweb1.example.com web1\n::1\tlocalhost ip6-localhost\n');

    assert.equal(updateHosts('127.0.0.1 localhost\n::1 localhost\n', 'vm'), '127.0.0.1 localhost\n127.0.1.1\tvm\n::1 localhost\n');
    assert.equal(updateHosts('', 'vm'), '127.0.0.1\tlocalhost\n127.0.1.1\tvm\n');
    const fresh = new FakeVfs();
    await inject(fresh, { hostname: 'vm' });
    assert.equal(fresh.text('/etc/hosts'), '127.0.0.1\tlocalhost\n127.0.1.1\tvm\n');
  });

  it('hostname: invalid names refused', async () => {
    for (const bad of ['', 'a b', 'x\n127.0.0.1 evil', '-lead', 'a..b', 'x'.repeat(64)]) {
      const vfs = new FakeVfs();
      await expectInjectionError(inject(vfs, { hostname: bad }), 'hostname', '/etc/hostname', /not a valid host name/);
    }
  });

  it('selinux: /.autorelabel only when the guest has /etc/selinux, and can be turned off', async () => {
    const plain = new FakeVfs();
    await inject(plain, { hostname: 'a' });
    assert.ok(!plain.entry('/.autorelabel'));
    const se = new FakeVfs({ dirs: ['/etc/selinux'] });
    await inject(se, { hostname: 'a' });
    assert.equal(se.text('/.autorelabel'), '');
    const off = new FakeVfs({ dirs: ['/etc/selinux'] });
    await inject(off, { hostname: 'a', selinuxRelabel: false });
    assert.ok(!off.entry('/.autorelabel'));
  });
});
