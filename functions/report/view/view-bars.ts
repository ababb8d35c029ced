// Bars drawn as HTML table cells (no images, no SVG), shared by the trend and the tags table.
import { ratio } from '../format/format.ts';

export interface BarCell {
  /** For the text part, which has no column headers. */
  label: string;
  value: string;
  /** Bar width in percent of the largest value; 0 draws no bar. */
  bar: number;
  rest: number;
}

/** Bar width for `value` against `max`; at least 1 % so a small non-zero value still shows. */
export const barWidth = (value: number, max: number): number => {
  const share = ratio(value, max);
  if (share === null || share <= 0) return 0;
  return Math.min(100, Math.max(1, Math.round(share * 100)));
};

export const barCell = (label: string, value: string, width: number): BarCell => ({ label, value, bar: width, rest: 100 - width });
