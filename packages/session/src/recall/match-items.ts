/**
 * A key for one matching pass: items of `a` and `b` with the same key are paired. `undefined`
 * means "this item takes no part in this pass" (no GUID, a duplicated GUID, ...).
 */
export type MatchKey<T> = (item: T, position: number, side: 'a' | 'b') => string | undefined;

/**
 * One matching pass. `'in-order'` pairs equal keys first with first. `'align'` first pairs the
 * longest run of equal keys that appear in the same order on both sides (a longest common
 * subsequence, so items keep their partners when others are inserted, removed or moved around
 * them), then pairs the remaining equal keys in order.
 */
export interface MatchPass<T> {
  key: MatchKey<T>;
  mode?: 'in-order' | 'align';
}

/** Pairs between two lists: `aToB[i]` is the index in `b` of `a[i]`'s partner, or -1. */
export interface Matching {
  aToB: Int32Array;
  bToA: Int32Array;
}

/** Above this many cells, an `'align'` pass pairs in order only (the table grows as n·m). */
const ALIGN_LIMIT = 4_000_000;

/**
 * Pairs the items of two lists in passes, strongest key first; a later pass only sees what the
 * earlier ones left unpaired. Items with equal keys never pair crosswise within a pass.
 */
export function matchItems<T>(a: readonly T[], b: readonly T[], passes: MatchPass<T>[]): Matching {
  const aToB = new Int32Array(a.length).fill(-1);
  const bToA = new Int32Array(b.length).fill(-1);
  const pair = (i: number, j: number) => {
    aToB[i] = j;
    bToA[j] = i;
  };
  for (const pass of passes) {
    const keysA = keysOfUnpaired(a, aToB, pass.key, 'a');
    if (keysA.length === 0) continue;
    const keysB = keysOfUnpaired(b, bToA, pass.key, 'b');
    if (keysB.length === 0) continue;
    if (pass.mode === 'align' && a.length * b.length <= ALIGN_LIMIT) {
      for (const [i, j] of alignedPairs(a.length, b.length, keysA, keysB, aToB)) pair(i, j);
    }
    pairInOrder(keysA, keysB, aToB, bToA, pair);
  }
  return { aToB, bToA };
}

interface Keyed {
  index: number;
  key: string;
}

function keysOfUnpaired<T>(
  items: readonly T[],
  partner: Int32Array,
  key: MatchKey<T>,
  side: 'a' | 'b',
): Keyed[] {
  const keyed: Keyed[] = [];
  for (let i = 0; i < items.length; i++) {
    if (partner[i] !== -1) continue;
    const k = key(items[i] as T, i, side);
    if (k !== undefined) keyed.push({ index: i, key: k });
  }
  return keyed;
}

function pairInOrder(
  keysA: Keyed[],
  keysB: Keyed[],
  aToB: Int32Array,
  bToA: Int32Array,
  pair: (i: number, j: number) => void,
): void {
  const waiting = new Map<string, number[]>();
  for (const { index, key } of keysB) {
    if (bToA[index] !== -1) continue;
    const queue = waiting.get(key);
    if (queue) queue.push(index);
    else waiting.set(key, [index]);
  }
  if (waiting.size === 0) return;
  for (const { index, key } of keysA) {
    if (aToB[index] !== -1) continue;
    const j = waiting.get(key)?.shift();
    if (j !== undefined) pair(index, j);
  }
}

/**
 * The pairs of equal keys in a longest common subsequence of the two whole lists, in which the
 * items paired by earlier passes count as anchors (each can only meet its own partner). So the
 * pairs chosen here sit in order with the ones already made: a plug-in identified by GUID keeps
 * its place and the unidentified ones around it pair without crossing it.
 */
function alignedPairs(
  n: number,
  m: number,
  keysA: Keyed[],
  keysB: Keyed[],
  aToB: Int32Array,
): Array<[number, number]> {
  // Tokens: -1 never matches; a paired item of a is its partner's index + 1 and a paired item of
  // b its own index + 1 (so partners meet); an unpaired item with a key is its key's id + m + 1.
  const tokenA = new Int32Array(n).fill(-1);
  const tokenB = new Int32Array(m).fill(-2);
  for (let i = 0; i < n; i++) if ((aToB[i] as number) >= 0) tokenA[i] = (aToB[i] as number) + 1;
  for (let i = 0; i < n; i++) {
    const j = aToB[i] as number;
    if (j >= 0) tokenB[j] = j + 1;
  }
  const ids = new Map<string, number>();
  for (const { index, key } of keysA) {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    tokenA[index] = id + m + 1;
  }
  for (const { index, key } of keysB) {
    const id = ids.get(key);
    if (id !== undefined) tokenB[index] = id + m + 1;
  }
  const width = m + 1;
  // length[x * width + y]: LCS length of a[x..] and b[y..].
  const length = new Int32Array((n + 1) * width);
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      length[x * width + y] =
        tokenA[x] === tokenB[y]
          ? (length[(x + 1) * width + y + 1] as number) + 1
          : Math.max(length[(x + 1) * width + y] as number, length[x * width + y + 1] as number);
    }
  }
  const pairs: Array<[number, number]> = [];
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (tokenA[x] === tokenB[y]) {
      if ((tokenA[x] as number) > m) pairs.push([x, y]);
      x++;
      y++;
    } else if ((length[(x + 1) * width + y] as number) >= (length[x * width + y + 1] as number)) {
      x++;
    } else {
      y++;
    }
  }
  return pairs;
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
