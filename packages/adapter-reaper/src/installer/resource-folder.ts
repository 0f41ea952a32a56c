import { mkdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { TapeopError } from '@tapeop/core';
import { ioError, writeFileAtomic } from '../files/atomic-write.js';
import { BACKUP_FOLDER, type InstallRecord, RECORD_FILE } from './install-record.js';
import type { InstallFileChange, ReaperBridgeInstallResult } from './install-result.js';
import { defaultReaperResourcePath } from './resource-path.js';
import { joinLines, splitLines, type TextLine } from './text-lines.js';

/** The resource folder, checked to be a folder. */
export async function checkResourceFolder(resourcePath: string): Promise<string> {
  const root = resolve(resourcePath);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new TapeopError(
      'FILE_NOT_FOUND',
      `${root} is not a folder: it is not REAPER's resource folder`,
      {
        details: { resourcePath: root },
        hint: `In REAPER, Options > Show REAPER resource path opens it (usually ${defaultReaperResourcePath()}). Start REAPER once if it has never run.`,
      },
    );
  }
  return root;
}

export interface PlannedFile {
  rel: string;
  before: Buffer | undefined;
  after: Buffer | undefined;
  action: InstallFileChange['action'];
  changes: string[];
}

export interface LineFile {
  rel: string;
  missing: boolean;
  original: string;
  lines: TextLine[];
  changes: string[];
}

/** The files of one resource folder, read once, changed in memory, written at the end. */
export class ResourceFolder {
  private readonly planned = new Map<string, PlannedFile>();
  private readonly current = new Map<string, Buffer | undefined>();
  private constructor(
    readonly root: string,
    /** This run's backup folder, relative to the root. */
    readonly backupFolder: string,
  ) {}

  static async open(root: string, now: Date): Promise<ResourceFolder> {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    for (let n = 1; ; n++) {
      const rel = `${BACKUP_FOLDER}/${stamp}${n === 1 ? '' : `-${n}`}`;
      const taken = await stat(join(root, ...rel.split('/'))).catch(() => undefined);
      if (!taken) return new ResourceFolder(root, rel);
    }
  }

  path(rel: string): string {
    return join(this.root, ...rel.split('/'));
  }

  async read(rel: string): Promise<Buffer | undefined> {
    if (!this.current.has(rel)) {
      const path = this.path(rel);
      const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw ioError(error, path, 'read');
      });
      this.current.set(rel, bytes);
    }
    return this.current.get(rel);
  }

  /**
   * A copied file, replaced when its bytes differ. The first install records it; when it
   * replaced a file of the user's, the record points at that file's backup, for uninstall.
   */
  async plan(
    rel: string,
    content: Buffer,
    change: string,
    record: InstallRecord | undefined,
    action?: InstallFileChange['action'],
  ): Promise<void> {
    const before = await this.read(rel);
    if (before?.equals(content)) return;
    this.planned.set(rel, {
      rel,
      before,
      after: content,
      action: action ?? (before === undefined ? 'created' : 'updated'),
      changes: [change],
    });
    if (record && !record.files[rel]) {
      record.files[rel] =
        before === undefined
          ? { kind: 'copied' }
          : { kind: 'copied', original: `${this.backupFolder}/${rel}` };
    }
  }

  async planDelete(rel: string, change: string): Promise<void> {
    const before = await this.read(rel);
    if (before === undefined) return;
    this.planned.set(rel, { rel, before, after: undefined, action: 'deleted', changes: [change] });
  }

  async lines(rel: string): Promise<LineFile> {
    const bytes = await this.read(rel);
    const original = bytes?.toString('latin1') ?? '';
    return {
      rel,
      missing: bytes === undefined,
      original,
      lines: splitLines(original),
      changes: [],
    };
  }

  planLines(file: LineFile): void {
    const text = joinLines(file.lines);
    if (!file.missing && text === file.original) return;
    if (file.missing && file.changes.length === 0) return;
    this.planned.set(file.rel, {
      rel: file.rel,
      before: file.missing ? undefined : Buffer.from(file.original, 'latin1'),
      after: Buffer.from(text, 'latin1'),
      action: file.missing ? 'created' : 'updated',
      changes: file.changes,
    });
  }

  changes(): PlannedFile[] {
    return [...this.planned.values()];
  }

  /** Folders the writes have to create (Scripts/ and OSC/ on a fresh REAPER). */
  async foldersToCreate(): Promise<string[]> {
    const folders = new Set(
      this.changes()
        .filter((c) => c.after !== undefined)
        .map((c) => dirname(c.rel))
        .filter((rel) => rel !== '.'),
    );
    const missing: string[] = [];
    for (const rel of folders) {
      if (!(await stat(this.path(rel)).catch(() => undefined))) missing.push(rel);
    }
    return missing;
  }

  /**
   * Backs up every existing file that changes, writes the record (install) or removes it
   * (uninstall, last), and writes each file atomically.
   */
  async commit(
    result: ReaperBridgeInstallResult,
    changes: PlannedFile[],
    record: InstallRecord | undefined,
    foldersToRemove: string[] = [],
  ): Promise<void> {
    for (const change of changes) {
      const entry: InstallFileChange = {
        file: change.rel,
        action: change.action,
        changes: change.changes,
      };
      if (change.before !== undefined) entry.backup = `${this.backupFolder}/${change.rel}`;
      result.files.push(entry);
    }
    if (changes.some((c) => c.before !== undefined)) result.backupFolder = this.backupFolder;
    if (result.dryRun) return;
    // Backups first: a file is only touched once its copy is safe on disk.
    for (const change of changes) {
      if (change.before === undefined) continue;
      const backup = this.path(`${this.backupFolder}/${change.rel}`);
      await mkdir(dirname(backup), { recursive: true });
      await writeFileAtomic(backup, change.before);
    }
    if (record && changes.length > 0) {
      await mkdir(dirname(this.path(RECORD_FILE)), { recursive: true });
      await writeFileAtomic(this.path(RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    }
    for (const change of changes) {
      const path = this.path(change.rel);
      if (change.after === undefined) {
        await rm(path, { force: true }).catch((error) => {
          throw ioError(error, path, 'written');
        });
      } else {
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, change.after);
      }
    }
    if (!record) {
      for (const rel of [...foldersToRemove].reverse()) {
        // only when empty: the user's own scripts and pattern files stay
        await rmdir(this.path(rel)).catch(() => undefined);
      }
      await rm(this.path(RECORD_FILE), { force: true });
      // tapeop's own folder goes too when nothing is left in it (backups and the bridge's
      // mailbox stay, and keep it)
      for (const rel of [BACKUP_FOLDER, dirname(RECORD_FILE)]) {
        await rmdir(this.path(rel)).catch(() => undefined);
      }
    }
  }
}
