import { basename } from 'node:path';
import { createUlid, formatDb, type Note, type QcReport } from '@tapeop/core';

export interface QcNotesOptions {
  /** Who the notes are from (default 'tapeop'). */
  author?: string;
  /** The notes' time (default: the report's createdAt). */
  time?: Date;
  /** Session version the notes belong to. */
  versionId?: string;
}

const level = (value: number | null, unit: string) =>
  value === null ? 'n/a' : formatDb(value, { unit });
const amount = (value: number | null, unit: string) =>
  value === null ? 'n/a' : `${value.toFixed(1)} ${unit}`;

/**
 * The report as journal entries: one `qc` Note.1 per file (about its song when the report
 * knows the song id, else about the session) and one for the album, with the figures and
 * checks in `data`. The CLI appends them to notes.jsonl with @tapeop/notes.
 */
export function qcReportToNotes(report: QcReport, options: QcNotesOptions = {}): Note[] {
  const time = (options.time ?? new Date(report.createdAt)).toISOString();
  const stamp = Date.parse(time);
  const base = {
    schema: 'Note.1' as const,
    time,
    author: options.author ?? 'tapeop',
    kind: 'qc' as const,
    ...(options.versionId ? { versionId: options.versionId } : {}),
  };
  const targets = report.targets.map((t) => t.id);
  // One millisecond apart, so that sorting the ids keeps the report's order.
  const notes: Note[] = report.files.map((file, index) => {
    const scope = file.songId
      ? { kind: 'song' as const, songId: file.songId }
      : { kind: 'session' as const };
    const errors = file.checks.filter((c) => c.severity === 'error');
    const warnings = file.checks.filter((c) => c.severity === 'warning');
    const findings = [...errors, ...warnings].map((c) => c.message);
    const text =
      file.status === 'failed'
        ? `QC ${basename(file.path)}: not analysed: ${file.error?.message ?? ''}`
        : `QC ${basename(file.path)}: I ${level(file.figures!.integratedLufs, 'LUFS')}, TP ${level(file.figures!.truePeakDbtp, 'dBTP')}, LRA ${amount(file.figures!.loudnessRangeLu, 'LU')}${findings.length ? ` — ${findings.join('; ')}` : ' — no problems'}`;
    return {
      ...base,
      id: createUlid(stamp + index),
      scope,
      text,
      tags: [
        'qc',
        file.status === 'failed' || errors.length
          ? 'qc-error'
          : warnings.length
            ? 'qc-warning'
            : 'qc-pass',
      ],
      data: {
        path: file.path,
        status: file.status,
        targets,
        ...(file.format ? { format: file.format } : {}),
        ...(file.figures ? { figures: file.figures } : {}),
        checks: file.checks,
        ...(file.error ? { error: file.error } : {}),
      },
    };
  });
  if (report.album) {
    const a = report.album;
    notes.push({
      ...base,
      id: createUlid(stamp + notes.length),
      scope: { kind: 'session' },
      text: `QC album (${a.fileCount} songs): I ${level(a.integratedLufs, 'LUFS')}, TP ${level(a.truePeakDbtp, 'dBTP')}, spread ${amount(a.spreadLu, 'LU')}; verdict ${report.summary.verdict}`,
      tags: ['qc', 'album'],
      data: { album: a, summary: report.summary, targets },
    });
  }
  return notes;
}
