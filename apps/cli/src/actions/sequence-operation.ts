import {
  formatMsf,
  type Marker,
  type SequenceEntry,
  type Session,
  TapeopError,
} from '@tapeop/core';
import {
  buildMarkers,
  buildTimeline,
  describeSequenceChange,
  diffSequences,
  type RedBookProblem,
  type SequenceChange,
  type Timeline,
  validateRedBook,
} from '@tapeop/session';
import { recordChanges } from '../session-folder/journal.js';
import { readSession, type SessionLocation } from '../session-folder/session-file.js';
import { updateSession } from '../session-folder/update-session.js';
import type { ActionEnv } from './action.js';
import { findSong } from './song-reference.js';

export interface SequenceInput {
  /** New play order: song ids or current track numbers. Sequenced songs left out are taken out. */
  order?: string[];
  /** Gap before every song after the first, in seconds (songs with a crossfade keep it). */
  gapSec?: number;
  /** Gap before single songs: song id (or track number) → seconds. */
  gaps?: Record<string, number>;
  /** Lay the album out for CD (adds a CD delivery target when the session has none). */
  cd?: boolean;
  /** Show what would change without writing. */
  dryRun?: boolean;
  /** Who made the change, for the change notes. */
  author?: string;
}

export interface SequenceSong {
  trackNumber: number;
  songId: string;
  title: string;
  /** Where the song starts, in seconds from the programme start. */
  startSec: number;
  lengthSec: number;
  gapSec: number;
  crossfadeSec: number;
  /** Index 1 as MM:SS:FF. */
  trackStart: string;
  trackStartFrames: number;
  pregapFrames: number;
  /** The CD track's length as MM:SS:FF. */
  trackLength: string;
  trackLengthFrames: number;
  isrc?: string;
  indexes: Array<{ number: number; time: string; frames: number; name?: string }>;
}

export interface SequenceChangeLine {
  /** The sequence change; absent for a change of the delivery targets. */
  change?: SequenceChange;
  text: string;
}

export interface SequenceReport {
  session: string;
  /** session.json was rewritten. */
  written: boolean;
  changes: SequenceChangeLine[];
  cd: boolean;
  sampleRate: number;
  songs: SequenceSong[];
  /** The whole programme to the lead-out, MM:SS:FF. */
  totalLength: string;
  totalSec: number;
  leadOutFrames: number;
  markers: Marker[];
  redBook: { checked: boolean; errors: number; warnings: number; problems: RedBookProblem[] };
  /** Choices the layout made, in plain sentences. */
  notes: string[];
}

/** Applies the requested sequence changes to a session (in memory) and says what changed. */
export function changeSequence(session: Session, input: SequenceInput): Session {
  const next = structuredClone(session);
  const entries = next.sequence.entries;
  const resolveSong = (reference: string, what: string): string =>
    findSong(session, reference, what).id;

  if (input.order) {
    const ids = input.order.map((reference) => resolveSong(reference, 'order'));
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id))
        throw new TapeopError('INVALID_ARGUMENT', `order: "${id}" is listed twice`, {
          details: { order: input.order },
          hint: 'List every song once, in play order.',
        });
      seen.add(id);
    }
    const previous = new Map(entries.map((entry) => [entry.songId, entry]));
    const defaultGap = input.gapSec ?? entries[1]?.gapSec ?? 2;
    next.sequence.entries = ids.map(
      (songId): SequenceEntry => previous.get(songId) ?? { songId, gapSec: defaultGap },
    );
    // The new first song cannot crossfade into nothing.
    const first = next.sequence.entries[0];
    if (first?.crossfadeSec !== undefined) {
      delete first.crossfadeSec;
      if (first.gapSec === 0) first.gapSec = 2;
    }
  }
  if (input.gapSec !== undefined) {
    next.sequence.entries.forEach((entry, i) => {
      if (i > 0 && !(entry.crossfadeSec && entry.crossfadeSec > 0)) entry.gapSec = input.gapSec!;
    });
  }
  for (const [reference, seconds] of Object.entries(input.gaps ?? {})) {
    const songId = resolveSong(reference, 'gap');
    const entry = next.sequence.entries.find((e) => e.songId === songId);
    if (!entry)
      throw new TapeopError('INVALID_ARGUMENT', `gap: "${reference}" is not in the sequence`, {
        details: { reference },
        hint: 'Add the song to the sequence first (--order).',
      });
    entry.gapSec = seconds;
    delete entry.crossfadeSec;
  }
  if (input.cd && !(next.deliveryTargets ?? []).some((t) => t.kind === 'cd')) {
    next.deliveryTargets = [
      ...(next.deliveryTargets ?? []),
      { kind: 'cd', sampleRate: 44_100, bitDepth: 16 },
    ];
  }
  return next;
}

function layout(session: Session, input: SequenceInput): Timeline {
  return buildTimeline(session, input.cd ? { cd: true } : {});
}

export function sequenceReport(
  session: Session,
  file: string,
  input: SequenceInput,
  changes: SequenceChange[],
  written: boolean,
): SequenceReport {
  const timeline = layout(session, input);
  const problems = timeline.cd ? validateRedBook(session, { timeline }) : [];
  const entries = session.sequence.entries;
  return {
    session: file,
    written,
    changes: changes.map((change) => ({
      change,
      text: describeSequenceChange(change, session.songs),
    })),
    cd: timeline.cd,
    sampleRate: timeline.sampleRate,
    songs: timeline.songs.map((song) => ({
      trackNumber: song.trackNumber,
      songId: song.songId,
      title: song.title,
      startSec: song.startSamples / timeline.sampleRate,
      lengthSec: song.lengthSamples / timeline.sampleRate,
      gapSec: entries[song.entryIndex]?.gapSec ?? 0,
      crossfadeSec: entries[song.entryIndex]?.crossfadeSec ?? 0,
      trackStart: formatMsf(song.trackStartFrames),
      trackStartFrames: song.trackStartFrames,
      pregapFrames: song.pregapFrames,
      trackLength: formatMsf(song.trackLengthFrames),
      trackLengthFrames: song.trackLengthFrames,
      ...(song.isrc ? { isrc: song.isrc } : {}),
      indexes: song.indexes.map((index) => ({
        number: index.number,
        time: formatMsf(index.frames),
        frames: index.frames,
        ...(index.name ? { name: index.name } : {}),
      })),
    })),
    totalLength: formatMsf(timeline.leadOutFrames),
    totalSec: timeline.leadOutSamples / timeline.sampleRate,
    leadOutFrames: timeline.leadOutFrames,
    markers: buildMarkers(timeline),
    redBook: {
      checked: timeline.cd,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      problems,
    },
    notes: timeline.notes,
  };
}

const CD_TARGET_ADDED = 'CD delivery target added (44.1 kHz, 16-bit)';

const cdTargetAdded = (before: Session, after: Session) =>
  !(before.deliveryTargets ?? []).some((t) => t.kind === 'cd') &&
  (after.deliveryTargets ?? []).some((t) => t.kind === 'cd');

const wantsChange = (input: SequenceInput) =>
  input.order !== undefined ||
  input.gapSec !== undefined ||
  Object.keys(input.gaps ?? {}).length > 0 ||
  input.cd === true;

/**
 * `tapeop sequence` and the hub's `sequence`: changes the order and gaps when asked (writing the
 * session and one change note per change), then lays the album out and checks it for CD.
 */
export async function sequence(
  location: SessionLocation,
  input: SequenceInput,
  context: ActionEnv,
): Promise<SequenceReport> {
  if (!wantsChange(input) || input.dryRun) {
    const { session } = await readSession(location, context.logger);
    const next = wantsChange(input) ? changeSequence(session, input) : session;
    const report = sequenceReport(
      next,
      location.file,
      input,
      diffSequences(session.sequence, next.sequence),
      false,
    );
    if (cdTargetAdded(session, next)) report.changes.push({ text: CD_TARGET_ADDED });
    return report;
  }
  const update = await updateSession(
    location,
    (session) => {
      const next = changeSequence(session, input);
      layout(next, input); // refuses a sequence that cannot be laid out, before writing
      return { session: next, value: diffSequences(session.sequence, next.sequence) };
    },
    { logger: context.logger },
  );
  const changes = update.value;
  const report = sequenceReport(update.after, location.file, input, changes, !update.unchanged);
  if (cdTargetAdded(update.before, update.after)) report.changes.push({ text: CD_TARGET_ADDED });
  if (report.changes.length > 0) {
    await recordChanges(
      location,
      report.changes.map((line) => ({
        text: line.text,
        ...(line.change
          ? { songId: line.change.songId, data: { sequenceChange: line.change } }
          : {}),
      })),
      { logger: context.logger, ...(input.author ? { author: input.author } : {}) },
    );
  }
  return report;
}
