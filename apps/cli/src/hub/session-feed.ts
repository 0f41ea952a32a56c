import { EventEmitter } from 'node:events';
import { type FSWatcher, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { type Logger, type Note, parseSession, type Session } from '@tapeop/core';
import { JOURNAL_FILE, type Journal, openJournal } from '@tapeop/notes';
import { SESSION_FILE, type SessionLocation } from '../session-folder/session-file.js';

export interface SessionFeedEvents {
  /** session.json changed (by the hub, the CLI or an editor) and is valid. */
  session: [Session];
  /** Entries appended to notes.jsonl, by anyone, in the order written. */
  notes: [Note[]];
}

/**
 * Watches a session folder so the hub can tell its clients what changed, whoever changed it:
 * file-system events for speed, and a poll every `pollMs` because events are not delivered on
 * every file system (network shares). Only valid documents are passed on.
 */
export class SessionFeed extends EventEmitter<SessionFeedEvents> {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private sessionText: string | undefined;
  private notesSize = -1;
  private readonly seen = new Set<string>();
  private closed = false;
  /** One journal object: it parses only what was appended since its last read. */
  private readonly journal: Journal;

  constructor(
    private readonly location: SessionLocation,
    private readonly logger: Logger,
    private readonly pollMs = 1000,
  ) {
    super();
    this.journal = openJournal(location.dir, { logger });
  }

  async start(): Promise<void> {
    this.sessionText = await readFile(this.location.file, 'utf8').catch(() => undefined);
    const view = await this.journal.read();
    for (const note of view.history) this.seen.add(note.id);
    this.notesSize = view.byteLength;
    try {
      this.watcher = watch(this.location.dir, (_event, name) => {
        if (name === SESSION_FILE || name === JOURNAL_FILE || name === null) this.soon();
      });
      this.watcher.on('error', (error) =>
        this.logger.debug(`watching ${this.location.dir}: ${error.message}`),
      );
    } catch (error) {
      this.logger.debug(
        `cannot watch ${this.location.dir} (polling instead): ${(error as Error).message}`,
      );
    }
    this.timer = setInterval(() => this.soon(), this.pollMs);
    this.timer.unref();
  }

  /** Looks for changes now (after the hub wrote something). */
  refresh(): Promise<void> {
    return this.check();
  }

  private soon(): void {
    if (this.pending || this.closed) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.check();
    }, 30);
  }

  private check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkSession().catch((error: Error) =>
          this.logger.debug(`session feed: ${error.message}`),
        );
        await this.checkNotes().catch((error: Error) =>
          this.logger.debug(`notes feed: ${error.message}`),
        );
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async checkSession(): Promise<void> {
    const text = await readFile(this.location.file, 'utf8').catch(() => undefined);
    if (text === undefined || text === this.sessionText) return;
    const parsed = parseSession(text);
    if (!parsed.ok) return; // a half-edited file: wait for a valid one
    this.sessionText = text;
    if (!this.closed) this.emit('session', parsed.value);
  }

  private async checkNotes(): Promise<void> {
    const size = await stat(`${this.location.dir}/${JOURNAL_FILE}`).then(
      (s) => s.size,
      () => 0,
    );
    if (size === this.notesSize) return;
    const view = await this.journal.read();
    this.notesSize = view.byteLength;
    const fresh = view.history.filter((note) => !this.seen.has(note.id));
    for (const note of fresh) this.seen.add(note.id);
    if (fresh.length > 0 && !this.closed) this.emit('notes', fresh);
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.removeAllListeners();
  }
}
