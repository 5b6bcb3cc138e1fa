/**
 * Round trip over a corpus of real documents: everything the local daemon hands out (test driver
 * and QEMU driver) plus stored fixtures and the benchmark's generated domains. For each document,
 * parseDocument(x).toXML() must be semantically equal to x (checked by our tree and by lxml's
 * C14N), and a second round trip must be byte-identical to the first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from '../../src/config/index.js';
import { LARGE_DOMAIN, TYPICAL_DOMAIN } from '../../bench/xml-docs.js';
import { c14nDiffs, lxmlAvailable, semanticDiff } from './semantic.js';
import { names, virsh, virshAvailable, virshSession, xmlOnly } from './virsh.js';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'xml');
const TEST_URI = 'test+unix:///default';
const QEMU_URI = 'qemu:///system';

interface Doc {
  name: string;
  xml: string;
}

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (n.endsWith('.xml')) out.push(p);
  }
  return out.sort();
}

function fromFixtures(): Doc[] {
  return walk(FIXTURES).map((p) => ({ name: `fixture ${relative(FIXTURES, p)}`, xml: readFileSync(p, 'utf8') }));
}

/** Everything one daemon connection can list, dumped in one session. */
function fromDaemon(uri: string, label: string): Doc[] {
  const [doms, pools, nets, secrets] = virshSession(uri, ['list --all --name', 'pool-list --all --name', 'net-list --all --name', 'secret-list']);
  const commands: Array<[string, string]> = [];
  for (const d of names(doms)) {
    commands.push([`domain ${d}`, `dumpxml ${d}`]);
    commands.push([`domain ${d} (inactive)`, `dumpxml --inactive ${d}`]);
  }
  for (const p of names(pools)) {
    commands.push([`pool ${p}`, `pool-dumpxml ${p}`]);
  }
  for (const n of names(nets)) commands.push([`network ${n}`, `net-dumpxml ${n}`]);
  for (const line of names(secrets).slice(2)) {
    const uuid = line.split(/\s+/)[0];
    if (uuid) commands.push([`secret ${uuid}`, `secret-dumpxml ${uuid}`]);
  }
  commands.push(['capabilities', 'capabilities']);
  commands.push(['domcapabilities', uri.startsWith('qemu') ? 'domcapabilities --virttype qemu' : 'domcapabilities']);
  if (uri.startsWith('test')) {
    // The test driver starts empty of volumes and snapshots: make some in this same session.
    commands.push(['create volume', 'vol-create-as default-pool corpus.qcow2 1G --format qcow2']);
    commands.push(['volume corpus.qcow2', 'vol-dumpxml --pool default-pool corpus.qcow2']);
    const first = names(doms)[0];
    if (first) {
      commands.push(['create snapshot', `snapshot-create-as ${first} corpus-a 'first corpus snapshot'`]);
      commands.push(['create snapshot', `snapshot-create-as ${first} corpus-b --description 'second & last'`]);
      commands.push([`snapshot ${first}/corpus-a`, `snapshot-dumpxml ${first} corpus-a`]);
      commands.push([`snapshot ${first}/corpus-b`, `snapshot-dumpxml ${first} corpus-b`]);
    }
  } else {
    for (const p of names(pools)) commands.push([`volumes of ${p}`, `vol-list ${p}`]);
  }
  const outs = virshSession(uri, commands.map((c) => c[1]));
  const docs: Doc[] = [];
  const volumeDumps: string[] = [];
  commands.forEach(([name, cmd], i) => {
    if (name.startsWith('create')) return;
    if (name.startsWith('volumes of')) {
      const pool = name.slice('volumes of '.length);
      for (const line of names(outs[i])) {
        const vol = line.split(/\s+/)[0];
        if (vol) volumeDumps.push(`vol-dumpxml --pool ${pool} ${vol}`);
      }
      return;
    }
    const xml = xmlOnly(outs[i]);
    if (xml) docs.push({ name: `${label} ${name}`, xml });
    else if (cmd.startsWith('domcapabilities')) return;
    // Other test files create and remove domains concurrently: one that is gone now is not a failure.
    else if (cmd.startsWith('dumpxml') && !virsh(uri, 'domuuid', name.replace(/^domain /, '').replace(/ \(inactive\)$/, '')).ok) return;
    else docs.push({ name: `${label} ${name} (no output)`, xml: '' });
  });
  const vols = virshSession(uri, volumeDumps);
  volumeDumps.forEach((cmd, i) => {
    const xml = xmlOnly(vols[i]);
    if (xml) docs.push({ name: `${label} ${cmd}`, xml });
  });
  return docs;
}

const corpus: Doc[] = [
  ...fromFixtures(),
  { name: 'generated typical domain', xml: TYPICAL_DOMAIN },
  { name: 'generated large domain', xml: LARGE_DOMAIN },
];
const haveTest = virshAvailable(TEST_URI);
const haveQemu = virshAvailable(QEMU_URI);
if (haveTest) corpus.push(...fromDaemon(TEST_URI, 'test driver'));
if (haveQemu) corpus.push(...fromDaemon(QEMU_URI, 'qemu driver'));

const results: Array<{ doc: Doc; once: string }> = [];

for (const doc of corpus) {
  test(`round trip: ${doc.name}`, () => {
    assert.notEqual(doc.xml, '', 'virsh gave no XML');
    const once = parseDocument(doc.xml).toXML();
    assert.equal(semanticDiff(doc.xml, once), undefined);
    const twice = parseDocument(once).toXML();
    assert.equal(twice, once, 'second round trip is not byte-identical');
    results.push({ doc, once });
  });
}

test('the daemon contributed documents', { skip: !haveTest && !haveQemu ? 'no libvirt daemon reachable' : false }, () => {
  const fromDaemons = corpus.filter((d) => d.name.startsWith('test driver') || d.name.startsWith('qemu driver'));
  assert.ok(fromDaemons.length >= 8, `only ${fromDaemons.length} documents from the daemon`);
  const kinds = new Set(fromDaemons.map((d) => parseDocument(d.xml).el.name));
  const expected = ['domain', 'pool', 'network', 'capabilities'];
  if (haveTest) expected.push('volume', 'domainsnapshot');
  if (haveQemu) expected.push('domainCapabilities');
  for (const k of expected) assert.ok(kinds.has(k), `no <${k}> from the daemon`);
});

test('lxml C14N agrees that each round trip kept the document', { skip: lxmlAvailable() ? false : '/usr/bin/python3 with lxml missing' }, () => {
  assert.ok(results.length > 0);
  const diffs = c14nDiffs(results.map((r) => [r.doc.xml, r.once]));
  const bad = diffs.map((d, i) => (d ? `${results[i].doc.name}: ${d}` : undefined)).filter((x) => x !== undefined);
  assert.deepEqual(bad, []);
});
