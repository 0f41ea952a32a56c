import { describe, expect, it } from 'vitest';
import { createUlid, isUlid, ulidTime } from './ulid.js';

describe('ULID', () => {
  it('makes 26-character ids that encode their time', () => {
    const at = Date.parse('2026-11-24T10:30:00.123Z');
    const id = createUlid(at);
    expect(id).toHaveLength(26);
    expect(isUlid(id)).toBe(true);
    expect(ulidTime(id).toISOString()).toBe('2026-11-24T10:30:00.123Z');
  });

  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, (_, i) =>
      createUlid(1_790_000_000_000 + Math.floor(i / 500)),
    );
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('recognizes only ULIDs', () => {
    expect(isUlid('01M6DQS9M05KJDM5C28CQWZXQJ')).toBe(true);
    expect(isUlid('01m6dqs9m05kjdm5c28cqwzxqj')).toBe(false);
    expect(isUlid('01M6DQS9M05KJDM5C28CQWZXQ')).toBe(false);
    expect(isUlid('01M6DQS9M05KJDM5C28CQWZXQU')).toBe(false); // U is not Crockford
    expect(isUlid('81M6DQS9M05KJDM5C28CQWZXQJ')).toBe(false); // beyond 48-bit time
    expect(() => ulidTime('nope')).toThrow(RangeError);
  });
});
