import { describe, expect, it } from 'vitest';
import { isSongId, makeSongId } from './song-id.js';

describe('song ids', () => {
  it.each([
    ['Blue Morning (Reprise)', 'blue-morning-reprise'],
    ['Café del Mar', 'cafe-del-mar'],
    ['  01 -- Intro!!', '01-intro'],
    ['???', 'song'],
    ['日本語', 'song'],
  ])('makes %j into %j', (title, id) => {
    expect(makeSongId(title)).toBe(id);
    expect(isSongId(makeSongId(title))).toBe(true);
  });

  it('keeps ids unique within a session', () => {
    expect(makeSongId('Intro', ['intro'])).toBe('intro-2');
    expect(makeSongId('Intro', ['intro', 'intro-2'])).toBe('intro-3');
  });

  it('keeps long titles within 64 characters', () => {
    const id = makeSongId('a very long title '.repeat(10), []);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(isSongId(id)).toBe(true);
  });

  it('validates ids', () => {
    expect(isSongId('headlights')).toBe(true);
    expect(isSongId('Track_01.v2')).toBe(true);
    expect(isSongId('-leading')).toBe(false);
    expect(isSongId('has space')).toBe(false);
    expect(isSongId('x'.repeat(65))).toBe(false);
  });
});
