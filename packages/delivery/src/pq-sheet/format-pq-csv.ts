import type { PqSheet } from './pq-sheet.js';
import { trackLabel } from './pq-sheet.js';

/**
 * The PQ sheet as CSV (RFC 4180, CRLF): the header facts as `field,value` lines, a blank
 * line, then one row per index. Cells that a spreadsheet would run as a formula (starting
 * with = + - @) are prefixed with a quote mark.
 */
export function formatPqCsv(sheet: PqSheet): string {
  const h = sheet.header;
  const facts: Array<[string, string | number | undefined]> = [
    ['title', h.title],
    ['artist', h.artist],
    ['upc_ean', h.upc],
    ['master_id', h.masterId],
    ['catalog_number', h.catalogNumber],
    ['label', h.label],
    ['client', h.client],
    ['engineer', h.engineer],
    ['date', h.date],
    ['release_date', h.releaseDate],
    ['track_count', h.trackCount],
    ['total_time', h.totalTime],
    ['programme_time', h.programmeTime],
    ['lead_out_frame', h.leadOutFrame],
    ['image_md5', h.imageMd5],
  ];
  const lines = [row(['field', 'value'])];
  for (const [field, value] of facts)
    if (value !== undefined) lines.push(row([field, String(value)]));
  lines.push('');
  lines.push(
    row([
      'track',
      'index',
      'start',
      'start_frame',
      'pregap',
      'length',
      'isrc',
      'flags',
      'title',
      'performer',
      'index_name',
    ]),
  );
  for (const r of sheet.rows) {
    lines.push(
      row([
        trackLabel(r.track),
        String(r.index).padStart(2, '0'),
        r.start,
        String(r.startFrame),
        r.pregap ?? '',
        r.length ?? '',
        r.isrc ?? '',
        r.flags.join(' '),
        r.title ?? '',
        r.performer ?? '',
        r.indexName ?? '',
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function row(cells: string[]): string {
  return cells.map(cell).join(',');
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
