import { type Person, type Session, TapeopError } from '@tapeop/core';
import type { Timeline } from '@tapeop/session';
import { readChecksumLists } from '../ddp/checksum-file.js';
import type { DdpFileset } from '../ddp/read-ddp.js';
import { md5File } from '../ddp/verify-checksums.js';
import type { DiscLayout } from '../disc/disc-layout.js';
import { writeBytesAtomic } from '../io/atomic-file.js';
import { formatPqCsv } from '../pq-sheet/format-pq-csv.js';
import { formatPqHtml } from '../pq-sheet/format-pq-html.js';
import { formatPqJson } from '../pq-sheet/format-pq-json.js';
import { formatPqText } from '../pq-sheet/format-pq-text.js';
import { buildPqSheet, type PqSheet, type PqSheetFacts } from '../pq-sheet/pq-sheet.js';
import { discFromTimeline } from '../session/disc-from-timeline.js';

export type PqSheetFormat = 'html' | 'csv' | 'json' | 'text';

export interface WritePqSheetOptions {
  format?: PqSheetFormat;
  /** Write the sheet here (temporary file renamed into place); otherwise only returned. */
  path?: string;
  /** Date printed on the sheet (YYYY-MM-DD); default today. */
  date?: string;
  /** Header facts that override the session's (label, client, engineer, master ID, ...). */
  facts?: PqSheetFacts;
  /**
   * For a DDP without IMAGE.DAT in a checksum list: compute its MD5 (reads the whole image).
   * Default true.
   */
  computeImageMd5?: boolean;
}

export interface WritePqSheetResult {
  sheet: PqSheet;
  text: string;
  path?: string;
}

/**
 * The PQ sheet (the plant's and the client's listing of the disc) as standalone HTML, CSV,
 * JSON or plain text. The disc comes from a DDP as read by readDdp (any tool's DDP; the header
 * then shows its image MD5 and every file's checksum) or from the session's CD timeline. The
 * session, when given, fills the header: label, catalogue number, client, engineer, dates.
 */
export async function writePqSheet(
  session: Session | undefined,
  source: DdpFileset | Timeline,
  options: WritePqSheetOptions = {},
): Promise<WritePqSheetResult> {
  const facts: PqSheetFacts = { date: options.date ?? today() };
  if (session) {
    const album = session.album;
    Object.assign(facts, {
      ...(album.label ? { label: album.label } : {}),
      ...(album.catalogNumber ? { catalogNumber: album.catalogNumber } : {}),
      ...(album.releaseDate ? { releaseDate: album.releaseDate } : {}),
      ...(session.client ? { client: person(session.client) } : {}),
      ...(session.engineer ? { engineer: person(session.engineer) } : {}),
    });
  }
  let layout: DiscLayout;
  if (isDdp(source)) {
    layout = source.layout;
    const lists = await readChecksumLists(source.dir);
    const entries = lists.flatMap((l) => l.entries);
    if (entries.length > 0) facts.ddpFiles = entries.map((e) => ({ name: e.name, md5: e.md5 }));
    const image = source.images[0];
    const listed = image && entries.find((e) => e.name.toLowerCase() === image.name.toLowerCase());
    if (listed) facts.imageMd5 = listed.md5;
    else if (image && source.images.length === 1 && options.computeImageMd5 !== false)
      facts.imageMd5 = await md5File(image.path);
  } else {
    if (!source.cd) {
      throw new TapeopError(
        'INVALID_ARGUMENT',
        'The timeline was not laid out for CD; build it with buildTimeline(session, { cd: true })',
      );
    }
    layout = discFromTimeline(session, source).layout;
  }
  Object.assign(facts, options.facts ?? {});
  const sheet = buildPqSheet(layout, facts);
  const format = options.format ?? 'html';
  const text =
    format === 'html'
      ? formatPqHtml(sheet)
      : format === 'csv'
        ? formatPqCsv(sheet)
        : format === 'json'
          ? formatPqJson(sheet)
          : formatPqText(sheet);
  if (options.path) await writeBytesAtomic(options.path, Buffer.from(text, 'utf8'));
  return { sheet, text, ...(options.path ? { path: options.path } : {}) };
}

function isDdp(source: DdpFileset | Timeline): source is DdpFileset {
  return 'pqEntries' in source;
}

function person(who: Person): string {
  return who.company ? `${who.name} (${who.company})` : who.name;
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
