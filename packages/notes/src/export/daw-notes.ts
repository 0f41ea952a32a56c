import type { Session } from '@tapeop/core';
import type { JournalEntry } from '../model/journal-view.js';
import { type JournalSource, readSource } from './export-recall-sheet.js';
import { stripControls } from './html.js';
import { scopeLabel, timeFormatter } from './sheet-format.js';

export interface DawNotesOptions {
  /** Most recent changes to list. Default 10. */
  maxChanges?: number;
  /** Most recent notes and decisions to list. Default 10. */
  maxNotes?: number;
  /** Longer lines are cut with '…'. Default 110 characters. */
  lineWidth?: number;
  /** Time zone for printed times (IANA name). Default: this machine's. */
  timeZone?: string;
  now?: Date;
}

/** The lines that enclose tapeop's part of a DAW's project notes. */
export const DAW_NOTES_BEGIN =
  '--- tapeop notes (generated: edits between these lines are replaced) ---';
export const DAW_NOTES_END = '--- end of tapeop notes ---';

/**
 * A compact plain-text summary for a DAW's own project-notes field (REAPER's Project Notes,
 * Ardour's session notes): the album, the current version, open client requests, the latest
 * changes and notes. Adapters write it with `writeNotes`, merged into what the engineer wrote
 * there with `mergeDawNotes`.
 */
export async function renderDawNotes(
  session: Session,
  journal: JournalSource,
  options: DawNotesOptions = {},
): Promise<string> {
  const view = await readSource(journal, session);
  const time = timeFormatter(options.timeZone);
  const width = Math.max(40, options.lineWidth ?? 110);
  const fit = (line: string) => {
    const clean = stripControls(line).replace(/\s*\r?\n\s*/g, ' / ');
    return clean.length > width ? `${clean.slice(0, width - 1)}…` : clean;
  };
  const about = (e: JournalEntry) => scopeLabel(e.note, session);

  const lines: string[] = [];
  const { album } = session;
  lines.push(fit(`${album.title}${album.artist ? ` — ${album.artist}` : ''}`));
  const current = view.versions.at(-1);
  lines.push(
    fit(
      `Updated ${time.format((options.now ?? new Date()).toISOString())} (${time.zone})` +
        (current
          ? ` · current version ${current.id}: ${current.name}, ${time.format(current.date)}`
          : ''),
    ),
  );

  const open = view.entries.filter(
    (e) => e.note.kind === 'client-request' && e.note.status === 'open',
  );
  lines.push('', `OPEN CLIENT REQUESTS (${open.length})`);
  if (open.length === 0) lines.push('- none');
  for (const e of open) {
    const who = [e.note.requestedBy ?? e.note.author, e.versionId].filter(Boolean).join(', ');
    lines.push(fit(`- ${about(e)}: ${e.note.text} (${who})`));
  }

  const changes = view.entries.filter((e) => e.note.kind === 'change');
  const shownChanges = changes.slice(-(options.maxChanges ?? 10));
  if (changes.length > 0) {
    lines.push('', `LATEST CHANGES (${shownChanges.length} of ${changes.length})`);
    for (const e of shownChanges)
      lines.push(fit(`- ${time.format(e.original.time)} ${e.note.text}`));
  }

  const notes = view.entries.filter((e) => e.note.kind === 'note' || e.note.kind === 'decision');
  const shownNotes = notes.slice(-(options.maxNotes ?? 10));
  if (notes.length > 0) {
    lines.push('', `NOTES (${shownNotes.length} of ${notes.length})`);
    for (const e of shownNotes) {
      const label = e.note.kind === 'decision' ? 'decision: ' : '';
      lines.push(fit(`- ${about(e)}: ${label}${e.note.text}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Puts `rendered` (from renderDawNotes) into a DAW's existing project notes: replaces the part
 * tapeop wrote before, between its marker lines, and keeps every line the engineer wrote. The
 * first time, tapeop's part goes after the engineer's text. Line endings follow the existing text.
 */
export function mergeDawNotes(existing: string, rendered: string): string {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const block = [
    DAW_NOTES_BEGIN,
    ...rendered.replace(/\r?\n$/, '').split(/\r?\n/),
    DAW_NOTES_END,
  ].join(eol);
  const begin = existing.lastIndexOf(DAW_NOTES_BEGIN);
  const end = begin === -1 ? -1 : existing.indexOf(DAW_NOTES_END, begin);
  if (begin !== -1 && end !== -1) {
    return existing.slice(0, begin) + block + existing.slice(end + DAW_NOTES_END.length);
  }
  if (existing.trim() === '') return `${block}${eol}`;
  const separator = existing.endsWith(eol) ? eol : `${eol}${eol}`;
  return `${existing}${separator}${block}${eol}`;
}
