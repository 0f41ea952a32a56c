import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ioError } from '../files/atomic-write.js';
import { unreadableConfig } from './config-error.js';

// What tapeop's installer added to a REAPER resource folder, kept in <resource>/tapeop/
// install.json, so that uninstall removes exactly that: not a user's web interface that was
// there before, not a script line the user wrote by hand. A second install adds to the record
// and keeps what the folder was like before tapeop's first install.

export const RECORD_SCHEMA = 'tapeop-reaper-install.1';
/** The record, relative to the resource folder. */
export const RECORD_FILE = 'tapeop/install.json';
/** Where backups go, relative to the resource folder: one folder per run, named by its time. */
export const BACKUP_FOLDER = 'tapeop/backups';

/** A file tapeop copies in (the bridge script, the OSC pattern file). */
export interface CopiedFileRecord {
  kind: 'copied';
  /** The backup of the file that was there before tapeop's first install, to restore. */
  original?: string;
}

export interface KeyFileRecord {
  kind: 'reaper-kb';
  /** The command name tapeop registered. */
  name: string;
  createdFile: boolean;
}

export interface StartupRecord {
  kind: 'startup';
  createdFile: boolean;
}

export interface IniRecord {
  kind: 'reaper-ini';
  /** The values of the csurf_N lines tapeop added. */
  surfaces: string[];
  countAdded: boolean;
  sectionAdded: boolean;
  createdFile: boolean;
}

export type FileRecord = CopiedFileRecord | KeyFileRecord | StartupRecord | IniRecord;

export interface InstallRecord {
  schema: typeof RECORD_SCHEMA;
  installedAt: string;
  updatedAt: string;
  /** Files tapeop changed, by their path in the resource folder ('/' separated). */
  files: Record<string, FileRecord>;
  /** Folders tapeop created (Scripts, OSC on a fresh REAPER), removed again when empty. */
  createdFolders: string[];
}

/** The record of an earlier install, or undefined when there is none. */
export async function readInstallRecord(resource: string): Promise<InstallRecord | undefined> {
  const path = join(resource, ...RECORD_FILE.split('/'));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(error, path, 'read');
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = at === undefined ? undefined : text.slice(0, Number(at)).split('\n').length;
    throw unreadableConfig(
      RECORD_FILE,
      line,
      `tapeop's install record is not valid JSON (${(error as Error).message})`,
      'Restore it from tapeop/backups, or remove it and undo the install by hand (its lines are marked "tapeop"), then run the installer again.',
    );
  }
  const r = record as Partial<InstallRecord>;
  if (r?.schema !== RECORD_SCHEMA || typeof r.files !== 'object' || r.files === null) {
    throw unreadableConfig(
      RECORD_FILE,
      undefined,
      `this is not an install record tapeop knows (schema ${JSON.stringify(r?.schema)})`,
      'A newer tapeop may have written it: uninstall with that version.',
    );
  }
  return { createdFolders: [], ...r } as InstallRecord;
}
