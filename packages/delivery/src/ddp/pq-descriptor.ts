import { CD_FRAMES_PER_SECOND, TapeopError } from '@tapeop/core';
import { blankRecord, garbage, putText, type RecordPlace, readText } from './fixed-fields.js';

export const PQ_PACKET_LENGTH = 64;

/** The largest CD address, 99:59:74. */
export const MAX_CD_FRAME = (99 * 60 + 59) * CD_FRAMES_PER_SECOND + 74;

/** Q-channel CTL bits of a track (the first character of CB1, in hexadecimal). */
export const CONTROL_PRE_EMPHASIS = 0x1;
export const CONTROL_COPY_PERMITTED = 0x2;
export const CONTROL_FOUR_CHANNEL = 0x8;

/** One PQ descriptor packet: a position where the Q channel changes track or index. */
export interface PqEntry {
  /** 0 is the lead-in, 1-99 a track, 'lead-out' the lead-out (written `AA`). */
  track: number | 'lead-out';
  index: number;
  /** Absolute time in CD frames (sectors) from the first sector of the image. */
  frame: number;
  /** Q-channel control nibble: pre-emphasis 1, digital copy permitted 2, four-channel 8. */
  control: number;
  /** The entry is under SCMS copy protection (CB1 ends in `S` instead of `1`). */
  scms: boolean;
  isrc?: string;
  upc?: string;
  userText?: string;
}

/**
 * Offsets from ddpLib's PqDescriptorLoader: marker `VVVS` at 0, track at 4, index at 6,
 * time HHMMSSFF at 8 (hours reserved, written `00`), CB1 at 16, CB2 at 18, ISRC at 20,
 * UPC/EAN at 32, user text at 45.
 */
export function encodePqDescriptor(entries: readonly PqEntry[]): Buffer {
  return Buffer.concat(entries.map(encodePqEntry));
}

function encodePqEntry(entry: PqEntry): Buffer {
  const record = blankRecord(PQ_PACKET_LENGTH);
  if (!Number.isInteger(entry.frame) || entry.frame < 0 || entry.frame > MAX_CD_FRAME) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `PQ entry time ${entry.frame} frames is outside the CD address range 00:00:00-99:59:74`,
    );
  }
  const track = entry.track === 'lead-out' ? 'AA' : two(entry.track);
  putText(record, 0, 4, 'VVVS', 'PQ marker');
  putText(record, 4, 2, track, 'PQ track');
  putText(record, 6, 2, two(entry.index), 'PQ index');
  putText(record, 8, 8, `00${msfDigits(entry.frame)}`, 'PQ time');
  putText(
    record,
    16,
    2,
    `${entry.control.toString(16).toUpperCase()}${entry.scms ? 'S' : '1'}`,
    'PQ CB1',
  );
  putText(record, 20, 12, entry.isrc, 'ISRC');
  putText(record, 32, 13, entry.upc, 'UPC/EAN');
  putText(record, 45, 19, entry.userText, 'PQ user text');
  return record;
}

export function decodePqDescriptor(bytes: Buffer, file = 'PQDESCR'): PqEntry[] {
  if (bytes.length === 0 || bytes.length % PQ_PACKET_LENGTH !== 0) {
    const whole = Math.floor(bytes.length / PQ_PACKET_LENGTH) * PQ_PACKET_LENGTH;
    throw new TapeopError(
      'PARSE_ERROR',
      bytes.length === 0
        ? `${file}: the PQ descriptor is empty`
        : `${file}: the file is ${bytes.length} bytes long, not a whole number of 64-byte PQ packets; the last packet breaks off at byte ${whole}`,
      {
        details: { file, offset: whole, size: bytes.length },
        hint: 'The DDP is incomplete or damaged; ask for a fresh copy.',
      },
    );
  }
  const entries: PqEntry[] = [];
  for (let offset = 0; offset < bytes.length; offset += PQ_PACKET_LENGTH) {
    entries.push(
      decodePqEntry(bytes.subarray(offset, offset + PQ_PACKET_LENGTH), { file, offset }),
    );
  }
  return entries;
}

function decodePqEntry(record: Buffer, place: RecordPlace): PqEntry {
  if (record.toString('latin1', 0, 4) !== 'VVVS') {
    throw garbage(place, 0, 'SPV (packet marker)', record.subarray(0, 4), '"VVVS"');
  }
  const trackText = record.toString('latin1', 4, 6);
  let track: number | 'lead-out';
  if (trackText === 'AA') track = 'lead-out';
  else if (/^\d\d$/.test(trackText)) track = Number(trackText);
  else throw garbage(place, 4, 'track', record.subarray(4, 6), '00-99 or AA');
  const indexText = record.toString('latin1', 6, 8);
  if (!/^\d\d$/.test(indexText)) throw garbage(place, 6, 'index', record.subarray(6, 8), '00-99');

  const frame = decodeTime(record, place);
  const cb1 = record.toString('latin1', 16, 18);
  const cb1Match = /^([0-9A-F])([0-3S])$/.exec(cb1.toUpperCase());
  if (!cb1Match) {
    throw garbage(
      place,
      16,
      'CB1 (control)',
      record.subarray(16, 18),
      'a control nibble in hex and 1 or S, e.g. "01"',
    );
  }
  const entry: PqEntry = {
    track,
    index: Number(indexText),
    frame,
    control: Number.parseInt(cb1Match[1]!, 16),
    scms: cb1Match[2] === 'S',
  };
  const isrc = readText(record, 20, 12);
  if (isrc !== undefined) entry.isrc = isrc;
  const upc = readText(record, 32, 13);
  if (upc !== undefined) entry.upc = upc;
  const userText = readText(record, 45, 19);
  if (userText !== undefined) entry.userText = userText;
  return entry;
}

/** HHMMSSFF, right-aligned; writers pad with zeros or spaces and most leave the hours blank. */
function decodeTime(record: Buffer, place: RecordPlace): number {
  const raw = record.subarray(8, 16);
  const text = raw.toString('latin1').trim();
  if (!/^\d{1,8}$/.test(text)) {
    throw garbage(place, 8, 'A-time', raw, 'HHMMSSFF digits, e.g. "00000200"');
  }
  const digits = text.padStart(8, '0');
  const [hours, minutes, seconds, frames] = [0, 2, 4, 6].map((i) => Number(digits.slice(i, i + 2)));
  if (seconds! >= 60 || frames! >= CD_FRAMES_PER_SECOND) {
    throw garbage(place, 8, 'A-time', raw, 'seconds below 60 and frames below 75');
  }
  return ((hours! * 60 + minutes!) * 60 + seconds!) * CD_FRAMES_PER_SECOND + frames!;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/** MMSSFF with minutes past 59 (79:30:00 is `793000`), as every PQ writer studied does. */
function msfDigits(frame: number): string {
  const ff = frame % CD_FRAMES_PER_SECOND;
  const seconds = (frame - ff) / CD_FRAMES_PER_SECOND;
  return `${two(Math.floor(seconds / 60))}${two(seconds % 60)}${two(ff)}`;
}
