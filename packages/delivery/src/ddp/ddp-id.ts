import { TapeopError } from '@tapeop/core';
import {
  blankRecord,
  garbage,
  putText,
  type RecordPlace,
  readNumber,
  readText,
} from './fixed-fields.js';

export const DDPID_LENGTH = 128;
export const DDP_LEVEL = 'DDP 2.00';

/** The DDPID record: which DDP level, which disc (UPC/EAN) and the master's identifier. */
export interface DdpId {
  /** `DDP 2.00` when written here; readers also meet `DDP 1.01` and `DDP 2.10`. */
  level: string;
  /** The disc's UPC/EAN as written (13 digits, or a 12-digit UPC-A from some writers). */
  upc?: string;
  /** Free-text master identifier (at most 48 characters); it does not reach the disc. */
  masterId?: string;
  /** `CD` for a CD master (`DV` is DVD). */
  type: string;
  /** User text, which some writers put at byte 95 and others at 96; never written here. */
  userText?: string;
}

/**
 * The 128-byte DDPID. Layout from ddpLib's DdpIdLoader and cue2ddp's output: level at 0,
 * UPC/EAN at 8, master ID at 38, type at 87. MSS, MSL, MED and the DVD fields stay blank for
 * a CD master. No user text: ddpinfo reads it at 93/95 while Sonoris and HOFA write it at
 * 94/96, so no offset is safe for every reader.
 */
export function encodeDdpId(id: Omit<DdpId, 'level' | 'type' | 'userText'>): Buffer {
  const record = blankRecord(DDPID_LENGTH);
  putText(record, 0, 8, DDP_LEVEL, 'DDPID level');
  putText(record, 8, 13, id.upc, 'UPC/EAN');
  putText(record, 38, 48, id.masterId, 'master ID');
  putText(record, 87, 2, 'CD', 'DDPID type');
  return record;
}

export function decodeDdpId(bytes: Buffer, file = 'DDPID'): DdpId {
  const place: RecordPlace = { file, offset: 0 };
  if (bytes.length < DDPID_LENGTH) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${file}: the file is ${bytes.length} bytes long and ends at byte ${bytes.length}; a DDPID record is ${DDPID_LENGTH} bytes`,
      {
        details: { file, offset: bytes.length },
        hint: 'The DDP is incomplete; ask for a fresh copy.',
      },
    );
  }
  const level = readText(bytes, 0, 8);
  if (level === undefined || !/^DDP [0-9]\.[0-9]{2}$/.test(level)) {
    throw garbage(place, 0, 'level', bytes.subarray(0, 8), '"DDP 2.00" (or another DDP level)');
  }
  const type = readText(bytes, 87, 2) ?? '';
  if (type !== 'CD') {
    throw new TapeopError(
      'UNSUPPORTED',
      `${file}: byte 87: the master type is ${JSON.stringify(type)}; only audio CD masters ("CD") are read here`,
      { details: { file, offset: 87, field: 'type' } },
    );
  }
  const upc = readText(bytes, 8, 13);
  if (upc !== undefined && !/^\d{12,13}$/.test(upc)) {
    throw garbage(place, 8, 'UPC/EAN', bytes.subarray(8, 21), '12 or 13 digits or blanks');
  }
  const id: DdpId = { level, type };
  if (upc !== undefined) id.upc = upc;
  const masterId = readText(bytes, 38, 48);
  if (masterId !== undefined) id.masterId = masterId;
  const userText = readUserText(bytes, place);
  if (userText !== undefined) id.userText = userText;
  return id;
}

/** ddpinfo: length at 93 (2 digits), text at 95. Sonoris and HOFA: 93 blank, length at 94, text at 96. */
function readUserText(bytes: Buffer, place: RecordPlace): string | undefined {
  if (readText(bytes, 93, 35) === undefined) return undefined;
  const shifted = bytes[93] === 0x20 && /^\d\d$/.test(bytes.toString('latin1', 94, 96));
  const length = shifted
    ? readNumber(bytes, place, 94, 2, 'user text length')
    : readNumber(bytes, place, 93, 2, 'user text length');
  const start = shifted ? 96 : 95;
  const end = Math.min(DDPID_LENGTH, start + (length ?? DDPID_LENGTH - start));
  return readText(bytes, start, end - start);
}
