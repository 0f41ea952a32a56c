import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Note } from '../generated/types.js';
import { NOTE_KINDS, REQUEST_STATUSES } from './note-kinds.js';

describe('NOTE_KINDS and REQUEST_STATUSES', () => {
  it('are the Note type’s kinds and statuses, every one of them', () => {
    expectTypeOf<(typeof NOTE_KINDS)[number]>().toEqualTypeOf<Note['kind']>();
    expectTypeOf<(typeof REQUEST_STATUSES)[number]>().toEqualTypeOf<NonNullable<Note['status']>>();
    expect(NOTE_KINDS).toContain('client-request');
    expect(REQUEST_STATUSES).toEqual(['open', 'done', 'wontfix']);
  });
});
