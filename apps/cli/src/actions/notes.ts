import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  checkSessionPath,
  NOTE_KINDS,
  type Note,
  type NoteScope,
  REQUEST_STATUSES,
  secondsToSamples,
  TapeopError,
} from '@tapeop/core';
import {
  exportRecallSheet,
  filterEntries,
  type JournalEntry,
  type JournalIssue,
  type NoteFilter,
  type RecallSheetFormat,
} from '@tapeop/notes';
import {
  array,
  boolean,
  integer,
  noteDocument,
  object,
  oneOfStrings,
  sessionFile,
  string,
} from '../output/common-schemas.js';
import { sessionJournal } from '../session-folder/journal.js';
import { readSession } from '../session-folder/session-file.js';
import { listSnapshots } from '../session-folder/snapshot-store.js';
import { writeFileAtomic } from '../session-folder/write-file-atomic.js';
import { type ActionEnv, defineAction, requireSession } from './action.js';
import { findSong } from './song-reference.js';

const journalFor = (env: ActionEnv) =>
  sessionJournal(requireSession(env), {
    logger: env.logger,
    ...(env.author ? { author: env.author } : {}),
  });

export interface NotesAddParams {
  text: string;
  kind?: Note['kind'];
  /** The song it is about: id, title or track number. */
  song?: string;
  /** A position on the album timeline, in seconds. */
  atSec?: number;
  status?: Note['status'];
  requestedBy?: string;
  tags?: string[];
  versionId?: string;
  /** A snapshot it is about (id). */
  snapshotId?: string;
  author?: string;
}

export const notesAddAction = defineAction<NotesAddParams, { session: string; note: Note }>({
  method: 'notes.add',
  summary: 'Add an entry to the session journal: a note, a client request, a decision, ...',
  params: object(
    {
      text: { type: 'string', minLength: 1, description: 'The entry in plain words.' },
      kind: oneOfStrings(NOTE_KINDS, "Default 'note'."),
      song: string('The song it is about: id, title or track number.'),
      atSec: {
        type: 'number',
        minimum: 0,
        description: 'A position on the album timeline, in seconds.',
      },
      status: oneOfStrings(REQUEST_STATUSES, "For client requests (default 'open')."),
      requestedBy: string('For client requests: who asked.'),
      tags: array(string()),
      versionId: string('The version milestone it belongs to.'),
      snapshotId: string('A snapshot it is about.'),
      author: string('Who writes it (default: the config "author", else the OS user).'),
    },
    {
      optional: [
        'kind',
        'song',
        'atSec',
        'status',
        'requestedBy',
        'tags',
        'versionId',
        'snapshotId',
        'author',
      ],
    },
  ),
  result: object({ session: sessionFile, note: noteDocument }),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    let scope: NoteScope = { kind: 'session' };
    if (params.song || params.atSec !== undefined) {
      const { session } = await readSession(location, env.logger);
      const song = params.song ? findSong(session, params.song) : undefined;
      if (params.atSec !== undefined)
        scope = {
          kind: 'position',
          positionSamples: secondsToSamples(params.atSec, session.sampleRate),
          sampleRate: session.sampleRate,
          ...(song ? { songId: song.id } : {}),
        };
      else scope = { kind: 'song', songId: song!.id };
    } else if (params.snapshotId) {
      scope = { kind: 'snapshot', snapshotId: params.snapshotId };
    }
    if (params.status && (params.kind ?? 'note') !== 'client-request')
      throw new TapeopError('INVALID_ARGUMENT', 'a status belongs to client requests only', {
        hint: 'Add --kind client-request, or leave out --status.',
      });
    const note = await journalFor(env).append({
      text: params.text,
      kind: params.kind ?? 'note',
      scope,
      ...(params.status ? { status: params.status } : {}),
      ...(params.requestedBy ? { requestedBy: params.requestedBy } : {}),
      ...(params.tags ? { tags: params.tags } : {}),
      ...(params.versionId ? { versionId: params.versionId } : {}),
      ...(params.snapshotId ? { links: { snapshots: [params.snapshotId] } } : {}),
      ...(params.author ? { author: params.author } : {}),
    });
    return { result: { session: location.file, note } };
  },
});

export interface NotesListParams {
  song?: string;
  kind?: Note['kind'][];
  status?: NonNullable<Note['status']>[];
  versionId?: string;
  author?: string;
  text?: string;
  since?: string;
  until?: string;
  /** Open client requests only. */
  open?: boolean;
  includeRetracted?: boolean;
}

export interface ListedEntry {
  id: string;
  note: Note;
  versionId?: string;
  updatedAt: string;
  amendments: number;
  retracted: boolean;
}

export interface NotesListResult {
  session: string;
  entries: ListedEntry[];
  issues: JournalIssue[];
}

const listed = (entry: JournalEntry): ListedEntry => ({
  id: entry.id,
  note: entry.note,
  ...(entry.versionId ? { versionId: entry.versionId } : {}),
  updatedAt: entry.updatedAt,
  amendments: entry.amendments.length,
  retracted: entry.retraction !== undefined,
});

export const listedEntrySchema = object(
  {
    id: string("The original entry's id (amend and retract refer to it)."),
    note: noteDocument,
    versionId: string('The version milestone it belongs to.'),
    updatedAt: string(),
    amendments: integer(),
    retracted: boolean(),
  },
  { optional: ['versionId'] },
);

export const notesListAction = defineAction<NotesListParams, NotesListResult>({
  method: 'notes.list',
  summary: 'The journal entries as they stand now (amendments applied), filtered.',
  params: object(
    {
      song: string('About this song: id, title or track number.'),
      kind: array(oneOfStrings(NOTE_KINDS)),
      status: array(oneOfStrings(REQUEST_STATUSES)),
      versionId: string(),
      author: string(),
      text: string('Every word must appear (any case, accents ignored).'),
      since: string('ISO 8601 time.'),
      until: string('ISO 8601 time.'),
      open: boolean('Open client requests only.'),
      includeRetracted: boolean(),
    },
    {
      optional: [
        'song',
        'kind',
        'status',
        'versionId',
        'author',
        'text',
        'since',
        'until',
        'open',
        'includeRetracted',
      ],
    },
  ),
  result: object({
    session: sessionFile,
    entries: array(listedEntrySchema),
    issues: array(
      { type: 'object', required: ['kind', 'line', 'message'] },
      'Journal lines that could not be used.',
    ),
  }),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const filter: NoteFilter = {
      ...(params.song ? { songId: findSong(session, params.song).id } : {}),
      ...(params.kind ? { kind: params.kind } : {}),
      ...(params.status ? { status: params.status } : {}),
      ...(params.versionId ? { versionId: params.versionId } : {}),
      ...(params.author ? { author: params.author } : {}),
      ...(params.text ? { text: params.text } : {}),
      ...(params.since ? { since: params.since } : {}),
      ...(params.until ? { until: params.until } : {}),
      ...(params.includeRetracted ? { includeRetracted: true } : {}),
      ...(params.open ? { kind: 'client-request' as const, status: 'open' as const } : {}),
    };
    const journal = journalFor(env);
    const view = await journal.read(session.versions ? { versions: session.versions } : {});
    return {
      result: {
        session: location.file,
        entries: filterEntries(view, filter).map(listed),
        issues: view.issues,
      },
    };
  },
});

export interface NotesAmendParams {
  id: string;
  text?: string;
  status?: NonNullable<Note['status']>;
  tags?: string[];
}

export const notesAmendAction = defineAction<NotesAmendParams, { session: string; note: Note }>({
  method: 'notes.amend',
  summary:
    "Correct an entry or change a client request's status (an amendment: the history stays).",
  params: object(
    {
      id: string('The entry to correct.'),
      text: string('The corrected text.'),
      status: oneOfStrings(REQUEST_STATUSES),
      tags: array(string()),
    },
    { optional: ['text', 'status', 'tags'] },
  ),
  result: object({ session: sessionFile, note: noteDocument }),
  session: true,
  daw: false,
  async run(params, env) {
    if (params.text === undefined && params.status === undefined && params.tags === undefined)
      throw new TapeopError('INVALID_ARGUMENT', 'nothing to amend', {
        hint: 'Give the new text, status or tags.',
      });
    const note = await journalFor(env).amend(params.id, {
      ...(params.text !== undefined ? { text: params.text } : {}),
      ...(params.status ? { status: params.status } : {}),
      ...(params.tags ? { tags: params.tags } : {}),
    });
    return { result: { session: requireSession(env).file, note } };
  },
});

export const notesRetractAction = defineAction<
  { id: string; reason?: string },
  { session: string; note: Note }
>({
  method: 'notes.retract',
  summary: 'Withdraw an entry (a retraction entry: the history stays).',
  params: object({ id: string(), reason: string() }, { optional: ['reason'] }),
  result: object({ session: sessionFile, note: noteDocument }),
  session: true,
  daw: false,
  async run(params, env) {
    const note = await journalFor(env).retract(
      params.id,
      params.reason ? { reason: params.reason } : {},
    );
    return { result: { session: requireSession(env).file, note } };
  },
});

export interface NotesExportParams {
  format?: RecallSheetFormat;
  /** Write here (in the hub: inside the session folder); otherwise the sheet is returned. */
  out?: string;
}

export interface NotesExportResult {
  session: string;
  format: RecallSheetFormat;
  file?: string;
  /** The sheet, when no file was given. */
  content?: string;
  bytes: number;
}

export const notesExportAction = defineAction<NotesExportParams, NotesExportResult>({
  method: 'notes.export',
  summary: 'The recall sheet (session report): HTML for print, Markdown or JSON.',
  params: object(
    {
      format: oneOfStrings(['html', 'md', 'json'], "Default 'html'."),
      out: string('Write the sheet to this file; without it the sheet is in the result.'),
    },
    { optional: ['format', 'out'] },
  ),
  result: object(
    {
      session: sessionFile,
      format: oneOfStrings(['html', 'md', 'json']),
      file: string(),
      content: string(),
      bytes: integer(),
    },
    { optional: ['file', 'content'] },
  ),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const { snapshots } = await listSnapshots(location);
    const format = params.format ?? 'html';
    const content = await exportRecallSheet(
      session,
      journalFor(env),
      snapshots.map((s) => s.snapshot),
      { format },
    );
    const bytes = Buffer.byteLength(content);
    if (!params.out) return { result: { session: location.file, format, content, bytes } };
    let file: string;
    if (env.runner === 'hub') {
      const verdict = checkSessionPath(params.out);
      if (!verdict.inside)
        throw new TapeopError(
          'PATH_OUTSIDE_SESSION',
          `the hub writes inside its session folder only; "${params.out}" ${verdict.reason}`,
          {
            hint: 'Give a path relative to the session folder, such as deliver/recall-sheet.html.',
          },
        );
      file = resolve(location.dir, verdict.normalized);
    } else file = resolve(env.cwd, params.out);
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, content);
    return { result: { session: location.file, format, file, bytes } };
  },
});
