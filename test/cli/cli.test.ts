/** The `stratus` command's conventions: --json output, tables for people, exit codes 0/1/2 with one-line reasons. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const BIN = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
const stratus = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('stratus CLI', () => {
  it('host --json reports the daemon as JSON', () => {
    const r = stratus('host', '--uri', 'test+unix:///default', '--json');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { hypervisor: string; node: { cpus: number }; domains: { name: string; state: string }[] };
    assert.equal(report.hypervisor, 'TEST');
    assert.equal(report.node.cpus, 16);
    assert.deepEqual(report.domains.map((d) => [d.name, d.state]), [['test', 'running']]);
  });

  it('domains prints a table for people', () => {
    const r = stratus('domains', '--uri', 'test+unix:///default');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+ID\s+STATE\s+VCPUS\s+MEMORY\n/);
    assert.match(r.stdout, /\ntest\s+1\s+running\s+2\s+2\.0 GiB\n/);
  });

  it('exits 2 with a hint on bad usage', () => {
    for (const args of [['bogus'], ['host', '--no-such-flag'], []]) {
      const r = stratus(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.match(stratus('bogus').stderr, /^stratus: unknown command "bogus"\ntry 'stratus --help'\n$/);
  });

  it('exits 1 with one line naming the cause when the daemon cannot be reached', () => {
    const r = stratus('host', '--uri', 'qemu:///system?socket=/nonexistent/libvirt-sock');
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^stratus: cannot connect to qemu:\/\/\/system\?socket=\/nonexistent\/libvirt-sock: .*nonexistent/);
  });

  it('--help lists the commands and exits 0', () => {
    const r = stratus('--help');
    assert.equal(r.status, 0);
    for (const c of ['host', 'domains', 'demo']) assert.match(r.stdout, new RegExp(`\\n  ${c} `));
  });
});
