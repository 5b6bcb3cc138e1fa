/** Shared helpers of the domain tests: fixtures, line diffs, libvirt's validator, the QEMU daemon. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { virsh, virshAvailable } from './virsh.js';
import { lineDiff as diffLines } from '../helpers/line-diff.js';

export const DOMAIN_FIXTURES = join(process.cwd(), 'test', 'fixtures', 'xml', 'domain');
export const QEMU_URI = 'qemu:///system';
export const LXC_URI = 'lxc:///system';
export const TEST_URI = 'test+unix:///default';

export function fixture(name: string): string {
  return readFileSync(join(DOMAIN_FIXTURES, name), 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(DOMAIN_FIXTURES).filter((n) => n.endsWith('.xml')).sort();
}

/** Lines removed from `before` and added in `after`, trimmed. */
export const lineDiff = (before: string, after: string) => diffLines(before, after, { trim: true });

/** Asserts that going from `before` to `after` removed and added exactly these (trimmed) lines. */
export function assertOnlyChanged(before: string, after: string, removed: string[], added: string[]): void {
  assert.deepEqual(lineDiff(before, after), { removed, added });
}

const workDir = mkdtempSync(join(tmpdir(), 'stratus-domain-test-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

export function tempFile(name: string, text: string): string {
  const p = join(workDir, name);
  writeFileSync(p, text);
  return p;
}

export const haveValidator = spawnSync('virt-xml-validate', ['--help'], { encoding: 'utf8' }).error === undefined;

/** Runs libvirt's own schema validator; fails with its message and the document. */
export function assertValid(name: string, xml: string): void {
  const file = tempFile(`${name}.xml`, xml);
  const r = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `virt-xml-validate rejected ${name}:\n${r.stderr}${r.stdout}\n${xml}`);
}

export const haveQemu = virshAvailable(QEMU_URI);
export const haveLxc = virshAvailable(LXC_URI);
export const haveTest = virshAvailable(TEST_URI);

/**
 * A daemon test domain's name: `stratus-test-<what>-<pid>`, so runs that overlap (two suites on
 * one host) never define, or undefine, each other's domains.
 */
export function testName(what: string): string {
  return `stratus-test-${what}-${process.pid}`;
}

/**
 * Defines a domain in a daemon, returns what `dumpxml --inactive` gives back, and undefines it
 * again whatever happens (names must start with `stratus-test-`).
 */
export function defineAndDump(uri: string, name: string, xml: string): string {
  assert.ok(name.startsWith('stratus-test-'), 'daemon test domains are named stratus-test-*');
  const file = tempFile(`${name}.define.xml`, xml);
  virsh(uri, 'undefine', '--nvram', name); // a leftover of an interrupted run
  const def = virsh(uri, 'define', file);
  try {
    assert.ok(def.ok, `virsh define ${name} failed: ${def.stderr}\n${xml}`);
    const dump = virsh(uri, 'dumpxml', '--inactive', name);
    assert.ok(dump.ok, `virsh dumpxml ${name} failed: ${dump.stderr}`);
    return dump.stdout;
  } finally {
    if (def.ok) {
      const u = virsh(uri, 'undefine', '--nvram', name);
      if (!u.ok) virsh(uri, 'undefine', name);
    }
  }
}
