/**
 * The statistics behind two of issue 24's rules (contract/statistics.ts): a cell whose samples
 * fall into two clusters says so with both (`twoModes`), and a time-ordered series that starts
 * slow loses its slow start (`steadyFrom`); neither fires on one noisy cluster.
 */
import { describe, expect, it } from 'vitest';
import { steadyFrom, twoModes } from '../contract/statistics.ts';
import { rngFor } from '../contract/random.ts';

/** Uniform values in [0, 1) from a seeded generator. */
const uniform = (seed: number) => {
  const rng = rngFor(seed, 'two-modes');
  return () => rng.next() / 2 ** 32;
};

describe('two modes', () => {
  it('finds two clusters and gives each its median and share', () => {
    const rand = uniform(7);
    const fast = Array.from({ length: 60 }, () => 30 + rand());
    const slow = Array.from({ length: 40 }, () => 45 + rand());
    const modes = twoModes([...fast, ...slow].sort((a, b) => a - b))!;
    expect(modes[0].share).toBeCloseTo(0.6, 10);
    expect(modes[1].share).toBeCloseTo(0.4, 10);
    expect(modes[0].median).toBeGreaterThan(30);
    expect(modes[0].median).toBeLessThan(31);
    expect(modes[1].median).toBeGreaterThan(45);
    expect(modes[1].median).toBeLessThan(46);
  });

  it('does not split one cluster, a few outliers, or too few samples', () => {
    const rand = uniform(11);
    const one = Array.from({ length: 100 }, () => 30 * (1 + 0.05 * rand())).sort((a, b) => a - b);
    expect(twoModes(one)).toBeUndefined();
    // 10 % of slow samples (a descheduled sample or two) are a tail, not a mode.
    const tail = [...one.slice(0, 90), ...Array.from({ length: 10 }, () => 60)].sort((a, b) => a - b);
    expect(twoModes(tail)).toBeUndefined();
    expect(twoModes([1, 1, 1, 2, 2, 2])).toBeUndefined();
  });
});

describe('steady from', () => {
  it('drops a slow start, in quarters, never more than half', () => {
    const series = [...Array.from({ length: 5 }, () => 100), ...Array.from({ length: 15 }, () => 10)];
    expect(steadyFrom(series)).toBe(5);
    // Slow all along: nothing to drop.
    expect(steadyFrom(Array.from({ length: 20 }, () => 100))).toBe(0);
    // Slow for most of it: at most half goes, whatever the rest says.
    expect(steadyFrom([...Array.from({ length: 15 }, () => 100), ...Array.from({ length: 5 }, () => 10)])).toBeLessThanOrEqual(10);
    // A slow end is not a slow start.
    expect(steadyFrom([...Array.from({ length: 15 }, () => 10), ...Array.from({ length: 5 }, () => 100)])).toBe(0);
  });
});
