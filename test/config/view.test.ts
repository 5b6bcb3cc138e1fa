import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.js';
import type { Quantity } from '../../src/config/units.js';
import { XmlDocumentView, XmlView, isElement, parseRoot, type XmlElement } from '../../src/config/view.js';

// A tiny document written the way view.ts's doc comment says, to test the accessors.
interface ItemOptions {
  name?: string;
  size?: number;
}
class Item extends XmlView {
  constructor(init: XmlElement | ItemOptions = {}) {
    super(init, 'item');
    if (!isElement(init)) this.assign(init);
  }
  get name() {
    return this.attr('name');
  }
  set name(v) {
    this.setAttr('name', v);
  }
  get size() {
    return this.intAttr('size', { min: 0 });
  }
  set size(v) {
    this.setIntAttr('size', v, { min: 0 });
  }
}

interface BoxOptions {
  name?: string;
  enabled?: boolean;
  mode?: 'fast' | 'slow';
  memory?: Quantity;
  items?: Array<Item | ItemOptions>;
}
const MODES = ['fast', 'slow'] as const;
class Box extends XmlDocumentView {
  static override readonly childOrder = ['name', 'memory', 'vcpu', 'flag', 'items'];
  constructor(init: XmlElement | BoxOptions = {}) {
    super(init, 'box');
    if (!isElement(init)) this.assign(init);
  }
  get name() {
    return this.childText('name');
  }
  set name(v) {
    this.setChildText('name', v);
  }
  get enabled() {
    return this.boolAttr('enabled');
  }
  set enabled(v) {
    this.setBoolAttr('enabled', v);
  }
  get power() {
    return this.boolAttr('power', 'on/off');
  }
  get mode() {
    return this.enumAttr('mode', MODES);
  }
  set mode(v) {
    this.setEnumAttr('mode', v, MODES);
  }
  get memory() {
    return this.quantityChild('memory', 'KiB');
  }
  set memory(v) {
    this.setQuantityChild('memory', v);
  }
  get vcpu() {
    return this.intChildText('vcpu', { min: 1 });
  }
  set vcpu(v) {
    this.setIntChildText('vcpu', v, { min: 1 });
  }
  get flag() {
    return this.flagChild('flag');
  }
  set flag(v) {
    this.setFlagChild('flag', v);
  }
  get items() {
    return this.list<Item, ItemOptions>('item', Item, { in: 'items' });
  }
}

const SAMPLE = `<box enabled='yes' power='off' mode='slow'>
  <!-- keep me -->
  <name>b1</name>
  <memory unit='MiB'>512</memory>
  <unknown a='1'>text</unknown>
  <vcpu>2</vcpu>
  <items>
    <item name='a' size='1'/>
    <other/>
    <item name='b' size='2'/>
  </items>
</box>
`;

test('typed reads', () => {
  const box = new Box(parseRoot(SAMPLE, 'box'));
  assert.equal(box.name, 'b1');
  assert.equal(box.enabled, true);
  assert.equal(box.power, false);
  assert.equal(box.mode, 'slow');
  assert.deepEqual(box.memory, { value: 512, unit: 'MiB' });
  assert.equal(box.vcpu, 2);
  assert.equal(box.flag, false);
  assert.equal(box.items.length, 2);
  assert.deepEqual(box.items.map((i) => i.name), ['a', 'b']);
  assert.equal(box.items.at(-1)?.size, 2);
  assert.deepEqual([...box.items].map((i) => i.size), [1, 2]);
  assert.equal(box.toXML(), SAMPLE);
});

test('invalid values raise INVALID_VALUE with the element path', () => {
  const bad = (xml: string, read: (b: Box) => unknown, path: string) => {
    const box = new Box(parseRoot(xml, 'box'));
    assert.throws(
      () => read(box),
      (e: unknown) => e instanceof ConfigError && e.code === 'INVALID_VALUE' && e.path === path && e.message.includes(path),
    );
  };
  bad('<box><memory>abc</memory></box>', (b) => b.memory, '/box/memory');
  bad("<box><memory unit='parsec'>1</memory></box>", (b) => b.memory, '/box/memory');
  bad('<box><vcpu>-1</vcpu></box>', (b) => b.vcpu, '/box/vcpu');
  bad('<box><vcpu>x</vcpu></box>', (b) => b.vcpu, '/box/vcpu');
  bad("<box enabled='true'/>", (b) => b.enabled, '/box');
  bad("<box mode='medium'/>", (b) => b.mode, '/box');
  bad("<box><items><item/><item size='-3'/></items></box>", (b) => b.items.at(1)!.size, '/box/items/item[2]');
});

test('setters validate before touching the document', () => {
  const box = new Box(parseRoot(SAMPLE, 'box'));
  assert.throws(() => (box.vcpu = 0), ConfigError);
  assert.throws(() => (box.mode = 'medium' as 'fast'), ConfigError);
  assert.throws(() => (box.memory = { value: -1, unit: 'KiB' }), ConfigError);
  assert.throws(() => (box.memory = { value: 1, unit: 'parsec' as 'KiB' }), ConfigError);
  assert.equal(box.toXML(), SAMPLE);
});

test('wrong root', () => {
  assert.throws(() => parseRoot('<network/>', 'box'), (e: unknown) => e instanceof ConfigError && e.code === 'WRONG_ROOT');
});

test('edits change only their own nodes', () => {
  const box = new Box(parseRoot(SAMPLE, 'box'));
  box.memory = { value: 2, unit: 'GiB' };
  box.vcpu = 4;
  box.flag = true;
  box.items.push(new Item({ name: 'c', size: 3 }));
  box.items.remove(0);
  box.mode = undefined;
  assert.equal(
    box.toXML(),
    `<box enabled='yes' power='off'>
  <!-- keep me -->
  <name>b1</name>
  <memory unit='GiB'>2</memory>
  <unknown a='1'>text</unknown>
  <vcpu>4</vcpu>
  <flag/>
  <items>
    <other/>
    <item name='b' size='2'/>
    <item name='c' size='3'/>
  </items>
</box>
`,
  );
  box.items.insert(0, { name: 'z' });
  assert.deepEqual(box.items.map((i) => i.name), ['z', 'b', 'c']);
  box.items.clear();
  assert.equal(box.items.length, 0);
  assert.match(box.toXML(), /<items>\n    <other\/>\n  <\/items>/);
});

test('built from scratch with options', () => {
  const box = new Box({ name: 'new', enabled: false, memory: { value: 1, unit: 'GiB' }, items: [{ name: 'a' }, new Item({ name: 'b', size: 5 })] });
  box.vcpu = 2;
  assert.equal(
    box.toXML(),
    `<box enabled='no'>
  <name>new</name>
  <memory unit='GiB'>1</memory>
  <vcpu>2</vcpu>
  <items>
    <item name='a'/>
    <item name='b' size='5'/>
  </items>
</box>
`,
  );
});
