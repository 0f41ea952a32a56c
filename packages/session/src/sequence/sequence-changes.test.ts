import type { Sequence } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { makeSession } from '../../test/sequence/session-fixture.js';
import { describeSequenceChange, diffSequences } from './sequence-changes.js';

const sequence = (...entries: Sequence['entries']): Sequence => ({ entries });
const e = (songId: string, gapSec = 2, extra = {}) => ({ songId, gapSec, ...extra });

describe('diffSequences', () => {
  it('finds no change between equal sequences', () => {
    const a = sequence(e('a'), e('b'), e('c'));
    expect(diffSequences(a, structuredClone(a))).toEqual([]);
  });

  it('reports the one song moved to the top, not every song below it', () => {
    const a = sequence(e('a'), e('b'), e('c'), e('d'));
    const b = sequence(e('d'), e('a'), e('b'), e('c'));
    expect(diffSequences(a, b)).toEqual([{ kind: 'song-moved', songId: 'd', from: 4, to: 1 }]);
  });

  it('reports a swap of two neighbours as one move', () => {
    const changes = diffSequences(
      sequence(e('a'), e('b'), e('c')),
      sequence(e('b'), e('a'), e('c')),
    );
    expect(changes.filter((c) => c.kind === 'song-moved')).toHaveLength(1);
  });

  it('reports gaps, crossfades, index marks and flags on songs in both sequences', () => {
    const a = sequence(e('a'), e('b'), e('c', 0, { crossfadeSec: 1.5 }), e('d'));
    const b = sequence(
      e('a'),
      e('b', 3.5),
      e('c', 2),
      e('d', 2, {
        indexMarks: [{ number: 2, offsetSec: 60, name: 'Coda' }],
        cdFlags: { copyPermitted: true },
      }),
    );
    expect(diffSequences(a, b)).toEqual([
      { kind: 'gap', songId: 'b', position: 2, beforeSec: 2, afterSec: 3.5 },
      { kind: 'crossfade', songId: 'c', position: 3, beforeSec: 1.5, afterSec: 0 },
      { kind: 'gap', songId: 'c', position: 3, beforeSec: 0, afterSec: 2 },
      {
        kind: 'index-marks',
        songId: 'd',
        position: 4,
        before: [],
        after: [{ number: 2, offsetSec: 60, name: 'Coda' }],
      },
      { kind: 'cd-flags', songId: 'd', position: 4, before: {}, after: { copyPermitted: true } },
    ]);
  });

  it('treats absent and false CD flags alike', () => {
    const a = sequence(e('a', 2, { cdFlags: { preEmphasis: false } }));
    expect(diffSequences(a, sequence(e('a')))).toEqual([]);
  });

  it('reports songs added and taken out, without a gap change for them', () => {
    const changes = diffSequences(
      sequence(e('a'), e('b'), e('c')),
      sequence(e('a'), e('x', 5), e('c')),
    );
    expect(changes).toEqual([
      { kind: 'song-added', songId: 'x', position: 2 },
      { kind: 'song-removed', songId: 'b', position: 2 },
    ]);
  });

  it('handles empty sequences', () => {
    expect(diffSequences(sequence(), sequence(e('a')))).toEqual([
      { kind: 'song-added', songId: 'a', position: 1 },
    ]);
    expect(diffSequences(sequence(e('a')), sequence())).toEqual([
      { kind: 'song-removed', songId: 'a', position: 1 },
    ]);
  });
});

describe('describeSequenceChange', () => {
  const session = makeSession([
    { id: 'headlights', title: 'Headlights' },
    { id: 'overpass', title: 'Overpass' },
  ]);
  const songs = session.songs;

  it('names songs by title, in one line', () => {
    expect(
      describeSequenceChange({ kind: 'song-moved', songId: 'overpass', from: 2, to: 1 }, songs),
    ).toBe('Overpass moved from 2 to 1');
    expect(
      describeSequenceChange(
        { kind: 'gap', songId: 'overpass', position: 2, beforeSec: 2, afterSec: 3.5 },
        songs,
      ),
    ).toBe('Gap before Overpass: 2 s → 3.5 s');
    expect(
      describeSequenceChange(
        { kind: 'crossfade', songId: 'overpass', position: 2, beforeSec: 0, afterSec: 1.5 },
        songs,
      ),
    ).toBe('Crossfade into Overpass: 1.5 s');
    expect(
      describeSequenceChange(
        {
          kind: 'cd-flags',
          songId: 'headlights',
          position: 1,
          before: {},
          after: { preEmphasis: true },
        },
        songs,
      ),
    ).toBe('CD flags of Headlights: none → pre-emphasis');
    expect(
      describeSequenceChange({ kind: 'song-removed', songId: 'overpass', position: 2 }, songs),
    ).toBe('Overpass taken out of the sequence (was 2)');
  });

  it('falls back to the song id for a song the session does not have', () => {
    expect(
      describeSequenceChange({ kind: 'song-added', songId: 'ghost', position: 3 }, songs),
    ).toBe('ghost added to the sequence at 3');
  });

  it('rounds figures for reading', () => {
    expect(
      describeSequenceChange(
        { kind: 'gap', songId: 'headlights', position: 1, beforeSec: 2.0000001, afterSec: 1 / 3 },
        songs,
      ),
    ).toBe('Gap before Headlights: 2 s → 0.333 s');
  });
});
