// A small, realistic album session with two snapshots of its mastering chain, for the change
// note and recall sheet tests.
import type { FxState, Session, Snapshot, TrackState } from '@tapeop/core';

export function albumSession(): Session {
  const song = (id: string, title: string, isrc: string, path: string) => ({
    id,
    title,
    isrc,
    source: {
      path,
      container: 'wav' as const,
      codec: 'pcm-int' as const,
      sampleRate: 44100,
      bitDepth: 24,
      channels: 2,
      frames: 8_820_000,
      durationSec: 200,
    },
  });
  return {
    schema: 'Session.1',
    id: '01M6DQS9M05KJDM5C28CQWZXQJ',
    album: {
      title: 'Night Drive',
      artist: 'The Example Band',
      label: 'Example Records',
      upc: '5010017088439',
      catalogNumber: 'EXR-042',
    },
    client: { name: 'Sam Client', company: 'Example Records' },
    engineer: { name: 'Robin Engineer', company: 'Example Mastering' },
    sampleRate: 44100,
    songs: [
      {
        ...song(
          'headlights',
          'Headlights',
          'QZES52600001',
          'mixes/01 - Headlights (Master v3).wav',
        ),
        versionLabel: 'Master v3',
      },
      song('city-lights', 'City Lights', 'QZES52600002', 'mixes/02_City_Lights_MIX_v2_24b44k.wav'),
      song('overpass', 'Overpass', 'QZES52600003', 'mixes/Overpass.wav'),
    ],
    sequence: {
      entries: [
        { songId: 'headlights', gapSec: 2 },
        { songId: 'city-lights', gapSec: 2 },
        { songId: 'overpass', gapSec: 1.5 },
      ],
    },
    versions: [
      {
        id: 'v1',
        name: 'v1 sent to client',
        date: '2026-11-20T17:30:00Z',
        snapshotId: '01M7X042E0V5QP5JMPNNVHAH9N',
      },
    ],
  };
}

const proQ = (bandGain: number, formatted: string): FxState => ({
  guid: '{EQ-1}',
  name: 'Pro-Q 3',
  plugin: {
    id: 'VST3:FabFilter Pro-Q 3 (FabFilter)',
    format: 'VST3',
    vendor: 'FabFilter',
    version: '3.21',
  },
  enabled: true,
  params: [
    { index: 0, name: 'Band 1 Frequency', normalized: 0.3, formatted: '120 Hz', unit: 'Hz' },
    { index: 1, name: 'Band 2 Gain', normalized: bandGain, formatted, unit: 'dB' },
  ],
  state: {
    daw: 'reaper',
    kind: 'reaper-fx-chunk',
    encoding: 'base64',
    data: Buffer.from('opaque state').toString('base64'),
  },
});

const proL = (enabled: boolean): FxState => ({
  guid: '{LIM-1}',
  name: 'Pro-L 2',
  plugin: { id: 'VST3:FabFilter Pro-L 2 (FabFilter)', format: 'VST3', vendor: 'FabFilter' },
  enabled,
  preset: 'Transparent',
  params: [
    { index: 0, name: 'Output Level', normalized: 0.97, formatted: '-1.0 dBTP', unit: 'dBTP' },
  ],
});

function songTrack(
  name: string,
  index: number,
  songId: string,
  fields: Partial<TrackState> = {},
): TrackState {
  return {
    guid: `{TRACK-${index}}`,
    name,
    index,
    songId,
    volumeDb: 0,
    pan: 0,
    mute: false,
    solo: false,
    phaseInvert: false,
    fx: [],
    ...fields,
  };
}

/** The state sent to the client as v1. */
export function snapshotV1(): Snapshot {
  return {
    schema: 'Snapshot.1',
    id: '01M7X042E0V5QP5JMPNNVHAH9N',
    name: 'v1',
    capturedAt: '2026-11-20T17:30:00Z',
    source: { daw: 'REAPER', dawVersion: '7.22', adapter: 'reaper' },
    sampleRate: 44100,
    tracks: [
      songTrack('Headlights', 0, 'headlights', { volumeDb: -0.5, fx: [proQ(0.55, '+1.5 dB')] }),
      songTrack('City Lights', 1, 'city-lights', {
        volumeDb: 0,
        fx: [proQ(0.5, '+0.0 dB'), proL(true)],
      }),
      songTrack('Overpass', 2, 'overpass', { volumeDb: -1 }),
    ],
    master: {
      name: 'MASTER',
      index: -1,
      volumeDb: 0,
      pan: 0,
      mute: false,
      solo: false,
      phaseInvert: false,
      fx: [proL(true)],
    },
  };
}

/**
 * v2, after the client's notes: Headlights' EQ band up half a dB, City Lights' fader up 1 dB and
 * its limiter bypassed, and a fader nudge on Overpass too small to note (0.02 dB).
 */
export function snapshotV2(): Snapshot {
  const v1 = snapshotV1();
  const [headlights, city, overpass] = v1.tracks as [TrackState, TrackState, TrackState];
  return {
    ...v1,
    id: '01M7YRRT803SW9M1A8437G2YM5',
    name: 'v2',
    capturedAt: '2026-11-21T10:00:00Z',
    tracks: [
      { ...headlights, fx: [proQ(0.5667, '+2.0 dB')] },
      { ...city, volumeDb: 1, fx: [proQ(0.5, '+0.0 dB'), proL(false)] },
      { ...overpass, volumeDb: -0.98 },
    ],
  };
}
