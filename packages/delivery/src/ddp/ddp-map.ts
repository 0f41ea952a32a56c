import { TapeopError } from '@tapeop/core';
import {
  blankRecord,
  garbage,
  putNumber,
  putText,
  type RecordPlace,
  readNumber,
  readText,
} from './fixed-fields.js';

export const MAP_PACKET_LENGTH = 128;

/**
 * One DDPMS packet: one stream of the fileset and the file that holds it. Offsets from
 * ddpLib's MapPacketLoader; the values an audio master uses are those cue2ddp, Sonoris and
 * HOFA agree on (see the package README).
 */
export interface DdpMapPacket {
  /** DST: `D0` main data (the audio image), `S0` subcode (PQ descriptor, CD-Text), ... */
  streamType: string;
  /** DSL: 2352-byte sectors for `D0`, bytes for `S0`. */
  length?: number;
  /** DSS: start sector of a data stream; blank or 0 for the first. */
  start?: number;
  /** SUB: `PQ DESCR` or `CDTEXT` on an `S0` packet. */
  subcode?: string;
  /** CDM: `DA` for CD-DA audio. */
  cdMode?: string;
  /** SSM: `7` = complete 2352-byte sectors. */
  storageMode?: string;
  /** SCR: scrambled flag, `0` or `1` (writers disagree; neither changes the audio). */
  scrambled?: string;
  /** PRE2: sectors of track 1's pregap at the start of this data stream (150 = 2 s). */
  pregap2?: number;
  /** TRK: `00` on the CD-Text packet for some writers. */
  track?: string;
  /** DSI: the stream's file name. */
  fileName: string;
}

const FIELDS = {
  mpv: [0, 4],
  dst: [4, 2],
  dsp: [6, 8],
  dsl: [14, 8],
  dss: [22, 8],
  sub: [30, 8],
  cdm: [38, 2],
  ssm: [40, 1],
  scr: [41, 1],
  pre1: [42, 4],
  pre2: [46, 4],
  pst: [50, 4],
  trk: [55, 2],
  siz: [71, 3],
  dsi: [74, 17],
} as const;

export function encodeDdpMap(packets: readonly DdpMapPacket[]): Buffer {
  return Buffer.concat(packets.map(encodeMapPacket));
}

function encodeMapPacket(packet: DdpMapPacket): Buffer {
  const record = blankRecord(MAP_PACKET_LENGTH);
  const text = (name: keyof typeof FIELDS, value: string | undefined, label: string) =>
    putText(record, FIELDS[name][0], FIELDS[name][1], value, label);
  const number = (name: keyof typeof FIELDS, value: number | undefined, label: string) =>
    putNumber(record, FIELDS[name][0], FIELDS[name][1], value, label);
  text('mpv', 'VVVM', 'DDPMS marker');
  text('dst', packet.streamType, 'DDPMS stream type');
  number('dsl', packet.length, 'DDPMS stream length');
  number('dss', packet.start, 'DDPMS stream start');
  text('sub', packet.subcode, 'DDPMS subcode');
  text('cdm', packet.cdMode, 'DDPMS CD mode');
  text('ssm', packet.storageMode, 'DDPMS storage mode');
  text('scr', packet.scrambled, 'DDPMS scrambled flag');
  number('pre2', packet.pregap2, 'DDPMS pregap');
  text('trk', packet.track, 'DDPMS track');
  number('siz', 17, 'DDPMS name size');
  text('dsi', packet.fileName, 'DDPMS file name');
  return record;
}

export function decodeDdpMap(bytes: Buffer, file = 'DDPMS'): DdpMapPacket[] {
  if (bytes.length === 0 || bytes.length % MAP_PACKET_LENGTH !== 0) {
    const whole = Math.floor(bytes.length / MAP_PACKET_LENGTH) * MAP_PACKET_LENGTH;
    throw new TapeopError(
      'PARSE_ERROR',
      bytes.length === 0
        ? `${file}: the file is empty; it should list the DDP's streams in 128-byte packets`
        : `${file}: the file is ${bytes.length} bytes long, not a whole number of 128-byte packets; the last packet breaks off at byte ${whole}`,
      {
        details: { file, offset: whole, size: bytes.length },
        hint: 'The DDP is incomplete or damaged; ask for a fresh copy.',
      },
    );
  }
  const packets: DdpMapPacket[] = [];
  for (let offset = 0; offset < bytes.length; offset += MAP_PACKET_LENGTH) {
    packets.push(
      decodeMapPacket(bytes.subarray(offset, offset + MAP_PACKET_LENGTH), { file, offset }),
    );
  }
  return packets;
}

function decodeMapPacket(record: Buffer, place: RecordPlace): DdpMapPacket {
  const field = (name: keyof typeof FIELDS) => readText(record, FIELDS[name][0], FIELDS[name][1]);
  const number = (name: keyof typeof FIELDS, label: string) =>
    readNumber(record, place, FIELDS[name][0], FIELDS[name][1], label);
  if (field('mpv') !== 'VVVM') {
    throw garbage(place, 0, 'MPV (packet marker)', record.subarray(0, 4), '"VVVM"');
  }
  const streamType = field('dst');
  if (streamType === undefined || !/^[A-Z][0-9A-Z]$/.test(streamType)) {
    throw garbage(
      place,
      4,
      'DST (stream type)',
      record.subarray(4, 6),
      'a stream type such as D0 or S0',
    );
  }
  const size = number('siz', 'SIZ (name size)');
  const nameWidth = Math.min(size ?? 17, MAP_PACKET_LENGTH - 74);
  const fileName = readText(record, 74, nameWidth);
  if (fileName === undefined) {
    throw garbage(
      place,
      74,
      'DSI (file name)',
      record.subarray(74, 91),
      'the name of the stream file',
    );
  }
  if (fileName.includes('/') || fileName.includes('\\') || fileName === '..' || fileName === '.') {
    throw garbage(
      place,
      74,
      'DSI (file name)',
      record.subarray(74, 91),
      'a plain file name inside the DDP folder',
    );
  }
  const packet: DdpMapPacket = { streamType, fileName };
  const assign = <K extends keyof DdpMapPacket>(key: K, value: DdpMapPacket[K] | undefined) => {
    if (value !== undefined) packet[key] = value;
  };
  assign('length', number('dsl', 'DSL (stream length)'));
  assign('start', number('dss', 'DSS (stream start)'));
  assign('subcode', field('sub'));
  assign('cdMode', field('cdm'));
  assign('storageMode', field('ssm'));
  assign('scrambled', field('scr'));
  assign('pregap2', number('pre2', 'PRE2 (pregap)'));
  assign('track', field('trk'));
  return packet;
}
