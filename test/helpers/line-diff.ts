/** Lines removed from `before` and added in `after` (longest common subsequence over lines), for "an edit touched only these lines" checks. */
export function lineDiff(before: string, after: string, opts: { trim?: boolean } = {}): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  // Small documents: the plain quadratic table is fine.
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) removed.push(a[i++]);
    else added.push(b[j++]);
  }
  while (i < a.length) removed.push(a[i++]);
  while (j < b.length) added.push(b[j++]);
  return opts.trim ? { removed: removed.map((l) => l.trim()), added: added.map((l) => l.trim()) } : { removed, added };
}
