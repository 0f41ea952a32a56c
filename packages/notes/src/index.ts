// @tapeop/notes: the session journal (notes.jsonl), automatic change notes and the recall sheet.
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
