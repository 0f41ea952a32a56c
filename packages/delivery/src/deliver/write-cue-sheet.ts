import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { CD_BYTES_PER_FRAME, type Session, TapeopError } from '@tapeop/core';
import { type CueFileType, type CueLeadIn, formatCueSheet } from '../cue/format-cue-sheet.js';
import { trackStart } from '../disc/disc-layout.js';
import { writeBytesAtomic } from '../io/atomic-file.js';
import { type MasterAudio, programmeAudio } from '../session/master-audio.js';
import { type PrepareDiscOptions, prepareDisc } from '../session/prepare-disc.js';

export interface WriteCueSheetOptions extends PrepareDiscOptions {
  /** Where the .cue file goes; its FILE line names the master relative to this folder. */
  path: string;
  /** Required: whether the master holds track 1's pause (see CueLeadIn). */
  leadIn: CueLeadIn;
  /** The FILE name as written; default the master's path relative to the cue sheet. */
  fileName?: string;
  fileType?: CueFileType;
  /** A REM COMMENT line. */
  comment?: string;
  /** `utf-8` (default, no BOM: cue2ddp refuses one) or `latin1` (ISO 8859-1, what CD-Text holds). */
  encoding?: 'utf-8' | 'latin1';
  lineEnding?: '\n' | '\r\n';
}

export interface WriteCueSheetResult {
  path: string;
  text: string;
  warnings: string[];
}

const RAW_IMAGE = /\.(dat|bin|raw|pcm)$/i;

/**
 * A CDRWIN cue sheet for the session's album master: a WAV (or AIFF) render, or a raw
 * little-endian image such as a DDP's IMAGE.DAT. The master's length is checked against the
 * sequence for the chosen lead-in convention before the cue sheet is written. Per-song files
 * are refused: CDRWIN joins FILEs end to end, which would move every later index unless each
 * file ended on a frame; deliver a DDP and cue its IMAGE.DAT instead.
 */
export async function writeCueSheet(
  session: Session,
  master: MasterAudio | { kind: 'image'; path: string },
  options: WriteCueSheetOptions,
): Promise<WriteCueSheetResult> {
  if (options.leadIn !== 'included' && options.leadIn !== 'excluded') {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'Say where the master starts: leadIn "included" (from 00:00:00, with track 1\'s pause) or "excluded" (from track 1\'s index 1)',
    );
  }
  if (master.kind === 'songs') {
    throw new TapeopError(
      'UNSUPPORTED',
      'A cue sheet needs one file of the whole disc, not one file per song: render the album master, or write the DDP and cue its IMAGE.DAT',
      {
        hint: 'writeDdp(session, { kind: "songs", files }, dir), then writeCueSheet(session, { kind: "image", path: dir + "/IMAGE.DAT" }, { leadIn: "included", ... }).',
      },
    );
  }
  const { timeline, layout, warnings } = prepareDisc(session, options);
  const first = layout.tracks[0]!;
  if (master.kind === 'image' || RAW_IMAGE.test(master.path)) {
    const size = (await stat(master.path)).size;
    const expected =
      (layout.leadOutFrame - (options.leadIn === 'excluded' ? trackStart(first) : 0)) *
      CD_BYTES_PER_FRAME;
    if (Math.abs(size - expected) >= CD_BYTES_PER_FRAME) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `${basename(master.path)} is ${size} bytes of audio, but the disc ${options.leadIn === 'included' ? 'from 00:00:00' : "from track 1's start"} to the lead-out is ${expected} bytes; it is not this sequence's image${options.leadIn === 'included' ? '' : ' without its lead-in'}`,
        { details: { file: master.path, size, expected } },
      );
    }
  } else {
    warnings.push(
      ...(
        await programmeAudio(timeline, { kind: 'album', path: master.path, leadIn: options.leadIn })
      ).notes,
    );
  }
  const cuePath = resolve(options.path);
  const fileName =
    options.fileName ?? relative(dirname(cuePath), resolve(master.path)).split(sep).join('/');
  const cue = formatCueSheet({
    layout,
    fileName,
    leadIn: options.leadIn,
    ...(options.fileType ? { fileType: options.fileType } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.lineEnding ? { lineEnding: options.lineEnding } : {}),
  });
  const encoding = options.encoding ?? 'utf-8';
  if (encoding === 'latin1' && [...cue.text].some((c) => c.codePointAt(0)! > 0xff)) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `The cue sheet has characters outside ISO 8859-1 (in the file name "${fileName}" or the comment); write it as UTF-8 or rename the file`,
    );
  }
  await writeBytesAtomic(cuePath, Buffer.from(cue.text, encoding === 'latin1' ? 'latin1' : 'utf8'));
  return { path: cuePath, text: cue.text, warnings: [...warnings, ...cue.warnings] };
}
