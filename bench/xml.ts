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
import { parseXml } from '../src/config/xml/index.js';
import { XmlView, isElement, type XmlElement } from '../src/config/view.js';
import type { Quantity } from '../src/config/units.js';
import { LARGE_DOMAIN, TYPICAL_DOMAIN } from './xml-docs.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '1.5');
const PYTHON = '/usr/bin/python3'; // the system python has lxml; the pyenv one on PATH does not

/** The 10 reads, through the typed-view helpers (what the Domain class is built from). */
class BenchDomain extends XmlView {
  constructor(init: XmlElement | object = {}) {
    super(init, 'domain');
    if (!isElement(init)) this.assign(init);
  }
  get name() { return this.childText('name'); }
  get uuid() { return this.childText('uuid'); }
  get memory(): Quantity | undefined { return this.quantityChild('memory', 'KiB'); }
  get vcpu() { return this.intChildText('vcpu', { min: 1 }); }
  get arch() { return this.el.find('os/type')?.getAttribute('arch'); }
  get emulator() { return this.childText('devices/emulator'); }
  get disks() { return this.list('disk', DiskView, { in: 'devices' }); }
  get interfaces() { return this.list('interface', IfaceView, { in: 'devices' }); }
  get graphicsType() { return this.el.find('devices/graphics')?.getAttribute('type'); }
}
class DiskView extends XmlView {
  constructor(init: XmlElement | object = {}) { super(init, 'disk'); }
  get targetDev() { return this.el.child('target')?.getAttribute('dev'); }
}
class IfaceView extends XmlView {
  constructor(init: XmlElement | object = {}) { super(init, 'interface'); }
  get mac() { return this.el.child('mac')?.getAttribute('address'); }
}

function readTen(d: BenchDomain): unknown[] {
  const disks = d.disks;
  return [d.name, d.uuid, d.memory, d.vcpu, d.arch, d.emulator, disks.length, disks.at(-1)?.targetDev, d.interfaces.at(0)?.mac, d.graphicsType];
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
    const doc = parseXml(xml);
    sink += readTen(new BenchDomain(doc.root)).length;
    sink += flat(doc.toXML());
  });
  const parsed = parseXml(xml);
  const serialize = rate(() => {
    sink += flat(parsed.toXML());
  });
  return { full, serialize };
}

const PY = String.raw`
import sys, time
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
    return etree.tostring(root)
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

function lxml(xml: string, dir: string): { full: number; serialize: number } {
  const file = join(dir, 'doc.xml');
  writeFileSync(file, xml);
  const r = spawnSync(PYTHON, ['-c', PY, file, String(SECONDS)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3-lxml run failed: ${r.stderr}`);
  const [full, serialize] = r.stdout.trim().split(/\s+/).map(Number);
  return { full, serialize };
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
    // Same answers on both sides before timing anything.
    const o = ours(xml);
    const l = lxml(xml, dir);
    console.log(line(`${label} parse+read+serialize`, o.full, l.full));
    console.log(line(`${label} serialize`, o.serialize, l.serialize));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (sink === -1) console.log('');
