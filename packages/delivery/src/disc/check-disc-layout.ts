import {
  CD_DEFAULT_MAX_FRAMES,
  CD_LEAD_PREGAP_FRAMES,
  CD_MAX_TRACKS,
  CD_MIN_TRACK_FRAMES,
  CD_WARN_FRAMES,
  formatMsf,
  isEan13,
  isIsrc,
  type Problem,
  TapeopError,
} from '@tapeop/core';
import { MAX_CD_FRAME } from '../ddp/pq-descriptor.js';
import { type DiscLayout, trackLength, trackStart } from './disc-layout.js';

export interface DiscCheckOptions {
  /**
   * The longest disc the plant accepts: the lead-out's latest absolute time, in frames.
   * Default 359,849 (79:57:74), the ATIP capacity of an 80-minute CD-R.
   */
  maxFrames?: number;
}

/**
 * The structural rules every disc layout must meet before it is written, and that a DDP read
 * from another tool is checked against: track and index numbering, ascending positions,
 * track 1's pregap, minimum track length, programme length, codes and flags.
 * One plain sentence per problem.
 */
export function checkDiscLayout(layout: DiscLayout, options: DiscCheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const error = (pointer: string, rule: string, message: string) =>
    problems.push({ pointer, rule, message, severity: 'error' });
  const warning = (pointer: string, rule: string, message: string) =>
    problems.push({ pointer, rule, message, severity: 'warning' });

  const tracks = layout.tracks;
  if (tracks.length === 0) error('/tracks', 'track-count', 'The disc has no tracks.');
  if (tracks.length > CD_MAX_TRACKS) {
    error('/tracks', 'track-count', `The disc has ${tracks.length} tracks; a CD holds at most 99.`);
  }
  if (layout.upc !== undefined && !isEan13(layout.upc)) {
    error('/upc', 'upc', `The UPC/EAN "${layout.upc}" is not 13 digits with a valid check digit.`);
  }
  if (layout.masterId !== undefined && !/^[\x20-\x7e]{0,48}$/.test(layout.masterId)) {
    error(
      '/masterId',
      'master-id',
      `The master ID "${layout.masterId}" must be at most 48 plain ASCII characters.`,
    );
  }

  let previousFrame = -1;
  const isrcs = new Map<string, number>();
  tracks.forEach((track, position) => {
    const at = `/tracks/${position}`;
    const name = `Track ${track.number}`;
    if (track.number !== position + 1) {
      error(
        at,
        'track-numbering',
        `Track ${position + 1} is numbered ${track.number}; tracks are numbered 1, 2, 3 ... without gaps.`,
      );
    }
    const numbers = track.indexes.map((i) => i.number);
    if (!numbers.includes(1)) error(at, 'index-1', `${name} has no index 1 (its start).`);
    const first = numbers[0] ?? 1;
    if (first > 1 || numbers.some((n, i) => n !== first + i)) {
      error(
        at,
        'index-sequence',
        `${name} has indexes ${numbers.join(', ')}; they must run 0 (optional), 1, 2, 3 ... without gaps.`,
      );
    }
    for (const index of track.indexes) {
      if (!Number.isInteger(index.frame) || index.frame < 0) {
        error(
          at,
          'index-position',
          `${name} index ${index.number} is at ${index.frame}, not a whole number of frames.`,
        );
      } else if (index.frame <= previousFrame) {
        error(
          at,
          'index-order',
          `${name} index ${index.number} at ${formatMsf(index.frame)} does not come after the previous index (${formatMsf(Math.max(previousFrame, 0))}).`,
        );
      }
      previousFrame = Math.max(previousFrame, index.frame);
    }
    if (position === 0) {
      const index0 = track.indexes.find((i) => i.number === 0);
      if (index0?.frame !== 0) {
        error(
          at,
          'track-1-pregap',
          'Track 1 must begin with index 0 at 00:00:00 (the 2-second pause before the first track).',
        );
      }
      if (trackStart(track) < CD_LEAD_PREGAP_FRAMES) {
        error(
          at,
          'track-1-pregap',
          `Track 1 starts at ${formatMsf(trackStart(track))}; its index 1 must be at 00:02:00 or later.`,
        );
      }
    }
    const length = trackLength(layout, position);
    if (length < CD_MIN_TRACK_FRAMES) {
      error(
        at,
        'track-min-length',
        `${name} is ${formatMsf(Math.max(length, 0))} long; a CD track lasts at least 4 seconds (00:04:00).`,
      );
    }
    if (track.isrc !== undefined) {
      if (!isIsrc(track.isrc)) {
        error(
          `${at}/isrc`,
          'isrc',
          `${name} has the ISRC "${track.isrc}", which is not 12 characters (2 letters, 3 letters or digits, 7 digits).`,
        );
      }
      const other = isrcs.get(track.isrc);
      if (other !== undefined) {
        error(
          `${at}/isrc`,
          'isrc-unique',
          `${name} has the same ISRC as track ${other} (${track.isrc}); each recording has its own ISRC.`,
        );
      }
      isrcs.set(track.isrc, track.number);
    }
    if (track.flags.copyPermitted && track.flags.scms) {
      error(
        `${at}/flags`,
        'flags',
        `${name} has both DCP (copy permitted) and SCMS (copy protected); choose one.`,
      );
    }
  });

  // Measured like @tapeop/session's Red Book check: the lead-out's absolute time.
  const maxFrames = options.maxFrames ?? CD_DEFAULT_MAX_FRAMES;
  const total = layout.leadOutFrame;
  if (total <= previousFrame) {
    error(
      '/leadOutFrame',
      'lead-out',
      `The lead-out at ${formatMsf(Math.max(total, 0))} does not come after the last index.`,
    );
  } else if (total > MAX_CD_FRAME) {
    error(
      '/leadOutFrame',
      'max-length',
      `The disc runs to ${formatMsf(total)}, past 99:59:74, the last address a CD can hold.`,
    );
  } else if (total > maxFrames) {
    error(
      '/leadOutFrame',
      'max-length',
      `The disc lasts ${formatMsf(total)}, longer than the ${formatMsf(maxFrames)} the disc may hold; shorten it or check the plant's limit.`,
    );
  } else if (total > CD_WARN_FRAMES) {
    warning(
      '/leadOutFrame',
      'long-programme',
      `The disc lasts ${formatMsf(total)}, longer than the 74 minutes of the original Red Book; most plants accept up to about 79:57, but confirm with yours.`,
    );
  }
  return problems;
}

/** Throws RED_BOOK with one sentence per error; warnings go back to the caller. */
export function assertDiscLayout(layout: DiscLayout, options: DiscCheckOptions = {}): Problem[] {
  const problems = checkDiscLayout(layout, options);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new TapeopError(
      'RED_BOOK',
      `The disc breaks ${errors.length === 1 ? 'a Red Book rule' : `${errors.length} Red Book rules`}:\n${errors.map((p) => `- ${p.message}`).join('\n')}`,
      {
        details: { problems: errors },
        hint: 'Fix the sequence (gaps, markers, codes) and render again; nothing was written.',
      },
    );
  }
  return problems.filter((p) => p.severity === 'warning');
}
