/** Seeded choices (mulberry32): the same seed makes the same choices on every machine and every Node version. */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** One of `items`, which must not be empty. */
  pick<T>(items: readonly T[]): T;
}

/** A seeded source of choices for the mutations; json-schema-faker keeps its own seeded generator. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    pick: (items) => {
      if (!items.length) throw new Error("nothing to pick from");
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
