/**
 * Shared by the benchmarks: run a Python peer (the distribution's python3, which has the
 * C-based libvirt and lxml bindings) and read the JSON it prints; print a comparison line.
 */
import { execFileSync } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export function runPython<T>(script: string, args: string[] = []): T {
  const out = execFileSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = out.trim().split('\n').pop()!;
  return JSON.parse(last) as T;
}

/** `name: ours X/s, peer Y/s, ratio Z` (ratio > 1 means ours is faster). */
export function report(name: string, ours: number, peerName: string, peer: number, unit = '/s'): string {
  const line = `${name}: ours ${fmt(ours)}${unit}, ${peerName} ${fmt(peer)}${unit}, ratio ${(ours / peer).toFixed(2)}`;
  console.log(line);
  return line;
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
