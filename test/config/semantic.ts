/**
 * Semantic comparison of XML documents for round-trip tests: same elements in the same order,
 * same attributes (order aside), same text (whitespace-only text aside), same comments and PIs.
 *
 * Two independent judges: our own tree (fast, always there) and python3-lxml's C14N (libxml2's
 * canonical form, so a bug shared by our parser and serializer cannot hide).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseXml, type XmlElement } from '../../src/config/xml/index.js';

export function semanticDiff(a: string, b: string): string | undefined {
  return diffElements(parseXml(a).root, parseXml(b).root);
}

function diffElements(a: XmlElement, b: XmlElement): string | undefined {
  const where = a.path;
  if (a.name !== b.name) return `${where}: element <${a.name}> vs <${b.name}>`;
  const attrsA = new Map(a.attributes.map((x) => [x.name, x.value]));
  const attrsB = new Map(b.attributes.map((x) => [x.name, x.value]));
  for (const [k, v] of attrsA) if (attrsB.get(k) !== v) return `${where}: attribute ${k}=${JSON.stringify(v)} vs ${JSON.stringify(attrsB.get(k))}`;
  for (const k of attrsB.keys()) if (!attrsA.has(k)) return `${where}: extra attribute ${k}`;
  const ka = significant(a);
  const kb = significant(b);
  if (ka.length !== kb.length) return `${where}: ${ka.length} vs ${kb.length} significant children`;
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i];
    const y = kb[i];
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return `${where}: text ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
      continue;
    }
    const d = diffElements(x, y);
    if (d) return d;
  }
  return undefined;
}

/** Elements, merged non-blank text runs, and comments/PIs as strings. */
function significant(e: XmlElement): Array<XmlElement | string> {
  const out: Array<XmlElement | string> = [];
  let text = '';
  const flush = () => {
    if (text.trim() !== '') out.push(text);
    text = '';
  };
  for (const c of e.children) {
    if (c.kind === 'text' || c.kind === 'cdata') text += c.value;
    else {
      flush();
      out.push(c.kind === 'element' ? c : c.toXML());
    }
  }
  flush();
  return out;
}

const PYTHON = '/usr/bin/python3';
const C14N = String.raw`
import sys, json
from lxml import etree
def strip(el):
    for e in el.iter():
        if e.text is not None and e.text.strip() == '': e.text = None
        if e.tail is not None and e.tail.strip() == '': e.tail = None
    return el
out = []
for a, b in json.load(sys.stdin):
    try:
        ca = etree.tostring(strip(etree.fromstring(a.encode())), method='c14n')
        cb = etree.tostring(strip(etree.fromstring(b.encode())), method='c14n')
        out.append(None if ca == cb else 'c14n differs: ' + ca.decode()[:200] + ' ... vs ... ' + cb.decode()[:200])
    except Exception as e:
        out.append('lxml error: ' + str(e))
print(json.dumps(out))
`;

export function lxmlAvailable(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import lxml'], { encoding: 'utf8' }).status === 0;
}

/** For each pair, undefined when lxml's canonical forms (blank text removed) are equal, else why not. */
export function c14nDiffs(pairs: Array<[string, string]>): Array<string | undefined> {
  const r = spawnSync(PYTHON, ['-c', C14N], { input: JSON.stringify(pairs), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`lxml c14n failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Array<string | null>).map((x) => x ?? undefined);
}
