import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { TapeopError } from '@tapeop/core';
import { AUDIO_EXTENSIONS } from './identify-format.js';

export interface FolderEntry {
  path: string;
  /** Relative to the scanned folder, '/' separated. */
  relativePath: string;
  sizeBytes: number;
  modifiedAt: Date;
  /** True when the extension names an audio format (the file is scanned whatever it holds). */
  audioName: boolean;
}

export interface IgnoredFile {
  relativePath: string;
  reason: string;
}

/** Files that travel with deliveries and are never audio. */
const OTHER_EXTENSIONS = new Set([
  'csv',
  'tsv',
  'txt',
  'rtf',
  'md',
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'numbers',
  'pages',
  'odt',
  'ods',
  'json',
  'xml',
  'html',
  'htm',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'tif',
  'tiff',
  'heic',
  'bmp',
  'zip',
  'rar',
  '7z',
  'gz',
  'tar',
  'ptx',
  'ptf',
  'als',
  'logicx',
  'rpp',
  'rpp-bak',
  'cpr',
  'song',
  'ardour',
  'mid',
  'midi',
  'log',
  'nfo',
  'cue',
  'md5',
  'sha256',
  'pkf',
  'reapeaks',
  'peak',
  'asd',
]);
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', 'icon\r']);

/**
 * The files of a delivery folder, and the ones left out with the reason: hidden files and
 * folders, macOS `._` AppleDouble files, system files and documents (.csv, .pdf, .txt, ...).
 * Files with other names are read; the scanner decides from their bytes.
 */
export async function listMixFiles(
  folder: string,
  recursive: boolean,
): Promise<{ files: FolderEntry[]; ignored: IgnoredFile[] }> {
  const files: FolderEntry[] = [];
  const ignored: IgnoredFile[] = [];
  // Folders walked, by device and inode: a link back to one (a link cycle, or two links to the
  // same folder) is listed once, not again under every name it has.
  const walked = new Map<string, string>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    // Real folders before links, by name, so a folder is listed under its own name when it can be.
    const entries = (await readdir(dir, { withFileTypes: true })).sort(
      (a, b) =>
        Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    for (const entry of entries) {
      const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('._')) {
        ignored.push({
          relativePath,
          reason: 'a macOS AppleDouble file (resource fork), not audio',
        });
        continue;
      }
      if (entry.name.startsWith('.')) {
        ignored.push({ relativePath, reason: 'a hidden file' });
        continue;
      }
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(path);
      } catch {
        ignored.push({ relativePath, reason: 'a link to a file that does not exist' });
        continue;
      }
      if (info.isDirectory()) {
        const seenAs = walked.get(`${info.dev}:${info.ino}`);
        if (recursive && seenAs !== undefined) {
          ignored.push({ relativePath, reason: `a link to a folder scanned as ${seenAs}` });
        } else if (recursive) {
          walked.set(`${info.dev}:${info.ino}`, relativePath);
          try {
            await walk(path, relativePath);
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code ?? 'error';
            ignored.push({ relativePath, reason: `a folder that cannot be read (${code})` });
          }
        } else
          ignored.push({ relativePath, reason: 'a folder (scan with recursive to look inside)' });
        continue;
      }
      if (!info.isFile()) {
        ignored.push({ relativePath, reason: 'not a regular file' });
        continue;
      }
      const extension = extname(entry.name).slice(1).toLowerCase();
      if (SYSTEM_FILES.has(entry.name.toLowerCase())) {
        ignored.push({ relativePath, reason: 'a system file' });
        continue;
      }
      if (OTHER_EXTENSIONS.has(extension)) {
        ignored.push({ relativePath, reason: `a .${extension} file, not audio` });
        continue;
      }
      files.push({
        path,
        relativePath,
        sizeBytes: info.size,
        modifiedAt: info.mtime,
        audioName: AUDIO_EXTENSIONS.has(extension),
      });
    }
  };
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) {
      throw new TapeopError('INVALID_ARGUMENT', `${folder} is not a folder`, {
        details: { folder },
        hint: 'Give the folder that holds the delivered mixes.',
      });
    }
    walked.set(`${info.dev}:${info.ino}`, 'the scanned folder');
    await walk(folder, '');
  } catch (error) {
    if (error instanceof TapeopError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new TapeopError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `the folder ${folder} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`,
      { details: { folder, code }, cause: error },
    );
  }
  return { files, ignored };
}
