/**
 * A key for one matching pass: items of `a` and `b` with the same key are paired. `undefined`
 * means "this item takes no part in this pass" (no GUID, a duplicated GUID, ...).
 */
export type MatchKey<T> = (item: T, position: number, side: 'a' | 'b') => string | undefined;

/** Pairs between two lists: `aToB[i]` is the index in `b` of `a[i]`'s partner, or -1. */
export interface Matching {
  aToB: Int32Array;
  bToA: Int32Array;
}

/**
 * Pairs the items of two lists in passes, strongest key first. Within a pass, items are paired
 * in list order (the first "Vocals" of `a` with the first unpaired "Vocals" of `b`), so equal
 * keys never pair crosswise.
 */
export function matchItems<T>(a: readonly T[], b: readonly T[], passes: MatchKey<T>[]): Matching {
  const aToB = new Int32Array(a.length).fill(-1);
  const bToA = new Int32Array(b.length).fill(-1);
  let unmatched = Math.min(a.length, b.length);
  for (const key of passes) {
    if (unmatched === 0) break;
    const waiting = new Map<string, number[]>();
    for (let j = 0; j < b.length; j++) {
      if (bToA[j] !== -1) continue;
      const k = key(b[j] as T, j, 'b');
      if (k === undefined) continue;
      const queue = waiting.get(k);
      if (queue) queue.push(j);
      else waiting.set(k, [j]);
    }
    if (waiting.size === 0) continue;
    for (let i = 0; i < a.length; i++) {
      if (aToB[i] !== -1) continue;
      const k = key(a[i] as T, i, 'a');
      if (k === undefined) continue;
      const queue = waiting.get(k);
      const j = queue?.shift();
      if (j === undefined) continue;
      aToB[i] = j;
      bToA[j] = i;
      unmatched--;
    }
  }
  return { aToB, bToA };
}

/**
 * Values that occur more than once in a list. A duplicated GUID cannot identify anything, so
 * matching ignores it and falls back to names and positions.
 */
export function duplicatedValues<T>(
  items: readonly T[],
  value: (item: T) => string | undefined,
): Set<string> {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const item of items) {
    const v = value(item);
    if (v === undefined) continue;
    if (seen.has(v)) duplicated.add(v);
    else seen.add(v);
  }
  return duplicated;
}

/**
 * The items of `b` that keep their place when `b`'s paired items are put into `a`'s order with
 * the fewest single moves: a longest increasing subsequence of the partners' positions in `a`.
 * Every paired item of `b` not in the returned set must move; no fewer moves can do it.
 *
 * Among equally short sets of moves, the one that keeps more items at their very same position
 * wins, so a swap next to an inserted track reads "moved from 1 to 3", not "from 2 to 2".
 */
export function stableItems(bToA: Int32Array): Set<number> {
  const order: number[] = [];
  for (let j = 0; j < bToA.length; j++) if ((bToA[j] as number) >= 0) order.push(j);
  if (order.length > QUADRATIC_LIMIT) return longestIncreasing(order, bToA);
  // Weighted longest increasing subsequence: length first, then items left where they were.
  const n = order.length;
  const unit = n + 1;
  const best = new Float64Array(n);
  const previous = new Int32Array(n).fill(-1);
  let end = -1;
  for (let x = 0; x < n; x++) {
    const j = order[x] as number;
    const i = bToA[j] as number;
    const weight = unit + (i === j ? 1 : 0);
    let score = weight;
    for (let y = 0; y < x; y++) {
      if ((bToA[order[y] as number] as number) < i && (best[y] as number) + weight > score) {
        score = (best[y] as number) + weight;
        previous[x] = y;
      }
    }
    best[x] = score;
    if (end < 0 || score > (best[end] as number)) end = x;
  }
  const stable = new Set<number>();
  for (let x = end; x >= 0; x = previous[x] as number) stable.add(order[x] as number);
  return stable;
}

/** Above this many paired items, the O(n²) tie-break gives way to plain O(n log n) patience. */
const QUADRATIC_LIMIT = 2048;

function longestIncreasing(order: number[], bToA: Int32Array): Set<number> {
  const tailsValue: number[] = [];
  const tailsItem: number[] = [];
  const previous = new Int32Array(order.length).fill(-1);
  for (let n = 0; n < order.length; n++) {
    const value = bToA[order[n] as number] as number;
    let lo = 0;
    let hi = tailsValue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tailsValue[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    tailsValue[lo] = value;
    tailsItem[lo] = n;
    previous[n] = lo > 0 ? (tailsItem[lo - 1] as number) : -1;
  }
  const stable = new Set<number>();
  let n = tailsItem.length > 0 ? (tailsItem[tailsItem.length - 1] as number) : -1;
  while (n >= 0) {
    stable.add(order[n] as number);
    n = previous[n] as number;
  }
  return stable;
}
