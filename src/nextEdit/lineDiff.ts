// Line diff by longest common subsequence: a window is 21 lines and an answer a few more, so the
// quadratic table is a few hundred cells.

export interface LineChange {
  /** Replaced lines of `a`: [oldStart, oldEnd). Empty for a pure insertion before oldStart. */
  oldStart: number;
  oldEnd: number;
  /** The lines of `b` that replace them. */
  newLines: string[];
}

export function diffLines(a: readonly string[], b: readonly string[]): { changes: LineChange[]; unchanged: number } {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const changes: LineChange[] = [];
  let i = 0;
  let j = 0;
  let open: LineChange | undefined;
  const close = () => {
    if (open) changes.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      close();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      open ??= { oldStart: i, oldEnd: i, newLines: [] };
      open.newLines.push(b[j++]!);
    } else {
      open ??= { oldStart: i, oldEnd: i, newLines: [] };
      open.oldEnd = ++i;
    }
  }
  close();
  return { changes, unchanged: lcs[0]![0]! };
}
