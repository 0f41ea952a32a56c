import { isTapeopError, validateMarker } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { CRAFTED_RPP, rppFixture, THIRD_PARTY_RPP } from '../../test/rpp-fixtures.js';
import { offlineProjectFromRpp } from './offline-project.js';
import { readRpp } from './read-rpp.js';
import type { RppProject } from './rpp-project.js';
import { setField } from './rpp-tree.js';
import { serializeRpp } from './serialize-rpp.js';

/** The model without the references into the tree, to compare two reads. */
export function modelOf(project: RppProject): unknown {
  const skip = new Set([
    'document',
    'root',
    'block',
    'field',
    'endField',
    'fxChain',
    'bypassField',
  ]);
  return JSON.parse(JSON.stringify(project, (key, value) => (skip.has(key) ? undefined : value)));
}

function readError(text: string, lenient = false) {
  try {
    readRpp(text, { file: 'x.RPP', lenient });
  } catch (error) {
    if (isTapeopError(error)) return error;
    throw error;
  }
  throw new Error('readRpp accepted it');
}

describe('readRpp on a project saved by REAPER 7 (nikarh/reaper-remote-bandui, MIT)', () => {
  const project = readRpp(rppFixture('nikarh-mother-project.RPP'));

  it('reads the header, sample rate, master and notes', () => {
    expect(project.reaperVersion).toBe('7.11/macOS-arm64');
    expect(project.savedAt?.toISOString()).toBe('2024-03-23T12:05:47.000Z');
    expect(project.sampleRate).toBe(44100);
    expect(project.sampleRateForced).toBe(false);
    expect(project.notes).toBe('');
    expect(project.master).toMatchObject({ volume: 0.66, pan: 0, mute: false, fx: [] });
    expect(project.problems).toEqual([]);
  });

  it('reads every track with its GUID, name, level and sends left in the tree', () => {
    expect(project.tracks.map((t) => t.name)).toEqual([
      'MIDI',
      'Click',
      'Audio',
      'Backtrack',
      'Vocal Backtrack',
      'Inputs',
      'Drum mic [1]',
      'Bass [3]',
      'Guitar [4]',
      'Vocals [5]',
      'Outputs',
      'PA [1+2]',
      'Drums [3+4]',
      'Bass [5+6]',
      'Guitar [7+8]',
      'Vocals [9+10]',
    ]);
    expect(project.tracks[0]).toMatchObject({
      index: 0,
      guid: '{93203F69-DDEF-ED48-8FC3-902D10C8FDA2}',
      volume: 0.44,
      mute: false,
      solo: 0,
    });
    expect(project.tracks[12]!.volume).toBe(0.42);
  });

  it('reads items and their sources', () => {
    const click = project.tracks[1]!;
    expect(
      click.items.map((i) => [i.position, i.length, i.name, i.loop, i.takes[0]?.source?.type]),
    ).toEqual([
      [0.00000000000097, 250.43472000001566, 'Click source', true, 'CLICK'],
      [333.91296000002183, 217.04342400001349, 'Click source', true, 'CLICK'],
      [684.52156800004377, 442.4346720000276, 'Click source', true, 'CLICK'],
    ]);
    expect(click.items[0]!.guid).toBe('{FD852FE5-901D-D9DF-1EF7-976050B658E7}');
  });

  it('reads FX chains: JS with its sliders, VST with its file and state chunk', () => {
    const pa = project.tracks[11]!;
    expect(pa.fx).toHaveLength(2);
    expect(pa.fx[0]).toMatchObject({
      kind: 'JS',
      name: 'utility/volume',
      customName: '-10 db',
      bypassed: false,
      offline: false,
      guid: '{5229CD52-0A33-664E-8A35-473A4DBC38F8}',
    });
    expect(pa.fx[0]!.jsParams!.slice(0, 3)).toEqual([-10, 0, null]);
    expect(pa.fx[1]).toMatchObject({
      kind: 'VST',
      name: 'VST: ReaComp (Cockos)',
      file: 'reacomp.vst.dylib',
      customName: 'LIMITER',
      guid: '{2F40B329-C0BE-F745-BA65-85536852176D}',
    });
    expect(pa.fx[1]!.chunk.split('\n')).toEqual([
      'BYPASS 0 0 0',
      '<VST "VST: ReaComp (Cockos)" reacomp.vst.dylib 0 LIMITER 1919247213<5653547265636D726561636F6D700000> ""',
      '  bWNlcu9e7f4EAAAAAQAAAAAAAAACAAAAAAAAAAQAAAAAAAAACAAAAAAAAAACAAAAAQAAAAAAAAACAAAAAAAAAFwAAAAAAAAAAAAQAA==',
      '  776t3g3wrd4AAIA/AACAPwAAAAAAAAAAAAAAAAAAAAAAAIA/AAAAAAAAAAAAAAAAnNEHMwAAgD8AAAAAzcxMPQAAAAAAAAAAAAAAAAAAgD7ZiZ09AAAAAAAAAAA=',
      '  AFByb2dyYW0gMQAQAAAA',
      '>',
      'FLOATPOS 0 0 0 0',
      'FXID {2F40B329-C0BE-F745-BA65-85536852176D}',
      'WAK 0 0',
      '',
    ]);
  });

  it('pairs region lines and keeps GUIDs and colours', () => {
    const regions = project.markers.filter((m) => m.isRegion);
    expect(regions.map((r) => [r.number, r.name, r.position, r.end])).toEqual([
      [1, 'Summer', 0.00000000000097, 250.43472000001663],
      [2, 'Autumn', 333.91296000002183, 550.95638400003531],
      [3, 'Winter', 684.52156800004377, 1126.9562400000714],
      [4, 'Spring', 1268.8692480000802, 1736.3473920001095],
    ]);
    const markers = project.markers.filter((m) => !m.isRegion);
    expect(markers.map((m) => [m.number, m.name, m.color])).toEqual([
      [1, 'Intro', 0],
      [2, 'Verse', 0],
      [3, 'Chrous', 27912914],
      [4, 'Verse', 19210496],
      [5, 'Chorus', 0],
      [6, 'Start', 0],
    ]);
    expect(project.markers[0]!.guid).toBe('{BAA5B1BE-F406-6AE8-77EA-111BEE4305F7}');
  });

  it('reads project ext state (REAPER saves sections and keys upper-cased)', () => {
    expect(project.extState).toEqual({ BANDUI: { REGIONS: '11,14,13,12' } });
  });
});

describe('readRpp on a project saved by REAPER 5 (Perlence/rpp, BSD-3-Clause)', () => {
  const project = readRpp(rppFixture('perlence-vst.RPP'));

  it('reads markers without GUIDs and names in every quoting style', () => {
    expect(project.markers.map((m) => [m.number, m.isRegion, m.position, m.end, m.guid])).toEqual([
      [1, false, 2, undefined, undefined],
      [1, true, 4, 6, undefined],
    ]);
    expect(project.tracks.map((t) => t.name)).toEqual([
      '5.50',
      'Synth',
      '|Beep Boop',
      'Boop',
      "0123456789 abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_'{|}~",
      '"hey',
      'hey"',
      '<',
      '>',
      '<>',
    ]);
  });

  it('reads item notes, MIDI sources and JS sliders', () => {
    const synth = project.tracks[1]!;
    expect(synth.items[0]!.takes).toEqual([]);
    expect(synth.items[0]!.notes).toBe(
      'beep  boop\n\nhello world\n0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    );
    expect(project.tracks[0]!.items[0]!.takes[0]!.source?.type).toBe('MIDI');
    expect(project.tracks[3]!.fx[0]!.jsParams!.slice(0, 7)).toEqual([0, 200, 0, 2000, 0, 0, null]);
  });
});

describe('readRpp on crafted projects', () => {
  const project = readRpp(rppFixture('mastering-session.RPP'));

  it('reads notes with pipes, angle brackets and trailing spaces', () => {
    expect(project.notes).toBe(
      'Client: Example Records\nRevision 2: | pipes stay | in notes, and trailing spaces stay  \n\n<not a block> and >not a close',
    );
    expect(project.sampleRate).toBe(48000);
    expect(project.sampleRateForced).toBe(true);
  });

  it('reads the master and its FX chain', () => {
    expect(project.master).toMatchObject({
      volume: 0.8912509381337456,
      pan: -0.25,
      mute: false,
      solo: true,
      fxEnabled: true,
    });
    expect(project.master.fx).toMatchObject([
      { kind: 'JS', name: 'Cockos/ReaLimit', preset: 'Brickwall -0.3' },
    ]);
    expect(project.master.fx[0]!.jsParams).toHaveLength(64);
    expect(project.master.fx[0]!.jsParams!.slice(0, 3)).toEqual([-0.3, -1, null]);
  });

  it('reads a track: ext data, levels, switches and an FX chain with an envelope and an offline plug-in', () => {
    const track = project.tracks[0]!;
    expect(track).toMatchObject({
      name: '01 Headlights',
      songId: 'headlights',
      ext: { tapeop_song: 'headlights', studio_note: 'keep the tape hiss' },
      volume: 1.1220184543019633,
      pan: -0.1,
      mute: false,
      solo: 1,
      phaseInvert: true,
      fxEnabled: true,
    });
    expect(
      track.fx.map((f) => [f.kind, f.name, f.file, f.customName, f.bypassed, f.offline, f.preset]),
    ).toEqual([
      ['VST', 'VST: ReaEQ (Cockos)', 'reaeq.so', undefined, false, false, 'Low cut 30 Hz'],
      [
        'VST',
        'VST3: Pro-Q 3 (FabFilter)',
        'FabFilter Pro-Q 3.vst3',
        'Pro-Q 3 master',
        true,
        true,
        undefined,
      ],
    ]);
    expect(track.fx[0]!.chunk).toContain(
      '<PARMENV 2 0 1 0.5\n  EGUID {0E000000-0000-4000-8000-0000000000C1}',
    );
    expect(track.fx[0]!.chunk.endsWith('>\nWAK 0 0\n')).toBe(true);
  });

  it('reads takes: the active one gives the item its name, offset and source', () => {
    const item = project.tracks[0]!.items[0]!;
    expect(item.takes.map((t) => [t.name, t.sourceOffset, t.source?.type, t.source?.file])).toEqual(
      [
        ['Headlights (Master v2)', 0, 'WAVE', 'mixes/01 - Headlights (Master v2).wav'],
        ['Headlights (Master v3)', 0.1, 'SECTION', 'mixes/01 - Headlights (Master v3).wav'],
      ],
    );
    expect(item).toMatchObject({
      activeTake: 1,
      name: 'Headlights (Master v3)',
      sourceOffset: 0.1,
      songId: 'headlights',
      fadeOut: { shape: 1, length: 3.5, curve: 0 },
    });
  });

  it('reads the exact name of a track holding all three quote characters', () => {
    const track = project.tracks[1]!;
    expect(track.name).toBe('Don\'t "Stop" \'til `now`');
    expect(track).toMatchObject({ volume: 0, mute: true, fxEnabled: false });
    expect(track.items[0]).toMatchObject({
      volume: 0.5011872336272722,
      mute: true,
      loop: true,
      sourceOffset: 1.25,
      fadeIn: { shape: 5, length: 0.75, curve: 0.25 },
      fadeOut: { shape: 2, length: 1.5, curve: -0.5 },
    });
    expect(track.items[0]!.takes[0]!.source).toMatchObject({
      type: 'FLAC',
      file: '/Volumes/Mixes/02 City Lights.flac',
    });
    expect(track.items[1]).toMatchObject({
      takes: [],
      notes: 'Client asked for 0.5 dB more here\n"quotes" and \'quotes\' and `ticks`',
    });
  });

  it('reads markers with flags, colours and quoted names', () => {
    expect(project.markers.map((m) => [m.number, m.isRegion, m.name, m.flags, m.color])).toEqual([
      [1, false, '!', 0, 0],
      [2, false, '#TITLE=Headlights|ISRC=QZES52600001', 0, 0],
      [1, true, 'Headlights', 1, 16711935],
      [3, false, 'check the click', 8, 0],
      [4, false, '!', 16, 0],
      [5, false, '#TITLE=City "Lights"|ISRC=QZES52600002', 0, 0],
      [6, false, `@Night Drive|MESSAGE=Don't say "never"|EAN=5010017088439`, 0, 0],
    ]);
  });

  it('reads ext state and leaves unknown blocks in the tree', () => {
    expect(Object.keys(project.extState)).toEqual(['TAPEOP', 'OTHER_TOOL']);
    expect(JSON.parse(project.extState.TAPEOP!.MARKERS!)).toHaveLength(3);
    expect(
      project.root.children.some((n) => n.type === 'block' && n.name === 'SOME_FUTURE_EXTENSION'),
    ).toBe(true);
  });

  it('gives the adapter contract view: samples at the project rate, resolved paths, Marker.1 documents', () => {
    const offline = offlineProjectFromRpp(project, { projectDir: '/sessions/night-drive' });
    expect(offline.sampleRate).toBe(48000);
    expect(offline.notes).toBe(project.notes);
    expect(offline.tracks[0]).toMatchObject({
      guid: '{5F1E2A0C-1111-4C3B-9D2E-0A1B2C3D4E5F}',
      name: '01 Headlights',
      index: 0,
      songId: 'headlights',
      items: [
        {
          name: 'Headlights (Master v3)',
          sourcePath: '/sessions/night-drive/mixes/01 - Headlights (Master v3).wav',
          positionSamples: 96000,
          lengthSamples: 9595200,
          sourceOffsetSamples: 4800,
          sampleRate: 48000,
        },
      ],
    });
    expect(offline.tracks[1]!.items[0]!.sourcePath).toBe('/Volumes/Mixes/02 City Lights.flac');
    // a project saved on Windows: relative paths with backslashes, absolute ones kept
    const windows = readRpp(
      '<REAPER_PROJECT 0.1 "7.0/win64" 1\n  <TRACK\n    <ITEM\n      <SOURCE WAVE\n        FILE "Audio\\kick.wav"\n      >\n    >\n    <ITEM\n      <SOURCE WAVE\n        FILE "D:\\Mixes\\a.wav"\n      >\n    >\n  >\n>\n',
    );
    expect(
      offlineProjectFromRpp(windows, { projectDir: '/sessions/x' }).tracks[0]!.items.map(
        (i) => i.sourcePath,
      ),
    ).toEqual(['/sessions/x/Audio/kick.wav', 'D:\\Mixes\\a.wav']);
    for (const marker of offline.markers) expect(validateMarker(marker).ok).toBe(true);
    expect(
      offline.markers.map((m) => [m.kind, m.id, m.timeSamples, m.trackNumber, m.isrc, m.upc]),
    ).toEqual([
      ['cd-pregap', 'tapeop:pregap:headlights', 0, 1, undefined, undefined],
      ['cd-track', 'tapeop:track:headlights', 96000, 1, 'QZES52600001', undefined],
      ['region', 'tapeop:region:headlights', 96000, 1, undefined, undefined],
      ['generic', undefined, 5784000, undefined, undefined, undefined],
      ['cd-pregap', undefined, 9691520, 2, undefined, undefined],
      ['cd-track', undefined, 9811200, 2, 'QZES52600002', undefined],
      ['album', undefined, 21331200, undefined, undefined, '5010017088439'],
    ]);
    expect(offline.markers[2]).toMatchObject({
      endSamples: 9691200,
      songId: 'headlights',
      daw: { daw: 'reaper', guid: '{0A000000-0000-4000-8000-000000000003}', number: 1 },
    });
  });
});

describe('readRpp: read → write → read', () => {
  it.each([...THIRD_PARTY_RPP, ...CRAFTED_RPP])('gives the same project for %s', (name) => {
    const text = rppFixture(name);
    const first = readRpp(text);
    const written = serializeRpp(first.document);
    expect(written).toBe(text);
    expect(modelOf(readRpp(written))).toEqual(modelOf(first));
  });

  it('changes exactly what was changed in the tree', () => {
    const text = rppFixture('mastering-session.RPP');
    const project = readRpp(text);
    setField(project.tracks[0]!.block, 'VOLPAN', ['0.5', '-0.1', '-1', '-1', '1']);
    const again = readRpp(serializeRpp(project.document));
    const expected = modelOf(project) as { tracks: Array<{ volume: number }> };
    expected.tracks[0]!.volume = 0.5;
    expect(modelOf(again)).toEqual(expected);
  });
});

describe('readRpp on input that is not a project', () => {
  it('refuses an empty file', () => {
    expect(readError('').message).toBe(
      'x.RPP line 1: the file is empty: a REAPER project starts with <REAPER_PROJECT',
    );
    expect(readError('\n  \n', true).details).toMatchObject({ problem: 'empty' });
  });

  it('refuses a chunk or another text in both modes', () => {
    expect(readError('<TRACK {A}\n  NAME x\n>\n', true).message).toBe(
      'x.RPP line 1: the file starts with <TRACK, not <REAPER_PROJECT: this is not a REAPER project',
    );
    expect(readError('\n[REAPER]\ncsurf_cnt=0\n').message).toMatch(
      /^x\.RPP line 2: the file starts with "\[REAPER\]"/,
    );
  });

  it('refuses lines after the project, and keeps them in lenient mode', () => {
    const text = '<REAPER_PROJECT 0.1 "7.0" 1\n  RIPPLE 0\n>\nMARKER 1 2 x 0\n';
    expect(readError(text).message).toBe(
      'x.RPP line 4: there is more after the project block closes (a stray line or a missing ">" earlier)',
    );
    const project = readRpp(text, { lenient: true });
    expect(project.problems).toMatchObject([{ code: 'after-project', line: 4 }]);
    expect(serializeRpp(project.document)).toBe(text);
  });

  it('reports values that are not numbers and reads on', () => {
    const project = readRpp(
      '<REAPER_PROJECT 0.1 "7.0" 1\n  <TRACK\n    VOLPAN loud 0\n    MUTESOLO 1 x 0\n  >\n  MARKER 1 10 "r" 1\n>\n',
    );
    expect(project.tracks[0]).toMatchObject({ volume: 1, mute: true, solo: 0 });
    expect(project.problems.map((p) => [p.code, p.line, p.message])).toEqual([
      ['bad-value', 3, 'VOLPAN: value 1 is "loud", not a number; 1 is used'],
      ['bad-value', 4, 'MUTESOLO: value 2 is "x", not a number; 0 is used'],
      [
        'unpaired-region',
        6,
        'region 1 ("r") has no end line; it is read as ending where it starts',
      ],
    ]);
  });
});
