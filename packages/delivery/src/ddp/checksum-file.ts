import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Checksums are not part of DDP; plants and DDP players read an md5sum-style list beside it.
 * cue2ddp writes CHECKSUM.MD5 as `<32 hex> *<name>` with LF line ends, which `md5sum -c`
 * also reads; Sonoris names it MD5-Checksum.md5 and HOFA MD5_CHECKSUM.MD5 (with CRLF).
 */
export interface ChecksumEntry {
  name: string;
  md5: string;
}

export interface ChecksumLine extends ChecksumEntry {
  /** 1-based line number in the checksum file. */
  line: number;
}

export interface ParsedChecksumFile {
  entries: ChecksumLine[];
  /** Lines that are neither a checksum nor blank or a comment, with their line number. */
  unreadable: Array<{ line: number; text: string }>;
}

export const CHECKSUM_FILE = 'CHECKSUM.MD5';

export function formatChecksumFile(entries: readonly ChecksumEntry[]): string {
  return entries.map((e) => `${e.md5} *${e.name}\n`).join('');
}

const MD5SUM = /^([0-9a-fA-F]{32}) [ *](.+)$/;
const BSD = /^MD5 ?\((.+)\) ?= ?([0-9a-fA-F]{32})$/;

/** Reads md5sum lines (`hex *name`, `hex  name`) and BSD lines (`MD5 (name) = hex`), LF or CRLF. */
export function parseChecksumFile(text: string): ParsedChecksumFile {
  const entries: ChecksumLine[] = [];
  const unreadable: ParsedChecksumFile['unreadable'] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
      const md5sum = MD5SUM.exec(line);
      if (md5sum) {
        entries.push({ name: md5sum[2]!.trim(), md5: md5sum[1]!.toLowerCase(), line: i + 1 });
        return;
      }
      const bsd = BSD.exec(line);
      if (bsd) {
        entries.push({ name: bsd[1]!.trim(), md5: bsd[2]!.toLowerCase(), line: i + 1 });
        return;
      }
      unreadable.push({ line: i + 1, text: raw });
    });
  return { entries, unreadable };
}

/** Whether a file name looks like an MD5 list that a DDP tool put beside the fileset. */
export function isChecksumFileName(name: string): boolean {
  return /\.md5$/i.test(name);
}

/** Every checksum list in a DDP folder (CHECKSUM.MD5, MD5-Checksum.md5, ...), parsed. */
export async function readChecksumLists(
  dir: string,
): Promise<Array<{ list: string } & ParsedChecksumFile>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const lists = [];
  for (const list of names.filter(isChecksumFileName).sort()) {
    lists.push({ list, ...parseChecksumFile(await readFile(join(dir, list), 'latin1')) });
  }
  return lists;
}
