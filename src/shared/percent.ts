/** A share from 0 to 1 as a whole percentage: 0.873 -> "87%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
