const RUNS = /(\d+)|(\D+)/g;

/**
 * Compares names the way people count: '2 Song' before '10 Song', 'Mix v9' before 'Mix v10'.
 * Digit runs compare by value, other text case- and accent-insensitively; ties are broken by
 * the plain text so the order is total and stable.
 */
export function compareNatural(a: string, b: string): number {
  const left = a.match(RUNS) ?? [];
  const right = b.match(RUNS) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    const xDigits = /^\d/.test(x);
    const yDigits = /^\d/.test(y);
    let order: number;
    if (xDigits && yDigits) order = compareDigits(x, y);
    else order = collator.compare(x, y);
    if (order !== 0) return order;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Digit runs by value without a number's size limit: '007' = '7' < '10'. */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, '');
  const b = y.replace(/^0+(?=\d)/, '');
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareNatural(key(a), key(b)));
}
