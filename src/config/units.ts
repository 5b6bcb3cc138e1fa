/**
 * libvirt's size units (memory, disk capacity, ...), with libvirt's meanings:
 *
 *   b, byte, bytes     1
 *   KB  MB  GB ...     powers of 1000      (a two-letter "xB" suffix)
 *   k   M   G  ...     powers of 1024      (a bare letter)
 *   KiB MiB GiB ...    powers of 1024
 *
 * Matching is case-insensitive, as libvirt's own parser is ("kib", "mb" and "g" are all fine).
 * Values are whole numbers of the unit; `number` while it is a safe integer, `bigint` beyond.
 */
import { ConfigError } from './errors.js';

/** The unit names we write; parse results are always one of these. */
export type CanonicalUnit =
  | 'bytes'
  | 'KB' | 'KiB'
  | 'MB' | 'MiB'
  | 'GB' | 'GiB'
  | 'TB' | 'TiB'
  | 'PB' | 'PiB'
  | 'EB' | 'EiB';

/** Spellings accepted from callers (libvirt accepts more casings; parseUnit handles those). */
export type Unit = CanonicalUnit | 'b' | 'byte' | 'k' | 'K' | 'M' | 'G' | 'T' | 'P' | 'E';

export interface Quantity {
  value: number | bigint;
  unit: Unit;
}

const PREFIXES = ['k', 'm', 'g', 't', 'p', 'e'] as const;
const CANONICAL_DECIMAL: CanonicalUnit[] = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const CANONICAL_BINARY: CanonicalUnit[] = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Canonical name of a unit spelling, or undefined when libvirt would not accept it. */
export function normalizeUnit(unit: string): CanonicalUnit | undefined {
  const u = unit.toLowerCase();
  if (u === 'b' || u === 'byte' || u === 'bytes') return 'bytes';
  const power = PREFIXES.indexOf(u.charAt(0) as (typeof PREFIXES)[number]);
  if (power < 0) return undefined;
  const rest = u.slice(1);
  if (rest === '' || rest === 'ib') return CANONICAL_BINARY[power];
  if (rest === 'b') return CANONICAL_DECIMAL[power];
  return undefined;
}

/** Like normalizeUnit, but an unknown unit is a ConfigError INVALID_VALUE. */
export function parseUnit(unit: string, path?: string): CanonicalUnit {
  const canon = normalizeUnit(unit);
  if (!canon) throw new ConfigError('INVALID_VALUE', `unknown unit '${unit}' (expected b, bytes, KB, k, KiB, MB, M, MiB, ... EiB)`, { path });
  return canon;
}

/** Bytes in one of this unit. */
export function unitFactor(unit: Unit | string): bigint {
  const canon = parseUnit(unit);
  if (canon === 'bytes') return 1n;
  const binary = canon.endsWith('iB');
  const power = BigInt(PREFIXES.indexOf(canon.charAt(0).toLowerCase() as (typeof PREFIXES)[number]) + 1);
  return (binary ? 1024n : 1000n) ** power;
}

/** The size in bytes, exactly. */
export function toBytes(q: Quantity): bigint {
  const v = typeof q.value === 'bigint' ? q.value : toBigIntExact(q.value);
  return v * unitFactor(q.unit);
}

/** The size in bytes as a number; a ConfigError when it is not a safe integer. */
export function toBytesNumber(q: Quantity): number {
  const b = toBytes(q);
  if (b > BigInt(Number.MAX_SAFE_INTEGER)) throw new ConfigError('INVALID_VALUE', `${b} bytes does not fit a safe integer; use toBytes()`);
  return Number(b);
}

/**
 * Converts a value between units. Numbers convert as numbers (the result may have a fraction);
 * bigints convert exactly and must divide evenly.
 */
export function convert(value: number, from: Unit | string, to: Unit | string): number;
export function convert(value: bigint, from: Unit | string, to: Unit | string): bigint;
export function convert(value: number | bigint, from: Unit | string, to: Unit | string): number | bigint;
export function convert(value: number | bigint, from: Unit | string, to: Unit | string): number | bigint {
  const f = unitFactor(from);
  const t = unitFactor(to);
  if (typeof value === 'bigint') {
    const bytes = value * f;
    if (bytes % t !== 0n) throw new ConfigError('INVALID_VALUE', `${value} ${from} is not a whole number of ${to}`);
    return bytes / t;
  }
  if (f >= t) return value * Number(f / t);
  return value / Number(t / f);
}

/** A quantity in a chosen unit (the value is a number when it is safe, a bigint otherwise). */
export function inUnit(q: Quantity, unit: Unit): Quantity {
  return { value: fromBigInt(convert(toBytes(q), 'bytes', unit)), unit: parseUnit(unit) };
}

/**
 * Parses a size as libvirt writes it: a non-negative decimal integer plus a unit attribute
 * (absent means `defaultUnit`; KiB for memory, bytes for storage).
 */
export function parseQuantity(text: string, unit: string | undefined, defaultUnit: CanonicalUnit, path?: string): Quantity {
  const t = text.trim();
  if (!/^[0-9]+$/.test(t)) throw new ConfigError('INVALID_VALUE', `'${text}' is not a non-negative integer size`, { path });
  const canon = unit === undefined || unit === '' ? defaultUnit : parseUnit(unit, path);
  return { value: fromBigInt(BigInt(t)), unit: canon };
}

/** Validates a quantity given by a caller before it is written. */
export function checkQuantity(q: Quantity, path?: string): { value: string; unit: CanonicalUnit } {
  const v = q.value;
  const ok = typeof v === 'bigint' ? v >= 0n : Number.isSafeInteger(v) && v >= 0;
  if (!ok) throw new ConfigError('INVALID_VALUE', `size ${String(v)} must be a non-negative integer`, { path });
  return { value: String(v), unit: parseUnit(q.unit, path) };
}

function toBigIntExact(v: number): bigint {
  if (!Number.isInteger(v)) throw new ConfigError('INVALID_VALUE', `size ${v} must be an integer`);
  return BigInt(v);
}

function fromBigInt(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
