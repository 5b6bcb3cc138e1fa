// The guest report parser on console text shaped like guest/init's output (pure logic, no guest).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  GuestReportError,
  parseGuestReport,
  parseGuestReports,
  parseHeartbeats,
  unescapeValue,
  waitForGuestReport,
  waitForHeartbeat,
} from '../helpers/guest-report.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function report(extra: string[] = [], bootId = 'b1'): string {
  return [
    'STRATUS-REPORT-BEGIN',
    'report.format=1',
    'uptime=3.70',
    'kernel.release=6.1.0-56-cloud-amd64',
    'kernel.cmdline=root=/dev/vda console=ttyS0',
    'hostname=guest-1',
    `boot.id=${bootId}`,
    'boot.count=2',
    'stay=0',
    'cpu.count=2',
    'cpu.vendor=AuthenticAMD',
    'cpu.model=QEMU Virtual CPU version 2.5+',
    'cpu.flags=fpu de pse lm',
    'memory.total_kib=94788',
    'disk.0.name=vda',
    'disk.0.size_bytes=100663296',
    'disk.0.serial=vol-1',
    'disk.0.readonly=0',
    'disk.0.removable=0',
    'disk.0.partitions=vda1',
    'disk.0.by_id=virtio-vol-1',
    'disk.1.name=sr0',
    'disk.1.size_bytes=0',
    'disk.1.serial=',
    'disk.1.readonly=1',
    'disk.1.removable=1',
    'disk.1.partitions=',
    'disk.1.by_id=',
    'disk.count=2',
    'byid.0.link=virtio-vol-1',
    'byid.0.device=vda',
    'byid.1.link=virtio-vol-1-part1',
    'byid.1.device=vda1',
    'byid.count=2',
    'nic.0.name=eth0',
    'nic.0.mac=52:54:00:00:00:01',
    'nic.0.driver=virtio_net',
    'nic.count=1',
    'mount.root=/dev/vda1 ext4 rw,relatime',
    'file.0.path=/root/.ssh',
    'file.0.exists=1',
    'file.0.mode=0700',
    'file.0.uid=0',
    'file.0.gid=0',
    'file.0.owner=root',
    'file.0.group=root',
    'file.0.size=4096',
    'file.0.type=dir',
    'file.0.entries=authorized_keys',
    'file.1.path=/root/.ssh/authorized_keys',
    'file.1.exists=1',
    'file.1.mode=0600',
    'file.1.uid=0',
    'file.1.gid=0',
    'file.1.owner=root',
    'file.1.group=root',
    'file.1.size=24',
    'file.1.type=file',
    `file.1.content_b64=${b64('ssh-ed25519 AAAA key\n')}`,
    'file.2.path=/meta.js',
    'file.2.exists=0',
    'file.3.path=/etc/hosts',
    'file.3.exists=1',
    'file.3.mode=0777',
    'file.3.type=symlink',
    'file.3.target=../../etc/shadow',
    'file.count=4',
    'shadow.root=root:$6$salt$hash:20000:0:99999:7:::',
    'configdrive.0.device=sr0',
    'configdrive.0.label=config-2',
    'configdrive.0.fstype=iso9660',
    'configdrive.0.file.0.path=openstack/latest/meta_data.json',
    'configdrive.0.file.0.size=12',
    `configdrive.0.file.0.content_b64=${b64('{"uuid":"x"}')}`,
    'configdrive.0.file.1.path=openstack/latest/user_data',
    'configdrive.0.file.1.size=900000',
    'configdrive.0.file.count=2',
    'configdrive.count=1',
    ...extra,
    'report.uptime_end=4.58',
    'STRATUS-REPORT-END',
  ].join('\r\n');
}

describe('guest report parser', () => {
  it('parses every section into typed fields', () => {
    const r = parseGuestReport(`[    0.000000] Linux version ...\r\n${report()}\r\nSTRATUS-POWEROFF report-done\r\n`);
    assert.equal(r.format, 1);
    assert.equal(r.uptimeSeconds, 3.7);
    assert.equal(r.uptimeEndSeconds, 4.58);
    assert.equal(r.kernel.release, '6.1.0-56-cloud-amd64');
    assert.equal(r.bootCount, 2);
    assert.deepEqual(r.cpu, { count: 2, vendor: 'AuthenticAMD', model: 'QEMU Virtual CPU version 2.5+', flags: ['fpu', 'de', 'pse', 'lm'] });
    assert.equal(r.memory.totalKiB, 94788);
    assert.deepEqual(r.disks[0], {
      name: 'vda', sizeBytes: 100663296, serial: 'vol-1', readOnly: false, removable: false, partitions: ['vda1'], byId: ['virtio-vol-1'],
    });
    assert.equal(r.disks[1].serial, null);
    assert.deepEqual([...r.byId], [['virtio-vol-1', 'vda'], ['virtio-vol-1-part1', 'vda1']]);
    assert.deepEqual(r.nics, [{ name: 'eth0', mac: '52:54:00:00:00:01', driver: 'virtio_net' }]);
    assert.deepEqual(r.rootMount, { device: '/dev/vda1', fstype: 'ext4', options: ['rw', 'relatime'] });
    const ssh = r.files.get('/root/.ssh');
    assert.equal(ssh?.mode, 0o700);
    assert.deepEqual(ssh?.entries, ['authorized_keys']);
    const keys = r.files.get('/root/.ssh/authorized_keys');
    assert.equal(keys?.modeOctal, '0600');
    assert.equal(keys?.owner, 'root');
    assert.equal(keys?.content, 'ssh-ed25519 AAAA key\n');
    assert.deepEqual(r.files.get('/meta.js'), { path: '/meta.js', exists: false });
    assert.equal(r.files.get('/etc/hosts')?.type, 'symlink');
    assert.equal(r.files.get('/etc/hosts')?.target, '../../etc/shadow');
    assert.equal(r.shadowRoot, 'root:$6$salt$hash:20000:0:99999:7:::');
    assert.equal(r.configDrives.length, 1);
    assert.equal(r.configDrives[0].label, 'config-2');
    assert.equal(r.configDrives[0].files[0].content, '{"uuid":"x"}');
    assert.equal(r.configDrives[0].files[1].content, undefined, 'large files are listed, not printed');
    assert.deepEqual(r.noise, []);
  });

  it('unescapes values and keeps stray console lines apart', () => {
    assert.equal(unescapeValue('a\\\\b\\tc\\nd\\re'), 'a\\b\tc\nd\re');
    assert.equal(unescapeValue('plain=value'), 'plain=value');
    const r = parseGuestReport(report(['hostname=tab\\there', '[   12.1] random: crng init done', 'extra.key=x=y']));
    assert.equal(r.hostname, 'tab\there');
    assert.equal(r.raw.get('extra.key'), 'x=y');
    assert.deepEqual(r.noise, ['[   12.1] random: crng init done']);
  });

  it('returns the last complete report, or all of them', () => {
    const text = `${report([], 'first')}\n...reboot...\n${report([], 'second')}\nSTRATUS-REPORT-BEGIN\nreport.format=1\n`;
    assert.deepEqual(parseGuestReports(text).map((r) => r.bootId), ['first', 'second']);
    assert.equal(parseGuestReport(text).bootId, 'second');
  });

  it('throws clear errors for missing, partial and failed boots', () => {
    assert.throws(() => parseGuestReport('SeaBIOS\r\nBooting from Hard Disk...\r\n'), (e: unknown) =>
      e instanceof GuestReportError && e.code === 'GUEST_REPORT_MISSING' && /no guest report/.test(e.message) && /Booting from Hard Disk/.test(e.message));
    assert.throws(() => parseGuestReport('STRATUS-REPORT-BEGIN\nreport.format=1\n'), (e: unknown) =>
      e instanceof GuestReportError && e.code === 'GUEST_REPORT_MISSING' && /no STRATUS-REPORT-END/.test(e.message));
    assert.throws(() => parseGuestReport('STRATUS-BOOT-FAILED root device /dev/vdz did not appear within 2s\n'), (e: unknown) =>
      e instanceof GuestReportError && e.code === 'GUEST_BOOT_FAILED' && /vdz did not appear/.test(e.message));
    assert.throws(() => parseGuestReport('[ 1.0] Kernel panic - not syncing: VFS: Unable to mount root fs\n'), (e: unknown) =>
      e instanceof GuestReportError && e.code === 'GUEST_KERNEL_PANIC');
    assert.throws(() => parseGuestReport('STRATUS-REPORT-BEGIN\nreport.format=1\nSTRATUS-REPORT-END\n'), (e: unknown) =>
      e instanceof GuestReportError && e.code === 'GUEST_REPORT_INVALID' && /missing key uptime/.test(e.message));
  });

  it('parses heartbeats', () => {
    const hb = parseHeartbeats('STRATUS-UPTIME 5.10 sr0 vda:virtio-root\r\nnoise\r\nSTRATUS-UPTIME 7.12 vda:virtio-root vdb:virtio-a,virtio-b\r\nSTRATUS-UPTIME ');
    assert.deepEqual(hb, [
      { uptimeSeconds: 5.1, disks: [{ name: 'sr0', byId: [] }, { name: 'vda', byId: ['virtio-root'] }] },
      { uptimeSeconds: 7.12, disks: [{ name: 'vda', byId: ['virtio-root'] }, { name: 'vdb', byId: ['virtio-a', 'virtio-b'] }] },
    ]);
  });

  it('waits on a growing console log file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-report-'));
    try {
      const log = join(dir, 'console.log');
      const pending = waitForGuestReport(log, { timeoutMs: 5_000, pollMs: 20 });
      await new Promise((r) => setTimeout(r, 60));
      const text = report();
      writeFileSync(log, text.slice(0, 200));
      await new Promise((r) => setTimeout(r, 60));
      appendFileSync(log, text.slice(200));
      assert.equal((await pending).hostname, 'guest-1');
      const hb = waitForHeartbeat(log, { timeoutMs: 5_000, pollMs: 20, match: (h) => h.uptimeSeconds > 6 });
      appendFileSync(log, '\nSTRATUS-UPTIME 5.0 vda\n');
      await new Promise((r) => setTimeout(r, 60));
      appendFileSync(log, 'STRATUS-UPTIME 7.0 vda\n');
      assert.equal((await hb).uptimeSeconds, 7);
      await assert.rejects(waitForGuestReport(join(dir, 'never.log'), { timeoutMs: 100, pollMs: 20 }), (e: unknown) =>
        e instanceof GuestReportError && e.code === 'GUEST_REPORT_TIMEOUT');
      writeFileSync(join(dir, 'failed.log'), 'STRATUS-BOOT-FAILED no root= on the kernel command line\n');
      await assert.rejects(waitForGuestReport(join(dir, 'failed.log'), { timeoutMs: 5_000, pollMs: 20 }), (e: unknown) =>
        e instanceof GuestReportError && e.code === 'GUEST_BOOT_FAILED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("guest/init's own value escaping", () => {
  it('round-trips through kv() in busybox sh and unescapeValue()', async (t) => {
    const { execFileSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const bb = '/bin/busybox';
    try {
      execFileSync(bb, ['true']);
    } catch {
      return t.skip('busybox not installed');
    }
    // Take escape() and kv() from the real init script (found from test/guest or dist/test/guest).
    let init = '';
    for (const rel of ['../../guest/init', '../../../guest/init']) {
      try {
        init = readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
        break;
      } catch {
        // try the next layout
      }
    }
    assert.ok(init, 'guest/init found');
    const fn = (name: string) => {
      const m = new RegExp(`^${name}\\(\\) \\{[\\s\\S]*?^\\}`, 'm').exec(init);
      assert.ok(m, `${name}() in guest/init`);
      return m[0];
    };
    const values = ['plain', 'back\\slash', 'tab\there', 'two\nlines', 'cr\rhere', 'all \\ \t \n \r end', 'x=y=z'];
    const script = [
      "NL='\n'",
      "TAB=$(printf '\\t')",
      "CR=$(printf '\\r')",
      'REPORT=$(mktemp)',
      fn('escape'),
      fn('kv'),
      'i=0',
      'for v in "$@"; do kv "v.$i" "$v"; i=$((i + 1)); done',
      'cat "$REPORT"',
      'rm -f "$REPORT"',
    ].join('\n');
    const out = execFileSync(bb, ['sh', '-c', script, 'sh', ...values], { encoding: 'utf8' });
    const lines = out.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, values.length, `one line per value:\n${out}`);
    lines.forEach((line, i) => {
      const [key, ...rest] = line.split('=');
      assert.equal(key, `v.${i}`);
      assert.equal(unescapeValue(rest.join('=')), values[i], `value ${i}: ${line}`);
    });
  });
});
