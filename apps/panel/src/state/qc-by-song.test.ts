import { describe, expect, it } from 'vitest';
import type { ListedEntry, Note } from '../hub/hub-types.js';
import { qcBySong } from './qc-by-song.js';

let n = 0;
const entry = (note: Partial<Note>, retracted = false): ListedEntry => {
  const id = `01J${String(++n).padStart(23, '0')}`;
  return {
    id,
    updatedAt: note.time ?? '2026-11-20T10:00:00.000Z',
    amendments: 0,
    retracted,
    note: {
      schema: 'Note.1',
      id,
      time: '2026-11-20T10:00:00.000Z',
      author: 'tapeop',
      kind: 'qc',
      scope: { kind: 'song', songId: 'night-drive' },
      text: 'QC',
      ...note,
    },
  };
};

const figures = (integratedLufs: number) => ({
  integratedLufs,
  truePeakDbtp: -1.2,
  loudnessRangeLu: 5.5,
});

describe('qcBySong', () => {
  it('keeps the newest QC of each song, with its figures and checks', () => {
    const result = qcBySong([
      entry({ time: '2026-11-20T10:00:00.000Z', data: { figures: figures(-16), checks: [] } }),
      entry({
        time: '2026-11-21T10:00:00.000Z',
        data: {
          path: 'mixes/01.wav',
          status: 'measured',
          figures: figures(-14),
          checks: [{ id: 'true-peak', severity: 'error', message: 'True peak over −1 dBTP' }],
        },
      }),
      entry({
        scope: { kind: 'song', songId: 'city-lights' },
        data: { figures: figures(-12), checks: [] },
      }),
    ]);
    expect(result.get('night-drive')).toMatchObject({
      path: 'mixes/01.wav',
      figures: { integratedLufs: -14 },
      checks: [{ severity: 'error' }],
    });
    expect(result.get('city-lights')?.figures?.integratedLufs).toBe(-12);
  });

  it('leaves out album notes, other kinds, retracted notes and malformed data', () => {
    const result = qcBySong([
      entry({ scope: { kind: 'session' }, data: { album: {} } }),
      entry({ kind: 'note', data: { figures: figures(-9) } }),
      entry({ data: { figures: figures(-9) } }, true),
      entry({
        scope: { kind: 'song', songId: 'overpass' },
        text: 'QC 03.wav: not analysed',
        data: { status: 'failed', checks: 'oops' },
      }),
    ]);
    expect([...result.keys()]).toEqual(['overpass']);
    expect(result.get('overpass')).toMatchObject({
      status: 'failed',
      checks: [],
      text: 'QC 03.wav: not analysed',
    });
    expect(result.get('overpass')?.figures).toBeUndefined();
  });
});
