import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTapeopError } from '@tapeop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCdText } from '../cd-text/encode-cd-text.js';
import { formatPqText } from '../pq-sheet/format-pq-text.js';
import { buildPqSheet } from '../pq-sheet/pq-sheet.js';
import { extractDdpTracks } from '../split/write-track-masters.js';
import {
  scratchFolder,
  testLayout,
  testProgramme,
  writeTestMaster,
} from '../test-support/test-album.js';
import { readDdp } from './read-ddp.js';
import { verifyDdp } from './verify-ddp.js';
import { writeDdpFileset } from './write-ddp-fileset.js';

let scratch: Awaited<ReturnType<typeof scratchFolder>>;
beforeEach(async () => {
  scratch = await scratchFolder();
});
afterEach(async () => {
  await scratch.remove();
});

async function writeTestDdp(name = 'DDP') {
  const layout = testLayout();
  const master = await writeTestMaster(scratch.dir, layout);
  const out = join(scratch.dir, name);
  const result = await writeDdpFileset(
    layout,
    [
      {
        kind: 'file',
        path: master.wav.path,
        offset: master.wav.dataOffset,
        bytes: master.wav.dataBytes,
      },
    ],
    out,
    { fsync: false },
  );
  return { layout, master, out, result };
}

describe('writeDdpFileset', () => {
  it('writes DDPID, DDPMS, CDTEXT.BIN, PQDESCR, IMAGE.DAT and CHECKSUM.MD5 that md5sum accepts', async () => {
    const { out, result, master, layout } = await writeTestDdp();
    expect((await readdir(out)).sort()).toEqual([
      'CDTEXT.BIN',
      'CHECKSUM.MD5',
      'DDPID',
      'DDPMS',
      'IMAGE.DAT',
      'PQDESCR',
    ]);
    expect(result.files.map((f) => f.name)).toEqual([
      'DDPID',
      'DDPMS',
      'CDTEXT.BIN',
      'PQDESCR',
      'IMAGE.DAT',
    ]);
    // The independent check: GNU md5sum reads the list and verifies every file.
    const check = execFileSync('md5sum', ['-c', 'CHECKSUM.MD5'], { cwd: out, encoding: 'utf8' });
    expect(check.trim().split('\n')).toEqual(result.files.map((f) => `${f.name}: OK`));
    // IMAGE.DAT is the programme's PCM, byte for byte, 1575 sectors.
    const image = await readFile(join(out, 'IMAGE.DAT'));
    expect(image.length).toBe(1575 * 2352);
    expect(image.equals(master.pcm)).toBe(true);
    // The map: CD-Text, PQ, image, as cue2ddp orders them.
    const ddpms = (await readFile(join(out, 'DDPMS'))).toString('latin1');
    expect(ddpms.length).toBe(384);
    expect(ddpms.slice(256 + 74, 256 + 83)).toBe('IMAGE.DAT');
    expect(ddpms.slice(256 + 14, 256 + 22)).toBe('00001575');
    // CDTEXT.BIN is what the CD-Text encoder makes of the disc's text.
    expect(
      (await readFile(join(out, 'CDTEXT.BIN'))).equals(
        encodeCdText({ disc: layout.text, tracks: layout.tracks.map((t) => t.text) }),
      ),
    ).toBe(true);
  });

  it('reads back its own DDP with the identical PQ listing and audio', async () => {
    const { out, layout, master } = await writeTestDdp();
    const ddp = await readDdp(out);
    expect(ddp.pqFile).toBe('PQDESCR');
    expect(ddp.leadOutEntries).toBe(2);
    expect(ddp.byteOrder).toBe('little');
    expect(ddp.byteOrderCertain).toBe(true);
    const { indexNames: _names, ...track3 } = layout.tracks[2]!;
    expect(ddp.layout).toEqual({ ...layout, tracks: [layout.tracks[0], layout.tracks[1], track3] });
    const { indexNames: _n, ...written } = layout.tracks[2]!;
    expect(formatPqText(buildPqSheet(ddp.layout))).toBe(
      formatPqText(
        buildPqSheet({ ...layout, tracks: [layout.tracks[0]!, layout.tracks[1]!, written] }),
      ),
    );
    const segments = ddp.audioSegments(675, 1050);
    expect(segments).toEqual([
      {
        kind: 'file',
        path: join(out, 'IMAGE.DAT'),
        offset: 675 * 2352,
        bytes: 375 * 2352,
        byteOrder: 'little',
      },
    ]);
    const own = await ddp.verifyChecksums();
    expect(own.lists).toEqual(['CHECKSUM.MD5']);
    expect(own.checksums.map((c) => [c.name, c.ok])).toEqual([
      ['DDPID', true],
      ['DDPMS', true],
      ['CDTEXT.BIN', true],
      ['PQDESCR', true],
      ['IMAGE.DAT', true],
    ]);
    const verification = await verifyDdp(out);
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(verification.checksums.every((c) => c.ok)).toBe(true);
    expect(master.pcm.length).toBe(1575 * 2352);
  });

  it('pads a render that ends inside the last sector with digital silence', async () => {
    const layout = testLayout();
    const master = await writeTestMaster(scratch.dir, layout, 400);
    const out = join(scratch.dir, 'DDP');
    await writeDdpFileset(
      layout,
      [
        {
          kind: 'file',
          path: master.wav.path,
          offset: master.wav.dataOffset,
          bytes: master.wav.dataBytes,
        },
      ],
      out,
      { fsync: false },
    );
    const image = await readFile(join(out, 'IMAGE.DAT'));
    expect(image.length).toBe(1575 * 2352);
    expect(image.subarray(image.length - 400).every((b) => b === 0)).toBe(true);
  });

  it('refuses a disc that breaks the Red Book rules before writing anything, one sentence per problem', async () => {
    const layout = testLayout();
    layout.tracks[1]!.indexes = [{ number: 1, frame: 300 }];
    layout.tracks[2]!.isrc = 'GBAAA2400001';
    const out = join(scratch.dir, 'DDP');
    try {
      await writeDdpFileset(layout, [{ kind: 'silence', bytes: 1575 * 2352 }], out);
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'RED_BOOK')).toBe(true);
      expect((error as Error).message).toBe(
        [
          'The disc breaks 2 Red Book rules:',
          '- Track 1 is 00:02:00 long; a CD track lasts at least 4 seconds (00:04:00).',
          '- Track 3 has the same ISRC as track 1 (GBAAA2400001); each recording has its own ISRC.',
        ].join('\n'),
      );
    }
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it('never leaves a half-written DDP: a failing source removes the temporary folder', async () => {
    const layout = testLayout();
    const out = join(scratch.dir, 'DDP');
    await expect(
      writeDdpFileset(
        layout,
        [{ kind: 'file', path: join(scratch.dir, 'missing.wav'), offset: 44, bytes: 1575 * 2352 }],
        out,
        { fsync: false },
      ),
    ).rejects.toThrow(/missing\.wav: the file does not exist/);
    expect(await readdir(scratch.dir)).toEqual([]);
  });

  it('never leaves a half-written DDP: a source that ends mid-image leaves the old DDP as it was', async () => {
    const { out, layout, master, result: old } = await writeTestDdp();
    // The second half of the image comes from a copy of the master cut short: the copy fails
    // after the first half is written and flushed.
    const half = (master.wav.dataBytes / 2) & ~3;
    const whole = await readFile(master.wav.path);
    await writeFile(join(scratch.dir, 'short.wav'), whole.subarray(0, whole.length - 10_000));
    const image = [
      { kind: 'file' as const, path: master.wav.path, offset: master.wav.dataOffset, bytes: half },
      {
        kind: 'file' as const,
        path: join(scratch.dir, 'short.wav'),
        offset: master.wav.dataOffset + half,
        bytes: master.wav.dataBytes - half,
      },
    ];
    const progress: number[] = [];
    const error = await writeDdpFileset(layout, image, out, {
      overwrite: true,
      onProgress: (done) => progress.push(done),
    }).catch((e: unknown) => e);
    expect(isTapeopError(error) && error.code).toBe('FILE_UNREADABLE');
    expect((error as Error).message).toContain('short.wav: the file ends at byte');
    expect(progress[0]).toBe(half);
    expect((await readdir(scratch.dir)).sort()).toEqual(
      ['DDP', 'album master.wav', 'programme.raw', 'short.wav'].sort(),
    );
    expect((await verifyDdp(out)).ok).toBe(true);
    const keptImage = await readFile(join(out, 'IMAGE.DAT'));
    expect(createHash('md5').update(keptImage).digest('hex')).toBe(old.imageMd5);
  });

  it('never leaves a half-written DDP: cancelled mid-image, nothing is kept', async () => {
    const layout = testLayout();
    const master = await writeTestMaster(scratch.dir, layout);
    const half = (master.wav.dataBytes / 2) & ~3;
    const image = [
      { kind: 'file' as const, path: master.wav.path, offset: master.wav.dataOffset, bytes: half },
      {
        kind: 'file' as const,
        path: master.wav.path,
        offset: master.wav.dataOffset + half,
        bytes: master.wav.dataBytes - half,
      },
    ];
    const controller = new AbortController();
    const error = await writeDdpFileset(layout, image, join(scratch.dir, 'DDP'), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(isTapeopError(error) && error.code).toBe('CANCELLED');
    expect((await readdir(scratch.dir)).sort()).toEqual(['album master.wav', 'programme.raw']);
  });

  it('refuses to write over an existing folder unless asked, then replaces it whole', async () => {
    const { out, layout, master } = await writeTestDdp();
    const source = [
      {
        kind: 'file' as const,
        path: master.wav.path,
        offset: master.wav.dataOffset,
        bytes: master.wav.dataBytes,
      },
    ];
    await expect(writeDdpFileset(layout, source, out, { fsync: false })).rejects.toThrow(
      /already exists/,
    );
    await writeFile(join(out, 'stale.txt'), 'old');
    await writeDdpFileset(layout, source, out, { fsync: false, overwrite: true });
    expect(await readdir(out)).not.toContain('stale.txt');
    expect((await readdir(scratch.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses audio that does not match the disc length', async () => {
    const layout = testLayout();
    const out = join(scratch.dir, 'DDP');
    await expect(
      writeDdpFileset(layout, [{ kind: 'silence', bytes: 1574 * 2352 }], out),
    ).rejects.toThrow(
      'The audio is 3702048 bytes long, but the disc ends at 1575 sectors (3704400 bytes)',
    );
  });
});

describe('readDdp on a DDP built by hand from the documented layout', () => {
  /** cue2ddp style: space-padded numbers, PQ file "SD", blank hours, SCR 1, lead-out twice, no CD-Text. */
  async function handBuilt(options: { bigEndian?: boolean } = {}) {
    const dir = join(scratch.dir, 'HAND');
    await mkdir(dir);
    const field = (length: number, fields: Array<[number, string]>) => {
      const chars = Array.from({ length }, () => ' ');
      for (const [offset, text] of fields)
        for (let i = 0; i < text.length; i++) chars[offset + i] = text[i]!;
      return Buffer.from(chars.join(''), 'latin1');
    };
    // Two tracks: 00:02:00 and 00:10:00 (with a pause from 00:08:00), lead-out 00:20:00.
    const sd = Buffer.concat([
      field(64, [
        [0, 'VVVS0000'],
        [8, '  000000'],
        [16, '01'],
        [32, '0123456789012'],
      ]),
      field(64, [
        [0, 'VVVS0100'],
        [8, '  000000'],
        [16, '01'],
        [20, 'USABC1234567'],
      ]),
      field(64, [
        [0, 'VVVS0101'],
        [8, '  000200'],
        [16, '01'],
      ]),
      field(64, [
        [0, 'VVVS0200'],
        [8, '  000800'],
        [16, '21'],
      ]),
      field(64, [
        [0, 'VVVS0201'],
        [8, '  001000'],
        [16, '21'],
      ]),
      field(64, [
        [0, 'VVVSAA01'],
        [8, '  002000'],
        [16, '01'],
      ]),
      field(64, [
        [0, 'VVVSAA01'],
        [8, '  002000'],
        [16, '01'],
      ]),
    ]);
    const sectors = 20 * 75;
    await writeFile(
      join(dir, 'DDPID'),
      field(128, [
        [0, 'DDP 2.00'],
        [8, '0123456789012'],
        [38, 'HAND-BUILT'],
        [87, 'CD'],
      ]),
    );
    await writeFile(
      join(dir, 'DDPMS'),
      Buffer.concat([
        field(128, [
          [0, 'VVVMS0'],
          [14, `${sd.length}`.padStart(8)],
          [30, 'PQ DESCR'],
          [72, '17'],
          [74, 'SD'],
        ]),
        field(128, [
          [0, 'VVVMD0'],
          [14, `${sectors}`.padStart(8)],
          [38, 'DA71'],
          [46, ' 150'],
          [72, '17'],
          [74, 'IMAGE.DAT'],
        ]),
      ]),
    );
    await writeFile(join(dir, 'SD'), sd);
    const layout = {
      text: {},
      tracks: [
        {
          number: 1,
          indexes: [
            { number: 0, frame: 0 },
            { number: 1, frame: 150 },
          ],
          flags: { preEmphasis: false, copyPermitted: false, fourChannel: false, scms: false },
          text: {},
        },
        {
          number: 2,
          indexes: [
            { number: 0, frame: 600 },
            { number: 1, frame: 750 },
          ],
          flags: { preEmphasis: false, copyPermitted: true, fourChannel: false, scms: false },
          text: {},
        },
      ],
      leadOutFrame: sectors,
    };
    const pcm = testProgramme(layout);
    const image = Buffer.from(pcm);
    if (options.bigEndian) image.swap16();
    await writeFile(join(dir, 'IMAGE.DAT'), image);
    return { dir, pcm };
  }

  it('takes the PQ file name from DDPMS and reads every field', async () => {
    const { dir } = await handBuilt();
    const ddp = await readDdp(dir);
    expect(ddp.pqFile).toBe('SD');
    expect(ddp.leadOutEntries).toBe(2);
    expect(ddp.pregapSectors).toBe(150);
    expect(ddp.id).toEqual({
      level: 'DDP 2.00',
      upc: '0123456789012',
      masterId: 'HAND-BUILT',
      type: 'CD',
    });
    expect(ddp.layout).toEqual({
      upc: '0123456789012',
      masterId: 'HAND-BUILT',
      text: {},
      tracks: [
        {
          number: 1,
          indexes: [
            { number: 0, frame: 0 },
            { number: 1, frame: 150 },
          ],
          isrc: 'USABC1234567',
          flags: { preEmphasis: false, copyPermitted: false, fourChannel: false, scms: false },
          text: {},
        },
        {
          number: 2,
          indexes: [
            { number: 0, frame: 600 },
            { number: 1, frame: 750 },
          ],
          flags: { preEmphasis: false, copyPermitted: true, fourChannel: false, scms: false },
          text: {},
        },
      ],
      leadOutFrame: 1500,
    });
    expect(formatPqText(buildPqSheet(ddp.layout))).toContain(
      '02   01   00:10:00  00:02:00  00:10:00',
    );
  });

  it('verifies against a HOFA-style MD5_CHECKSUM.MD5 with CRLF line ends', async () => {
    const { dir } = await handBuilt();
    const lines = ['DDPID', 'DDPMS', 'SD', 'IMAGE.DAT'].map((name) => {
      const sum = execFileSync('md5sum', [join(dir, name)], { encoding: 'utf8' }).slice(0, 32);
      return `${sum.toUpperCase()} *${name}`;
    });
    await writeFile(join(dir, 'MD5_CHECKSUM.MD5'), `${lines.join('\r\n')}\r\n`);
    const verification = await verifyDdp(dir);
    expect(verification.checksums.map((c) => [c.list, c.name, c.ok])).toEqual([
      ['MD5_CHECKSUM.MD5', 'DDPID', true],
      ['MD5_CHECKSUM.MD5', 'DDPMS', true],
      ['MD5_CHECKSUM.MD5', 'SD', true],
      ['MD5_CHECKSUM.MD5', 'IMAGE.DAT', true],
    ]);
    expect(verification.ok).toBe(true);
  });

  it('accepts a lead-out listed once', async () => {
    const { dir } = await handBuilt();
    const sd = await readFile(join(dir, 'SD'));
    await writeFile(join(dir, 'SD'), sd.subarray(0, 6 * 64));
    const map = await readFile(join(dir, 'DDPMS'));
    map.write('     384', 14, 'latin1');
    await writeFile(join(dir, 'DDPMS'), map);
    const ddp = await readDdp(dir);
    expect(ddp.leadOutEntries).toBe(1);
    expect(ddp.layout.leadOutFrame).toBe(1500);
  });

  it('detects a big-endian image and extracts little-endian audio that sox agrees with', async () => {
    const { dir, pcm } = await handBuilt({ bigEndian: true });
    const ddp = await readDdp(dir);
    expect(ddp.byteOrder).toBe('big');
    expect(ddp.notes).toEqual([expect.stringContaining('big-endian (Motorola) samples')]);
    const out = join(scratch.dir, 'tracks');
    const tracks = await extractDdpTracks(ddp, out, { fsync: false });
    expect(tracks.map((t) => [t.track, t.startFrame, t.endFrame])).toEqual([
      [1, 150, 750],
      [2, 750, 1500],
    ]);
    // sox reads the extracted WAV independently; its samples must equal the programme's.
    const raw = execFileSync(
      'sox',
      [tracks[1]!.path, '-t', 'raw', '-e', 'signed', '-b', '16', '-L', '-'],
      { maxBuffer: 1 << 24 },
    );
    expect(raw.equals(pcm.subarray(750 * 2352, 1500 * 2352))).toBe(true);
  });

  it('finds files whatever their case', async () => {
    const { dir } = await handBuilt();
    await rename(join(dir, 'IMAGE.DAT'), join(dir, 'image.dat'));
    await rename(join(dir, 'DDPID'), join(dir, 'ddpid'));
    const ddp = await readDdp(dir);
    expect(ddp.images[0]?.name).toBe('image.dat');
  });
});

describe('broken DDPs', () => {
  it('names a missing file', async () => {
    const { out } = await writeTestDdp();
    await rename(join(out, 'PQDESCR'), join(out, 'PQDESCR.bak'));
    await expect(readDdp(out)).rejects.toThrow(
      `${join(out, 'PQDESCR')}: missing; the DDP has no PQ descriptor (PQDESCR, listed in DDPMS)`,
    );
    const verification = await verifyDdp(out);
    expect(verification.ok).toBe(false);
    expect(verification.problems.map((p) => p.message)).toContain(
      `${join(out, 'PQDESCR')}: missing; the DDP has no PQ descriptor (PQDESCR, listed in DDPMS)`,
    );
    expect(verification.problems.map((p) => p.message)).toContain(
      'CHECKSUM.MD5: line 4: PQDESCR is listed but missing from the DDP.',
    );
  });

  it('reports a stream file that cannot be read (a folder in its place) without throwing', async () => {
    const { out } = await writeTestDdp();
    await rm(join(out, 'PQDESCR'));
    await mkdir(join(out, 'PQDESCR'));
    const error = await readDdp(out).catch((e: unknown) => e);
    expect(isTapeopError(error, 'FILE_UNREADABLE')).toBe(true);
    expect((error as Error).message).toBe(
      `${join(out, 'PQDESCR')}: cannot be read (EISDIR); the DDP's PQ descriptor (PQDESCR, listed in DDPMS) is unusable`,
    );
    const verification = await verifyDdp(out);
    expect(verification.ok).toBe(false);
    expect(verification.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        (error as Error).message,
        'CHECKSUM.MD5: line 4: PQDESCR cannot be read (EISDIR).',
      ]),
    );
  });

  it('says how much of a short IMAGE.DAT is missing', async () => {
    const { out } = await writeTestDdp();
    await truncate(join(out, 'IMAGE.DAT'), 1575 * 2352 - 1000);
    try {
      await readDdp(out);
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'FILE_UNREADABLE')).toBe(true);
      expect((error as Error).message).toBe(
        'IMAGE.DAT: the image ends at byte 3703400, but DDPMS promises 1575 sectors (3704400 bytes); 1000 bytes are missing',
      );
      expect((error as { details: unknown }).details).toMatchObject({
        file: 'IMAGE.DAT',
        offset: 3703400,
      });
    }
  });

  it('reports a file whose MD5 does not match CHECKSUM.MD5, naming the line', async () => {
    const { out } = await writeTestDdp();
    const image = await readFile(join(out, 'IMAGE.DAT'));
    image[1000 * 2352] = image[1000 * 2352]! ^ 1;
    await writeFile(join(out, 'IMAGE.DAT'), image);
    const verification = await verifyDdp(out);
    expect(verification.ok).toBe(false);
    const bad = verification.checksums.filter((c) => !c.ok);
    expect(bad.map((c) => [c.name, c.line])).toEqual([['IMAGE.DAT', 5]]);
    expect(verification.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'IMAGE.DAT',
        line: 5,
        message: expect.stringMatching(
          /^IMAGE\.DAT: MD5 [0-9a-f]{32} does not match [0-9a-f]{32} in CHECKSUM\.MD5 line 5/,
        ),
      }),
    ]);
  });

  it('names the byte offset of garbage in a descriptor', async () => {
    const { out } = await writeTestDdp();
    const pq = await readFile(join(out, 'PQDESCR'));
    pq.write('##', 3 * 64 + 6, 'latin1');
    await writeFile(join(out, 'PQDESCR'), pq);
    await expect(readDdp(out)).rejects.toThrow(
      'PQDESCR: byte 198: field index holds "##"; expected 00-99',
    );
    const map = await readFile(join(out, 'DDPMS'));
    map.fill(0xff, 128, 140);
    await writeFile(join(out, 'DDPMS'), map);
    await expect(readDdp(out)).rejects.toThrow(
      /^DDPMS: byte 128: field MPV \(packet marker\) holds bytes ffffffff/,
    );
  });

  it('reports a damaged CD-Text pack and still reads the disc', async () => {
    const { out } = await writeTestDdp();
    const text = await readFile(join(out, 'CDTEXT.BIN'));
    text[5] = text[5]! ^ 0x20;
    await writeFile(join(out, 'CDTEXT.BIN'), text);
    const verification = await verifyDdp(out);
    expect(
      verification.problems.filter((p) => p.severity === 'error').map((p) => p.message),
    ).toEqual([
      expect.stringMatching(
        /^CDTEXT\.BIN: byte 0: pack 1 has CRC 0x[0-9a-f]{4}, expected 0x[0-9a-f]{4}$/,
      ),
      expect.stringMatching(/^CDTEXT\.BIN: MD5 .* does not match .* in CHECKSUM\.MD5 line 3/),
    ]);
  });

  it('reports Red Book problems of a foreign DDP', async () => {
    const { out } = await writeTestDdp();
    const pq = await readFile(join(out, 'PQDESCR'));
    pq.write('00000130', 2 * 64 + 8, 'latin1'); // track 1 index 1 at 00:01:30
    await writeFile(join(out, 'PQDESCR'), pq);
    const verification = await verifyDdp(out);
    expect(verification.problems.map((p) => p.message)).toContain(
      'Track 1 starts at 00:01:30; its index 1 must be at 00:02:00 or later.',
    );
  });

  it('refuses a folder that is not a DDP', async () => {
    await expect(readDdp(scratch.dir)).rejects.toThrow(/DDPID: missing; the DDP has no DDPID/);
    await expect(readDdp(join(scratch.dir, 'nope'))).rejects.toThrow(/no such folder/);
  });
});
