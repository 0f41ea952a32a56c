import { describe, expect, it } from 'vitest';
import { decodeDdpId, encodeDdpId } from './ddp-id.js';
import { decodeDdpMap, encodeDdpMap } from './ddp-map.js';
import { decodePqDescriptor, encodePqDescriptor, type PqEntry } from './pq-descriptor.js';

/** A record built by hand: spaces, with each field's text placed at its documented offset. */
function record(length: number, fields: Array<[number, string]>): string {
  const chars = Array.from({ length }, () => ' ');
  for (const [offset, text] of fields) {
    for (let i = 0; i < text.length; i++) chars[offset + i] = text[i]!;
  }
  return chars.join('');
}

describe('DDPID', () => {
  it('is 128 bytes: level at 0, UPC at 8, master ID at 38, CD at 87, the rest blank', () => {
    const bytes = encodeDdpId({ upc: '5012345678900', masterId: 'EXR-042 master v3' });
    expect(bytes.length).toBe(128);
    expect(bytes.toString('latin1')).toBe(
      record(128, [
        [0, 'DDP 2.00'],
        [8, '5012345678900'],
        [38, 'EXR-042 master v3'],
        [87, 'CD'],
      ]),
    );
  });

  it('leaves the UPC blank when the disc has none, and reads it back', () => {
    const bytes = encodeDdpId({});
    expect(bytes.toString('latin1', 8, 21)).toBe(' '.repeat(13));
    expect(decodeDdpId(bytes)).toEqual({ level: 'DDP 2.00', type: 'CD' });
  });

  it('refuses a master ID longer than 48 characters or outside ASCII', () => {
    expect(() => encodeDdpId({ masterId: 'x'.repeat(49) })).toThrow(
      /49 characters long; the field holds 48/,
    );
    expect(() => encodeDdpId({ masterId: 'Café' })).toThrow(/printable ASCII/);
  });

  it('reads user text at 93/95 (ddpinfo) and at 94/96 (Sonoris, HOFA)', () => {
    const ddpinfo = Buffer.from(
      record(128, [
        [0, 'DDP 2.00'],
        [87, 'CD'],
        [93, '05'],
        [95, 'Hello'],
      ]),
      'latin1',
    );
    const sonoris = Buffer.from(
      record(128, [
        [0, 'DDP 2.00'],
        [87, 'CD'],
        [94, '05'],
        [96, 'Hello'],
      ]),
      'latin1',
    );
    expect(decodeDdpId(ddpinfo).userText).toBe('Hello');
    expect(decodeDdpId(sonoris).userText).toBe('Hello');
  });

  it('names the file and offset of garbage', () => {
    expect(() => decodeDdpId(Buffer.alloc(128, 0x41), 'DDPID')).toThrow(
      'DDPID: byte 0: field level holds "AAAAAAAA"; expected "DDP 2.00" (or another DDP level)',
    );
    expect(() => decodeDdpId(Buffer.alloc(60, 0x20), 'DDPID')).toThrow(
      'DDPID: the file is 60 bytes long and ends at byte 60; a DDPID record is 128 bytes',
    );
    const badUpc = Buffer.from(
      record(128, [
        [0, 'DDP 2.00'],
        [8, '50123456X8900'],
        [87, 'CD'],
      ]),
      'latin1',
    );
    expect(() => decodeDdpId(badUpc, 'DDPID')).toThrow(
      'DDPID: byte 8: field UPC/EAN holds "50123456X8900"',
    );
    const dvd = Buffer.from(
      record(128, [
        [0, 'DDP 2.00'],
        [87, 'DV'],
      ]),
      'latin1',
    );
    expect(() => decodeDdpId(dvd)).toThrow(/master type is "DV"/);
  });
});

describe('DDPMS', () => {
  const packets = [
    { streamType: 'S0', length: 180, subcode: 'CDTEXT', track: '00', fileName: 'CDTEXT.BIN' },
    { streamType: 'S0', length: 512, subcode: 'PQ DESCR', fileName: 'PQDESCR' },
    {
      streamType: 'D0',
      length: 1575,
      start: 0,
      cdMode: 'DA',
      storageMode: '7',
      scrambled: '0',
      pregap2: 150,
      fileName: 'IMAGE.DAT',
    },
  ];

  it('writes one 128-byte packet per stream at the documented offsets', () => {
    const bytes = encodeDdpMap(packets);
    expect(bytes.length).toBe(384);
    expect(bytes.toString('latin1', 0, 128)).toBe(
      record(128, [
        [0, 'VVVM'],
        [4, 'S0'],
        [14, '00000180'],
        [30, 'CDTEXT'],
        [55, '00'],
        [71, '017'],
        [74, 'CDTEXT.BIN'],
      ]),
    );
    expect(bytes.toString('latin1', 128, 256)).toBe(
      record(128, [
        [0, 'VVVM'],
        [4, 'S0'],
        [14, '00000512'],
        [30, 'PQ DESCR'],
        [71, '017'],
        [74, 'PQDESCR'],
      ]),
    );
    expect(bytes.toString('latin1', 256, 384)).toBe(
      record(128, [
        [0, 'VVVM'],
        [4, 'D0'],
        [14, '00001575'],
        [22, '00000000'],
        [38, 'DA70'],
        [46, '0150'],
        [71, '017'],
        [74, 'IMAGE.DAT'],
      ]),
    );
  });

  it('reads back what it writes', () => {
    expect(decodeDdpMap(encodeDdpMap(packets))).toEqual(packets);
  });

  it('reads cue2ddp-style space-padded numbers and the SD file name', () => {
    const cue2ddp = [
      record(128, [
        [0, 'VVVM'],
        [4, 'S0'],
        [14, '     448'],
        [30, 'PQ DESCR'],
        [72, '17'],
        [74, 'SD'],
      ]),
      record(128, [
        [0, 'VVVM'],
        [4, 'D0'],
        [14, '    1650'],
        [38, 'DA71'],
        [46, ' 150'],
        [72, '17'],
        [74, 'IMAGE.DAT'],
      ]),
    ].join('');
    expect(decodeDdpMap(Buffer.from(cue2ddp, 'latin1'))).toEqual([
      { streamType: 'S0', length: 448, subcode: 'PQ DESCR', fileName: 'SD' },
      {
        streamType: 'D0',
        length: 1650,
        cdMode: 'DA',
        storageMode: '7',
        scrambled: '1',
        pregap2: 150,
        fileName: 'IMAGE.DAT',
      },
    ]);
  });

  it('names the file and byte offset of garbage', () => {
    const good = encodeDdpMap(packets);
    const badMarker = Buffer.from(good);
    badMarker.write('XXXX', 128, 'latin1');
    expect(() => decodeDdpMap(badMarker, 'DDPMS')).toThrow(
      'DDPMS: byte 128: field MPV (packet marker) holds "XXXX"; expected "VVVM"',
    );
    const badLength = Buffer.from(good);
    badLength.write('00x01575', 256 + 14, 'latin1');
    expect(() => decodeDdpMap(badLength, 'DDPMS')).toThrow(
      'DDPMS: byte 270: field DSL (stream length) holds "00x01575"; expected digits',
    );
    expect(() => decodeDdpMap(good.subarray(0, 300), 'DDPMS')).toThrow(
      'the last packet breaks off at byte 256',
    );
    const escaping = Buffer.from(good);
    escaping.write('../../etc/passwd ', 74, 'latin1');
    expect(() => decodeDdpMap(escaping, 'DDPMS')).toThrow(
      /byte 74: field DSI \(file name\).*a plain file name/,
    );
  });
});

describe('PQ descriptor', () => {
  const entries: PqEntry[] = [
    { track: 0, index: 0, frame: 0, control: 0, scms: false, upc: '5012345678900' },
    { track: 1, index: 0, frame: 0, control: 0, scms: false, isrc: 'GBAAA2400001' },
    { track: 1, index: 1, frame: 150, control: 0, scms: false },
    { track: 2, index: 1, frame: 22_350, control: 3, scms: false, isrc: 'GBAAA2400002' },
    { track: 3, index: 1, frame: 358_000, control: 0, scms: true },
    { track: 'lead-out', index: 1, frame: 359_999, control: 0, scms: false },
  ];

  it('writes 64-byte packets: VVVS, track, index, 00MMSSFF, CB1, ISRC at 20, UPC at 32', () => {
    const bytes = encodePqDescriptor(entries);
    expect(bytes.length).toBe(6 * 64);
    const packet = (n: number) => bytes.toString('latin1', n * 64, n * 64 + 64);
    expect(packet(0)).toBe(
      record(64, [
        [0, 'VVVS0000'],
        [8, '00000000'],
        [16, '01'],
        [32, '5012345678900'],
      ]),
    );
    expect(packet(1)).toBe(
      record(64, [
        [0, 'VVVS0100'],
        [8, '00000000'],
        [16, '01'],
        [20, 'GBAAA2400001'],
      ]),
    );
    expect(packet(2)).toBe(
      record(64, [
        [0, 'VVVS0101'],
        [8, '00000200'],
        [16, '01'],
      ]),
    );
    // 22,350 frames = 4:58:00; control 3 = pre-emphasis and copy permitted
    expect(packet(3)).toBe(
      record(64, [
        [0, 'VVVS0201'],
        [8, '00045800'],
        [16, '31'],
        [20, 'GBAAA2400002'],
      ]),
    );
    // minutes go past 59: 358,000 frames = 79:33:25; SCMS gives CB1 "0S"
    expect(packet(4)).toBe(
      record(64, [
        [0, 'VVVS0301'],
        [8, '00793325'],
        [16, '0S'],
      ]),
    );
    expect(packet(5)).toBe(
      record(64, [
        [0, 'VVVSAA01'],
        [8, '00795974'],
        [16, '01'],
      ]),
    );
  });

  it('reads back what it writes', () => {
    expect(decodePqDescriptor(encodePqDescriptor(entries))).toEqual(entries);
  });

  it('reads the real dump from the Kunaki script (S7) and blank hours (cue2ddp)', () => {
    const packets = [
      record(64, [[0, 'VVVS00000000000001']]),
      record(64, [
        [0, 'VVVS01000000000001'],
        [20, 'QZ4JJ1688502'],
      ]),
      record(64, [
        [0, 'VVVS01010000020001'],
        [20, 'QZ4JJ1688502'],
      ]),
      record(64, [
        [0, 'VVVS0200  04540001'],
        [20, 'QZ4JJ1688503'],
      ]),
    ].join('');
    const read = decodePqDescriptor(Buffer.from(packets, 'latin1'));
    expect(read.map((e) => [e.track, e.index, e.frame, e.isrc])).toEqual([
      [0, 0, 0, undefined],
      [1, 0, 0, 'QZ4JJ1688502'],
      [1, 1, 150, 'QZ4JJ1688502'],
      [2, 0, 4 * 60 * 75 + 54 * 75, 'QZ4JJ1688503'],
    ]);
  });

  it('names the file and byte offset of garbage', () => {
    const good = encodePqDescriptor(entries);
    const bad = (patch: (b: Buffer) => void) => {
      const copy = Buffer.from(good);
      patch(copy);
      return () => decodePqDescriptor(copy, 'PQDESCR');
    };
    expect(bad((b) => b.write('VVVX', 64, 'latin1'))).toThrow(
      'PQDESCR: byte 64: field SPV (packet marker) holds "VVVX"; expected "VVVS"',
    );
    expect(bad((b) => b.write('0X', 128 + 4, 'latin1'))).toThrow(
      'PQDESCR: byte 132: field track holds "0X"; expected 00-99 or AA',
    );
    expect(bad((b) => b.write('00006100', 128 + 8, 'latin1'))).toThrow(
      'PQDESCR: byte 136: field A-time holds "00006100"; expected seconds below 60 and frames below 75',
    );
    expect(bad((b) => b.write('Z1', 192 + 16, 'latin1'))).toThrow(
      'PQDESCR: byte 208: field CB1 (control) holds "Z1"',
    );
    expect(() => decodePqDescriptor(good.subarray(0, 100), 'PQDESCR')).toThrow(
      'the last packet breaks off at byte 64',
    );
    expect(() => decodePqDescriptor(Buffer.alloc(64, 0), 'PQDESCR')).toThrow(
      'PQDESCR: byte 0: field SPV (packet marker) holds bytes 00000000',
    );
  });
});
