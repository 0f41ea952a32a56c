import { describe, expect, it } from 'vitest';
import { checkSessionPath, isInsideSessionFolder } from './session-path.js';

describe('session paths', () => {
  it.each([
    ['mixes/01 Song.wav', 'mixes/01 Song.wav'],
    ['./mixes/./a.wav', 'mixes/a.wav'],
    ['mixes/../a.wav', 'a.wav'],
    ['a//b.wav', 'a/b.wav'],
  ])('accepts %j as %j', (path, normalized) => {
    expect(checkSessionPath(path)).toEqual({ inside: true, normalized });
  });

  it.each([
    ['../a.wav', "leads outside the session folder with '..'"],
    ['mixes/../../a.wav', "leads outside the session folder with '..'"],
    ['/home/a.wav', 'is an absolute path outside the session folder'],
    ['C:/mixes/a.wav', 'is an absolute path outside the session folder'],
    ['mixes\\a.wav', "uses '\\' separators; session paths use '/'"],
    ['', 'is empty'],
    ['.', 'names the session folder itself, not a file in it'],
    ['a\0b', 'contains a NUL character'],
  ])('refuses %j', (path, reason) => {
    expect(checkSessionPath(path)).toEqual({ inside: false, reason });
    expect(isInsideSessionFolder(path)).toBe(false);
  });
});
