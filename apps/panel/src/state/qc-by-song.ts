import type { ListedEntry, QcCheck, QcFigures } from '../hub/hub-types.js';

/** A song's latest QC result, as `tapeop qc` writes it to the journal (a `qc` note). */
export interface SongQc {
  noteId: string;
  time: string;
  /** The file that was measured. */
  path?: string;
  status?: string;
  figures?: Pick<QcFigures, 'integratedLufs' | 'truePeakDbtp' | 'loudnessRangeLu'> &
    Partial<QcFigures>;
  checks: QcCheck[];
  /** The note's own one-line text (shown when the figures are missing). */
  text: string;
}

interface QcNoteData {
  path?: unknown;
  status?: unknown;
  figures?: unknown;
  checks?: unknown;
}

/**
 * The newest QC note of each song, by song id. QC notes are @tapeop/audio's `qcReportToNotes`
 * entries: scope song, figures and checks in `data`. Album notes and retracted notes are left out.
 */
export function qcBySong(entries: readonly ListedEntry[]): Map<string, SongQc> {
  const bySong = new Map<string, SongQc>();
  for (const entry of entries) {
    const note = entry.note;
    if (note.kind !== 'qc' || entry.retracted) continue;
    const songId = note.scope.songId;
    if (!songId) continue;
    const known = bySong.get(songId);
    if (known && known.time > note.time) continue;
    const data = (note.data ?? {}) as QcNoteData;
    const figures =
      data.figures && typeof data.figures === 'object'
        ? (data.figures as SongQc['figures'])
        : undefined;
    const checks = Array.isArray(data.checks)
      ? (data.checks as QcCheck[]).filter((c) => c && typeof c.message === 'string')
      : [];
    bySong.set(songId, {
      noteId: entry.id,
      time: note.time,
      ...(typeof data.path === 'string' ? { path: data.path } : {}),
      ...(typeof data.status === 'string' ? { status: data.status } : {}),
      ...(figures ? { figures } : {}),
      checks,
      text: note.text,
    });
  }
  return bySong;
}
