import type { Note, Version } from '@tapeop/core';
import type { JournalIssue } from '../journal/journal-issue.js';
import type { JournalLine } from '../journal/parse-journal.js';

/** One entry as it stands now: the original with its amendments applied. */
export interface JournalEntry {
  /** The original entry's id (amendments and retractions refer to it). */
  id: string;
  /** The entry as it stands: the original with every amendment's fields applied in order. */
  note: Note;
  /** The entry as first written. */
  original: Note;
  /** The amendments that apply, oldest first (retracted amendments left out). */
  amendments: Note[];
  /** The entry that withdrew this one, when it was withdrawn. */
  retraction?: Note;
  /**
   * The version milestone the entry belongs to: its own `versionId`, or else the last milestone
   * recorded before it.
   */
  versionId?: string;
  /** When the entry last changed: the last amendment's time, or the original's. */
  updatedAt: string;
  /** Line of the original in notes.jsonl. */
  line: number;
}

/** A named milestone ('v2 sent to client') that later entries attach to. */
export interface VersionMilestone {
  id: string;
  name: string;
  /** When the milestone was reached (ISO 8601). */
  date: string;
  snapshotId?: string;
  /** The `version` entry that records it, when the journal has one. */
  noteId?: string;
  /** Where it is recorded: the journal, the session document, or both. */
  source: 'journal' | 'session' | 'both';
}

export interface JournalView {
  /** The journal file. */
  path: string;
  /** Every valid entry in the order written, amendments and retractions included. Never rewritten. */
  history: Note[];
  /** The entries as they stand now, in the order first written: amendments applied, retracted ones left out. */
  entries: JournalEntry[];
  /** Entries withdrawn by a retraction, as they stood when withdrawn. */
  retracted: JournalEntry[];
  /** Version milestones, oldest first. */
  versions: VersionMilestone[];
  /** Lines that could not be used and references that lead nowhere; reading went on past them. */
  issues: JournalIssue[];
  lineCount: number;
  byteLength: number;
}

export interface ViewOptions {
  /** The session's own milestones (Session.1 `versions`), merged with the journal's `version` entries. */
  versions?: Version[];
}

/** Fields an amendment replaces when it carries them (its text always: it is required). */
const AMENDABLE = [
  'kind',
  'scope',
  'text',
  'status',
  'requestedBy',
  'tags',
  'versionId',
  'links',
  'data',
] as const;

/**
 * The effective view of a journal: a pure function of the lines read, so the history on disk
 * stays the single source of truth. Amendments may be chained (an amendment of an amendment
 * applies to the original); retracting an amendment withdraws just that amendment.
 */
export function buildJournalView(
  path: string,
  lines: JournalLine[],
  readIssues: JournalIssue[],
  counts: { lineCount: number; byteLength: number },
  options: ViewOptions = {},
): JournalView {
  const issues = [...readIssues];
  const byId = new Map<string, JournalLine>();
  for (const line of lines) byId.set(line.note.id, line);

  // The original an entry ultimately refers to; amendments chain, retractions end the chain.
  const rootOf = (id: string, depth = 0): JournalLine | undefined => {
    const found = byId.get(id);
    if (!found || depth > 64) return undefined;
    if (found.note.amends) return rootOf(found.note.amends, depth + 1);
    return found;
  };

  const amendmentsOf = new Map<string, JournalLine[]>();
  const retractionOf = new Map<string, Note>();
  const retractedAmendments = new Set<string>();
  const refIssue = (
    line: JournalLine,
    kind: 'dangling-reference' | 'bad-reference',
    message: string,
  ) =>
    issues.push({
      kind,
      severity: 'warning',
      line: line.line,
      byteOffset: line.byteOffset,
      message: `${path}, line ${line.line}: ${message}`,
      id: line.note.id,
    });

  for (const line of lines) {
    const { note } = line;
    const target = note.amends ?? note.retracts;
    if (!target) continue;
    const referenced = byId.get(target);
    if (!referenced) {
      refIssue(
        line,
        'dangling-reference',
        `${note.amends ? 'amends' : 'retracts'} ${target}, which is not in the journal; ignored`,
      );
      continue;
    }
    if (referenced.note.retracts) {
      refIssue(
        line,
        'bad-reference',
        `${note.amends ? 'amends' : 'retracts'} ${target}, which is itself a retraction; ignored`,
      );
      continue;
    }
    if (note.amends) {
      const root = rootOf(target);
      if (!root) {
        refIssue(
          line,
          'dangling-reference',
          `amends ${target}, whose original is not in the journal; ignored`,
        );
        continue;
      }
      const list = amendmentsOf.get(root.note.id) ?? [];
      list.push(line);
      amendmentsOf.set(root.note.id, list);
    } else if (referenced.note.amends) {
      retractedAmendments.add(referenced.note.id);
    } else if (!retractionOf.has(target)) {
      retractionOf.set(target, note);
    }
  }

  const entries: JournalEntry[] = [];
  const retracted: JournalEntry[] = [];
  for (const line of lines) {
    const { note } = line;
    if (note.amends || note.retracts) continue;
    const amendments = (amendmentsOf.get(note.id) ?? [])
      .filter((a) => !retractedAmendments.has(a.note.id))
      .map((a) => a.note);
    const retraction = retractionOf.get(note.id);
    const entry: JournalEntry = {
      id: note.id,
      note: applyAmendments(note, amendments),
      original: note,
      amendments,
      ...(retraction ? { retraction } : {}),
      updatedAt: amendments.at(-1)?.time ?? note.time,
      line: line.line,
    };
    (retraction ? retracted : entries).push(entry);
  }

  const versions = collectMilestones(entries, options.versions ?? []);
  attachToVersions(entries, retracted, versions);

  return {
    path,
    history: lines.map((l) => l.note),
    entries,
    retracted,
    versions,
    issues: issues.sort((a, b) => a.line - b.line),
    ...counts,
  };
}

/**
 * Gives every entry without its own `versionId` the last milestone before it. Journal milestones
 * count from where they are in the file (the order writers took the lock, immune to clock skew
 * between machines); a milestone kept only in session.json counts from its date.
 */
function attachToVersions(
  entries: JournalEntry[],
  retracted: JournalEntry[],
  versions: VersionMilestone[],
) {
  const all =
    retracted.length === 0 ? entries : [...entries, ...retracted].sort((a, b) => a.line - b.line);
  const sessionOnly = versions.filter((v) => v.source === 'session');
  let next = 0;
  let current: string | undefined;
  for (const entry of all) {
    const time = Date.parse(entry.original.time);
    while (next < sessionOnly.length && Date.parse(sessionOnly[next]!.date) <= time) {
      current = sessionOnly[next]!.id;
      next += 1;
    }
    const { note } = entry;
    if (note.kind === 'version' && !entry.retraction) current = note.versionId ?? note.id;
    const versionId = note.versionId ?? current;
    if (versionId) entry.versionId = versionId;
  }
}

function applyAmendments(original: Note, amendments: Note[]): Note {
  if (amendments.length === 0) return original;
  const merged: Note = { ...original };
  const target = merged as unknown as Record<string, unknown>;
  for (const amendment of amendments) {
    const source = amendment as unknown as Record<string, unknown>;
    for (const field of AMENDABLE) {
      if (source[field] !== undefined) target[field] = source[field];
    }
  }
  if (merged.kind !== 'client-request') {
    delete merged.status;
    delete merged.requestedBy;
  }
  return merged;
}

function collectMilestones(
  entries: JournalEntry[],
  sessionVersions: Version[],
): VersionMilestone[] {
  const byId = new Map<string, VersionMilestone>();
  for (const { note } of entries) {
    if (note.kind !== 'version') continue;
    const id = note.versionId ?? note.id;
    if (byId.has(id)) continue;
    const snapshotId = note.scope.snapshotId ?? note.links?.snapshots?.[0];
    byId.set(id, {
      id,
      name: note.text,
      date: note.time,
      noteId: note.id,
      source: 'journal',
      ...(snapshotId ? { snapshotId } : {}),
    });
  }
  for (const version of sessionVersions) {
    const known = byId.get(version.id);
    if (known) {
      // The session document names the milestone and dates it; the journal places it.
      known.name = version.name;
      known.date = version.date;
      known.source = 'both';
      if (version.snapshotId) known.snapshotId = version.snapshotId;
      continue;
    }
    byId.set(version.id, {
      id: version.id,
      name: version.name,
      date: version.date,
      source: 'session',
      ...(version.snapshotId ? { snapshotId: version.snapshotId } : {}),
    });
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
}
