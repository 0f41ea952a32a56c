// @tapeop/notes: the session journal (notes.jsonl), automatic change notes and the recall sheet.

export {
  type ChangeNoteOptions,
  type ChangeNotesResult,
  writeChangeNotes,
} from './change-notes/write-change-notes.js';
export {
  DAW_NOTES_BEGIN,
  DAW_NOTES_END,
  type DawNotesOptions,
  mergeDawNotes,
  renderDawNotes,
} from './export/daw-notes.js';
export {
  exportRecallSheet,
  type JournalSource,
  type RecallSheetFormat,
  type RecallSheetOptions,
} from './export/export-recall-sheet.js';
export { escapeHtml } from './export/html.js';
export {
  buildRecallSheet,
  type RecallSheet,
  type SheetEntry,
  type SheetFx,
  type SheetOptions,
  type SheetQc,
  type SheetSnapshot,
  type SheetSong,
  type SheetTrack,
  type SheetVersion,
} from './export/recall-sheet.js';
export { escapeMarkdown } from './export/render-sheet-markdown.js';
export { type AppendResult, appendDurably } from './journal/durable-append.js';
export type { JournalIssue, JournalIssueKind } from './journal/journal-issue.js';
export { acquireLock, type HeldLock, type LockOptions } from './journal/journal-lock.js';
export type { LockHolder } from './journal/lock-holder.js';
export { buildNote, MAX_ENTRY_BYTES, type NoteInput } from './journal/note-input.js';
export {
  JOURNAL_FILE,
  type Journal,
  type JournalOptions,
  type NoteAmendment,
  openJournal,
  type ReadOptions,
  type VersionInput,
} from './journal/open-journal.js';
export { type JournalLine, type ParsedJournal, parseJournal } from './journal/parse-journal.js';
export {
  buildJournalView,
  type JournalEntry,
  type JournalView,
  type VersionMilestone,
  type ViewOptions,
} from './model/journal-view.js';
export {
  compileFilter,
  filterEntries,
  type NoteFilter,
  openClientRequests,
} from './model/note-filter.js';
