import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isTapeopError, parseSnapshot, type Snapshot } from '@tapeop/core';
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
import type { SnapshotChange } from './change.js';
import { diffSnapshots } from './diff-snapshots.js';

const kinds = (changes: SnapshotChange[]) => changes.map((c) => c.kind);

function exampleSnapshot(): Snapshot {
  const path = fileURLToPath(
    new URL(
      '../../../core/examples/small-album/snapshots/01M7X042E0V5QP5JMPNNVHAH9N-v1.json',
      import.meta.url,
    ),
  );
  const result = parseSnapshot(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error('the example snapshot no longer validates');
  return result.value;
}

describe('diffSnapshots: tracks', () => {
  it('finds nothing between a snapshot and itself or its copy', () => {
    const a = exampleSnapshot();
    expect(diffSnapshots(a, a)).toEqual({ changes: [], warnings: [] });
    expect(diffSnapshots(a, copy(a))).toEqual({ changes: [], warnings: [] });
  });

  it('reports every track value with its size', () => {
    const a = snapshot([track('01 Headlights', { guid: 'T1', songId: 'headlights', width: 1 })]);
    const b = copy(a);
    Object.assign(b.tracks[0]!, {
      volumeDb: -0.5,
      pan: -0.25,
      width: 0.8,
      mute: true,
      solo: true,
      phaseInvert: true,
    });
    const { changes } = diffSnapshots(a, b);
    const ref = {
      scope: 'track',
      guid: 'T1',
      name: '01 Headlights',
      index: 0,
      songId: 'headlights',
    };
    expect(changes).toEqual([
      { kind: 'volume', track: ref, before: 0, after: -0.5, deltaDb: -0.5 },
      { kind: 'pan', track: ref, before: 0, after: -0.25, delta: -0.25 },
      { kind: 'width', track: ref, before: 1, after: 0.8, delta: expect.closeTo(-0.2, 12) },
      { kind: 'switch', track: ref, switch: 'mute', before: false, after: true },
      { kind: 'switch', track: ref, switch: 'solo', before: false, after: true },
      { kind: 'switch', track: ref, switch: 'phaseInvert', before: false, after: true },
    ]);
  });

  it('treats a null volume as silence (−∞ dB), with an infinite delta', () => {
    const a = snapshot([track('A', { volumeDb: null }), track('B', { volumeDb: -3 })]);
    const b = snapshot([track('A', { volumeDb: -6 }), track('B', { volumeDb: null })]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      { kind: 'volume', before: null, after: -6, deltaDb: Number.POSITIVE_INFINITY },
      { kind: 'volume', before: -3, after: null, deltaDb: Number.NEGATIVE_INFINITY },
    ]);
    const silent = snapshot([track('A', { volumeDb: null })]);
    expect(diffSnapshots(silent, copy(silent)).changes).toEqual([]);
  });

  it('reports a width only the newer snapshot has, but not one only the older has', () => {
    const a = snapshot([track('A')]);
    const b = snapshot([track('A', { width: 0.5 })]);
    expect(diffSnapshots(a, b).changes).toMatchObject([{ kind: 'width', after: 0.5, delta: -0.5 }]);
    expect(diffSnapshots(b, a).changes).toEqual([]);
  });

  it('matches by GUID first: a track renamed and moved at once is one track', () => {
    const a = snapshot([
      track('01 Headlights', { guid: 'T1' }),
      track('02 City', { guid: 'T2' }),
      track('03 Night', { guid: 'T3' }),
    ]);
    const b = snapshot([
      track('03 Night', { guid: 'T3' }),
      track('01 Headlights', { guid: 'T1' }),
      track('02 City Lights (v2)', { guid: 'T2', volumeDb: -1 }),
    ]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toEqual([
      {
        kind: 'track-moved',
        track: { scope: 'track', guid: 'T3', name: '03 Night', index: 0 },
        before: 2,
        after: 0,
      },
      {
        kind: 'track-renamed',
        track: { scope: 'track', guid: 'T2', name: '02 City Lights (v2)', index: 2 },
        before: '02 City',
        after: '02 City Lights (v2)',
      },
      {
        kind: 'volume',
        track: { scope: 'track', guid: 'T2', name: '02 City Lights (v2)', index: 2 },
        before: 0,
        after: -1,
        deltaDb: -1,
      },
    ]);
  });

  it('reports only the tracks that had to move, not those shifted by an insert', () => {
    const names = ['A', 'B', 'C', 'D', 'E'];
    const a = snapshot(names.map((n) => track(n)));
    const b = snapshot([track('New'), ...names.map((n) => track(n))]);
    expect(kinds(diffSnapshots(a, b).changes)).toEqual(['track-added']);

    const reversed = snapshot([...names].reverse().map((n) => track(n)));
    const moves = diffSnapshots(a, reversed).changes;
    expect(kinds(moves)).toEqual(['track-moved', 'track-moved', 'track-moved', 'track-moved']);
  });

  it('without GUIDs, matches by name and position, then by name (a moved track)', () => {
    const a = snapshot([track('Intro'), track('Song'), track('Outro', { volumeDb: -2 })]);
    const b = snapshot([track('Outro', { volumeDb: -1 }), track('Intro'), track('Song')]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      { kind: 'track-moved', track: { name: 'Outro', index: 0 }, before: 2, after: 0 },
      { kind: 'volume', track: { name: 'Outro' }, before: -2, after: -1 },
    ]);
  });

  it('without GUIDs, matches a renamed and moved track by its song', () => {
    const a = snapshot([
      track('01 Headlights', { songId: 'headlights' }),
      track('02 City', { songId: 'city' }),
    ]);
    const b = snapshot([
      track('City Lights', { songId: 'city' }),
      track('01 Headlights', { songId: 'headlights' }),
    ]);
    // One of the two has to move; which one is the diff's choice, the pairing is not.
    expect(diffSnapshots(a, b).changes).toMatchObject([
      { kind: 'track-renamed', track: { name: 'City Lights', songId: 'city' }, before: '02 City' },
      { kind: 'track-moved', track: { name: '01 Headlights' }, before: 0, after: 1 },
    ]);
  });

  it('never matches by position alone: a track with a new name, no GUID and no song is new', () => {
    const a = snapshot([track('Audio 1', { volumeDb: -3 })]);
    const b = snapshot([track('Mix bus', { volumeDb: -3 })]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      { kind: 'track-added', track: { name: 'Mix bus', index: 0 }, state: b.tracks[0] },
      { kind: 'track-removed', track: { name: 'Audio 1', index: 0 }, state: a.tracks[0] },
    ]);
  });

  it('does not trust duplicate GUIDs: warns and matches those tracks by name and position', () => {
    const a = snapshot([
      track('Left', { guid: 'DUP', volumeDb: -1 }),
      track('Right', { guid: 'DUP', volumeDb: -2 }),
    ]);
    const b = snapshot([
      track('Right', { guid: 'DUP', volumeDb: -2 }),
      track('Left', { guid: 'DUP', volumeDb: -1.5 }),
    ]);
    const { changes, warnings } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      { kind: 'track-moved', track: { name: 'Left' }, before: 0, after: 1 },
      { kind: 'volume', track: { name: 'Left' }, before: -1, after: -1.5 },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'duplicate-track-guid', pointer: 'a:/tracks/0/guid' }),
      expect.objectContaining({ code: 'duplicate-track-guid', pointer: 'b:/tracks/0/guid' }),
    ]);
    expect(warnings[0]?.message).toContain('"Left", "Right" share the GUID DUP');
  });

  it('matches tracks when only one snapshot has GUIDs, or the GUIDs come from another DAW', () => {
    const a = snapshot([track('A'), track('B')]);
    const b = snapshot([track('A', { guid: 'x' }), track('B', { guid: 'y', mute: true })]);
    expect(diffSnapshots(a, b).changes).toMatchObject([
      { kind: 'switch', track: { name: 'B', guid: 'y' }, switch: 'mute' },
    ]);
    const c = snapshot([track('A', { guid: 'ardour-1' }), track('B', { guid: 'ardour-2' })]);
    expect(kinds(diffSnapshots(b, c).changes)).toEqual(['switch']);
  });

  it('pairs same-named tracks in order, never crosswise', () => {
    const a = snapshot([track('Audio', { volumeDb: -1 }), track('Audio', { volumeDb: -2 })]);
    const b = snapshot([track('Audio', { volumeDb: -1 }), track('Audio', { volumeDb: -2 })]);
    expect(diffSnapshots(a, b).changes).toEqual([]);
  });

  it('reports the master bus, and warns when only one snapshot has it', () => {
    const a = snapshot([], { master: master({ fx: [fx('Pro-L 2')] }) });
    const b = snapshot([], {
      master: master({ volumeDb: -0.3, fx: [fx('Pro-L 2', { enabled: false })] }),
    });
    expect(diffSnapshots(a, b).changes).toMatchObject([
      { kind: 'volume', track: { scope: 'master', index: -1 }, deltaDb: -0.3 },
      { kind: 'fx-enabled', track: { scope: 'master' }, fx: { name: 'Pro-L 2' }, after: false },
    ]);
    const none = snapshot([]);
    const result = diffSnapshots(none, b);
    expect(result.changes).toEqual([]);
    expect(result.warnings).toMatchObject([{ code: 'master-only-in-one', pointer: 'b:/master' }]);
  });
});

describe('diffSnapshots: plug-ins', () => {
  const chain = () => [
    fx('Pro-Q 3', { guid: 'F1', preset: 'Master low cut' }),
    fx('Pro-C 2', { guid: 'F2' }),
    fx('Pro-L 2', { guid: 'F3' }),
  ];

  it('reports added, removed and replaced plug-ins with their slot', () => {
    const a = snapshot([track('A', { fx: chain() })]);
    const b = snapshot([
      track('A', {
        fx: [
          fx('Pro-Q 3', { guid: 'F1', preset: 'Master low cut' }),
          fx('Ozone Maximizer'),
          fx('ReaLimit'),
        ],
      }),
    ]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      {
        kind: 'fx-replaced',
        fx: { name: 'Ozone Maximizer', position: 1 },
        replaced: { name: 'Pro-C 2', position: 1, guid: 'F2' },
      },
      { kind: 'fx-replaced', fx: { name: 'ReaLimit', position: 2 }, replaced: { name: 'Pro-L 2' } },
    ]);
    const c = snapshot([track('A', { fx: [fx('ReaEQ'), ...chain().slice(0, 2)] })]);
    expect(diffSnapshots(a, c).changes).toMatchObject([
      { kind: 'fx-added', fx: { name: 'ReaEQ', position: 0 } },
      { kind: 'fx-removed', fx: { name: 'Pro-L 2', position: 2, guid: 'F3' } },
    ]);
  });

  it('reports the fewest moves when the chain is reordered', () => {
    const a = snapshot([track('A', { fx: chain() })]);
    const [q, c, l] = chain();
    const b = snapshot([track('A', { fx: [l!, q!, c!] })]);
    expect(diffSnapshots(a, b).changes).toMatchObject([
      { kind: 'fx-moved', fx: { name: 'Pro-L 2', position: 0 }, before: 2, after: 0 },
    ]);
  });

  it('reports bypass, offline, preset, rename, version and state', () => {
    const state = (data: string) => ({ daw: 'reaper', encoding: 'base64' as const, data });
    const a = snapshot([
      track('A', {
        fx: [
          fx('Pro-Q 3', {
            guid: 'F1',
            preset: 'Master low cut',
            plugin: { id: 'VST3:Pro-Q 3', format: 'VST3', version: '3.21' },
            state: state('AAAA'),
          }),
        ],
      }),
    ]);
    const b = copy(a);
    Object.assign(b.tracks[0]!.fx[0]!, {
      name: 'Pro-Q 3 (M/S)',
      enabled: false,
      offline: true,
      preset: undefined,
      plugin: { id: 'VST3:Pro-Q 3', format: 'VST3', version: '3.24' },
      state: state('BBBB'),
    });
    delete b.tracks[0]!.fx[0]!.preset;
    expect(diffSnapshots(a, b).changes).toEqual([
      expect.objectContaining({ kind: 'fx-renamed', before: 'Pro-Q 3', after: 'Pro-Q 3 (M/S)' }),
      expect.objectContaining({ kind: 'fx-version', before: '3.21', after: '3.24' }),
      expect.objectContaining({ kind: 'fx-enabled', before: true, after: false }),
      expect.objectContaining({ kind: 'fx-offline', before: false, after: true }),
      {
        kind: 'fx-preset',
        track: expect.anything(),
        fx: expect.anything(),
        before: 'Master low cut',
      },
      expect.objectContaining({ kind: 'fx-state', before: state('AAAA'), after: state('BBBB') }),
    ]);
  });

  it('without GUIDs, pairs plug-ins by identity, name and slot; renamed by identity and slot', () => {
    const a = snapshot([
      track('A', {
        fx: [fx('Pro-Q 3', { params: [param(0, 'Gain', 0.5)] }), fx('Pro-Q 3'), fx('Pro-L 2')],
      }),
    ]);
    const b = snapshot([
      track('A', {
        fx: [
          fx('Pro-Q 3', { params: [param(0, 'Gain', 0.6)] }),
          fx('Pro-Q 3'),
          { ...fx('Pro-L 2'), name: 'Limiter' },
        ],
      }),
    ]);
    expect(diffSnapshots(a, b).changes).toMatchObject([
      { kind: 'param', fx: { name: 'Pro-Q 3', position: 0 }, before: { normalized: 0.5 } },
      { kind: 'fx-renamed', fx: { position: 2 }, before: 'Pro-L 2', after: 'Limiter' },
    ]);
  });

  it('a GUID that now holds another plug-in is a replacement, not the same instance', () => {
    const a = snapshot([track('A', { fx: [fx('Pro-L 2', { guid: 'F1' })] })]);
    const b = snapshot([track('A', { fx: [fx('ReaLimit', { guid: 'F1' })] })]);
    expect(kinds(diffSnapshots(a, b).changes)).toEqual(['fx-replaced']);
  });

  it('does not trust duplicate plug-in GUIDs', () => {
    const a = snapshot([
      track('A', { fx: [fx('Pro-Q 3', { guid: 'X' }), fx('Pro-L 2', { guid: 'X' })] }),
    ]);
    const { changes, warnings } = diffSnapshots(a, copy(a));
    expect(changes).toEqual([]);
    expect(warnings).toMatchObject([
      { code: 'duplicate-fx-guid', pointer: 'a:/tracks/0/fx' },
      { code: 'duplicate-fx-guid', pointer: 'b:/tracks/0/fx' },
    ]);
  });
});

describe('diffSnapshots: parameters', () => {
  const eq = (params: ReturnType<typeof param>[]) =>
    snapshot([
      track('03 Night', {
        guid: 'T3',
        songId: 'night',
        fx: [fx('Pro-Q 3', { guid: 'F1', params })],
      }),
    ]);

  it('reports before and after, normalized and formatted, with a dB delta for dB values', () => {
    const a = eq([
      param(0, 'Band 1 Frequency', 0.1, '30 Hz', 'Hz'),
      param(1, 'Band 2 Gain', 0.55, '+1.5 dB', 'dB'),
    ]);
    const b = eq([
      param(0, 'Band 1 Frequency', 0.12, '35 Hz', 'Hz'),
      param(1, 'Band 2 Gain', 0.6, '+2.0 dB', 'dB'),
    ]);
    const { changes } = diffSnapshots(a, b);
    expect(changes).toEqual([
      {
        kind: 'param',
        track: { scope: 'track', guid: 'T3', name: '03 Night', index: 0, songId: 'night' },
        fx: { guid: 'F1', name: 'Pro-Q 3', plugin: expect.anything(), position: 0 },
        param: { index: 0, name: 'Band 1 Frequency', unit: 'Hz' },
        before: { normalized: 0.1, formatted: '30 Hz' },
        after: { normalized: 0.12, formatted: '35 Hz' },
        deltaNormalized: expect.closeTo(0.02, 12),
      },
      expect.objectContaining({
        kind: 'param',
        param: { index: 1, name: 'Band 2 Gain', unit: 'dB' },
        deltaDb: 0.5,
      }),
    ]);
  });

  it('reports parameters only one snapshot captured, matched by index in any order', () => {
    const a = eq([param(2, 'Q', 0.3), param(0, 'Gain', 0.5), param(5, 'Mix', 1)]);
    const b = eq([param(0, 'Gain', 0.5), param(7, 'Output', 0.8, '-1.0 dB'), param(2, 'Q', 0.35)]);
    expect(diffSnapshots(a, b).changes).toMatchObject([
      {
        kind: 'param-added',
        param: { index: 7, name: 'Output' },
        after: { normalized: 0.8, formatted: '-1.0 dB' },
      },
      {
        kind: 'param',
        param: { index: 2 },
        before: { normalized: 0.3 },
        after: { normalized: 0.35 },
      },
      { kind: 'param-removed', param: { index: 5, name: 'Mix' }, before: { normalized: 1 } },
    ]);
  });

  it('warns about a repeated parameter index and compares the first', () => {
    const a = eq([param(0, 'Gain', 0.5), param(0, 'Gain again', 0.9)]);
    const b = eq([param(0, 'Gain', 0.6)]);
    const { changes, warnings } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      { kind: 'param', before: { normalized: 0.5 }, after: { normalized: 0.6 } },
    ]);
    expect(warnings).toMatchObject([
      { code: 'duplicate-param-index', pointer: 'a:/tracks/0/fx/0/params/1' },
    ]);
  });

  it('compares the value, not its display text', () => {
    const a = eq([param(0, 'Gain', 0.5, '0.0 dB')]);
    const b = eq([param(0, 'Gain', 0.5, '0.00 dB')]);
    expect(diffSnapshots(a, b).changes).toEqual([]);
  });
});

describe('diffSnapshots: markers', () => {
  const rate = 44100;
  const markers = () => [
    marker({
      id: 'm1',
      kind: 'cd-track',
      timeSamples: 2 * rate,
      trackNumber: 1,
      songId: 'a',
      isrc: 'QZES52600001',
      cdText: { title: 'Headlights' },
    }),
    marker({
      kind: 'cd-track',
      timeSamples: 200 * rate,
      trackNumber: 2,
      songId: 'b',
      daw: { daw: 'reaper', guid: 'G2' },
    }),
    marker({ kind: 'generic', timeSamples: 300 * rate, name: 'check the fade' }),
  ];

  it('reports moved, changed, added and removed markers', () => {
    const a = snapshot([], { markers: markers() });
    const b = snapshot([], { markers: markers() });
    b.markers![0]!.isrc = 'QZES52600002';
    b.markers![1]!.timeSamples = 201 * rate;
    b.markers![1]!.trackNumber = 3;
    b.markers!.splice(2, 1, marker({ kind: 'generic', timeSamples: 10, name: 'new' }));
    const { changes } = diffSnapshots(a, b);
    expect(changes).toMatchObject([
      { kind: 'marker-changed', fields: ['isrc'], deltaSec: 0 },
      { kind: 'marker-changed', fields: ['time', 'trackNumber'], deltaSec: 1 },
      { kind: 'marker-added', marker: { name: 'new' } },
      { kind: 'marker-removed', marker: { name: 'check the fade' } },
    ]);
  });

  it('compares positions as times, across sample rates', () => {
    const a = snapshot([], {
      markers: [marker({ id: 'x', kind: 'generic', timeSamples: 441000 })],
    });
    const b = snapshot([], {
      markers: [marker({ id: 'x', kind: 'generic', timeSamples: 480000, sampleRate: 48000 })],
    });
    expect(diffSnapshots(a, b).changes).toEqual([]);
  });
});

describe('diffSnapshots: broken input', () => {
  const expectInvalid = (run: () => unknown, text: string, pointer: string) => {
    try {
      run();
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(isTapeopError(error, 'SCHEMA_INVALID')).toBe(true);
      expect((error as Error).message).toContain(text);
      expect((error as { details: { pointer: string } }).details.pointer).toBe(pointer);
    }
  };
  const good = snapshot([track('A', { fx: [fx('Pro-Q 3', { params: [param(0, 'Gain', 0.5)] })] })]);

  it('names the missing or wrong field and which snapshot it is in', () => {
    const noFx = copy(good) as unknown as { tracks: Array<Record<string, unknown>> };
    delete noFx.tracks[0]!.fx;
    expectInvalid(
      () => diffSnapshots(good, noFx as unknown as Snapshot),
      'b snapshot: /tracks/0/fx is not a list',
      '/tracks/0/fx',
    );

    const loud = copy(good) as unknown as { tracks: Array<Record<string, unknown>> };
    loud.tracks[0]!.volumeDb = 'loud';
    expectInvalid(
      () => diffSnapshots(loud as unknown as Snapshot, good),
      'a snapshot: /tracks/0/volumeDb',
      '/tracks/0/volumeDb',
    );

    const badParam = copy(good);
    (badParam.tracks[0]!.fx[0]!.params[0] as unknown as Record<string, unknown>).normalized = null;
    expectInvalid(
      () => diffSnapshots(good, badParam),
      '/tracks/0/fx/0/params/0',
      '/tracks/0/fx/0/params/0',
    );

    expectInvalid(() => diffSnapshots(good, {} as Snapshot), '/tracks is not a list', '/tracks');
    expectInvalid(() => diffSnapshots(null as unknown as Snapshot, good), 'is not a snapshot', '');
  });
});
