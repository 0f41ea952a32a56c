import { createHash } from 'node:crypto';
import type { FxState, Snapshot } from '@tapeop/core';
import { describeChange, diffSnapshots } from '@tapeop/session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../journal/open-journal.js';
import { albumSession, snapshotV1, snapshotV2 } from '../test-support/album-fixture.js';
import { tempSession } from '../test-support/temp-session.js';
import { writeChangeNotes } from './write-change-notes.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempSession());
});
afterEach(() => cleanup());

describe('writeChangeNotes', () => {
  it('writes one change entry per meaningful change, with its line and the structured change', async () => {
    const journal = openJournal(dir, { author: 'Robin' });
    const session = albumSession();
    const [v1, v2] = [snapshotV1(), snapshotV2()];
    const result = await writeChangeNotes(journal, [v1, v2], { session, songLabel: 'title' });

    expect(result.notes.map((n) => n.text)).toEqual([
      'Headlights · Pro-Q 3 · Band 2 Gain: +1.5 dB → +2.0 dB',
      'City Lights · volume 0.0 dB → +1.0 dB',
      'City Lights · Pro-L 2 bypassed',
    ]);
    // The Overpass fader moved 0.02 dB: under the 0.05 dB default, not noted.
    expect(result.ignored).toBe(1);
    const expected = diffSnapshots(v1, v2).changes.filter(
      (c) => c.kind !== 'volume' || c.track.name !== 'Overpass',
    );
    expect(result.notes.map((n) => n.text)).toEqual(
      expected.map((c) => describeChange(c, { session, songLabel: 'title' })),
    );

    const [eq, fader] = result.notes;
    expect(eq).toMatchObject({
      kind: 'change',
      author: 'tapeop',
      scope: { kind: 'song', songId: 'headlights' },
      links: { snapshots: [v1.id, v2.id] },
      data: {
        from: v1.id,
        to: v2.id,
        change: {
          kind: 'param',
          param: { index: 1, name: 'Band 2 Gain', unit: 'dB' },
          before: { normalized: 0.55, formatted: '+1.5 dB' },
          after: { normalized: 0.5667, formatted: '+2.0 dB' },
        },
      },
    });
    expect(fader!.data).toMatchObject({
      change: { kind: 'volume', before: 0, after: 1, deltaDb: 1 },
    });

    // The same entries are what the journal reads back.
    const view = await journal.read();
    expect(view.history).toEqual(result.notes);
    expect(view.issues).toEqual([]);
  });

  it('takes the noise threshold from the options', async () => {
    const journal = openJournal(dir);
    const result = await writeChangeNotes(journal, [snapshotV1(), snapshotV2()], {
      thresholds: { volumeDb: 0.01 },
    });
    expect(result.ignored).toBe(0);
    expect(result.notes.map((n) => n.text)).toContain('Overpass · volume −1.00 dB → −0.98 dB');

    const strict = openJournal(`${dir}`);
    const none = await writeChangeNotes(strict, [snapshotV1(), snapshotV2()], {
      thresholds: { volumeDb: 2, paramDb: 1 },
      skipIfWritten: false,
    });
    expect(none.notes.map((n) => n.text)).toEqual(['City Lights · Pro-L 2 bypassed']);
  });

  it('does not note the same two snapshots twice', async () => {
    const journal = openJournal(dir);
    const first = await writeChangeNotes(journal, [snapshotV1(), snapshotV2()]);
    const again = await writeChangeNotes(journal, [snapshotV1(), snapshotV2()]);
    expect(again.notes).toEqual([]);
    expect(again.alreadyWritten).toBe(first.notes.length);
    expect((await journal.read()).history).toHaveLength(first.notes.length);
  });

  it('accepts a diff, linking the snapshots named in the options', async () => {
    const journal = openJournal(dir);
    const diff = diffSnapshots(snapshotV1(), snapshotV2());
    const result = await writeChangeNotes(journal, diff, {
      fromSnapshotId: snapshotV1().id,
      toSnapshotId: snapshotV2().id,
      versionId: 'v2',
      tags: ['recall'],
    });
    expect(result.notes).toHaveLength(3);
    for (const note of result.notes) {
      expect(note).toMatchObject({
        versionId: 'v2',
        tags: ['recall'],
        data: { from: snapshotV1().id },
      });
    }
    const bare = await writeChangeNotes(openJournal(dir), diff);
    expect(bare.notes[0]!.links).toBeUndefined();
  });

  it('keeps plug-in state blobs out of the journal, with their size and digest', async () => {
    const journal = openJournal(dir);
    const blob = Buffer.alloc(200_000, 7);
    const limiter: FxState = {
      name: 'Ozone 11 Maximizer',
      plugin: { id: 'VST3:Ozone 11 Maximizer', format: 'VST3' },
      enabled: true,
      params: [],
      state: { daw: 'reaper', encoding: 'base64', data: blob.toString('base64') },
    };
    const v2 = snapshotV2();
    const after: Snapshot = { ...v2, master: { ...v2.master!, fx: [...v2.master!.fx, limiter] } };
    const result = await writeChangeNotes(journal, [snapshotV2(), after]);
    expect(result.notes.map((n) => n.text)).toEqual([
      'Master · Ozone 11 Maximizer added at slot 2',
    ]);
    expect(result.notes[0]!.scope).toEqual({ kind: 'snapshot', snapshotId: after.id });
    const change = (result.notes[0]!.data as { change: { state: FxState } }).change;
    expect(change.state.state).toEqual({
      daw: 'reaper',
      bytes: 200_000,
      sha256: createHash('sha256').update(blob).digest('hex'),
    });
  });

  it('notes markers with a marker or position scope', async () => {
    const journal = openJournal(dir);
    const marker = {
      schema: 'Marker.1' as const,
      kind: 'cd-track' as const,
      sampleRate: 44100,
      timeSamples: 88200,
      songId: 'headlights',
      name: '#Headlights',
    };
    const a = {
      ...snapshotV1(),
      markers: [
        { ...marker, id: 'm-1' },
        {
          ...marker,
          name: 'loose',
          kind: 'generic' as const,
          timeSamples: 44100,
          songId: undefined,
        },
      ],
    };
    const b = {
      ...a,
      id: snapshotV2().id,
      markers: [
        { ...marker, id: 'm-1', timeSamples: 88200 + 4410 },
        { ...a.markers[1]!, timeSamples: 44100 * 3 },
      ],
    };
    const result = await writeChangeNotes(journal, [a, b]);
    expect(result.notes.map((n) => n.scope)).toEqual([
      { kind: 'marker', markerId: 'm-1', songId: 'headlights' },
      { kind: 'position', positionSamples: 44100 * 3, sampleRate: 44100 },
    ]);
  });

  it('refuses what is neither a diff nor two snapshots', async () => {
    const journal = openJournal(dir);
    await expect(writeChangeNotes(journal, [snapshotV1()] as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(writeChangeNotes(journal, { nope: true } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      writeChangeNotes(journal, [
        snapshotV1(),
        { ...snapshotV2(), tracks: [{ name: 'x' }] } as never,
      ]),
    ).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
  });
});
