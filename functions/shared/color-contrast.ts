// WCAG 2.x contrast between two "#rrggbb" colours, for the config's accent colour (checked at synth)
// and the email's own palette.

const channel = (hex: string, index: number): number => {
  const value = parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
};

const luminance = (hex: string): number => 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The contrast ratio of two "#rrggbb" colours, from 1 (same) to 21 (black on white). */
export const contrastRatio = (a: string, b: string): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};
