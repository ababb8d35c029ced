// Percentages of a whole that add up to exactly 100: rounding each share on its own gives 63 % + 38 %
// for 62.5 / 37.5, which a reader adds up and distrusts.

/**
 * Whole percentages of `values` that sum to 100 (Hamilton's largest-remainder method): every share is
 * rounded down, then the points left over go to the largest remainders (ties to the larger value,
 * then to the first). Null when there is no whole to share (0/0) or a value is negative or not finite.
 */
export const largestRemainder = (values: readonly number[]): number[] | null => {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (!(total > 0) || !Number.isFinite(total) || values.some((value) => value < 0 || !Number.isFinite(value))) return null;
  const exact = values.map((value) => (value / total) * 100);
  const shares = exact.map(Math.floor);
  let left = 100 - shares.reduce((sum, share) => sum + share, 0);
  const order = exact
    .map((share, index) => ({ index, remainder: share - Math.floor(share) }))
    .sort((a, b) => b.remainder - a.remainder || (values[b.index] ?? 0) - (values[a.index] ?? 0) || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    shares[index] = (shares[index] ?? 0) + 1;
    left -= 1;
  }
  return shares;
};
