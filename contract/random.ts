/**
 * Seeded randomness for the harness: the order mechanisms are measured in, and the bootstrap's
 * resampling. One run seed, recorded in the document, reproduces both. Each use derives its own
 * generator from the seed and a label (e.g. `order:add_i32:null`), so the order of one row does
 * not depend on which other rows a filter kept.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * 32-bit FNV-1a of a label. Five lines do not justify a dependency; all it has to do is spread
 * labels over 32 bits so two labels rarely share a generator.
 */
function fnv1a(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The generator for one use of the run seed. */
export function rngFor(seed: number, label: string): RandomGenerator {
  return xoroshiro128plus((seed ^ fnv1a(label)) >>> 0);
}

/** A uniform integer in [0, n) from `rng`. */
export function drawIndex(rng: RandomGenerator, n: number): number {
  return uniformInt(rng, 0, n - 1);
}

/** A Fisher-Yates shuffled copy of `items`, the same for the same seed and label. */
export function shuffled<T>(items: readonly T[], seed: number, label: string): T[] {
  const out = [...items];
  const rng = rngFor(seed, label);
  for (let i = out.length - 1; i > 0; i--) {
    const j = drawIndex(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
