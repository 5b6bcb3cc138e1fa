import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConfigError } from '../../src/config/errors.js';
import {
  XmlCData,
  XmlComment,
  XmlDocument,
  XmlElement,
  XmlProcessingInstruction,
  XmlText,
  el,
  parseXml,
  type XmlNode,
} from '../../src/config/xml/index.js';

function roundTrip(xml: string): string {
  return parseXml(xml).toXML();
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

test('keeps declaration, comments, PIs, CDATA, doctype, quotes and whitespace byte for byte', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE domain>
<!-- a comment -->
<?stylesheet href="x"?>
<domain type='kvm' xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0" id="3">
  <name>guest</name>
  <metadata>
    <app:data xmlns:app="urn:x" app:k='v'>stuff</app:data>
  </metadata>
  <description><![CDATA[a <b> & c]]></description>
  <!-- inner -->
  <devices>
    <disk type='file' device="disk"><source file='/x'/></disk>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-S'/>
  </qemu:commandline>
</domain>
<!-- trailer -->
`;
  assert.equal(roundTrip(xml), xml);
});

test('references decode to text and are re-escaped canonically', () => {
  const doc = parseXml(`<a x="1 &lt; 2 &amp; &quot;q&quot; &#65;&#x42;" y='it&apos;s'>&lt;&gt;&amp;&#x263A;&#9731; &quot;x&quot; a>b</a>`);
  assert.equal(doc.root.getAttribute('x'), '1 < 2 & "q" AB');
  assert.equal(doc.root.getAttribute('y'), "it's");
  assert.equal(doc.root.text, '<>&\u263a\u2603 "x" a>b');
  const once = doc.toXML();
  assert.equal(once, `<a x="1 &lt; 2 &amp; &quot;q&quot; AB" y='it&apos;s'>&lt;&gt;&amp;\u263a\u2603 "x" a&gt;b</a>`);
  assert.equal(roundTrip(once), once);
});

test('attribute whitespace is normalized on parse and preserved through character references', () => {
  const doc = parseXml('<a v="x\ny\tz" w="p&#10;q"/>');
  assert.equal(doc.root.getAttribute('v'), 'x y z');
  assert.equal(doc.root.getAttribute('w'), 'p\nq');
  const out = doc.toXML();
  assert.equal(out, '<a v="x y z" w="p&#10;q"/>');
  assert.equal(parseXml(out).root.getAttribute('w'), 'p\nq');
});

test('CRLF line ends become LF', () => {
  assert.equal(roundTrip('<a>\r\n  <b/>\r\n</a>'), '<a>\n  <b/>\n</a>');
});

test('empty elements serialize self-closed', () => {
  assert.equal(roundTrip('<a><b></b><c x="1" ></c ></a>'), '<a><b/><c x="1"/></a>');
});

test('a BOM is dropped', () => {
  assert.equal(roundTrip('\ufeff<a/>'), '<a/>');
});

test('entity declarations are refused: billion laughs', () => {
  const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;
  const e = configError(() => parseXml(bomb));
  assert.equal(e.code, 'UNSAFE_XML');
  assert.equal(e.line, 3);
});

test('external entities are refused and never read', () => {
  const e = configError(() => parseXml('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'));
  assert.equal(e.code, 'UNSAFE_XML');
  const pe = configError(() => parseXml('<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.com/x.dtd"> %p;]><x/>'));
  assert.equal(pe.code, 'UNSAFE_XML');
  const pe2 = configError(() => parseXml('<!DOCTYPE x [ %p; ]><x/>'));
  assert.equal(pe2.code, 'UNSAFE_XML');
});

test('absurd nesting is refused before it can overflow a stack', () => {
  assert.equal(parseXml('<a>'.repeat(256) + '</a>'.repeat(256)).root.name, 'a');
  const e = configError(() => parseXml('<a>'.repeat(100000) + '</a>'.repeat(100000)));
  assert.equal(e.code, 'UNSAFE_XML');
  assert.equal(e.column, 256 * 3 + 1);
});

test('a doctype without entity declarations is kept', () => {
  const xml = '<!DOCTYPE x SYSTEM "x.dtd" [<!ELEMENT x ANY> <!-- c ] -->]>\n<x/>';
  assert.equal(roundTrip(xml), xml);
});

test('undefined entity references are errors', () => {
  const e = configError(() => parseXml('<a>\n  <b>&nbsp;</b>\n</a>'));
  assert.equal(e.code, 'MALFORMED_XML');
  assert.equal(e.path, '/a/b');
  assert.equal(e.line, 2);
  assert.equal(e.column, 6);
  assert.match(e.message, /&nbsp;/);
  assert.equal(configError(() => parseXml('<a b="&x;"/>')).code, 'MALFORMED_XML');
  assert.equal(configError(() => parseXml('<a>&#0;</a>')).code, 'MALFORMED_XML');
  assert.equal(configError(() => parseXml('<a>a & b</a>')).code, 'MALFORMED_XML');
});

test('malformed XML reports line, column and element path', () => {
  const cases: Array<[string, number, number, string, RegExp]> = [
    ['<domain>\n  <devices>\n    <disk>\n  </devices>\n</domain>', 4, 3, '/domain/devices/disk', /does not match/],
    ['<domain>\n  <name>x</name>\n', 3, 1, '/domain', /not closed/],
    ['<a b=1/>', 1, 6, '/a', /quoted/],
    ['<a/><b/>', 1, 5, '/', /after the root/],
    ['', 1, 1, '/', /no root/],
    ['  text <a/>', 1, 1, '/', /outside the root/],
    ['<a><!-- x -- y --></a>', 1, 11, '/a', /--/],
    ['<a x="1" x="2"/>', 1, 10, '/a', /duplicate/],
    ['<a x="<"/>', 1, 7, '/a', /'<'/],
    ['<a>\n<b>\n<c></d>', 3, 4, '/a/b/c', /<\/d>/],
  ];
  for (const [xml, line, column, path, re] of cases) {
    const e = configError(() => parseXml(xml));
    assert.equal(e.code, 'MALFORMED_XML', xml);
    assert.equal(e.line, line, `line of ${JSON.stringify(xml)}: ${e.message}`);
    assert.equal(e.column, column, `column of ${JSON.stringify(xml)}: ${e.message}`);
    assert.equal(e.path, path, xml);
    assert.match(e.message, re);
    assert.match(e.message, new RegExp(`line ${line}, column ${column}`));
  }
});

test('element paths index same-named siblings from 1', () => {
  const doc = parseXml('<domain><devices><disk/><interface/><disk><target/></disk></devices></domain>');
  const target = doc.root.find('devices')!.elements('disk')[1].child('target')!;
  assert.equal(target.path, '/domain/devices/disk[2]/target');
  assert.equal(doc.root.find('devices/interface')!.path, '/domain/devices/interface');
});

test('attribute edits keep position and quote', () => {
  const doc = parseXml(`<a x='1' y="2" z='3'/>`);
  doc.root.setAttribute('y', 'two').setAttribute('x', "o'k").setAttribute('w', 4);
  doc.root.removeAttribute('z');
  // a new attribute takes the style of the element's first attribute
  assert.equal(doc.toXML(), `<a x='o&apos;k' y="two" w='4'/>`);
});

test('new elements are indented like the document and placed by name and order', () => {
  const xml = `<domain>
    <name>g</name>
    <devices>
        <disk type='file'/>
        <interface type='network'/>
    </devices>
</domain>
`;
  const doc = parseXml(xml);
  const devices = doc.root.child('devices')!;
  devices.addElement(el('disk', { type: 'block' }, [el('source', { dev: '/dev/sdb' }), el('target', { dev: 'vdb' })]));
  doc.root.ensureChild('memory', ['name', 'uuid', 'memory', 'vcpu', 'devices']).text = '1024';
  doc.root.ensureChild('uuid', ['name', 'uuid', 'memory', 'vcpu', 'devices']).text = 'u';
  assert.equal(
    doc.toXML(),
    `<domain>
    <name>g</name>
    <uuid>u</uuid>
    <memory>1024</memory>
    <devices>
        <disk type='file'/>
        <disk type='block'>
            <source dev='/dev/sdb'/>
            <target dev='vdb'/>
        </disk>
        <interface type='network'/>
    </devices>
</domain>
`,
  );
});

test('an empty element gets its first child on its own line', () => {
  const doc = parseXml('<pool>\n  <target/>\n</pool>');
  doc.root.child('target')!.ensureChild('path').text = '/p';
  assert.equal(doc.toXML(), '<pool>\n  <target>\n    <path>/p</path>\n  </target>\n</pool>');
});

test('removing an element takes its indentation with it', () => {
  const doc = parseXml('<a>\n  <b/>\n  <c/>\n  <d>\n    <e/>\n  </d>\n</a>');
  doc.root.child('c')!.remove();
  assert.equal(doc.toXML(), '<a>\n  <b/>\n  <d>\n    <e/>\n  </d>\n</a>');
  doc.root.child('d')!.child('e')!.remove();
  assert.equal(doc.toXML(), '<a>\n  <b/>\n  <d/>\n</a>');
  assert.equal(doc.root.removeChildren('b'), 1);
  assert.equal(doc.toXML(), '<a>\n  <d/>\n</a>');
});

test('documents built in code are indented with two spaces and end with a newline', () => {
  const doc = XmlDocument.fromRoot(
    el('pool', { type: 'dir' }, [el('name', null, 'p'), el('target', null, [el('path', null, '/var/lib/p')]), undefined, false]),
  );
  doc.root.child('target')!.ensureChild('permissions').addElement(el('mode', null, '0755'));
  assert.equal(
    doc.toXML(),
    "<pool type='dir'>\n  <name>p</name>\n  <target>\n    <path>/var/lib/p</path>\n    <permissions>\n      <mode>0755</mode>\n    </permissions>\n  </target>\n</pool>\n",
  );
});

test('compact documents stay compact', () => {
  const doc = parseXml('<a><b/></a>');
  doc.root.addElement(el('c', null, [el('d')]));
  assert.equal(doc.toXML(), '<a><b/><c><d/></c></a>');
});

test('moving an element into itself is refused', () => {
  const doc = parseXml('<a><b><c/></b></a>');
  const b = doc.root.child('b')!;
  const e = configError(() => b.child('c')!.appendChild(b));
  assert.equal(e.code, 'INVALID_EDIT');
});

test('namespace lookup walks ancestors', () => {
  const doc = parseXml('<domain xmlns:qemu="urn:q"><metadata><x xmlns="urn:d"><y/></x></metadata></domain>');
  const y = doc.root.find('metadata/x/y')!;
  assert.equal(y.lookupNamespace('qemu'), 'urn:q');
  assert.equal(y.lookupNamespace(''), 'urn:d');
  assert.equal(y.lookupNamespace('nope'), undefined);
});

test('text set and get; CDATA counts as text', () => {
  const doc = parseXml('<a><b>x<![CDATA[<y>]]></b></a>');
  const b = doc.root.child('b')!;
  assert.equal(b.text, 'x<y>');
  b.text = 'a & b';
  assert.equal(doc.toXML(), '<a><b>a &amp; b</b></a>');
});

test('clone is deep and detached', () => {
  const doc = parseXml('<a><b x="1"><c>t</c></b></a>');
  const copy = doc.root.child('b')!.clone();
  copy.setAttribute('x', '2');
  assert.equal(copy.parent, null);
  assert.equal(copy.toXML(), '<b x="2"><c>t</c></b>');
  assert.equal(doc.toXML(), '<a><b x="1"><c>t</c></b></a>');
});

// ---- property tests ----------------------------------------------------------------------------

const nameArb = fc
  .tuple(fc.constantFrom('a', 'b', 'disk', 'x:y', '_z', 'qemu:arg', 'n-1', 'v.2', '\u00e9l'), fc.constantFrom('', '1', 'x'))
  .map(([a, b]) => a + b);
const textArb = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\t', '<', '>', '&', '"', "'", ']', '\u00e9', '\u263a', '\r') });
const safeCommentArb = fc.string({ unit: fc.constantFrom('a', ' ', '<', '>', '&', '-', '\n') }).filter((s) => !s.includes('--') && !s.endsWith('-'));
const piDataArb = fc.string({ unit: fc.constantFrom('a', ' ', '=', '"', '<') }).map((s) => s.trim());

const nodeArb: fc.Memo<XmlNode> = fc.memo((depth) =>
  depth <= 1
    ? leafArb
    : fc.oneof({ weight: 3, arbitrary: elementArb(depth) }, { weight: 2, arbitrary: leafArb }),
);
const leafArb: fc.Arbitrary<XmlNode> = fc.oneof(
  textArb.filter((s) => s !== '').map((s) => new XmlText(s)),
  fc.string().filter((s) => !s.includes(']]>') && !/[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/.test(s)).map((s) => new XmlCData(s)),
  safeCommentArb.map((s) => new XmlComment(s)),
  fc.tuple(fc.constantFrom('pi', 'foo', 'x-y'), piDataArb).map(([t, d]) => new XmlProcessingInstruction(t, d)),
);
function elementArb(depth: number): fc.Arbitrary<XmlElement> {
  return fc
    .tuple(
      nameArb,
      fc.uniqueArray(fc.tuple(nameArb, textArb, fc.constantFrom<'"' | "'">('"', "'")), { selector: (a) => a[0], maxLength: 4 }),
      fc.array(nodeArb(depth - 1), { maxLength: 5 }),
    )
    .map(([name, attrs, children]) => {
      const e = new XmlElement(name);
      for (const [n, v, q] of attrs) {
        e.setAttribute(n, v, q);
      }
      for (const c of children) e.appendChild(c);
      return e;
    });
}

test('property: random trees round-trip byte-identically after the first serialization', () => {
  fc.assert(
    fc.property(elementArb(5), (root) => {
      const doc = XmlDocument.fromRoot(root);
      const first = doc.toXML();
      const second = parseXml(first).toXML();
      assert.equal(second, first);
      assert.equal(parseXml(second).toXML(), second);
    }),
    { numRuns: 400 },
  );
});

test('property: random trees keep their values through serialization', () => {
  fc.assert(
    fc.property(elementArb(4), (root) => {
      const before = root.clone();
      const back = parseXml(root.toXML()).root;
      assert.deepEqual(summary(back), summary(before));
    }),
    { numRuns: 300 },
  );
});

/** Names, attributes and merged text with CR folded, for value comparison. */
function summary(e: XmlElement): unknown {
  const kids: unknown[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') kids.push(text);
    text = '';
  };
  for (const c of e.children) {
    if (c.kind === 'text' || c.kind === 'cdata') text += c.value;
    else {
      flush();
      kids.push(c.kind === 'element' ? summary(c) : c.toXML());
    }
  }
  flush();
  return { name: e.name, attrs: e.attributes.map((a) => [a.name, a.value]), kids };
}

test('property: random bytes either parse or raise ConfigError', () => {
  const alphabet = fc.constantFrom('<', '>', '/', '!', '?', '-', '[', ']', '&', ';', '#', 'x', '=', '"', "'", ' ', '\n', 'a', 'b', 'C', 'D', 'A', 'T', '0', '%', 'E', 'N', 'I', 'Y', '\u0000', '\ufeff');
  const inputs = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 60 }),
    fc.string({ maxLength: 60 }),
    fc.string({ unit: alphabet, maxLength: 40 }).map((s) => `<a>${s}</a>`),
    fc.string({ unit: alphabet, maxLength: 40 }).map((s) => `<!DOCTYPE ${s}<a/>`),
    fc.string({ unit: alphabet, maxLength: 40 }).map((s) => `<a x="${s}"/>`),
  );
  fc.assert(
    fc.property(inputs, (s) => {
      try {
        const out = parseXml(s).toXML();
        assert.equal(parseXml(out).toXML(), out);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
      }
    }),
    { numRuns: 3000 },
  );
});

const REAL = `<?xml version="1.0"?>
<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>fuzz &amp; co</name>
  <!-- devices follow -->
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/x.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'><source network='default'/></interface>
  </devices>
  <qemu:commandline>
    <qemu:arg value='-S'/>
  </qemu:commandline>
</domain>
`;

test('property: mutated real documents either parse or raise ConfigError', () => {
  const edit = fc.tuple(fc.nat(REAL.length), fc.nat(4), fc.string({ unit: fc.constantFrom('<', '>', '/', '&', ';', '"', "'", '=', '!', '-', '?', ']', 'x', ' ', '#'), maxLength: 3 }));
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      let s = REAL;
      for (const [at, del, ins] of edits) s = s.slice(0, at % (s.length + 1)) + ins + s.slice((at % (s.length + 1)) + del);
      try {
        const out = parseXml(s).toXML();
        assert.equal(parseXml(out).toXML(), out);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        assert.equal(e.code === 'MALFORMED_XML' || e.code === 'UNSAFE_XML', true);
        assert.ok(e.line !== undefined && e.line >= 1 && e.column !== undefined && e.column >= 1);
      }
    }),
    { numRuns: 2000 },
  );
});

type Edit =
  | { op: 'add'; target: number; name: string; kids: number }
  | { op: 'remove'; target: number }
  | { op: 'attr'; target: number; name: string; value: string | undefined }
  | { op: 'text'; target: number; value: string };

test('property: random edits keep documents well-formed, indented and stable', () => {
  const editArb: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ op: fc.constant('add' as const), target: fc.nat(), name: fc.constantFrom('disk', 'source', 'x:y', 'name', 'memory'), kids: fc.nat(3) }),
    fc.record({ op: fc.constant('remove' as const), target: fc.nat() }),
    fc.record({ op: fc.constant('attr' as const), target: fc.nat(), name: fc.constantFrom('type', 'dev', 'new'), value: fc.option(textArb, { nil: undefined }) }),
    fc.record({ op: fc.constant('text' as const), target: fc.nat(), value: textArb.map((x) => x.replace(/[\r\n]/g, ' ')) }),
  );
  fc.assert(
    fc.property(fc.array(editArb, { maxLength: 12 }), (edits) => {
      const doc = parseXml(REAL);
      for (const e of edits) {
        const every: XmlElement[] = [];
        const walk = (x: XmlElement) => {
          every.push(x);
          for (const c of x.elements()) walk(c);
        };
        walk(doc.root);
        const t = every[e.target % every.length];
        if (e.op === 'add') t.addElement(el(e.name, { n: e.kids }, Array.from({ length: e.kids }, (_, i) => el(`k${i}`))), ['name', 'memory', 'devices']);
        else if (e.op === 'remove') {
          if (t !== doc.root) t.remove();
        } else if (e.op === 'attr') t.setAttribute(e.name, e.value);
        else if (t.elements().length === 0) t.text = e.value;
      }
      const out = doc.toXML();
      const again = parseXml(out).toXML();
      assert.equal(again, out);
      // Indentation stays on the document's 2-space grid (text set by the edits may hold anything,
      // so only lines that start with markup are checked).
      for (const line of out.split('\n')) {
        const m = /^( *)</.exec(line);
        if (m && !line.startsWith('<?')) assert.equal(m[1].length % 2, 0, `odd indentation: ${JSON.stringify(line)}\n${out}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('added subtrees are indented at any depth', () => {
  const doc = parseXml(REAL);
  const disk = doc.root.find('devices/disk')!;
  disk.addElement(el('iotune', null, [el('total_bytes_sec', null, '1'), el('group', null, [el('name', null, 'g')])]), ['driver', 'source', 'target', 'iotune']);
  assert.match(
    doc.toXML(),
    /      <target dev='vda' bus='virtio'\/>\n      <iotune>\n        <total_bytes_sec>1<\/total_bytes_sec>\n        <group>\n          <name>g<\/name>\n        <\/group>\n      <\/iotune>\n    <\/disk>/,
  );
  const iface = doc.root.find('devices/interface')!;
  iface.addElement(el('model', { type: 'virtio' }));
  assert.match(doc.toXML(), /<interface type='network'><source network='default'\/><model type='virtio'\/><\/interface>/);
});

test('new attributes follow the quote style of the document around them', () => {
  const dq = parseXml('<pool type="logical">\n  <source/>\n</pool>');
  dq.root.child('source')!.addElement(el('device', { path: '/dev/sdb1' }));
  dq.root.child('source')!.setAttribute('x', '1');
  assert.equal(dq.toXML(), '<pool type="logical">\n  <source x="1">\n    <device path="/dev/sdb1"/>\n  </source>\n</pool>');
  const none = parseXml('<network>\n  <name>n</name>\n</network>');
  none.root.addElement(el('bridge', { name: 'br0' }));
  assert.equal(none.toXML(), "<network>\n  <name>n</name>\n  <bridge name='br0'/>\n</network>");
  const detached = el('a', { x: 1 }, [el('b', { y: 'q"' })]);
  assert.equal(detached.toXML(), '<a x="1"><b y="q&quot;"/></a>');
  const chosen = parseXml("<a q='1'/>");
  chosen.root.setAttribute('d', 'v', '"');
  assert.equal(chosen.toXML(), `<a q='1' d="v"/>`);
});
