// Typed parameters as records, and the small helpers of the API layer (no daemon needed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromTypedParams, toTypedParams, tp, typedParamList, unpackVersion } from '../../src/libvirt/api/index.js';
import { safeNumber } from '../../src/libvirt/api/typed-params.js';
import { TypedParamType, typedParam } from '../../src/libvirt/protocol/remote-types.js';
import { MigrateParam } from '../../src/libvirt/protocol/constants.js';
import { decode, encode } from '../../src/libvirt/xdr.js';

describe('typed parameters', () => {
  it('read as a record: 64-bit values stay bigint, booleans become booleans', () => {
    const rec = fromTypedParams([
      { field: 'i', value: { type: TypedParamType.INT, value: -3 } },
      { field: 'u', value: { type: TypedParamType.UINT, value: 4000000000 } },
      { field: 'l', value: { type: TypedParamType.LLONG, value: -(2n ** 62n) } },
      { field: 'ul', value: { type: TypedParamType.ULLONG, value: 2n ** 64n - 1n } },
      { field: 'd', value: { type: TypedParamType.DOUBLE, value: 0.25 } },
      { field: 'b', value: { type: TypedParamType.BOOLEAN, value: 1 } },
      { field: 's', value: { type: TypedParamType.STRING, value: 'x' } },
    ]);
    assert.deepEqual(rec, { i: -3, u: 4000000000, l: -(2n ** 62n), ul: 2n ** 64n - 1n, d: 0.25, b: true, s: 'x' });
  });

  it('keep repeated names as pairs when asked', () => {
    const list = [
      { field: 'migrate_disks', value: { type: TypedParamType.STRING, value: 'vda' } },
      { field: 'migrate_disks', value: { type: TypedParamType.STRING, value: 'vdb' } },
    ] as const;
    assert.deepEqual(typedParamList([...list]), [['migrate_disks', 'vda'], ['migrate_disks', 'vdb']]);
    assert.deepEqual(fromTypedParams([...list]), { migrate_disks: 'vdb' });
  });

  it('write with explicit or inferred wire types', () => {
    const params = toTypedParams({
      [MigrateParam.URI]: 'tcp://dst',
      [MigrateParam.BANDWIDTH]: tp.ullong(100),
      [MigrateParam.PARALLEL_CONNECTIONS]: tp.int(4),
      flag: true,
      big: 5n,
      ratio: tp.double(0.5),
      mem: tp.uint(7),
      neg: tp.llong(-1),
      off: tp.boolean(false),
    });
    assert.deepEqual(params, [
      { field: 'migrate_uri', value: { type: TypedParamType.STRING, value: 'tcp://dst' } },
      { field: 'bandwidth', value: { type: TypedParamType.ULLONG, value: 100n } },
      { field: 'parallel.connections', value: { type: TypedParamType.INT, value: 4 } },
      { field: 'flag', value: { type: TypedParamType.BOOLEAN, value: 1 } },
      { field: 'big', value: { type: TypedParamType.ULLONG, value: 5n } },
      { field: 'ratio', value: { type: TypedParamType.DOUBLE, value: 0.5 } },
      { field: 'mem', value: { type: TypedParamType.UINT, value: 7 } },
      { field: 'neg', value: { type: TypedParamType.LLONG, value: -1n } },
      { field: 'off', value: { type: TypedParamType.BOOLEAN, value: 0 } },
    ]);
    // Pairs allow a name more than once (e.g. several migrate_disks).
    assert.equal(toTypedParams([['migrate_disks', 'vda'], ['migrate_disks', 'vdb']]).length, 2);
  });

  it('refuse plain numbers, whose wire type would be a guess', () => {
    assert.throws(() => toTypedParams({ bandwidth: 5 as unknown as bigint }), /ambiguous/);
  });

  it('survive write, XDR and read for any record', () => {
    const value = fc.oneof(
      fc.string().map((s) => s),
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), value, { maxKeys: 8 }), (rec) => {
        const wire = toTypedParams(rec).map((p) => decode(typedParam, encode(typedParam, p)));
        assert.deepEqual({ ...fromTypedParams(wire) }, { ...rec });
      }),
    );
  });
});

describe('API helpers', () => {
  it('unpacks libvirt version numbers', () => {
    assert.deepEqual(unpackVersion(9000000), { major: 9, minor: 0, release: 0 });
    assert.deepEqual(unpackVersion(10010002), { major: 10, minor: 10, release: 2 });
  });

  it('converts bigints to numbers only when exact', () => {
    assert.equal(safeNumber(3145728n, 'memory'), 3145728);
    assert.equal(safeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x'), Number.MAX_SAFE_INTEGER);
    assert.throws(() => safeNumber(2n ** 53n, 'memory'), RangeError);
  });
});
