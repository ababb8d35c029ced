// Month-over-month changes: computed (compare) and worded (describeDelta).
import { fill, type Formatter } from '../format/format.ts';

/**
 * Counts and amounts change relatively (+12 %); rates and temperatures change in absolute points
 * (7 % -> 9 % is +2 pp, not +28 %).
 */
export type DeltaKind = 'relative' | 'points';

export type Delta =
  | { status: 'up' | 'down'; change: number }
  | { status: 'same' }
  /** From nothing (0, or a rate that could not be computed) to something. */
  | { status: 'new' }
  /** The current value itself cannot be computed. */
  | { status: 'unknown' };

// Below what the reader sees after rounding (0.1 % or 0.1 points) a change is "no change": a
// green "+0 %" would be noise.
const NOISE = { relative: 0.0005, points: 0.05 } as const;

/** `null` means "not computable" (a rate over zero conversations), which is not the same as 0. */
export const compare = (current: number | null, previous: number | null, kind: DeltaKind): Delta => {
  if (current === null) return { status: 'unknown' };
  if (previous === null) return { status: 'new' };
  if (kind === 'relative') {
    if (previous === 0) return current === 0 ? { status: 'same' } : { status: 'new' };
    const change = (current - previous) / Math.abs(previous);
    return Math.abs(change) < NOISE.relative ? { status: 'same' } : { status: change > 0 ? 'up' : 'down', change };
  }
  const change = current - previous;
  return Math.abs(change) < NOISE.points ? { status: 'same' } : { status: change > 0 ? 'up' : 'down', change };
};

export type Tone = 'up' | 'down' | 'flat' | 'new';

export interface DeltaView {
  tone: Tone;
  /** A glyph next to the text, so the direction never depends on colour alone. */
  glyph: string;
  text: string;
  /** Glyph and text together, for the plain-text part. */
  label: string;
  /** Inline colour for clients that drop <style>; dark mode overrides it by class. */
  color: string;
}

export interface DeltaStrings {
  same: string;
  new: string;
  /** "{value} pp" */
  points: string;
  /** "{value} pts" (temperature is not a percentage) */
  temperature: string;
}

export const TONE_COLORS: Record<Tone, string> = {
  up: '#137333',
  down: '#b3261e',
  flat: '#52606d',
  new: '#1a5fb4',
};

const GLYPHS: Record<Tone, string> = { up: '▲', down: '▼', flat: '', new: '' };

export type PointsUnit = 'points' | 'temperature';

/**
 * The change as the reader sees it: "▲ +12 %", "▼ -1.5 pp", "sin cambio", "nuevo"; null when the
 * current value itself is "—" (a second dash next to it would say nothing).
 */
export const describeDelta = (
  delta: Delta,
  kind: DeltaKind,
  format: Formatter,
  strings: DeltaStrings,
  unit: PointsUnit = 'points',
): DeltaView | null => {
  const view = (tone: Tone, text: string): DeltaView => ({
    tone,
    glyph: GLYPHS[tone],
    text,
    label: GLYPHS[tone] ? `${GLYPHS[tone]} ${text}` : text,
    color: TONE_COLORS[tone],
  });
  switch (delta.status) {
    case 'unknown':
      return null;
    case 'same':
      return view('flat', strings.same);
    case 'new':
      return view('new', strings.new);
    default: {
      const text =
        kind === 'relative' ? format.signedShare(delta.change) : fill(strings[unit], { value: format.signedPoints(delta.change) });
      return view(delta.status, text);
    }
  }
};
