import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CD_BYTES_PER_FRAME, type Logger, noopLogger, TapeopError } from '@tapeop/core';
import { type DecodedCdText, decodeCdText } from '../cd-text/decode-cd-text.js';
import type { DiscLayout } from '../disc/disc-layout.js';
import { pqEntriesToLayout } from '../disc/pq-entries.js';
import type { PcmSegment } from '../io/pcm-segments.js';
import { type ByteOrder, detectByteOrder } from './byte-order.js';
import { type DdpId, decodeDdpId } from './ddp-id.js';
import { type DdpMapPacket, decodeDdpMap } from './ddp-map.js';
import { decodePqDescriptor, type PqEntry } from './pq-descriptor.js';
import { type ChecksumVerification, verifyChecksums } from './verify-checksums.js';

/** One audio stream file of the image (usually the only one, IMAGE.DAT). */
export interface DdpImageFile {
  name: string;
  path: string;
  sectors: number;
  /** First sector of this file in the joined image. */
  firstSector: number;
}

/** A DDP fileset as read: its records, the disc it describes and access to its audio. */
export interface DdpFileset {
  dir: string;
  id: DdpId;
  map: DdpMapPacket[];
  /** The PQ descriptor's file name, as DDPMS names it (PQDESCR, PQ_DESCR, SD, ...). */
  pqFile: string;
  pqEntries: PqEntry[];
  /** How many times the lead-out is listed (1 or 2, both are common). */
  leadOutEntries: number;
  cdTextFile?: string;
  cdText?: DecodedCdText;
  images: DdpImageFile[];
  /** Track 1's pregap inside the image, from DDPMS PRE2 (150 = 2 s). */
  pregapSectors?: number;
  byteOrder: ByteOrder;
  /** False when the byte order could not be told from the audio (e.g. silence); little-endian is assumed. */
  byteOrderCertain: boolean;
  /** The disc: tracks, indexes, codes, flags and CD-Text (block 0). */
  layout: DiscLayout;
  /** Things worth telling the user that do not stop reading (CD-Text CRCs, big-endian audio, ...). */
  notes: string[];
  /** The audio from `startFrame` to `endFrame` (exclusive), as little-endian PCM segments. */
  audioSegments(startFrame?: number, endFrame?: number): PcmSegment[];
  /** Hashes every file the checksum lists beside the DDP name and compares (verifyDdp does this and more). */
  verifyChecksums(options?: {
    onProgress?: (file: string, bytesDone: number) => void;
  }): Promise<ChecksumVerification>;
}

export interface ReadDdpOptions {
  logger?: Logger;
  /** Byte order of the image when known; detected from the audio when left out. */
  byteOrder?: ByteOrder;
}

/**
 * Reads a DDP 2.00 (or 1.01) audio CD fileset written by any tool. Every file name comes from
 * DDPMS (the PQ descriptor may be PQDESCR, PQ_DESCR or SD); names are matched without regard
 * to case, as DDPs are often made on case-insensitive systems. The lead-out may be listed
 * once or twice; the image's byte order is detected. Missing files, a short image and
 * garbage in any descriptor are errors that name the file and the byte offset.
 */
export async function readDdp(dir: string, options: ReadDdpOptions = {}): Promise<DdpFileset> {
  const logger = options.logger ?? noopLogger;
  const root = resolve(dir);
  const names = await listFolder(root);
  const find = (name: string, purpose: string) => {
    const found = names.find((n) => n.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw new TapeopError(
        'FILE_NOT_FOUND',
        `${join(root, name)}: missing; the DDP has no ${purpose}`,
        {
          details: { file: join(root, name), dir: root },
          hint:
            name === 'DDPID' || name === 'DDPMS'
              ? 'This folder is not a DDP fileset, or the copy is incomplete.'
              : 'The DDP is incomplete; ask for the whole fileset again.',
        },
      );
    }
    return found;
  };
  /** The bytes of a stream file, or FILE_UNREADABLE naming it (no permission, a folder, ...). */
  const read = async (name: string, purpose: string) => {
    try {
      return await readFile(join(root, name));
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw new TapeopError(
        'FILE_UNREADABLE',
        `${join(root, name)}: cannot be read (${code}); the DDP's ${purpose} is unusable`,
        {
          details: { file: join(root, name), dir: root, code },
          cause,
          hint: 'Check the permissions of the DDP folder, or copy the DDP again.',
        },
      );
    }
  };

  const idPurpose = 'DDPID (identification record)';
  const idName = find('DDPID', idPurpose);
  const id = decodeDdpId(await read(idName, idPurpose), idName);
  const mapPurpose = 'DDPMS (map of its streams)';
  const mapName = find('DDPMS', mapPurpose);
  const map = decodeDdpMap(await read(mapName, mapPurpose), mapName);

  const pqPackets = map.filter((p) => p.streamType === 'S0' && p.subcode === 'PQ DESCR');
  if (pqPackets.length !== 1) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${mapName}: ${pqPackets.length === 0 ? 'no stream' : `${pqPackets.length} streams`} of subcode "PQ DESCR"; an audio DDP has exactly one PQ descriptor`,
      { details: { file: mapName }, hint: 'The DDP is damaged or is not an audio CD master.' },
    );
  }
  const pqPacket = pqPackets[0]!;
  const pqPurpose = `PQ descriptor (${pqPacket.fileName}, listed in ${mapName})`;
  const pqFile = find(pqPacket.fileName, pqPurpose);
  const pqBytes = await read(pqFile, pqPurpose);
  if (pqPacket.length !== undefined && pqPacket.length !== pqBytes.length) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${pqFile}: the file is ${pqBytes.length} bytes long, but ${mapName} gives its length as ${pqPacket.length} bytes`,
      {
        details: { file: pqFile, offset: Math.min(pqBytes.length, pqPacket.length) },
        hint: 'The DDP is incomplete or damaged; ask for a fresh copy.',
      },
    );
  }
  const pqEntries = decodePqDescriptor(pqBytes, pqFile);
  const layout = pqEntriesToLayout(pqEntries, pqFile);
  if (id.masterId) layout.masterId = id.masterId;
  const notes: string[] = [];
  if (id.upc && layout.upc && normalizeUpc(id.upc) !== normalizeUpc(layout.upc)) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${idName} gives the UPC/EAN ${id.upc} but ${pqFile} gives ${layout.upc}; the disc can have only one`,
      { details: { file: pqFile }, hint: "Ask the DDP's author which code is right." },
    );
  }
  if (id.upc && !layout.upc) layout.upc = id.upc;
  if (layout.upc && layout.upc.length === 12) layout.upc = `0${layout.upc}`;

  const fileset: Omit<DdpFileset, 'audioSegments' | 'verifyChecksums'> = {
    dir: root,
    id,
    map,
    pqFile,
    pqEntries,
    leadOutEntries: pqEntries.filter((e) => e.track === 'lead-out').length,
    images: [],
    byteOrder: 'little',
    byteOrderCertain: false,
    layout,
    notes,
  };

  const textPacket = map.find((p) => p.streamType === 'S0' && p.subcode === 'CDTEXT');
  if (textPacket) {
    const cdTextPurpose = `CD-Text file (${textPacket.fileName}, listed in ${mapName})`;
    const cdTextFile = find(textPacket.fileName, cdTextPurpose);
    const cdText = decodeCdText(await read(cdTextFile, cdTextPurpose), cdTextFile);
    fileset.cdTextFile = cdTextFile;
    fileset.cdText = cdText;
    for (const problem of cdText.problems) notes.push(problem.message);
    const block = cdText.blocks[0];
    if (block) {
      const { discId: _discId, upc: _upc, genre, genreCode: _genreCode, ...discText } = block.disc;
      layout.text = discText;
      if (genre) layout.genre = genre;
      if (block.languageName && block.languageName !== 'English')
        layout.language = block.languageName;
      for (const track of layout.tracks) {
        const { isrc: _isrc, ...text } = block.tracks.get(track.number) ?? {};
        track.text = text;
      }
    }
  }

  const dataPackets = map.filter((p) => p.streamType === 'D0');
  if (dataPackets.length === 0) {
    throw new TapeopError('PARSE_ERROR', `${mapName}: no D0 (audio) stream; the DDP has no image`, {
      details: { file: mapName },
    });
  }
  let firstSector = 0;
  for (const packet of dataPackets) {
    if (packet.cdMode !== undefined && packet.cdMode !== 'DA') {
      throw new TapeopError(
        'UNSUPPORTED',
        `${mapName}: the stream ${packet.fileName} has CD mode ${packet.cdMode}; only audio (DA) is read`,
        {
          details: { file: mapName },
        },
      );
    }
    const name = find(packet.fileName, `audio image (${packet.fileName}, listed in ${mapName})`);
    const path = join(root, name);
    const size = (await stat(path)).size;
    const sectors = packet.length;
    if (sectors === undefined) {
      throw new TapeopError(
        'PARSE_ERROR',
        `${mapName}: the D0 stream ${packet.fileName} has no length (DSL)`,
        { details: { file: mapName } },
      );
    }
    if (size !== sectors * CD_BYTES_PER_FRAME) {
      const short = size < sectors * CD_BYTES_PER_FRAME;
      throw new TapeopError(
        'FILE_UNREADABLE',
        short
          ? `${name}: the image ends at byte ${size}, but ${mapName} promises ${sectors} sectors (${sectors * CD_BYTES_PER_FRAME} bytes); ${sectors * CD_BYTES_PER_FRAME - size} bytes are missing`
          : `${name}: the image is ${size} bytes long, more than the ${sectors} sectors (${sectors * CD_BYTES_PER_FRAME} bytes) ${mapName} gives it`,
        {
          details: {
            file: name,
            offset: Math.min(size, sectors * CD_BYTES_PER_FRAME),
            size,
            expected: sectors * CD_BYTES_PER_FRAME,
          },
          hint: short
            ? 'The copy of the DDP is incomplete; copy or download it again.'
            : 'The DDP is damaged; ask for a fresh copy.',
        },
      );
    }
    fileset.images.push({ name, path, sectors, firstSector });
    firstSector += sectors;
  }
  if (dataPackets[0]?.pregap2 !== undefined) fileset.pregapSectors = dataPackets[0].pregap2;
  if (firstSector !== layout.leadOutFrame) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${pqFile}: the lead-out is at sector ${layout.leadOutFrame}, but the image has ${firstSector} sectors`,
      {
        details: { file: pqFile },
        hint: 'The PQ descriptor and the image disagree; the DDP is damaged.',
      },
    );
  }

  if (options.byteOrder) {
    fileset.byteOrder = options.byteOrder;
    fileset.byteOrderCertain = true;
  } else {
    const first = fileset.images[0]!;
    const guess = await detectByteOrder(
      first.path,
      Math.min(150, first.sectors) * CD_BYTES_PER_FRAME,
      first.sectors * CD_BYTES_PER_FRAME,
    );
    fileset.byteOrder = guess.byteOrder;
    fileset.byteOrderCertain = guess.certain;
    if (guess.byteOrder === 'big') {
      notes.push(
        `${first.name} holds big-endian (Motorola) samples; DDP images are normally little-endian. The audio is swapped when extracted.`,
      );
    }
  }
  for (const note of notes) logger.warn(note, { dir: root });

  return {
    ...fileset,
    audioSegments(startFrame = 0, endFrame = layout.leadOutFrame) {
      return imageSegments(fileset.images, fileset.byteOrder, startFrame, endFrame);
    },
    verifyChecksums(checkOptions = {}) {
      return verifyChecksums(root, checkOptions);
    },
  };
}

function imageSegments(
  images: DdpImageFile[],
  byteOrder: ByteOrder,
  startFrame: number,
  endFrame: number,
): PcmSegment[] {
  const segments: PcmSegment[] = [];
  for (const image of images) {
    const from = Math.max(startFrame, image.firstSector);
    const to = Math.min(endFrame, image.firstSector + image.sectors);
    if (to <= from) continue;
    segments.push({
      kind: 'file',
      path: image.path,
      offset: (from - image.firstSector) * CD_BYTES_PER_FRAME,
      bytes: (to - from) * CD_BYTES_PER_FRAME,
      byteOrder,
    });
  }
  return segments;
}

function normalizeUpc(upc: string): string {
  return upc.length === 12 ? `0${upc}` : upc;
}

async function listFolder(root: string): Promise<string[]> {
  try {
    return await readdir(root);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new TapeopError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      code === 'ENOENT'
        ? `${root}: no such folder`
        : `${root}: cannot be read as a folder (${code})`,
      {
        details: { dir: root },
        cause,
        hint: 'Give the folder that holds DDPID, DDPMS and the image.',
      },
    );
  }
}
