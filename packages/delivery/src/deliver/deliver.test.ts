import { execFileSync } from 'node:child_process';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatMsf, isTapeopError } from '@tapeop/core';
import { buildTimeline, readAudioHeader } from '@tapeop/session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDdp } from '../ddp/read-ddp.js';
import { verifyDdp } from '../ddp/verify-ddp.js';
import { scratchFolder } from '../test-support/test-album.js';
import {
  renderAlbum,
  renderSongs,
  THREE_SONGS,
  testSession,
} from '../test-support/test-session.js';
import { writeCdWav } from '../wav/write-wav.js';
import { splitMasters } from './split-masters.js';
import { writeCueSheet } from './write-cue-sheet.js';
import { writeDdp } from './write-ddp.js';
import { writePqSheet } from './write-pq-sheet.js';

let scratch: Awaited<ReturnType<typeof scratchFolder>>;
beforeEach(async () => {
  scratch = await scratchFolder();
});
afterEach(async () => {
  await scratch.remove();
});

const session = testSession();
const timeline = buildTimeline(session, { cd: true });

describe('writeDdp', () => {
  it("writes the session's disc from the album master, frame for frame as the timeline places it", async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const out = join(scratch.dir, 'deliver', 'DDP');
    const result = await writeDdp(session, { kind: 'album', path: master.path }, out, {
      fsync: false,
    });
    expect(result.warnings).toEqual([]);
    const ddp = await readDdp(out);
    expect(ddp.layout.upc).toBe('5010017088439');
    expect(ddp.layout.masterId).toBe('EXR-042');
    expect(ddp.layout.leadOutFrame).toBe(timeline.leadOutFrames);
    expect(
      ddp.layout.tracks.map((t) => [
        t.number,
        t.isrc,
        t.indexes.map((i) => `${i.number}@${i.frame}`).join(' '),
      ]),
    ).toEqual([
      [1, 'QZES52600001', '0@0 1@150'],
      [2, 'QZES52600002', '0@525 1@638'],
      [3, 'QZES52600003', '1@1165 2@1315'],
    ]);
    expect(ddp.layout.tracks[1]?.flags.preEmphasis).toBe(true);
    expect(ddp.layout.tracks[2]?.flags.copyPermitted).toBe(true);
    expect(ddp.layout.text).toEqual({ title: 'Night Drive', performer: 'The Example Band' });
    expect(ddp.layout.tracks[1]?.text).toEqual({
      title: 'City Lights',
      performer: 'The Example Band feat. Guest',
    });
    // The image is the render, padded with silence to the last whole sector.
    const image = await readFile(join(out, 'IMAGE.DAT'));
    expect(image.subarray(0, master.pcm.length).equals(master.pcm)).toBe(true);
    expect(image.subarray(master.pcm.length).every((b) => b === 0)).toBe(true);
    expect((await verifyDdp(out)).ok).toBe(true);
  });

  it('writes the same image from one file per song as from the album master', async () => {
    const album = await renderAlbum(scratch.dir, timeline);
    const files = await renderSongs(scratch.dir, timeline);
    const fromAlbum = await writeDdp(
      session,
      { kind: 'album', path: album.path },
      join(scratch.dir, 'A'),
      { fsync: false },
    );
    const fromSongs = await writeDdp(session, { kind: 'songs', files }, join(scratch.dir, 'B'), {
      fsync: false,
    });
    expect(fromSongs.imageMd5).toBe(fromAlbum.imageMd5);
  });

  it('takes a render without the lead-in when told so', async () => {
    const included = await renderAlbum(scratch.dir, timeline);
    const excluded = await renderAlbum(scratch.dir, timeline, {
      leadIn: 'excluded',
      name: 'from track 1.wav',
    });
    const a = await writeDdp(
      session,
      { kind: 'album', path: included.path },
      join(scratch.dir, 'A'),
      { fsync: false },
    );
    const b = await writeDdp(
      session,
      { kind: 'album', path: excluded.path, leadIn: 'excluded' },
      join(scratch.dir, 'B'),
      { fsync: false },
    );
    expect(b.imageMd5).toBe(a.imageMd5);
  });

  it('refuses a render that differs from the sequence by more than a frame, and says what it looks like', async () => {
    const excluded = await renderAlbum(scratch.dir, timeline, { leadIn: 'excluded' });
    const out = join(scratch.dir, 'DDP');
    await expect(writeDdp(session, { kind: 'album', path: excluded.path }, out)).rejects.toThrow(
      "album master.wav lasts 00:19:40 (861321 samples), but the sequence runs 00:21:40 (949521 samples) from 00:00:00 to the end of the last song; they differ by 2.000 s, more than one CD frame. It is as long as the sequence from track 1's start (00:02:00) to the end, so it seems rendered without the lead-in: give leadIn: 'excluded'.",
    );
    const long = await renderAlbum(scratch.dir, timeline, { extraSamples: 589, name: 'long.wav' });
    await expect(writeDdp(session, { kind: 'album', path: long.path }, out)).rejects.toThrow(
      /they differ by 0\.013 s, more than one CD frame\.$/,
    );
    expect((await readdir(scratch.dir)).filter((n) => !n.includes('.wav'))).toEqual([]);
  });

  it('accepts a render a few samples long and says so', async () => {
    const long = await renderAlbum(scratch.dir, timeline, { extraSamples: 500 });
    const result = await writeDdp(
      session,
      { kind: 'album', path: long.path },
      join(scratch.dir, 'DDP'),
      { fsync: false },
    );
    expect(result.warnings).toEqual([
      'album master.wav is 500 samples longer than the sequence (less than one CD frame); anything past the lead-out is left out.',
    ]);
  });

  it('accepts a render a few samples short and fills the last sector with silence', async () => {
    const short = await renderAlbum(scratch.dir, timeline, { extraSamples: -500 });
    const out = join(scratch.dir, 'DDP');
    const result = await writeDdp(session, { kind: 'album', path: short.path }, out, {
      fsync: false,
    });
    expect(result.warnings).toEqual([
      'album master.wav is 500 samples shorter than the sequence (less than one CD frame); the last sector is filled with silence.',
    ]);
    const image = await readFile(join(out, 'IMAGE.DAT'));
    expect(image.length).toBe(timeline.leadOutFrames * 2352);
    expect(image.subarray(0, short.pcm.length).equals(short.pcm)).toBe(true);
    expect(image.subarray(short.pcm.length).every((b) => b === 0)).toBe(true);
    expect((await verifyDdp(out)).ok).toBe(true);
  });

  it('accepts a last song file a few samples short', async () => {
    const files = await renderSongs(scratch.dir, timeline);
    const last = timeline.songs.at(-1)!;
    const header = await readAudioHeader(files[last.songId]!);
    const cut = await writeCdWav(
      join(scratch.dir, 'last song short.wav'),
      [
        {
          kind: 'file',
          path: header.path,
          offset: header.stream!.dataOffset,
          bytes: (last.lengthSamples - 500) * 4,
        },
      ],
      { fsync: false },
    );
    const out = join(scratch.dir, 'DDP');
    await writeDdp(session, { kind: 'songs', files: { ...files, [last.songId]: cut.path } }, out, {
      fsync: false,
    });
    expect((await verifyDdp(out)).ok).toBe(true);
  });

  it('places a 48 kHz session on the disc by CD frames, from a 44.1 kHz render', async () => {
    const songs = THREE_SONGS.map((song) => ({
      ...song,
      frames: Math.round((song.frames * 48_000) / 44_100),
    }));
    const at48 = { ...testSession(songs), sampleRate: 48_000 };
    for (const song of at48.songs)
      if (song.source) song.source = { ...song.source, sampleRate: 48_000 };
    const timeline48 = buildTimeline(at48, { cd: true });
    const samples = Math.round((timeline48.endSamples * 44_100) / 48_000);
    const render = join(scratch.dir, 'render 44k.wav');
    const { writeCdWav } = await import('../wav/write-wav.js');
    await writeCdWav(render, [{ kind: 'silence', bytes: samples * 4 }], { fsync: false });
    const out = join(scratch.dir, 'DDP');
    const result = await writeDdp(at48, { kind: 'album', path: render }, out, { fsync: false });
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^The session runs at 48 kHz; the CD master must be sample-rate converted/,
      ),
    ]);
    const ddp = await readDdp(out);
    expect(ddp.layout.leadOutFrame).toBe(timeline48.leadOutFrames);
    expect(ddp.layout.tracks.map((t) => t.indexes.map((i) => i.frame))).toEqual(
      timeline48.songs.map((s) => s.indexes.map((i) => i.frames)),
    );
  });

  it('refuses a master that is not 16-bit 44.1 kHz stereo', async () => {
    const wide = await renderAlbum(scratch.dir, timeline, { bits: 24 });
    await expect(
      writeDdp(session, { kind: 'album', path: wide.path }, join(scratch.dir, 'DDP')),
    ).rejects.toThrow(
      'album master.wav is 44.1 kHz, 24-bit integer, stereo; a CD master is 44.1 kHz, 16-bit, stereo PCM',
    );
  });

  it('refuses a sequence that breaks the Red Book, one sentence per problem, before writing anything', async () => {
    const broken = testSession([
      { ...THREE_SONGS[0]!, gapSec: 2, frames: 3 * 44_100 },
      { ...THREE_SONGS[1]!, isrc: 'QZES52600001' },
    ]);
    const master = await renderAlbum(scratch.dir, buildTimeline(broken, { cd: true }));
    try {
      await writeDdp(broken, { kind: 'album', path: master.path }, join(scratch.dir, 'DDP'));
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'RED_BOOK')).toBe(true);
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toBe('The sequence breaks 2 Red Book rules, so nothing was written:');
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(
          /^- Track 1 \("Headlights"\) lasts 00:0[34]:\d\d .*at least 4 seconds/,
        ),
        expect.stringMatching(/^- Track 2 \("City Lights"\) has the same ISRC as track 1/),
      ]);
    }
    expect((await readdir(scratch.dir)).filter((n) => !n.includes('.wav'))).toEqual([]);
  });

  it('writes a track credit the album lacks (a REAPER limit, not a CD-Text rule) with a warning', async () => {
    const credited = testSession(THREE_SONGS);
    credited.songs[0]!.songwriter = 'A. Writer';
    const master = await renderAlbum(scratch.dir, buildTimeline(credited, { cd: true }));
    const out = join(scratch.dir, 'DDP');
    const result = await writeDdp(credited, { kind: 'album', path: master.path }, out, {
      fsync: false,
    });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Track 1 has a songwriter in the CD-Text but the album has none/),
    ]);
    expect((await readDdp(out)).layout.tracks[0]?.text.songwriter).toBe('A. Writer');
  });

  it('refuses song files for songs that crossfade, and names songs without a file', async () => {
    const crossfading = testSession([
      THREE_SONGS[0]!,
      { ...THREE_SONGS[1]!, gapSec: 0, crossfadeSec: 1 },
      THREE_SONGS[2]!,
    ]);
    const files = await renderSongs(scratch.dir, buildTimeline(crossfading, { cd: true }));
    delete files['song-3'];
    await expect(
      writeDdp(crossfading, { kind: 'songs', files }, join(scratch.dir, 'DDP')),
    ).rejects.toThrow(
      [
        'The song masters do not fit the sequence:',
        '- Track 2 ("City Lights") crossfades with the track before it, which separate song files cannot do; render the album master.',
        '- Track 3 ("Overpass") has no master file (song id "song-3").',
      ].join('\n'),
    );
  });

  it('writes CD-Text genre and language, and replaces characters Latin-1 lacks', async () => {
    const styled = testSession(THREE_SONGS, {
      title: 'Night Drive – Deluxe',
      genre: 'Pop',
      language: 'de',
    });
    const master = await renderAlbum(scratch.dir, buildTimeline(styled, { cd: true }));
    const out = join(scratch.dir, 'DDP');
    const result = await writeDdp(styled, { kind: 'album', path: master.path }, out, {
      fsync: false,
    });
    expect(result.warnings).toContain(
      'The album\'s CD-Text title "Night Drive – Deluxe" is written as "Night Drive - Deluxe" (CD-Text is Latin-1).',
    );
    const ddp = await readDdp(out);
    expect(ddp.layout.text.title).toBe('Night Drive - Deluxe');
    expect(ddp.layout.genre).toBe('Pop');
    expect(ddp.layout.language).toBe('German');
    expect(ddp.cdText?.blocks[0]?.disc.genreCode).toBe(0x14);
  });
});

describe('writeCueSheet', () => {
  const cuetools = (tool: string, args: string[]) =>
    execFileSync(tool, args, { encoding: 'utf8' }).trim().split('\n');

  it('writes a cue sheet for a master with the lead-in that cuetools reads with the expected breakpoints', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const path = join(scratch.dir, 'album.cue');
    const { text } = await writeCueSheet(
      session,
      { kind: 'album', path: master.path },
      { path, leadIn: 'included', comment: 'Night Drive - master v3' },
    );
    expect(text).toBe(
      [
        'REM COMMENT "Night Drive - master v3"',
        'CATALOG 5010017088439',
        'TITLE "Night Drive"',
        'PERFORMER "The Example Band"',
        'FILE "album master.wav" WAVE',
        '  TRACK 01 AUDIO',
        '    TITLE "Headlights"',
        '    PERFORMER "The Example Band"',
        '    ISRC QZES52600001',
        '    INDEX 00 00:00:00',
        '    INDEX 01 00:02:00',
        '  TRACK 02 AUDIO',
        '    TITLE "City Lights"',
        '    PERFORMER "The Example Band feat. Guest"',
        '    ISRC QZES52600002',
        '    FLAGS PRE',
        '    INDEX 00 00:07:00',
        '    INDEX 01 00:08:38',
        '  TRACK 03 AUDIO',
        '    TITLE "Overpass"',
        '    PERFORMER "The Example Band"',
        '    ISRC QZES52600003',
        '    FLAGS DCP',
        '    INDEX 01 00:15:40',
        '    INDEX 02 00:17:40',
        '',
      ].join('\n'),
    );
    expect(cuetools('cuebreakpoints', [path])).toEqual(['0:08.38', '0:15.40']);
    expect(cuetools('cuebreakpoints', ['--split-gaps', path])).toEqual([
      '0:02.00',
      '0:07.00',
      '0:08.38',
      '0:15.40',
    ]);
    expect(cuetools('cueprint', ['-d', '%P|%T|%N\\n', '-t', '%n|%t|%p|%i\\n', path])).toEqual([
      'The Example Band|Night Drive|3',
      '1|Headlights|The Example Band|QZES52600001',
      '2|City Lights|The Example Band feat. Guest|QZES52600002',
      '3|Overpass|The Example Band|QZES52600003',
    ]);
  });

  it('writes a cue sheet for a master without the lead-in: track 1 at 00:00:00 with a PREGAP', async () => {
    const master = await renderAlbum(scratch.dir, timeline, { leadIn: 'excluded' });
    const path = join(scratch.dir, 'cue', 'album.cue');
    const { text } = await writeCueSheet(
      session,
      { kind: 'album', path: master.path },
      { path, leadIn: 'excluded' },
    );
    expect(text).toContain('FILE "../album master.wav" WAVE');
    expect(text).toContain('    PREGAP 00:02:00\n    INDEX 01 00:00:00\n');
    expect(text).toContain('    INDEX 00 00:05:00\n    INDEX 01 00:06:38\n');
    expect(cuetools('cuebreakpoints', [path])).toEqual(['0:06.38', '0:13.40']);
  });

  it('checks the master against the chosen convention', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    await expect(
      writeCueSheet(
        session,
        { kind: 'album', path: master.path },
        { path: join(scratch.dir, 'a.cue'), leadIn: 'excluded' },
      ),
    ).rejects.toThrow(/seems rendered with the lead-in: give leadIn: 'included'/);
  });

  it('cues a DDP image as BINARY and refuses per-song files', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const ddp = join(scratch.dir, 'DDP');
    await writeDdp(session, { kind: 'album', path: master.path }, ddp, { fsync: false });
    const path = join(ddp, '..', 'image.cue');
    const { text } = await writeCueSheet(
      session,
      { kind: 'image', path: join(ddp, 'IMAGE.DAT') },
      { path, leadIn: 'included' },
    );
    expect(text).toContain('FILE "DDP/IMAGE.DAT" BINARY');
    expect(cuetools('cuebreakpoints', [path])).toEqual(['0:08.38', '0:15.40']);
    await expect(
      writeCueSheet(session, { kind: 'songs', files: {} }, { path, leadIn: 'included' }),
    ).rejects.toThrow(/needs one file of the whole disc/);
  });

  it('keeps a title with double quotes readable by cuetools', async () => {
    const quoted = testSession([{ ...THREE_SONGS[0]!, title: 'The "Best" Song' }, THREE_SONGS[1]!]);
    const master = await renderAlbum(scratch.dir, buildTimeline(quoted, { cd: true }));
    const path = join(scratch.dir, 'q.cue');
    const result = await writeCueSheet(
      quoted,
      { kind: 'album', path: master.path },
      { path, leadIn: 'included', encoding: 'latin1' },
    );
    expect(result.warnings).toEqual([expect.stringContaining('contains a double quote')]);
    expect(cuetools('cueprint', ['-t', '%t\\n', '-d', '', path])).toEqual([
      "The 'Best' Song",
      'City Lights',
    ]);
  });
});

describe('splitMasters', () => {
  it('cuts the album master at the track boundaries into tagged WAVs that sox and ffprobe agree with', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const out = join(scratch.dir, 'per-song');
    const { files } = await splitMasters(session, { kind: 'album', path: master.path }, out, {
      fsync: false,
    });
    expect(files.map((f) => [f.path.slice(out.length + 1), f.startFrame, f.endFrame])).toEqual([
      ['01 - Headlights.wav', 150, 638],
      ['02 - City Lights.wav', 638, 1165],
      ['03 - Overpass.wav', 1165, 1615],
    ]);
    // sox cuts the same span out of the master on its own; the samples must be identical.
    const reference = execFileSync(
      'sox',
      [master.path, '-t', 'raw', '-', 'trim', `${638 * 588}s`, `=${1165 * 588}s`],
      { maxBuffer: 1 << 26 },
    );
    const ours = execFileSync('sox', [files[1]!.path, '-t', 'raw', '-'], { maxBuffer: 1 << 26 });
    expect(ours.equals(reference)).toBe(true);
    const tags = JSON.parse(
      execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', files[1]!.path],
        { encoding: 'utf8' },
      ),
    ).format.tags;
    expect(tags).toEqual({
      title: 'City Lights',
      artist: 'The Example Band feat. Guest',
      album: 'Night Drive',
      track: '2',
      date: '2027-02-12',
      ISRC: 'QZES52600002',
      encoder: 'tapeop',
    });
    // The id3 chunk, read by ffmpeg once the INFO list is out of its way (ffmpeg reads id3
    // only from files without INFO tags): TSRC carries the ISRC.
    const bytes = await readFile(files[1]!.path);
    bytes.write('JUNK', bytes.indexOf('LIST'), 'latin1');
    const id3Only = join(scratch.dir, 'id3-only.wav');
    await import('node:fs/promises').then((fs) => fs.writeFile(id3Only, bytes));
    const id3 = JSON.parse(
      execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_entries', 'format_tags', '-of', 'json', id3Only],
        { encoding: 'utf8' },
      ),
    ).format.tags;
    expect(id3).toMatchObject({
      title: 'City Lights',
      artist: 'The Example Band feat. Guest',
      album: 'Night Drive',
      track: '2/3',
      TSRC: 'QZES52600002',
    });
  });

  it('cuts a DDP the same way as the master it was written from', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const ddpDir = join(scratch.dir, 'DDP');
    await writeDdp(session, { kind: 'album', path: master.path }, ddpDir, { fsync: false });
    const fromMaster = await splitMasters(
      session,
      { kind: 'album', path: master.path },
      join(scratch.dir, 'a'),
      { fsync: false },
    );
    const fromDdp = await splitMasters(session, await readDdp(ddpDir), join(scratch.dir, 'b'), {
      fsync: false,
      gaps: 'append-to-previous',
    });
    expect(fromDdp.files.map((f) => f.audioMd5)).toEqual(fromMaster.files.map((f) => f.audioMd5));
  });

  it('places pauses as asked', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const cut = async (gaps: 'prepend-to-next' | 'drop') =>
      (
        await splitMasters(session, { kind: 'album', path: master.path }, join(scratch.dir, gaps), {
          fsync: false,
          gaps,
        })
      ).files.map((f) => [f.startFrame, f.endFrame]);
    expect(await cut('prepend-to-next')).toEqual([
      [150, 525],
      [525, 1165],
      [1165, 1615],
    ]);
    expect(await cut('drop')).toEqual([
      [150, 525],
      [638, 1165],
      [1165, 1615],
    ]);
  });
});

describe('writePqSheet', () => {
  it("makes the same rows from the DDP as from the timeline, with the DDP's MD5 in the header", async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const ddpDir = join(scratch.dir, 'DDP');
    const written = await writeDdp(session, { kind: 'album', path: master.path }, ddpDir, {
      fsync: false,
    });
    const fromDdp = await writePqSheet(session, await readDdp(ddpDir), {
      format: 'json',
      date: '2026-11-24',
    });
    const fromTimeline = await writePqSheet(session, timeline, {
      format: 'json',
      date: '2026-11-24',
    });
    const strip = (rows: typeof fromDdp.sheet.rows) => rows.map(({ indexName: _n, ...row }) => row);
    expect(strip(fromDdp.sheet.rows)).toEqual(strip(fromTimeline.sheet.rows));
    expect(fromDdp.sheet.header).toMatchObject({
      title: 'Night Drive',
      artist: 'The Example Band',
      upc: '5010017088439',
      masterId: 'EXR-042',
      catalogNumber: 'EXR-042',
      label: 'Example Records',
      client: 'Sam Client (Example Records)',
      engineer: 'Robin Engineer (Example Mastering)',
      date: '2026-11-24',
      trackCount: 3,
      totalTime: '00:21:40',
      programmeTime: '00:19:40',
      imageMd5: written.imageMd5,
    });
    expect(
      fromTimeline.sheet.rows.map((r) => [
        r.track,
        r.index,
        r.start,
        r.pregap ?? '',
        r.length ?? '',
        r.isrc ?? '',
        r.flags.join(' '),
        r.indexName ?? '',
      ]),
    ).toEqual([
      [1, 0, '00:00:00', '', '', 'QZES52600001', '', ''],
      [1, 1, '00:02:00', '00:02:00', '00:05:00', 'QZES52600001', '', ''],
      [2, 0, '00:07:00', '', '', 'QZES52600002', 'PRE', ''],
      [2, 1, '00:08:38', '00:01:38', '00:07:02', 'QZES52600002', 'PRE', ''],
      [3, 1, '00:15:40', '00:00:00', '00:06:00', 'QZES52600003', 'DCP', ''],
      [3, 2, '00:17:40', '', '', 'QZES52600003', 'DCP', 'Coda'],
      ['AA', 1, '00:21:40', '', '', '', '', ''],
    ]);
    const json = JSON.parse(fromDdp.text);
    expect(json.header.imageMd5).toBe(written.imageMd5);
    expect(json.rows).toHaveLength(7);
  });

  it('writes standalone, escaped HTML with no external assets', async () => {
    const nasty = testSession(
      [{ ...THREE_SONGS[0]!, title: '<script>alert("x")</script> & Co' }, THREE_SONGS[1]!],
      { label: '<b>Label</b>' },
    );
    const path = join(scratch.dir, 'pq.html');
    const { text } = await writePqSheet(nasty, buildTimeline(nasty, { cd: true }), {
      format: 'html',
      path,
      date: '2026-11-24',
    });
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text).not.toMatch(/<script|src=|href=|url\(|@import|https?:/i);
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(text).toContain('&lt;b&gt;Label&lt;/b&gt;');
    expect(text).toContain('<td class="code">QZ-ES5-26-00001</td>');
    expect(text).toContain(
      `<tr><th scope="row">Total time (lead-out)</th><td>${formatMsf(buildTimeline(nasty, { cd: true }).leadOutFrames)}</td></tr>`,
    );
  });

  it('writes CSV a spreadsheet opens safely', async () => {
    const risky = testSession([
      { ...THREE_SONGS[0]!, title: '=HYPERLINK("http://x","y")' },
      { ...THREE_SONGS[1]!, title: 'Comma, "quoted"' },
    ]);
    const { text } = await writePqSheet(risky, buildTimeline(risky, { cd: true }), {
      format: 'csv',
      date: '2026-11-24',
    });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('field,value');
    expect(lines).toContain('upc_ean,5010017088439');
    expect(lines).toContain(
      'track,index,start,start_frame,pregap,length,isrc,flags,title,performer,index_name',
    );
    expect(text).toContain(`01,01,00:02:00,150,00:02:00,`);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain('"Comma, ""quoted"""');
  });

  it('prints the PQ listing of a DDP as text', async () => {
    const master = await renderAlbum(scratch.dir, timeline);
    const ddpDir = join(scratch.dir, 'DDP');
    await writeDdp(session, { kind: 'album', path: master.path }, ddpDir, { fsync: false });
    await copyFile(join(ddpDir, 'CHECKSUM.MD5'), join(scratch.dir, 'kept.md5'));
    const { text } = await writePqSheet(undefined, await readDdp(ddpDir), {
      format: 'text',
      date: '2026-11-24',
    });
    expect(text).toContain(
      'Trk  Idx  Start     Pregap    Length    ISRC             Flags  Title / Performer',
    );
    expect(text).toContain(
      '02   01   00:08:38  00:01:38  00:07:02  QZ-ES5-26-00002  PRE    City Lights / The Example Band feat. Guest',
    );
    expect(text).toContain('AA   01   00:21:40');
  });
});
