/**
 * Seeded randomness for the harness: the order mechanisms are measured in, and the bootstrap's
 * resampling. One run seed, recorded in the document, reproduces both. Each use derives its own
 * generator from the seed and a label (e.g. `order:add_i32:null`), so the order of one row does
 * not depend on which other rows a filter kept.
 */
/**
 * 32-bit FNV-1a of a label. Five lines do not justify a dependency; all it has to do is spread
 * labels over 32 bits so two labels rarely share a generator.
 */
function fnv1a(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A seeded source of uniform 32-bit unsigned integers. */
export interface Rng {
  /** The next value, in [0, 2^32). */
  next(): number;
}

/**
 * xoshiro128** (Blackman and Vigna) from its four words of state. Written out rather than
 * imported: DESIGN.md keeps `contract/` free of every package but zod, and the runners and the
 * orchestrator must derive the same orders from one seed. A shuffle and a bootstrap need only a
 * fast generator with no visible pattern, which this is (test/random.test.ts checks it against
 * the reference sequence).
 */
export function xoshiro128ss(state: readonly [number, number, number, number]): Rng {
  const s = state.map((w) => w >>> 0);
  const rotl = (v: number, k: number) => (v << k) | (v >>> (32 - k));
  return {
    next() {
      const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
      const t = s[1]! << 9;
      s[2]! ^= s[0]!;
      s[3]! ^= s[1]!;
      s[1]! ^= s[2]!;
      s[0]! ^= s[3]!;
      s[2]! ^= t;
      s[3] = rotl(s[3]!, 11);
      return result;
    },
  };
}

/** xoshiro128** with its state filled by splitmix32 from a 32-bit seed (never all zero). */
function seeded(seed: number): Rng {
  let x = seed >>> 0;
  const splitmix32 = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return xoshiro128ss([splitmix32(), splitmix32(), splitmix32(), splitmix32()]);
}

/** The generator for one use of the run seed. */
export function rngFor(seed: number, label: string): Rng {
  return seeded((seed ^ fnv1a(label)) >>> 0);
}

/** A uniform integer in [0, n) from `rng` (n at most 2^32): values from the incomplete last
 *  block of n are drawn again, so no index is favoured. */
export function drawIndex(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`drawIndex: n must be an integer in [1, 2^32], not ${n}`);
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const x = rng.next();
    if (x < limit) return x % n;
  }
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
