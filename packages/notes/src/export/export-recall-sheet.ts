import { type Session, type Snapshot, TapeopError } from '@tapeop/core';
import type { Journal } from '../journal/open-journal.js';
import type { JournalView } from '../model/journal-view.js';
import { buildRecallSheet, type RecallSheet, type SheetOptions } from './recall-sheet.js';
import { renderSheetHtml } from './render-sheet-html.js';
import { renderSheetMarkdown } from './render-sheet-markdown.js';

export type RecallSheetFormat = 'html' | 'md' | 'json';

export interface RecallSheetOptions extends SheetOptions {
  format: RecallSheetFormat;
}

/** A journal to read, or a view already read from one. */
export type JournalSource = Journal | JournalView;

/**
 * The recall sheet (session report): album header, the revision history (each version with the
 * changes made and the requests received after it), every song with its notes, QC figures and
 * the last snapshot's chain (plug-ins and parameter values), the master bus, open client
 * requests, deliveries, and any journal lines that could not be read.
 *
 * `html` is one standalone page for screen and print (no scripts, no external files), `md` is
 * Markdown, `json` the same content as data (`RecallSheet`). A journal is read with the session's
 * milestones merged in.
 */
export async function exportRecallSheet(
  session: Session,
  journal: JournalSource,
  snapshots: readonly Snapshot[],
  options: RecallSheetOptions,
): Promise<string> {
  const render = Object.hasOwn(renderers, options.format) ? renderers[options.format] : undefined;
  if (!render) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `unknown recall sheet format ${JSON.stringify(options.format)}`,
      { details: { format: options.format }, hint: "Use 'html', 'md' or 'json'." },
    );
  }
  const view = await readSource(journal, session);
  return render(buildRecallSheet(session, view, snapshots, options));
}

const renderers: Record<string, (sheet: RecallSheet) => string> = {
  html: renderSheetHtml,
  md: renderSheetMarkdown,
  json: (sheet) => `${JSON.stringify(sheet, null, 2)}\n`,
};

export async function readSource(source: JournalSource, session?: Session): Promise<JournalView> {
  if ('read' in source && typeof source.read === 'function') {
    return source.read(session?.versions ? { versions: session.versions } : {});
  }
  if ('entries' in source && Array.isArray(source.entries)) return source;
  throw new TapeopError('INVALID_ARGUMENT', 'expected a journal (openJournal) or a journal view', {
    hint: 'Pass openJournal(sessionDir) or the result of journal.read().',
  });
}
