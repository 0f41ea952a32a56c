import { isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { cdTextCrc } from './crc16.js';
import { decodeCdText } from './decode-cd-text.js';
import { encodeCdText } from './encode-cd-text.js';

// CDTEXT.BIN written by cue2ddp 1.1 (Andreas Ruge's DDP tools) from a cue sheet with disc
// "Disc"/"Artist" and tracks "Track One", "Track Two", "Track Three", each by "Artist".
// Published as a fixture in a public interop test (docs/cd-delivery-and-loudness.md, S4).
const GOLDEN = Buffer.from(
  'gAAAAERpc2MAVHJhY2sgT0gEgAEBB25lAFRyYWNrIFR3b1XJgAICCQBUcmFjayBUaHJlZeZvgAMDCwAAAAAAAAAAAAAAAF33gQAEAEFydGlzdABBcnRpc/0igQEFBXQAQXJ0aXN0AEFydIwlgQMGA2lzdAAAAAAAAAAAAGKsjwAHAAABAwAEAwAAAAAAAED7jwEIAAAAAAAAAAADCQAAANamjwIJAAAAAAAJAAAAAAAAAApO',
  'base64',
);

const goldenInput = {
  disc: { title: 'Disc', performer: 'Artist' },
  tracks: ['Track One', 'Track Two', 'Track Three'].map((title) => ({
    title,
    performer: 'Artist',
  })),
};

describe('CD-Text CRC', () => {
  it('matches every pack of the cue2ddp golden file', () => {
    expect(GOLDEN.length).toBe(180);
    for (let offset = 0; offset < GOLDEN.length; offset += 18) {
      expect(cdTextCrc(GOLDEN, offset, offset + 16)).toBe(GOLDEN.readUInt16BE(offset + 16));
    }
    // pack 1, as quoted in the doc: 80 00 00 00 "Disc\0Track O" -> 0x4804
    expect(GOLDEN.readUInt16BE(16)).toBe(0x4804);
  });
});

describe('encodeCdText', () => {
  it('writes the cue2ddp golden packs byte for byte', () => {
    expect(encodeCdText(goldenInput).toString('hex')).toBe(GOLDEN.toString('hex'));
  });

  it('writes every text type in order, songwriter to message, with their pack counts', () => {
    const bytes = encodeCdText({
      disc: { title: 'A', songwriter: 'W', composer: 'C', arranger: 'R', message: 'M' },
      tracks: [{ title: 'B', performer: 'P' }],
    });
    const types = [];
    for (let i = 0; i < bytes.length; i += 18) types.push(bytes[i]);
    expect(types).toEqual([0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x8f, 0x8f, 0x8f]);
    // size info: counts for 0x80..0x85 are one pack each, 0x8F three; last sequence number 8
    expect([...bytes.subarray(6 * 18 + 8, 6 * 18 + 16)]).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
    expect(bytes[7 * 18 + 4 + 8]).toBe(8);
  });

  it('marks the character position 15 when a string started more than 15 bytes before the pack', () => {
    const bytes = encodeCdText({ disc: { title: 'x'.repeat(40) }, tracks: [{ title: 'y' }] });
    expect([bytes[3], bytes[18 + 3], bytes[36 + 3], bytes[54 + 3]]).toEqual([0, 12, 15, 15]);
    expect(bytes[54 + 1]).toBe(0); // the fourth pack still starts inside the disc title
  });

  it('ends a 12-character text with its NUL in the next pack and keeps Latin-1', () => {
    const bytes = encodeCdText({
      disc: { title: '123456789012' },
      tracks: [{ title: 'é12345678901' }],
    });
    const payload = Buffer.concat([
      bytes.subarray(4, 16),
      bytes.subarray(22, 34),
      bytes.subarray(40, 52),
    ]);
    expect(payload.toString('latin1')).toBe('123456789012\0é12345678901\0\0\0\0\0\0\0\0\0\0\0');
  });

  it('writes UPC and ISRCs as pack 0x8E only when asked', () => {
    const plain = encodeCdText({ disc: { title: 'D' }, tracks: [{ title: 'T' }] });
    const withCodes = encodeCdText({
      disc: { title: 'D' },
      tracks: [{ title: 'T' }],
      codes: { upc: '5012345678900', isrcs: ['GBAAA2400001'] },
    });
    expect(plain.length).toBe(4 * 18);
    const decoded = decodeCdText(withCodes);
    expect(decoded.blocks[0]?.disc.upc).toBe('5012345678900');
    expect(decoded.blocks[0]?.tracks.get(1)?.isrc).toBe('GBAAA2400001');
  });

  it('refuses text beyond ISO 8859-1 and control characters, naming the track', () => {
    const tryEncode = (title: string) => () =>
      encodeCdText({ disc: { title: 'D' }, tracks: [{ title }] });
    expect(tryEncode('音楽')).toThrow(/title of track 1 .*ISO 8859-1/);
    expect(tryEncode('It’s')).toThrow(/ISO 8859-1/);
    expect(tryEncode('Two\nlines')).toThrow(/control character/);
  });

  it('refuses CD-Text that needs more than one block of 256 packs', () => {
    const tracks = Array.from({ length: 99 }, (_, i) => ({
      title: `A long song title number ${i}`,
      performer: 'The Performer With A Long Name',
    }));
    try {
      encodeCdText({ disc: { title: 'D' }, tracks });
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'RED_BOOK')).toBe(true);
      expect(String(error)).toMatch(/253 text packs/);
    }
  });

  it('returns nothing when there is no text', () => {
    expect(encodeCdText({ disc: {}, tracks: [{}, {}] }).length).toBe(0);
  });
});

describe('decodeCdText', () => {
  it('reads the golden file back', () => {
    const { blocks, problems } = decodeCdText(GOLDEN);
    expect(problems).toEqual([]);
    expect(blocks).toHaveLength(1);
    const block = blocks[0]!;
    expect(block.language).toBe(0x09);
    expect(block.charset).toBe(0);
    expect(block.disc).toEqual({ title: 'Disc', performer: 'Artist' });
    expect([...block.tracks.entries()]).toEqual([
      [1, { title: 'Track One', performer: 'Artist' }],
      [2, { title: 'Track Two', performer: 'Artist' }],
      [3, { title: 'Track Three', performer: 'Artist' }],
    ]);
  });

  it('round-trips everything it writes', () => {
    const input = {
      disc: {
        title: 'Night Drive',
        performer: 'The Example Band',
        songwriter: 'A. Writer',
        message: 'Mastered with tapeop',
      },
      tracks: [
        { title: 'Headlights', performer: 'The Example Band', songwriter: 'A. Writer' },
        { title: 'Ça va très bien', performer: 'Guest', composer: 'C. Omposer', arranger: 'Arr' },
        { title: 'Overpass' },
      ],
    };
    const block = decodeCdText(encodeCdText(input)).blocks[0]!;
    expect(block.disc).toEqual(input.disc);
    expect(block.tracks.get(1)).toEqual(input.tracks[0]);
    expect(block.tracks.get(2)).toEqual(input.tracks[1]);
    expect(block.tracks.get(3)).toEqual(input.tracks[2]);
  });

  it('reads a TAB as "same as the previous track"', () => {
    const bytes = encodeCdText({
      disc: { performer: 'Band' },
      tracks: [{ performer: 'Band' }, { performer: '\u00a0' }],
    });
    // Replace track 2's text with a TAB by hand, then fix the CRC.
    const patched = Buffer.from(bytes);
    const at = patched.indexOf(0xa0);
    patched[at] = 0x09;
    const pack = Math.floor(at / 18) * 18;
    patched.writeUInt16BE(cdTextCrc(patched, pack, pack + 16), pack + 16);
    expect(decodeCdText(patched).blocks[0]?.tracks.get(2)?.performer).toBe('Band');
  });

  it('reads TABs on several tracks in a row as the last text written out', () => {
    const bytes = encodeCdText({
      disc: { performer: 'Band' },
      tracks: [{ performer: 'Band' }, { performer: '\u00a0' }, { performer: '\u00a0' }],
    });
    const patched = Buffer.from(bytes);
    for (let at = patched.indexOf(0xa0); at !== -1; at = patched.indexOf(0xa0, at + 1)) {
      patched[at] = 0x09;
      const pack = Math.floor(at / 18) * 18;
      patched.writeUInt16BE(cdTextCrc(patched, pack, pack + 16), pack + 16);
    }
    const tracks = decodeCdText(patched).blocks[0]!.tracks;
    expect([1, 2, 3].map((n) => tracks.get(n)?.performer)).toEqual(['Band', 'Band', 'Band']);
  });

  it('reports a bad CRC with the pack and offset but still reads the text', () => {
    const damaged = Buffer.from(GOLDEN);
    damaged[18 + 16] = damaged[18 + 16]! ^ 0xff;
    const { blocks, problems } = decodeCdText(damaged, 'CDTEXT.BIN');
    expect(problems).toEqual([
      { offset: 18, message: 'CDTEXT.BIN: byte 18: pack 2 has CRC 0xaac9, expected 0x55c9' },
    ]);
    expect(blocks[0]?.tracks.get(2)?.title).toBe('Track Two');
  });

  it('refuses a file that is not whole packs, naming where it breaks off', () => {
    expect(() => decodeCdText(GOLDEN.subarray(0, 100), 'CDTEXT.BIN')).toThrow(
      'CDTEXT.BIN: the file is 100 bytes long, not a whole number of 18-byte CD-Text packs; the last pack breaks off at byte 90',
    );
  });

  it('refuses garbage pack types with their offset', () => {
    const garbage = Buffer.from(GOLDEN);
    garbage[36] = 0x41;
    expect(() => decodeCdText(garbage, 'CDTEXT.BIN')).toThrow(
      'CDTEXT.BIN: byte 36: pack type 0x41 is not a CD-Text pack type',
    );
  });

  it('reads back the genre (code and text) and the block language', () => {
    const bytes = encodeCdText({
      disc: { title: 'D' },
      tracks: [{ title: 'T' }],
      genre: 'Classical',
      language: 'German',
    });
    const types = [];
    for (let i = 0; i < bytes.length; i += 18) types.push(bytes[i]);
    expect(types).toEqual([0x80, 0x87, 0x8f, 0x8f, 0x8f]);
    // genre pack payload: code 0x0005 big-endian, then the text
    expect([...bytes.subarray(18 + 4, 18 + 16)]).toEqual([
      0x00,
      0x05,
      ...Buffer.from('Classical'),
      0,
    ]);
    const block = decodeCdText(bytes).blocks[0]!;
    expect(block.disc).toMatchObject({ genre: 'Classical', genreCode: 5 });
    expect(block.language).toBe(0x08);
    expect(block.languageName).toBe('German');
  });

  it('gives free-text genres the code "not defined" and refuses languages CD-Text cannot name', () => {
    const bytes = encodeCdText({ disc: { title: 'D' }, tracks: [{}], genre: 'Synthwave' });
    expect(decodeCdText(bytes).blocks[0]?.disc).toMatchObject({ genre: 'Synthwave', genreCode: 1 });
    expect(() => encodeCdText({ disc: { title: 'D' }, tracks: [{}], language: 'Klingon' })).toThrow(
      /language "Klingon" has no code/,
    );
  });
});
