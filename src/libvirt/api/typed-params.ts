/**
 * Typed parameters (`remote_typed_param`) as plain records. Reading is lossless: 64-bit values stay
 * bigint, booleans become booleans. Writing needs the wire type of each name, because the daemon
 * checks it (`virTypedParamsValidate`): give it explicitly with `tp.ullong(...)` and friends, or
 * rely on the defaults for strings, booleans and bigints.
 */
import { TypedParamType, type TypedParam } from '../protocol/remote-types.js';

export type TypedParamPrimitive = number | bigint | string | boolean;
export type TypedParams = Record<string, TypedParamPrimitive>;

/** A value with its wire type chosen, for writing. */
export type TypedParamInputValue =
  | { type: typeof TypedParamType.INT; value: number }
  | { type: typeof TypedParamType.UINT; value: number }
  | { type: typeof TypedParamType.LLONG; value: bigint | number }
  | { type: typeof TypedParamType.ULLONG; value: bigint | number }
  | { type: typeof TypedParamType.DOUBLE; value: number }
  | { type: typeof TypedParamType.BOOLEAN; value: boolean }
  | { type: typeof TypedParamType.STRING; value: string };

/**
 * What setters accept. A plain string is STRING, a boolean BOOLEAN, a bigint ULLONG; plain numbers
 * are ambiguous (int? unsigned long long?) and must be wrapped with `tp.*`.
 */
export type TypedParamsInput = Record<string, TypedParamInputValue | string | boolean | bigint>;

/** Constructors for explicitly typed values. */
export const tp = {
  int: (value: number): TypedParamInputValue => ({ type: TypedParamType.INT, value }),
  uint: (value: number): TypedParamInputValue => ({ type: TypedParamType.UINT, value }),
  llong: (value: bigint | number): TypedParamInputValue => ({ type: TypedParamType.LLONG, value }),
  ullong: (value: bigint | number): TypedParamInputValue => ({ type: TypedParamType.ULLONG, value }),
  double: (value: number): TypedParamInputValue => ({ type: TypedParamType.DOUBLE, value }),
  boolean: (value: boolean): TypedParamInputValue => ({ type: TypedParamType.BOOLEAN, value }),
  string: (value: string): TypedParamInputValue => ({ type: TypedParamType.STRING, value }),
};

/** Protocol list -> record. Repeated names (e.g. several `migrate_disks`) keep the last value; use `typedParamList` for all. */
export function fromTypedParams(params: readonly TypedParam[]): TypedParams {
  const out: TypedParams = {};
  // defineProperty, not assignment: a field the daemon names `__proto__` must stay a field.
  for (const p of params) Object.defineProperty(out, p.field, { value: typedParamValue(p), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Protocol list -> [name, value] pairs, keeping repeated names. */
export function typedParamList(params: readonly TypedParam[]): [string, TypedParamPrimitive][] {
  return params.map((p) => [p.field, typedParamValue(p)]);
}

export function typedParamValue(p: TypedParam): TypedParamPrimitive {
  const v = p.value;
  if (v.type === TypedParamType.BOOLEAN) return v.value !== 0;
  return v.value;
}

/** Record (or pairs, for repeated names) -> protocol list. */
export function toTypedParams(input: TypedParamsInput | readonly [string, TypedParamInputValue | string | boolean | bigint][]): TypedParam[] {
  const entries = Array.isArray(input) ? input : Object.entries(input);
  return entries.map(([field, raw]) => ({ field, value: toWire(field, raw) }));
}

function toWire(field: string, raw: TypedParamInputValue | string | boolean | bigint): TypedParam['value'] {
  if (typeof raw === 'string') return { type: TypedParamType.STRING, value: raw };
  if (typeof raw === 'boolean') return { type: TypedParamType.BOOLEAN, value: raw ? 1 : 0 };
  if (typeof raw === 'bigint') return { type: TypedParamType.ULLONG, value: raw };
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) {
    throw new TypeError(`typed parameter "${field}": plain numbers are ambiguous, wrap them with tp.int/uint/llong/ullong/double`);
  }
  switch (raw.type) {
    case TypedParamType.BOOLEAN:
      return { type: TypedParamType.BOOLEAN, value: raw.value ? 1 : 0 };
    case TypedParamType.LLONG:
      return { type: TypedParamType.LLONG, value: BigInt(raw.value) };
    case TypedParamType.ULLONG:
      return { type: TypedParamType.ULLONG, value: BigInt(raw.value) };
    default:
      return raw;
  }
}

/** A bigint known to stay below 2^53 (KiB of memory, counts) as a number; throws rather than lose precision. */
export function safeNumber(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} (${v}) does not fit a JavaScript number`);
  }
  return Number(v);
}
