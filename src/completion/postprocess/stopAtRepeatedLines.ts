import type { PostprocessFilter } from "../types";
import { comparable, isTrivialLine } from "./lines";

/**
 * A small model can loop, writing the same line or block again and again until the line limit.
 * Cut after the first occurrence when a non-trivial line comes 3 times in a row, or a block of 2+
 * lines (two of them non-trivial) comes twice in a row; blank lines between copies do not hide a
 * loop. A line written only twice (`i++;`) and runs of `}` or `end` closing nested blocks are
 * ordinary code.
 */
export const stopAtRepeatedLines: PostprocessFilter = (suggestion) => {
  const lines = suggestion.split("\n");
  const rows = lines.flatMap((line, index) => (line.trim() === "" ? [] : [{ index, key: comparable(line), trivial: isTrivialLine(line) }]));
  for (let start = 0; start < rows.length; start++) {
    for (let size = 1; start + 2 * size <= rows.length; size++) {
      const copies = size === 1 ? 3 : 2;
      const block = rows.slice(start, start + size);
      if (start + copies * size > rows.length || block.filter((row) => !row.trivial).length < Math.min(size, 2)) continue;
      const repeats = (copy: number) => block.every((row, k) => rows[start + copy * size + k]!.key === row.key);
      if (repeats(1) && (copies === 2 || repeats(2))) return lines.slice(0, block.at(-1)!.index + 1).join("\n");
    }
  }
  return suggestion;
};
