import { type FileHandle, open } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Logger,
  type Note,
  noopLogger,
  oneAtATime,
  TapeopError,
  type Version,
} from '@tapeop/core';
import { buildJournalView, type JournalEntry, type JournalView } from '../model/journal-view.js';
import { filterEntries, type NoteFilter, openClientRequests } from '../model/note-filter.js';
import { appendDurably } from './durable-append.js';
import { acquireLock, type LockOptions } from './journal-lock.js';
import { type FileIdentity, JournalReader } from './journal-reader.js';
import { buildNote, type NoteInput } from './note-input.js';

export const JOURNAL_FILE = 'notes.jsonl';

export interface JournalOptions {
  /** Author of entries that name none. Default: the user name of this process. */
  author?: string;
  logger?: Logger;
  /** How the journal lock waits and recognises a lock left by a crash. */
  lock?: Pick<LockOptions, 'staleMs' | 'timeoutMs'>;
}

export interface ReadOptions {
  /** The session's milestones (Session.1 `versions`), merged with the journal's `version` entries. */
  versions?: Version[];
}

/** Changes to an entry. Fields left out stay as they are; the text stays unless given. */
export type NoteAmendment = Partial<
  Pick<
    NoteInput,
    | 'text'
    | 'kind'
    | 'scope'
    | 'status'
    | 'requestedBy'
    | 'tags'
    | 'versionId'
    | 'links'
    | 'data'
    | 'author'
  >
>;

export interface VersionInput {
  /** Short id such as 'v2'; later entries attach to it. */
  id: string;
  /** What the milestone is, e.g. 'v2 sent to client'. */
  name: string;
  snapshotId?: string;
  author?: string;
  time?: string | Date;
}

export interface Journal {
  /** The session folder. */
  readonly sessionDir: string;
  /** The journal file, `<sessionDir>/notes.jsonl`. */
  readonly path: string;
  /** Adds one entry; resolves once it is on disk. */
  append(entry: NoteInput): Promise<Note>;
  /** Adds several entries in one locked, durable write (all or, after a crash, a torn tail). */
  appendAll(entries: NoteInput[]): Promise<Note[]>;
  /** The whole journal: the raw history, the effective view, milestones and any issues found. */
  read(options?: ReadOptions): Promise<JournalView>;
  /** Entries as they stand now that match `filter`, in the order written. */
  query(filter?: NoteFilter, options?: ReadOptions): Promise<JournalEntry[]>;
  /** Client requests still open (amendments and status changes taken into account). */
  openRequests(options?: ReadOptions): Promise<JournalEntry[]>;
  /** Corrects an entry by appending an amendment; the original stays in the history. */
  amend(id: string, changes: NoteAmendment): Promise<Note>;
  /** Withdraws an entry (or one amendment) by appending a retraction. */
  retract(id: string, options?: { reason?: string; author?: string }): Promise<Note>;
  /** Records a version milestone that later entries attach to. */
  markVersion(version: VersionInput): Promise<Note>;
}

/** This process's writers of one file, one at a time; a lock then serialises processes. */
const serialised = oneAtATime();

/**
 * Opens the journal of a session folder. Nothing is read or created until the first call; the
 * file appears with the first entry.
 */
export function openJournal(sessionDir: string, options: JournalOptions = {}): Journal {
  const dir = resolve(sessionDir);
  const path = join(dir, JOURNAL_FILE);
  const lockPath = `${path}.lock`;
  const logger = (options.logger ?? noopLogger).child('notes');
  const defaultAuthor = options.author ?? systemUser();
  const lockOptions: LockOptions = { ...options.lock, logger };
  const reported = new Set<string>();
  const reader = new JournalReader(path);

  const withLock = <T>(work: () => Promise<T>) =>
    serialised(path, async () => {
      const lock = await acquireLock(lockPath, lockOptions);
      try {
        return await work();
      } finally {
        await lock.release();
      }
    });

  const write = async (inputs: NoteInput[]): Promise<Note[]> => {
    const now = new Date();
    const built = inputs.map((input) => buildNote(input, defaultAuthor, now));
    if (built.length === 0) return [];
    const text = built.map((b) => b.line).join('');
    const result = await withLock(() => appendDurably(path, text));
    if (result.afterTornLine) {
      logger.warn(`${path} ended in a torn line; the new entries start on a fresh line`, {
        file: path,
        byteOffset: result.offset - 1,
      });
    }
    return built.map((b) => b.note);
  };

  const read = async (readOptions: ReadOptions = {}): Promise<JournalView> => {
    let file = await readBytes(path);
    let parsed = reader.parse(file.bytes, file.identity);
    if (!parsed.endsWithNewline) {
      // The last line may be an append still in progress: look again once writers are done.
      const settled = await readUnderLock(path, lockPath, lockOptions);
      if (settled) {
        file = settled;
        parsed = reader.parse(file.bytes, file.identity);
      }
    }
    for (const issue of parsed.issues) {
      const key = `${issue.kind}@${issue.byteOffset}`;
      if (reported.has(key)) continue;
      reported.add(key);
      logger.warn(issue.message, { file: path, line: issue.line, kind: issue.kind });
    }
    return buildJournalView(
      path,
      parsed.lines,
      parsed.issues,
      { lineCount: parsed.lineCount, byteLength: parsed.byteLength },
      readOptions,
    );
  };

  const find = async (id: string): Promise<{ view: JournalView; note: Note }> => {
    const view = await read();
    const note = view.history.find((n) => n.id === id);
    if (!note) {
      throw new TapeopError('INVALID_ARGUMENT', `${path} has no entry with the id ${id}`, {
        details: { file: path, id },
        hint: 'List the entries (tapeop notes list) to find the id of the entry to change.',
      });
    }
    return { view, note };
  };

  /** The original entry an id refers to: itself, or the root of an amendment chain. */
  const effectiveOf = (view: JournalView, note: Note) => {
    let root = note;
    for (let depth = 0; root.amends && depth < 64; depth++) {
      const parent = view.history.find((n) => n.id === root.amends);
      if (!parent) break;
      root = parent;
    }
    return [...view.entries, ...view.retracted].find((e) => e.id === root.id);
  };

  const journal: Journal = {
    sessionDir: dir,
    path,
    async append(entry) {
      const [note] = await write([entry]);
      return note!;
    },
    appendAll: (entries) => write(entries),
    read,
    async query(filter, readOptions) {
      return filterEntries(await read(readOptions), filter);
    },
    async openRequests(readOptions) {
      return filterEntries(await read(readOptions), openClientRequests);
    },
    async amend(id, changes) {
      const { view, note } = await find(id);
      if (note.retracts) {
        throw new TapeopError('INVALID_ARGUMENT', `${id} is a retraction; it cannot be amended`, {
          details: { file: path, id },
        });
      }
      const entry = effectiveOf(view, note);
      if (!entry) {
        throw new TapeopError(
          'CONFLICT',
          `the entry ${id} refers to an entry the journal does not hold`,
          {
            details: { file: path, id },
          },
        );
      }
      if (entry.retraction) {
        throw new TapeopError(
          'CONFLICT',
          `the entry ${entry.id} was withdrawn on ${entry.retraction.time} by ${entry.retraction.author}; it cannot be amended`,
          {
            details: { file: path, id: entry.id, retraction: entry.retraction.id },
            hint: 'Add a new entry instead.',
          },
        );
      }
      const { author, ...fields } = changes;
      const current = entry.note;
      const [amendment] = await write([
        {
          kind: fields.kind ?? current.kind,
          scope: fields.scope ?? current.scope,
          text: fields.text ?? current.text,
          ...(author ? { author } : {}),
          ...withoutUndefined(fields),
          amends: entry.id,
          // A kind change away from client-request drops its status; to it, a new request is open.
          ...((fields.kind ?? current.kind) === 'client-request'
            ? { status: fields.status ?? current.status ?? 'open' }
            : {}),
        },
      ]);
      return amendment!;
    },
    async retract(id, retractOptions = {}) {
      const { view, note } = await find(id);
      if (note.retracts) {
        throw new TapeopError(
          'INVALID_ARGUMENT',
          `${id} is itself a retraction; it cannot be retracted`,
          {
            details: { file: path, id },
            hint: 'To bring a withdrawn entry back, add it again as a new entry.',
          },
        );
      }
      const entry = effectiveOf(view, note);
      if (entry?.retraction && !note.amends) {
        throw new TapeopError(
          'CONFLICT',
          `the entry ${id} was already withdrawn on ${entry.retraction.time}`,
          {
            details: { file: path, id, retraction: entry.retraction.id },
          },
        );
      }
      const [retraction] = await write([
        {
          kind: note.kind,
          scope: note.scope,
          text: retractOptions.reason ?? 'Withdrawn.',
          ...(retractOptions.author ? { author: retractOptions.author } : {}),
          retracts: id,
        },
      ]);
      return retraction!;
    },
    async markVersion(version) {
      return journal.append({
        kind: 'version',
        text: version.name,
        versionId: version.id,
        scope: { kind: 'session' },
        ...(version.snapshotId ? { links: { snapshots: [version.snapshotId] } } : {}),
        ...(version.author ? { author: version.author } : {}),
        ...(version.time ? { time: version.time } : {}),
      });
    },
  };
  return journal;
}

interface FileBytes {
  bytes: Buffer;
  identity: FileIdentity;
}

async function readBytes(path: string): Promise<FileBytes> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const { dev, ino } = await handle.stat();
    return { bytes: await handle.readFile(), identity: { dev, ino } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { bytes: Buffer.alloc(0), identity: { dev: -1, ino: -1 } };
    throw new TapeopError('FILE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
      details: { file: path, ...(code ? { errno: code } : {}) },
      hint:
        code === 'EISDIR'
          ? 'notes.jsonl is a folder; move it aside.'
          : 'Check the file permissions and that the session folder is reachable.',
    });
  } finally {
    await handle?.close();
  }
}

/**
 * Reads the file again while holding the lock, so an append in progress has finished. Returns
 * undefined when the lock cannot be taken (a read-only session, a long-held lock): the caller
 * then reports the unfinished last line as torn.
 */
async function readUnderLock(
  path: string,
  lockPath: string,
  options: LockOptions,
): Promise<FileBytes | undefined> {
  try {
    return await serialised(path, async () => {
      const lock = await acquireLock(lockPath, {
        ...options,
        timeoutMs: Math.min(options.timeoutMs ?? 5_000, 5_000),
      });
      try {
        return await readBytes(path);
      } finally {
        await lock.release();
      }
    });
  } catch (error) {
    const code = error instanceof TapeopError ? error.code : undefined;
    if (code === 'LOCKED' || code === 'IO_ERROR' || code === 'FILE_NOT_FOUND') return undefined;
    throw error;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function systemUser(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No user database entry (some containers).
  }
  return process.env.USER ?? process.env.USERNAME ?? 'tapeop';
}
