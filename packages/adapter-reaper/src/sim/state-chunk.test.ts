import { createMemoryLogger } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { findPlugin } from './plugins.js';
import { SimReaper } from './reaper-app.js';
import {
  quoteChunkString,
  readTrackChunk,
  tokenizeChunkLine,
  writeTrackChunk,
} from './state-chunk.js';

describe("the simulator's track state chunks", () => {
  it('quotes and tokenizes strings the way REAPER writes them', () => {
    expect(quoteChunkString('a b')).toBe('"a b"');
    expect(quoteChunkString('say "hi"')).toBe(`'say "hi"'`);
    expect(quoteChunkString(`it's "x"`)).toBe('`it\'s "x"`');
    expect(
      tokenizeChunkLine(`  <VST "VST: ReaEQ (Cockos)" reaeq.vst.so 0 'a "b"' 0<00> ""`),
    ).toEqual(['<VST', 'VST: ReaEQ (Cockos)', 'reaeq.vst.so', '0', 'a "b"', '0<00>', '']);
  });

  it('writes a track and reads it back unchanged', () => {
    const app = new SimReaper({ resourcePath: '/tmp/unused', logger: createMemoryLogger() });
    const p = app.project;
    const t = p.insertTrack(0);
    Object.assign(t, {
      name: 'Song "1"',
      vol: 0.7,
      pan: -0.3,
      mute: true,
      solo: 1,
      phase: true,
      width: 0.5,
    });
    t.ext.set('tapeop_song', 'song-1');
    const eq = p.addFx(t, findPlugin(app.plugins, 'ReaEQ')!);
    eq.values[1] = 0.123456789;
    eq.renamed = 'Air';
    eq.preset = 'tapeop - Air';
    const js = p.addFx(t, findPlugin(app.plugins, 'JS:utility/volume')!);
    js.enabled = false;
    const item = p.addItem(t);
    Object.assign(item, { position: 2, length: 30.5, fadeInLen: 0.25, fadeInShape: 5 });
    item.takes.push({
      guid: '{TAKE}',
      name: 'Song 1',
      startOffset: 0.1,
      vol: 1,
      source: { file: '/mixes/01 "x".wav', lengthSec: 31, sampleRate: 44100, channels: 2 },
      ext: new Map(),
    });
    const text = writeTrackChunk(t);
    expect(text.split('\n')[0]).toBe(`<TRACK ${t.guid}`);
    expect(text).toContain('  <FXCHAIN');
    const copy = p.insertTrack(1);
    expect(readTrackChunk(p, copy, text, app.plugins)).toBe(true);
    expect([copy.name, copy.vol, copy.pan, copy.mute, copy.solo, copy.phase, copy.width]).toEqual([
      'Song "1"',
      0.7,
      -0.3,
      true,
      1,
      true,
      0.5,
    ]);
    expect(copy.ext.get('tapeop_song')).toBe('song-1');
    expect(copy.fx.map((f) => [f.plugin.name, f.enabled, f.renamed, f.preset, f.guid])).toEqual([
      ['VST: ReaEQ (Cockos)', true, 'Air', 'tapeop - Air', eq.guid],
      ['JS: Volume Adjustment', false, undefined, null, js.guid],
    ]);
    expect(copy.fx[0]!.values).toEqual(eq.values);
    expect(copy.items[0]).toMatchObject({
      position: 2,
      length: 30.5,
      fadeInLen: 0.25,
      fadeInShape: 5,
    });
    expect(copy.items[0]!.takes[0]).toMatchObject({ name: 'Song 1', startOffset: 0.1 });
    expect(copy.items[0]!.takes[0]!.source!.file).toBe('/mixes/01 "x".wav');
    expect(writeTrackChunk(copy).replace(copy.guid, t.guid).replaceAll(copy.guid, t.guid)).toBe(
      text.replaceAll(copy.guid, t.guid),
    );
  });

  it('refuses text that is not a well-formed track chunk, changing nothing', () => {
    const app = new SimReaper({ resourcePath: '/tmp/unused', logger: createMemoryLogger() });
    const t = app.project.insertTrack(0);
    t.name = 'keep';
    for (const bad of ['', 'NAME x', '<ITEM\n>', '<TRACK\nNAME x', '<TRACK\n>\n>']) {
      expect(readTrackChunk(app.project, t, bad, app.plugins)).toBe(false);
    }
    expect(t.name).toBe('keep');
  });

  it('keeps a plug-in REAPER does not have as an offline placeholder', () => {
    const app = new SimReaper({ resourcePath: '/tmp/unused', logger: createMemoryLogger() });
    const t = app.project.insertTrack(0);
    const ok = readTrackChunk(
      app.project,
      t,
      '<TRACK\n<FXCHAIN\nBYPASS 0 0 0\n<VST "VST3: Gone (Nobody)" gone.vst3 0 "" 0<00> ""\nAAAA\n>\nFXID {X}\nWAK 0 0\n>\n>',
      app.plugins,
    );
    expect(ok).toBe(true);
    expect(t.fx[0]).toMatchObject({ offline: true, guid: '{X}' });
    expect(t.fx[0]!.plugin.name).toBe('VST3: Gone (Nobody)');
  });
});
