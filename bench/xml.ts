/**
 * `npm run bench:xml`: our XML core against python3-lxml (libxml2, in C), in one run on the same
 * documents. Each side runs its own timing loop in its own process:
 *
 *   parse+read+serialize   parse, read 10 typed properties, serialize
 *   serialize              serialize an already parsed document
 *
 * Prints `name: ours X/s, lxml Y/s, ratio Z` (ratio = ours / lxml, higher is better).
 * Targets: ratio >= 0.5 for parse+read+serialize, >= 1.0 for serialize.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDomain, parseXml, toBytes, type Domain } from '../src/config/index.js';
import { LARGE_DOMAIN, TYPICAL_DOMAIN } from './xml-docs.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '1.5');
const PYTHON = '/usr/bin/python3'; // the system python has lxml; the pyenv one on PATH does not

/** The 10 typed reads, through the Domain class (the same ones lxml does with XPath). */
function readTen(d: Domain): unknown[] {
  const devices = d.devices;
  const disks = devices.disks;
  return [
    d.name,
    d.uuid,
    d.memory,
    d.vcpu?.count,
    d.os?.arch,
    devices.emulator,
    disks.length,
    disks.at(-1)?.target?.dev,
    devices.interfaces.at(0)?.mac,
    devices.graphics.at(0)?.type,
  ];
}

let sink = 0;
/**
 * toXML() returns a rope; reading a character makes V8 flatten it into one buffer, which is what
 * lxml's tostring() delivers, so both sides pay for a finished string.
 */
function flat(s: string): number {
  return s.charCodeAt(s.length >> 1);
}
function rate(fn: () => void): number {
  for (let i = 0; i < 200; i++) fn(); // warm up the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(SECONDS * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

function ours(xml: string): { full: number; serialize: number } {
  const full = rate(() => {
    const dom = parseDomain(xml);
    sink += readTen(dom).length;
    sink += flat(dom.toXML());
  });
  const parsed = parseXml(xml);
  const serialize = rate(() => {
    sink += flat(parsed.toXML());
  });
  return { full, serialize };
}

const PY = String.raw`
import sys, time, json
from lxml import etree
path, seconds = sys.argv[1], float(sys.argv[2])
data = open(path, 'rb').read()
reads = [etree.XPath(x) for x in (
  'string(/domain/name)', 'string(/domain/uuid)', 'string(/domain/memory)', 'string(/domain/memory/@unit)',
  'number(/domain/vcpu)', 'string(/domain/os/type/@arch)', 'string(/domain/devices/emulator)',
  'count(/domain/devices/disk)', 'string(/domain/devices/disk[last()]/target/@dev)',
  'string(/domain/devices/interface[1]/mac/@address)', 'string(/domain/devices/graphics/@type)')]
def full():
    root = etree.fromstring(data)
    vals = [r(root) for r in reads]
    int(vals[2]); int(vals[4])
    etree.tostring(root)
    return vals
print(json.dumps(full()))
parsed = etree.fromstring(data)
def ser():
    return etree.tostring(parsed)
def rate(fn):
    for _ in range(200): fn()
    n = 0
    start = time.perf_counter()
    while True:
        for _ in range(20): fn()
        n += 20
        el = time.perf_counter() - start
        if el >= seconds: return n / el
print(rate(full), rate(ser))
`;

function lxml(xml: string, dir: string): { full: number; serialize: number; values: unknown[] } {
  const file = join(dir, 'doc.xml');
  writeFileSync(file, xml);
  const r = spawnSync(PYTHON, ['-c', PY, file, String(SECONDS)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3-lxml run failed: ${r.stderr}`);
  const [valuesLine, rates] = r.stdout.trim().split('\n');
  const [full, serialize] = rates.trim().split(/\s+/).map(Number);
  return { full, serialize, values: JSON.parse(valuesLine) as unknown[] };
}

/** Both sides must read the same values, or the comparison means nothing. */
function checkSameAnswers(xml: string, py: unknown[]): void {
  const [name, uuid, memory, vcpu, arch, emulator, disks, lastDev, mac, graphics] = readTen(parseDomain(xml));
  const mem = memory as { value: number; unit: 'KiB' };
  const ours = [name, uuid, String(mem.value), mem.unit, vcpu, arch, emulator, disks, lastDev, mac, graphics];
  const theirs = [...py];
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`reads differ: ours ${JSON.stringify(ours)}, lxml ${JSON.stringify(theirs)}`);
  if (toBytes(mem) <= 0n) throw new Error('memory read as zero');
}

function line(name: string, a: number, b: number): string {
  return `${name}: ours ${Math.round(a)}/s, lxml ${Math.round(b)}/s, ratio ${(a / b).toFixed(2)}`;
}

const dir = mkdtempSync(join(tmpdir(), 'stratus-bench-xml-'));
try {
  for (const [label, xml] of [
    [`typical domain (${TYPICAL_DOMAIN.split('\n').length - 1} lines)`, TYPICAL_DOMAIN],
    [`large domain (${LARGE_DOMAIN.split('\n').length - 1} lines)`, LARGE_DOMAIN],
  ] as const) {
    const l = lxml(xml, dir);
    checkSameAnswers(xml, l.values);
    const o = ours(xml);
    console.log(line(`${label} parse+read+serialize`, o.full, l.full));
    console.log(line(`${label} serialize`, o.serialize, l.serialize));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (sink === -1) console.log('');
