// auth.conf: which file applies (libvirt's precedence), the key-file grammar, credential lookup,
// and the fallback to the caller's callback. Temp files and explicit environments only.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthConfig,
  LibvirtAuthError,
  locateAuthConfig,
  resolveCredentials,
  resolveSaslCredentials,
  type CredentialRequest,
} from '../../src/libvirt/auth/index.js';

const isAuthError = (code: string, re?: RegExp) => (e: unknown) =>
  e instanceof LibvirtAuthError && e.code === code && (!re || re.test(e.message));

const SAMPLE = `# credentials for libvirtd
[credentials-test]
authname=fred
password=123456

[credentials-prod]
authname=bar
password=let me=in ; not a comment
realm=EXAMPLE

; mappings
[auth-libvirt-test1.example.com]
credentials=test

[auth-libvirt-localhost]
credentials=prod

[auth-libvirt-default]
credentials=test

[auth-esx-default]
credentials=prod
`;

describe('auth.conf parsing and lookup', () => {
  const conf = AuthConfig.parse(SAMPLE, '/x/auth.conf');

  test('host group, then the default group', () => {
    assert.equal(conf.lookup('libvirt', 'test1.example.com', 'authname'), 'fred');
    assert.equal(conf.lookup('libvirt', 'other.example.com', 'authname'), 'fred');
    assert.equal(conf.lookup('libvirt', 'localhost', 'authname'), 'bar');
  });
  test('no host (unix socket) means localhost', () => {
    assert.equal(conf.lookup('libvirt', null, 'authname'), 'bar');
    assert.equal(conf.lookup('libvirt', '', 'password'), 'let me=in ; not a comment');
  });
  test('values are the rest of the line verbatim; missing keys are undefined', () => {
    assert.equal(conf.lookup('libvirt', 'localhost', 'realm'), 'EXAMPLE');
    assert.equal(conf.lookup('libvirt', 'test1.example.com', 'realm'), undefined);
    assert.equal(conf.lookup('libvirt', 'test1.example.com', 'username'), undefined);
  });
  test('another service has its own groups; no group at all is undefined', () => {
    assert.equal(conf.lookup('esx', 'anything', 'authname'), 'bar');
    assert.equal(conf.lookup('ssh', 'anything', 'authname'), undefined);
    assert.deepEqual(conf.groupNames().slice(0, 2), ['credentials-test', 'credentials-prod']);
  });
  test('CRLF line endings and an empty value', () => {
    const c = AuthConfig.parse('[credentials-a]\r\nauthname=x\r\npassword=\r\n[auth-libvirt-default]\r\ncredentials=a\r\n', 'crlf.conf');
    assert.equal(c.lookup('libvirt', 'h', 'authname'), 'x');
    assert.equal(c.lookup('libvirt', 'h', 'password'), '');
  });

  test('an auth group without credentials= is an error naming file, line and group', () => {
    const c = AuthConfig.parse('[credentials-a]\nauthname=x\n\n[auth-libvirt-default]\n# nothing\n', '/etc/a.conf');
    assert.throws(() => c.lookup('libvirt', 'h', 'authname'), isAuthError('AUTH_CONFIG', /^\/etc\/a\.conf:4: group \[auth-libvirt-default\] has no 'credentials='/));
  });
  test('a reference to a missing credentials group is an error', () => {
    const c = AuthConfig.parse('[auth-libvirt-localhost]\ncredentials=ghost\n', '/tmp/b.conf');
    assert.throws(() => c.lookup('libvirt', null, 'password'), (e) => {
      assert.ok(isAuthError('AUTH_CONFIG', /\[credentials-ghost\], which does not exist/)(e));
      assert.equal((e as LibvirtAuthError).context.missing, 'credentials-ghost');
      assert.equal((e as LibvirtAuthError).context.path, '/tmp/b.conf');
      return true;
    });
  });

  const malformed: [string, string, RegExp][] = [
    ['key before any group', 'authname=x\n', /c\.conf:1: value found before the first \[group\]/],
    ['spaces around =', '[credentials-a]\nauthname = x\n', /c\.conf:2: expected 'key=value'/],
    ['unterminated group', '[credentials-a\n', /c\.conf:1: cannot find end of group name/],
    ['garbage after group', '[credentials-a] x\n', /c\.conf:1: cannot find end of group name/],
    ['unexpected statement', '[credentials-a]\n\n  =x\n', /c\.conf:3: unexpected statement/],
    ['duplicate group', '[a]\nk=1\n[a]\n', /c\.conf:3: duplicate group 'a' \(first at line 1\)/],
    ['duplicate key', '[a]\nk=1\nk=2\n', /c\.conf:3: duplicate key 'k'/],
    ['bad key characters', '[a]\nauth_name=x\n', /c\.conf:2: expected 'key=value'/],
  ];
  for (const [name, text, re] of malformed) {
    test(`malformed: ${name}`, () => {
      assert.throws(() => AuthConfig.parse(text, 'c.conf'), isAuthError('AUTH_CONFIG', re));
    });
  }
  test('comments, blank lines with tabs, and a last line without newline parse', () => {
    const c = AuthConfig.parse('\t \n# c\n; c\n[credentials-z]\npassword=p', 'z.conf');
    assert.ok(c.hasGroup('credentials-z'));
  });
});

describe('which auth.conf applies (libvirt precedence)', () => {
  let dir: string;
  let envFile: string;
  let uriFile: string;
  let xdg: string;
  let home: string;
  let system: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-authconf-'));
    envFile = join(dir, 'env.conf');
    uriFile = join(dir, 'uri.conf');
    xdg = join(dir, 'xdg');
    home = join(dir, 'home');
    system = join(dir, 'etc-auth.conf');
    mkdirSync(join(xdg, 'libvirt'), { recursive: true });
    mkdirSync(join(home, '.config', 'libvirt'), { recursive: true });
    const creds = (who: string) => `[credentials-c]\nauthname=${who}\npassword=pw-${who}\n[auth-libvirt-default]\ncredentials=c\n`;
    writeFileSync(envFile, creds('env'));
    writeFileSync(uriFile, creds('uri'));
    writeFileSync(join(xdg, 'libvirt', 'auth.conf'), creds('xdg'));
    writeFileSync(join(home, '.config', 'libvirt', 'auth.conf'), creds('home'));
    writeFileSync(system, creds('system'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const loc = (env: Record<string, string | undefined>, authfile?: string) =>
    locateAuthConfig({ env, systemPath: system, ...(authfile ? { authfile } : {}) });

  test('$LIBVIRT_AUTH_FILE beats the URI authfile parameter and everything else', async () => {
    assert.deepEqual(await loc({ LIBVIRT_AUTH_FILE: envFile, XDG_CONFIG_HOME: xdg, HOME: home }, uriFile), { path: envFile, source: 'env' });
  });
  test('then ?authfile=', async () => {
    assert.deepEqual(await loc({ XDG_CONFIG_HOME: xdg, HOME: home }, uriFile), { path: uriFile, source: 'uri' });
  });
  test('then $XDG_CONFIG_HOME/libvirt/auth.conf', async () => {
    assert.deepEqual(await loc({ XDG_CONFIG_HOME: xdg, HOME: home }), { path: join(xdg, 'libvirt', 'auth.conf'), source: 'user' });
  });
  test('XDG_CONFIG_HOME unset or empty: ~/.config/libvirt/auth.conf', async () => {
    assert.deepEqual(await loc({ HOME: home }), { path: join(home, '.config', 'libvirt', 'auth.conf'), source: 'user' });
    assert.deepEqual(await loc({ HOME: home, XDG_CONFIG_HOME: '' }), { path: join(home, '.config', 'libvirt', 'auth.conf'), source: 'user' });
  });
  test('then the system file; an empty LIBVIRT_AUTH_FILE counts as unset', async () => {
    assert.deepEqual(await loc({ HOME: join(dir, 'nohome'), LIBVIRT_AUTH_FILE: '' }), { path: system, source: 'system' });
  });
  test('none readable: no file', async () => {
    assert.equal(await locateAuthConfig({ env: { HOME: join(dir, 'nohome') }, systemPath: join(dir, 'missing.conf') }), null);
  });
  test('an unreadable user file is skipped as libvirt does (access R_OK)', async () => {
    // Root can read anything, so simulate "unreadable" with a directory in the file's place.
    const odd = join(dir, 'odd');
    mkdirSync(join(odd, 'libvirt', 'auth.conf'), { recursive: true });
    assert.deepEqual(await loc({ XDG_CONFIG_HOME: odd }), { path: system, source: 'system' });
  });

  test('an explicitly named file that cannot be read is an error, not a silent fallback', async () => {
    await assert.rejects(
      resolveSaslCredentials({ env: { LIBVIRT_AUTH_FILE: join(dir, 'nope.conf'), HOME: home }, systemPath: system }),
      isAuthError('AUTH_CONFIG', /cannot read auth config .*nope\.conf/),
    );
  });

  test('resolveSaslCredentials reads authname and password from the chosen file', async () => {
    const r = await resolveSaslCredentials({ env: { XDG_CONFIG_HOME: xdg }, authfile: uriFile, systemPath: system });
    assert.deepEqual(r, { authname: 'uri', password: 'pw-uri' });
  });

  test('malformed file: the error names the file and line', async () => {
    const bad = join(dir, 'bad.conf');
    writeFileSync(bad, '[credentials-x]\nauthname=a\npass word=b\n');
    await assert.rejects(resolveSaslCredentials({ env: { LIBVIRT_AUTH_FILE: bad } }), isAuthError('AUTH_CONFIG', /bad\.conf:3:/));
  });
});

describe('credential callback', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-authcb-'));
    chmodSync(dir, 0o700);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('asked only for what the file lacks, with type, prompt and default', async () => {
    const f = join(dir, 'partial.conf');
    writeFileSync(f, '[credentials-p]\nauthname=fromfile\n[auth-libvirt-host1]\ncredentials=p\n');
    const asked: CredentialRequest[] = [];
    const r = await resolveCredentials({
      needed: ['authname', 'password'],
      hostname: 'host1',
      env: { LIBVIRT_AUTH_FILE: f },
      callback: async (req) => {
        asked.push(req);
        return 'typed-secret';
      },
    });
    assert.deepEqual(r.values, { authname: 'fromfile', password: 'typed-secret' });
    assert.deepEqual(r.sources, { authname: 'file', password: 'callback' });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.type, 'password');
    assert.match(asked[0]!.prompt, /host1/);
  });

  test('no file at all: everything comes from the callback; default username offered', async () => {
    const asked: CredentialRequest[] = [];
    const r = await resolveSaslCredentials({
      env: { HOME: join(dir, 'empty') },
      systemPath: join(dir, 'none'),
      defaultUsername: 'me',
      callback: async (req) => {
        asked.push(req);
        return req.type === 'authname' ? 'cb-user' : 'cb-pass';
      },
    });
    assert.deepEqual(r, { authname: 'cb-user', password: 'cb-pass' });
    assert.deepEqual(asked.map((a) => [a.type, a.defaultResult]), [['authname', 'me'], ['password', undefined]]);
    assert.match(asked[0]!.prompt, /localhost/);
  });

  test('nothing anywhere: AUTH_NO_CREDENTIALS says what is missing and what was consulted', async () => {
    await assert.rejects(
      resolveSaslCredentials({ env: { HOME: join(dir, 'empty') }, systemPath: join(dir, 'none'), hostname: 'h9' }),
      (e) =>
        isAuthError('AUTH_NO_CREDENTIALS', /no authname, password for libvirt on h9: no auth\.conf found; no credential callback was given/)(e),
    );
    await assert.rejects(
      resolveSaslCredentials({ env: { HOME: join(dir, 'empty') }, systemPath: join(dir, 'none'), callback: async () => undefined }),
      isAuthError('AUTH_NO_CREDENTIALS', /the credential callback gave none/),
    );
  });
});
