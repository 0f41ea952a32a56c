import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  CD_BYTES_PER_FRAME,
  CD_LEAD_PREGAP_FRAMES,
  type Logger,
  noopLogger,
  type Problem,
  TapeopError,
} from '@tapeop/core';
import { encodeCdText } from '../cd-text/encode-cd-text.js';
import { assertDiscLayout, type DiscCheckOptions } from '../disc/check-disc-layout.js';
import { type DiscLayout, trackStart } from '../disc/disc-layout.js';
import { layoutToPqEntries } from '../disc/pq-entries.js';
import { temporarySibling, wrapIoError } from '../io/atomic-file.js';
import { copyPcm, md5, type PcmSegment, segmentsLength } from '../io/pcm-segments.js';
import { CHECKSUM_FILE, type ChecksumEntry, formatChecksumFile } from './checksum-file.js';
import { encodeDdpId } from './ddp-id.js';
import { type DdpMapPacket, encodeDdpMap } from './ddp-map.js';
import { encodePqDescriptor } from './pq-descriptor.js';

export const IMAGE_FILE = 'IMAGE.DAT';
export const PQ_FILE = 'PQDESCR';
export const CD_TEXT_FILE = 'CDTEXT.BIN';

export interface DdpFilesetOptions extends DiscCheckOptions {
  /** Replace an existing folder at `outDir` (it is swapped out only once the new DDP is complete). */
  overwrite?: boolean;
  /** Write CDTEXT.BIN (default: when the disc has any CD-Text). */
  cdText?: boolean;
  /** Also put the UPC/EAN and ISRCs in the CD-Text (pack 0x8E). Default off, as cue2ddp, Sonoris and HOFA. */
  cdTextCodes?: boolean;
  /** Flush every file to disk before the folder is renamed into place (default true). */
  fsync?: boolean;
  logger?: Logger;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface DdpFileResult extends ChecksumEntry {
  bytes: number;
}

export interface DdpFilesetResult {
  dir: string;
  /** Every file written, in CHECKSUM.MD5 order, with its size and MD5. */
  files: DdpFileResult[];
  imageMd5: string;
  /** Red Book warnings (e.g. a programme over 74 minutes); errors stop the write. */
  warnings: Problem[];
}

/**
 * Writes a DDP 2.00 fileset for `layout` from `image` (the programme from disc time 00:00:00,
 * track 1's pregap included, 16-bit little-endian stereo): DDPID, DDPMS, CDTEXT.BIN when there
 * is CD-Text, PQDESCR, IMAGE.DAT and CHECKSUM.MD5.
 *
 * Everything is checked before the first byte is written. The fileset is built in a
 * temporary folder next to `outDir` and renamed into place only when complete, so there is
 * never a half-written DDP at `outDir`. The image is streamed, never held in memory.
 */
export async function writeDdpFileset(
  layout: DiscLayout,
  image: readonly PcmSegment[],
  outDir: string,
  options: DdpFilesetOptions = {},
): Promise<DdpFilesetResult> {
  const logger = options.logger ?? noopLogger;
  const target = resolve(outDir);
  const warnings = assertDiscLayout(layout, options);
  const imageBytes = layout.leadOutFrame * CD_BYTES_PER_FRAME;
  const audioBytes = segmentsLength(image);
  if (audioBytes > imageBytes || audioBytes <= imageBytes - CD_BYTES_PER_FRAME) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `The audio is ${audioBytes} bytes long, but the disc ends at ${layout.leadOutFrame} sectors (${imageBytes} bytes); the image must fill the last sector at least in part and never run past it`,
      { details: { audioBytes, imageBytes } },
    );
  }
  if (audioBytes % 4 !== 0) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `The audio is ${audioBytes} bytes long, not a whole number of 16-bit stereo sample frames`,
    );
  }
  const wantCdText = options.cdText ?? true;
  const cdText = wantCdText
    ? encodeCdText({
        disc: layout.text,
        tracks: layout.tracks.map((t) => t.text),
        ...(layout.genre ? { genre: layout.genre } : {}),
        ...(layout.language ? { language: layout.language } : {}),
        ...(options.cdTextCodes
          ? {
              codes: {
                ...(layout.upc ? { upc: layout.upc } : {}),
                isrcs: layout.tracks.map((t) => t.isrc),
              },
            }
          : {}),
      })
    : Buffer.alloc(0);
  const pq = encodePqDescriptor(layoutToPqEntries(layout));
  const firstTrack = layout.tracks[0];
  const pregap = firstTrack ? trackStart(firstTrack) : CD_LEAD_PREGAP_FRAMES;
  const packets: DdpMapPacket[] = [];
  if (cdText.length > 0) {
    packets.push({
      streamType: 'S0',
      length: cdText.length,
      subcode: 'CDTEXT',
      track: '00',
      fileName: CD_TEXT_FILE,
    });
  }
  packets.push({ streamType: 'S0', length: pq.length, subcode: 'PQ DESCR', fileName: PQ_FILE });
  packets.push({
    streamType: 'D0',
    length: layout.leadOutFrame,
    start: 0,
    cdMode: 'DA',
    storageMode: '7',
    scrambled: '0',
    pregap2: pregap,
    fileName: IMAGE_FILE,
  });
  const ddpms = encodeDdpMap(packets);
  const ddpid = encodeDdpId({
    ...(layout.upc ? { upc: layout.upc } : {}),
    ...(layout.masterId ? { masterId: layout.masterId } : {}),
  });

  if (!options.overwrite && (await exists(target))) {
    throw new TapeopError(
      'CONFLICT',
      `${target} already exists; a DDP is never written over another one unless asked`,
      {
        details: { file: target },
        hint: 'Choose a new folder, or pass overwrite: true (the old folder is replaced only when the new DDP is complete).',
      },
    );
  }
  await mkdir(dirname(target), { recursive: true });
  const temporary = temporarySibling(target, 'partial');
  await mkdir(temporary);
  logger.debug('writing DDP into a temporary folder', { temporary, target });
  try {
    const fsync = options.fsync ?? true;
    const files: DdpFileResult[] = [];
    const small = async (name: string, bytes: Buffer) => {
      await writeWhole(join(temporary, name), bytes, fsync);
      files.push({ name, bytes: bytes.length, md5: md5().update(bytes).digest('hex') });
    };
    await small('DDPID', ddpid);
    await small('DDPMS', ddpms);
    if (cdText.length > 0) await small(CD_TEXT_FILE, cdText);
    await small(PQ_FILE, pq);

    let imageMd5 = '';
    const handle = await open(join(temporary, IMAGE_FILE), 'wx');
    try {
      const copied = await copyPcm(image, handle, 0, {
        padBytes: imageBytes - audioBytes,
        md5: true,
        flush: fsync,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      imageMd5 = copied.md5 ?? '';
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    files.push({ name: IMAGE_FILE, bytes: imageBytes, md5: imageMd5 });
    await writeWhole(
      join(temporary, CHECKSUM_FILE),
      Buffer.from(formatChecksumFile(files), 'latin1'),
      fsync,
    );
    if (fsync) await syncFolder(temporary);

    await moveIntoPlace(temporary, target, options.overwrite ?? false);
    if (fsync) await syncFolder(dirname(target));
    logger.info('DDP written', { dir: target, sectors: layout.leadOutFrame, imageMd5 });
    return { dir: target, files, imageMd5, warnings };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw wrapIoError(error, target);
  }
}

async function writeWhole(path: string, bytes: Buffer, fsync: boolean): Promise<void> {
  const handle: FileHandle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A folder's entry list reaches the disk only when the folder itself is flushed. */
async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the files themselves are flushed.
  } finally {
    await handle.close();
  }
}

async function moveIntoPlace(temporary: string, target: string, overwrite: boolean): Promise<void> {
  if (!(await exists(target))) {
    await rename(temporary, target);
    return;
  }
  if (!overwrite) {
    throw new TapeopError(
      'CONFLICT',
      `${target} appeared while the DDP was being written; the new DDP was not moved over it`,
      {
        details: { file: target },
      },
    );
  }
  const old = temporarySibling(target, 'replaced');
  await rename(target, old);
  try {
    await rename(temporary, target);
  } catch (error) {
    await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
