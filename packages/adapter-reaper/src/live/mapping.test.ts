import type { LoadPlan, Marker } from '@tapeop/core';
import type { RecallPlan } from '@tapeop/session';
import { describe, expect, it } from 'vitest';
import { splitForUrl } from './bridge-client.js';
import { loadSongsArgs } from './load-mapping.js';
import { markersFromBridge, writeMarkersArgs } from './marker-mapping.js';
import { addByNameCandidates, bridgeRecallOps } from './recall-mapping.js';
import { paramState, pluginIdentity } from './snapshot-mapping.js';

describe('from tapeop documents to the bridge and back', () => {
  it('turns a load plan into seconds, REAPER fade shapes and gains', () => {
    const plan: LoadPlan = {
      sampleRate: 48_000,
      layout: 'track-per-song',
      songs: [
        {
          songId: 'a',
          title: 'A',
          trackName: '01 A',
          filePath: '/mixes/a.wav',
          positionSamples: 96_000,
          sourceOffsetSamples: 4800,
          lengthSamples: 480_000,
          fadeIn: { lengthSec: 0.5, shape: 's-curve' },
          fadeOut: { lengthSec: 2, shape: 'equal-power' },
          gainDb: -1.5,
        },
      ],
    };
    expect(loadSongsArgs(plan)).toEqual({
      layout: 'track-per-song',
      songs: [
        {
          songId: 'a',
          title: 'A',
          trackName: '01 A',
          file: '/mixes/a.wav',
          position: 2,
          length: 10,
          offset: 0.1,
          gain: -1.5,
          fadeIn: { length: 0.5, shape: 5 },
          fadeOut: { length: 2, shape: 1 },
        },
      ],
    });
    expect(loadSongsArgs({ ...plan, layout: 'single-track' }).albumTrackName).toBe('01 A');
  });

  it("renders REAPER's CD marker names and snaps only CD markers", () => {
    const markers: Marker[] = [
      {
        schema: 'Marker.1',
        id: 'tapeop:track:a',
        kind: 'cd-track',
        timeSamples: 88_200,
        sampleRate: 44_100,
        name: 'A',
        isrc: 'GBAAA2400001',
        cdText: { title: 'A' },
      },
      {
        schema: 'Marker.1',
        kind: 'region',
        timeSamples: 88_200,
        endSamples: 441_000,
        sampleRate: 44_100,
        name: 'A',
      },
      {
        schema: 'Marker.1',
        kind: 'album',
        timeSamples: 500_000,
        sampleRate: 44_100,
        upc: '5010017088439',
        cdText: { title: 'Album', performer: 'Band' },
      },
    ];
    const write = writeMarkersArgs(markers);
    expect(write.args.markers[0]).toEqual({
      id: 'tapeop:track:a',
      kind: 'cd-track',
      name: '#TITLE=A|ISRC=GBAAA2400001',
      pos: 2,
      snap: true,
    });
    expect(write.args.markers[1]).toMatchObject({
      kind: 'region',
      name: 'A',
      region: true,
      end: 10,
    });
    expect(write.args.markers[1]!.snap).toBeUndefined();
    expect(write.args.markers[2]!.name).toBe('@Album|PERFORMER=Band|EAN=5010017088439');
    expect(write.markers[1]!.id).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('numbers CD tracks as REAPER counts them and keeps tapeop ids', () => {
    const list = [
      {
        idx: 0,
        guid: '{1}',
        num: 1,
        rgn: false,
        pos: 0,
        name: '!',
        color: 0,
        tapeop: { id: 'tapeop:pregap:a', kind: 'cd-pregap' },
      },
      {
        idx: 1,
        guid: '{2}',
        num: 2,
        rgn: false,
        pos: 2,
        name: '#TITLE=A|ISRC=GBAAA2400001',
        color: 0,
        tapeop: { id: 'tapeop:track:a', kind: 'cd-track' },
      },
      {
        idx: 2,
        guid: '{3}',
        num: 1,
        rgn: true,
        pos: 2,
        end: 10,
        name: 'A',
        color: 0,
        tapeop: { id: 'tapeop:region:a', kind: 'region' },
      },
      { idx: 3, guid: '{4}', num: 3, rgn: false, pos: 5, name: 'INDEX 02 Coda', color: 0 },
      { idx: 4, guid: '{5}', num: 4, rgn: false, pos: 12, name: '#B', color: 0 },
      { idx: 5, guid: '{6}', num: 5, rgn: false, pos: 13, name: 'a note of mine', color: 0 },
    ];
    const markers = markersFromBridge(list, 44_100);
    expect(markers.map((m) => [m.kind, m.trackNumber, m.indexNumber])).toEqual([
      ['cd-pregap', 1, 0],
      ['cd-track', 1, 1],
      ['region', 1, undefined],
      ['cd-index', 1, 2],
      ['cd-track', 2, 1],
      ['generic', undefined, undefined],
    ]);
    expect(markers[1]).toMatchObject({
      id: 'tapeop:track:a',
      songId: 'a',
      isrc: 'GBAAA2400001',
      daw: { daw: 'reaper', guid: '{2}', number: 2 },
    });
    expect(markers[4]!.cdText?.title).toBe('B');
    expect(markers[5]!.id).toBeUndefined();
  });

  it('identifies plug-ins by what REAPER reports', () => {
    expect(
      pluginIdentity({ name: 'My EQ', originalName: 'VST3: Pro-Q 3 (FabFilter)', type: 'VST3' }),
    ).toEqual({ id: 'VST3: Pro-Q 3 (FabFilter)', format: 'VST3', vendor: 'FabFilter' });
    expect(pluginIdentity({ name: 'JS: Volume Adjustment' })).toEqual({
      id: 'JS: Volume Adjustment',
      format: 'JS',
    });
    expect(pluginIdentity({ name: 'VSTi: Synth (Acme)' }).format).toBe('VST');
    expect(pluginIdentity({ name: 'Video processor' }).format).toBe('native');
    expect(paramState({ i: 2, name: 'Gain', n: 1.2, f: '+1.5 dB' })).toEqual({
      index: 2,
      name: 'Gain',
      normalized: 1,
      formatted: '+1.5 dB',
      unit: 'dB',
    });
    expect(paramState({ i: 0, name: 'Freq', n: 0.5, f: '2.50 kHz' }).unit).toBe('kHz');
  });

  it('maps every recall operation onto the bridge', () => {
    const track = { scope: 'track' as const, index: 1, guid: '{T}', name: 'Song 2' };
    const plugin = { id: 'VST3: Pro-Q 3 (FabFilter)', format: 'VST3' as const };
    const fx = { position: 0, guid: '{F}', name: 'EQ', plugin };
    const plan: RecallPlan = {
      exact: true,
      warnings: [],
      extraTracks: [],
      operations: [
        { op: 'add-track', index: 2, name: 'Intro', songId: 'intro' },
        { op: 'set-track', track, values: { volumeDb: -6.0206, mute: true, phaseInvert: false } },
        { op: 'set-track', track: { scope: 'master' }, values: { volumeDb: null } },
        { op: 'add-fx', track, position: 1, plugin, name: 'EQ' },
        { op: 'set-fx-params', track, fx, params: [{ index: 3, name: 'Gain', normalized: 0.25 }] },
        {
          op: 'restore-fx-state',
          track,
          fx,
          params: [],
          state: { daw: 'reaper', kind: 'reaper-fx-chunk', encoding: 'base64', data: 'QllQQVNT' },
        },
        {
          op: 'restore-fx-state',
          track,
          fx,
          params: [{ index: 0, name: 'x', normalized: 1 }],
          state: { daw: 'ardour', encoding: 'base64', data: 'eA==' },
        },
      ],
    };
    const { ops, warnings } = bridgeRecallOps(plan);
    expect(ops[0]).toEqual({ op: 'add-track', index: 2, name: 'Intro', songId: 'intro' });
    expect(ops[1]!.track).toEqual({ index: 1, guid: '{T}', name: 'Song 2' });
    expect((ops[1]!.set as { vol: number }).vol).toBeCloseTo(0.5, 4);
    expect(ops[1]!.set).toMatchObject({ mute: true, phase: false });
    expect(ops[2]).toEqual({ op: 'set-track', track: { master: true }, set: { vol: 0 } });
    expect(ops[3]!.names).toEqual(['VST3: Pro-Q 3 (FabFilter)', 'EQ']);
    expect(ops[4]).toEqual({
      op: 'set-fx-params',
      track: ops[1]!.track,
      fx: { position: 0, guid: '{F}', name: 'EQ', ident: plugin.id },
      values: [[3, 0.25]],
    });
    expect(ops[5]!.state).toBe('QllQQVNT');
    expect(ops[6]!.op).toBe('set-fx-params');
    expect(warnings[0]).toContain('ardour');
    expect(addByNameCandidates({ id: 'ReaEQ (Cockos)', format: 'VST' }, 'ReaEQ')).toEqual([
      'ReaEQ (Cockos)',
      'VST: ReaEQ (Cockos)',
      'ReaEQ',
    ]);
  });

  it('splits long bodies for the URL without cutting a character in two', () => {
    const text = `${'a'.repeat(10)}✓🎵${'b'.repeat(10)}`;
    const parts = splitForUrl(text, 12);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(encodeURIComponent(p).length).toBeLessThanOrEqual(12);
  });
});
