// Stateless randomness: a murmur3-style hash picks the stream, mulberry32 draws from it.

const mix = (state: number, value: number): number => {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  state ^= Math.imul(k, 0x1b873593);
  state = (state << 13) | (state >>> 19);
  return (Math.imul(state, 5) + 0xe6546b64) | 0;
};

export const hash = (...values: number[]): number => {
  let h = values.reduce(mix, 0x9747b28c);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

// Distinct streams so that, say, adding an ad does not reshuffle a company's monthly volume.
export const STREAM = { model: 1, month: 2, hour: 3, group: 4 } as const;

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    // Knuth's method is exact but linear in the mean; large means are close enough to normal.
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    for (let product = this.next(); product > limit; product *= this.next()) count += 1;
    return count;
  }
}

/** Weighted choice by binary search over cumulative weights. */
export class Picker {
  private readonly cumulative: number[] = [];

  constructor(weights: number[]) {
    let total = 0;
    for (const weight of weights) {
      total += weight;
      this.cumulative.push(total);
    }
  }

  pick(rng: Rng): number {
    const target = rng.next() * (this.cumulative.at(-1) ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

export const DEFAULT_SEED = 2026;
