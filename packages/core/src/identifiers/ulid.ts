// ULID (github.com/ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32.
// Ids made in the same millisecond by one process increase monotonically, so sorting ids
// sorts journal entries in the order they were written.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

let lastTime = -1;
let lastRandom: number[] = [];

function randomDigits(): number[] {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b & 31);
}

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  // 80 bits exhausted within one millisecond: practically impossible; start a fresh random.
  return randomDigits();
}

export function createUlid(now: number = Date.now()): string {
  if (now === lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomDigits();
  }
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + lastRandom.map((d) => ALPHABET[d]).join('');
}

export function isUlid(value: string): boolean {
  return ULID.test(value);
}

/** The creation time encoded in a ULID. */
export function ulidTime(id: string): Date {
  if (!isUlid(id)) throw new RangeError(`"${id}" is not a ULID`);
  let t = 0;
  for (const char of id.slice(0, 10)) t = t * 32 + ALPHABET.indexOf(char);
  return new Date(t);
}
