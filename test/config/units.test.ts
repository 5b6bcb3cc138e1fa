import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.js';
import { convert, inUnit, normalizeUnit, parseQuantity, toBytes, toBytesNumber, unitFactor } from '../../src/config/units.js';

test('unit spellings follow libvirt: letter = 1024, xB = 1000, xiB = 1024, any case', () => {
  const cases: Array<[string, string | undefined]> = [
    ['b', 'bytes'], ['bytes', 'bytes'], ['Byte', 'bytes'], ['B', 'bytes'],
    ['k', 'KiB'], ['K', 'KiB'], ['KiB', 'KiB'], ['kib', 'KiB'], ['KB', 'KB'], ['kb', 'KB'],
    ['M', 'MiB'], ['MiB', 'MiB'], ['MB', 'MB'], ['G', 'GiB'], ['GB', 'GB'], ['T', 'TiB'], ['TB', 'TB'],
    ['P', 'PiB'], ['PB', 'PB'], ['E', 'EiB'], ['EiB', 'EiB'], ['EB', 'EB'],
    ['', undefined], ['Z', undefined], ['KiBs', undefined], ['MiX', undefined], ['kilo', undefined],
  ];
  for (const [spelling, canon] of cases) assert.equal(normalizeUnit(spelling), canon, spelling);
});

test('factors', () => {
  assert.equal(unitFactor('KB'), 1000n);
  assert.equal(unitFactor('k'), 1024n);
  assert.equal(unitFactor('GiB'), 1024n ** 3n);
  assert.equal(unitFactor('EB'), 10n ** 18n);
  assert.equal(unitFactor('EiB'), 2n ** 60n);
});

test('toBytes and convert', () => {
  assert.equal(toBytes({ value: 2, unit: 'GiB' }), 2147483648n);
  assert.equal(toBytesNumber({ value: 1048576, unit: 'KiB' }), 1073741824);
  assert.equal(convert(1, 'GiB', 'KiB'), 1048576);
  assert.equal(convert(1536, 'MiB', 'GiB'), 1.5);
  assert.equal(convert(1, 'GB', 'MB'), 1000);
  assert.equal(convert(16n, 'EiB', 'b'), 16n * 2n ** 60n);
  assert.throws(() => convert(1n, 'KiB', 'KB'), ConfigError);
  assert.deepEqual(inUnit({ value: 2, unit: 'GiB' }, 'KiB'), { value: 2097152, unit: 'KiB' });
  assert.deepEqual(inUnit({ value: 16, unit: 'EiB' }, 'b'), { value: 16n * 2n ** 60n, unit: 'bytes' });
  assert.throws(() => toBytesNumber({ value: 16, unit: 'EiB' }), ConfigError);
});

test('parseQuantity validates value and unit', () => {
  assert.deepEqual(parseQuantity('1048576', 'KiB', 'bytes'), { value: 1048576, unit: 'KiB' });
  assert.deepEqual(parseQuantity(' 10 ', undefined, 'KiB'), { value: 10, unit: 'KiB' });
  assert.deepEqual(parseQuantity('18446744073709551615', 'bytes', 'bytes'), { value: 18446744073709551615n, unit: 'bytes' });
  for (const [v, u] of [['abc', 'KiB'], ['-1', 'KiB'], ['1.5', 'KiB'], ['', 'KiB'], ['1', 'parsecs']] as const) {
    assert.throws(
      () => parseQuantity(v, u, 'KiB', '/domain/memory'),
      (e: unknown) => e instanceof ConfigError && e.code === 'INVALID_VALUE' && e.path === '/domain/memory',
    );
  }
});
