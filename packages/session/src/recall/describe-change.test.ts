import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSession, type Session } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import {
  copy,
  fx,
  marker,
  master,
  param,
  snapshot,
  track,
} from '../../test/recall/snapshot-builders.js';
import type { SnapshotChange, TrackRef } from './change.js';
import { describeChange, trackLabel } from './describe-change.js';
import { diffSnapshots } from './diff-snapshots.js';

function exampleSession(): Session {
  const path = fileURLToPath(
    new URL('../../../core/examples/small-album/session.json', import.meta.url),
  );
  const result = parseSession(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error('the example session no longer validates');
  return result.value;
}

const session = exampleSession();
const lines = (a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>, context = {}) =>
  diffSnapshots(a, b).changes.map((c) => describeChange(c, context));

describe('describeChange', () => {
  it('says the lines of the issue, naming songs by their place in the sequence', () => {
    const a = snapshot([
      track('01 Headlights', { songId: 'headlights', volumeDb: -0.5 }),
      track('02 City Lights', { songId: 'city-lights' }),
      track('03 Overpass', {
        songId: 'overpass',
        fx: [fx('Pro-Q 3', { params: [param(1, 'Band 2 Gain', 0.55, '+1.5 dB', 'dB')] })],
      }),
    ]);
    const b = copy(a);
    b.tracks[0]!.volumeDb = 0;
    b.tracks[2]!.fx[0]!.params[0] = param(1, 'Band 2 Gain', 0.6, '+2.0 dB', 'dB');
    expect(lines(a, b, { session })).toEqual([
      'Song 1 · volume −0.5 dB → 0.0 dB',
      'Song 3 · Pro-Q 3 · Band 2 Gain: +1.5 dB → +2.0 dB',
    ]);
    expect(lines(a, b, { session, songLabel: 'title' })).toEqual([
      'Headlights · volume −0.5 dB → 0.0 dB',
      'Overpass · Pro-Q 3 · Band 2 Gain: +1.5 dB → +2.0 dB',
    ]);
    expect(lines(a, b, { session, songLabel: 'number-and-title' })[0]).toBe(
      'Song 1 (Headlights) · volume −0.5 dB → 0.0 dB',
    );
    // Without a session, the track's own name.
    expect(lines(a, b)[0]).toBe('01 Headlights · volume −0.5 dB → 0.0 dB');
  });

  it('names tracks: your function, the master, a song, the track name, the position', () => {
    const ref = (fields: Partial<TrackRef>): TrackRef => ({
      scope: 'track',
      name: 'Audio 7',
      index: 6,
      ...fields,
    });
    expect(trackLabel(ref({ scope: 'master', name: 'MASTER' }), { session })).toBe('Master');
    expect(trackLabel(ref({ songId: 'last-exit' }), { session })).toBe('Song 4');
    expect(trackLabel(ref({ songId: 'unknown-song' }), { session })).toBe('Audio 7');
    expect(trackLabel(ref({ name: '  ' }))).toBe('Track 7');
    expect(trackLabel(ref({}), { trackLabel: (t) => `#${t.index}` })).toBe('#6');
    const unsequenced = copy(session);
    unsequenced.sequence.entries = unsequenced.sequence.entries.slice(1);
    expect(trackLabel(ref({ songId: 'headlights' }), { session: unsequenced })).toBe('Headlights');
    expect(trackLabel(ref({ songId: 'city-lights' }), { session: unsequenced })).toBe('Song 1');
  });

  it('adds digits when one decimal would print the same value twice', () => {
    const a = snapshot([track('A', { volumeDb: -0.5, pan: 0.2 })]);
    const b = snapshot([track('A', { volumeDb: -0.46, pan: 0.204 })]);
    expect(lines(a, b)).toEqual(['A · volume −0.50 dB → −0.46 dB', 'A · pan 20.0% R → 20.4% R']);
    const silent = snapshot([track('A', { volumeDb: null, pan: -0.3 })]);
    expect(lines(a, silent)).toEqual(['A · volume −0.5 dB → −∞ dB', 'A · pan 20% R → 30% L']);
  });

  it('uses normalized values when the plug-in shows no text, or the same text', () => {
    const one = (p: ReturnType<typeof param>) =>
      snapshot([track('A', { fx: [fx('ReaEQ', { params: [p] })] })]);
    expect(lines(one(param(3, 'Q', 0.25)), one(param(3, 'Q', 0.3)))).toEqual([
      'A · ReaEQ · Q: 0.250 → 0.300',
    ]);
    expect(lines(one(param(3, 'Q', 0.25, '2.0')), one(param(3, 'Q', 0.2501, '2.0')))).toEqual([
      'A · ReaEQ · Q: 0.2500 → 0.2501',
    ]);
    expect(lines(one(param(3, '', 0.25)), one(param(3, '', 1)))).toEqual([
      'A · ReaEQ · Parameter 3: 0.250 → 1.000',
    ]);
  });

  it('adds a missing unit and prints the minus sign', () => {
    const one = (p: ReturnType<typeof param>) =>
      snapshot([track('A', { fx: [fx('ReaLimit', { params: [p] })] })]);
    expect(
      lines(
        one(param(0, 'Threshold', 0.9, '-1.0', 'dB')),
        one(param(0, 'Threshold', 0.8, '-3.0', 'dB')),
      ),
    ).toEqual(['A · ReaLimit · Threshold: −1.0 dB → −3.0 dB']);
    expect(
      lines(one(param(1, 'Mix', 1, '100', '%')), one(param(1, 'Mix', 0.5, '50', '%'))),
    ).toEqual(['A · ReaLimit · Mix: 100% → 50%']);
  });

  it('has a plain line for every kind of change', () => {
    const state = (data: string) => ({ daw: 'reaper', encoding: 'base64' as const, data });
    const a = snapshot(
      [
        track('01 Headlights', { guid: 'T1', songId: 'headlights', width: 1 }),
        track('02 City', {
          guid: 'T2',
          songId: 'city-lights',
          fx: [
            fx('Pro-Q 3', {
              guid: 'F1',
              preset: 'Air',
              plugin: { id: 'q3', format: 'VST3', version: '3.21' },
              state: state('A'),
            }),
            fx('Pro-C 2', {
              guid: 'F2',
              params: [param(0, 'Ratio', 0.2, '2:1'), param(4, 'Knee', 0.5)],
            }),
            fx('Pro-L 2', { guid: 'F3' }),
            fx('ReaLimit', { guid: 'F4' }),
          ],
        }),
        track('Old bus', { guid: 'T9' }),
      ],
      {
        master: master({ fx: [fx('Pro-L 2')] }),
        markers: [
          marker({
            id: 'm1',
            kind: 'cd-track',
            timeSamples: 88200,
            trackNumber: 1,
            isrc: 'QZES52600001',
            cdText: { title: 'Headlights' },
          }),
          marker({ id: 'm2', kind: 'generic', timeSamples: 441000, name: 'fade?' }),
        ],
      },
    );
    const b = snapshot(
      [
        track('New bus', { guid: 'T5', fx: [fx('Pro-L 2')] }),
        track('02 City Lights', {
          guid: 'T2',
          songId: 'city-lights',
          pan: 0.1,
          fx: [
            fx('Pro-C 2', {
              guid: 'F2',
              params: [param(0, 'Ratio', 0.3, '3:1'), param(9, 'Lookahead', 1, '10 ms')],
            }),
            fx('Pro-Q 3 M/S', {
              guid: 'F1',
              enabled: false,
              offline: true,
              plugin: { id: 'q3', format: 'VST3', version: '3.24' },
              state: state('B'),
            }),
            fx('Ozone Maximizer', { guid: 'F7' }),
          ],
        }),
        track('01 Headlights', {
          guid: 'T1',
          songId: 'headlights',
          width: 0.5,
          mute: true,
          solo: true,
          phaseInvert: true,
          volumeDb: -1,
        }),
      ],
      {
        master: master({ fx: [fx('Pro-L 2', { enabled: false })] }),
        markers: [
          marker({
            id: 'm1',
            kind: 'cd-track',
            timeSamples: 110250,
            trackNumber: 1,
            isrc: 'QZES52600009',
            cdText: { title: 'Headlights (edit)' },
          }),
          marker({ kind: 'region', timeSamples: 0, endSamples: 44100, name: 'Intro' }),
        ],
      },
    );
    const changes = diffSnapshots(a, b).changes;
    const described = changes.map((c) => describeChange(c, { session }));
    expect(described).toEqual([
      'New bus · track added at position 1 with 1 plug-in',
      'Song 2 · renamed "02 City" → "02 City Lights"',
      'Song 2 · pan center → 10% R',
      'Song 2 · Pro-C 2 · Ratio: 2:1 → 3:1',
      'Song 2 · Pro-C 2 · Lookahead: not captured → 10 ms',
      'Song 2 · Pro-C 2 · Knee: 0.500 → not captured',
      'Song 2 · Pro-Q 3 M/S moved from slot 1 to 2',
      'Song 2 · plug-in "Pro-Q 3" renamed "Pro-Q 3 M/S"',
      'Song 2 · Pro-Q 3 M/S · version 3.21 → 3.24',
      'Song 2 · Pro-Q 3 M/S bypassed',
      'Song 2 · Pro-Q 3 M/S taken offline',
      'Song 2 · Pro-Q 3 M/S · preset "Air" → (none)',
      'Song 2 · Pro-Q 3 M/S · plug-in state changed',
      'Song 2 · slot 3: Pro-L 2 replaced by Ozone Maximizer',
      'Song 2 · ReaLimit removed from slot 4',
      'Song 1 · moved from position 1 to 3',
      'Song 1 · volume 0.0 dB → −1.0 dB',
      'Song 1 · width 100% → 50%',
      'Song 1 · muted',
      'Song 1 · soloed',
      'Song 1 · polarity inverted',
      'Old bus · track removed (was at position 3)',
      'Master · Pro-L 2 bypassed',
      'CD track 1 "Headlights (edit)" · start 00:00:02.000 → 00:00:02.500 · ISRC QZES52600001 → QZES52600009 · CD-Text title "Headlights" → "Headlights (edit)"',
      'Marker added: Region "Intro" at 00:00:00.000',
      'Marker removed: Marker "fade?" (was at 00:00:10.000)',
    ]);
    for (const line of described) expect(line).not.toMatch(/undefined|NaN|\[object/);
  });

  it('describes album marker changes, every CD-Text field included', () => {
    const album = (cdText: Record<string, string>) =>
      snapshot([], {
        markers: [
          marker({ id: 'album', kind: 'album', timeSamples: 0, upc: '0012345678905', cdText }),
        ],
      });
    expect(
      lines(
        album({ title: 'Night Drive', genre: 'Rock' }),
        album({ title: 'Night Drive', genre: 'Pop', language: 'English' }),
      ),
    ).toEqual([
      'Album marker · CD-Text genre "Rock" → "Pop" · CD-Text language (none) → "English"',
    ]);
  });

  it('describes the way back too', () => {
    const a = snapshot([
      track('A', { mute: true, fx: [fx('Pro-L 2', { enabled: false, offline: true })] }),
    ]);
    const b = snapshot([track('A', { fx: [fx('Pro-L 2')] })]);
    expect(lines(a, b)).toEqual(['A · unmuted', 'A · Pro-L 2 enabled', 'A · Pro-L 2 back online']);
    const added: SnapshotChange = {
      kind: 'fx-added',
      track: { scope: 'track', name: 'A', index: 0 },
      fx: { name: '', plugin: { id: 'JS:ReaLimit', format: 'JS' }, position: 0 },
      state: fx('ReaLimit', { enabled: false }),
    };
    expect(describeChange(added)).toBe('A · JS:ReaLimit added at slot 1 (bypassed)');
  });
});
