import { formatIsrc } from '@tapeop/core';
import { type PqSheet, trackLabel } from './pq-sheet.js';

/**
 * The PQ listing as plain text, for a terminal or a log: what `tapeop deliver verify` prints.
 * Texts read from a DDP (CD-Text, master ID) may hold any byte; control characters are left
 * out, so a DDP cannot move the cursor, clear or retitle the terminal it is listed in.
 */
export function formatPqText(sheet: PqSheet): string {
  const h = sheet.header;
  const lines: string[] = [];
  const fact = (label: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '')
      lines.push(`${`${label}:`.padEnd(14)}${withoutControls(String(value))}`);
  };
  fact('Title', h.title);
  fact('Artist', h.artist);
  fact('UPC/EAN', h.upc);
  fact('Master ID', h.masterId);
  fact('Catalogue', h.catalogNumber);
  fact('Label', h.label);
  fact('Client', h.client);
  fact('Engineer', h.engineer);
  fact('Date', h.date);
  fact('Tracks', h.trackCount);
  fact('Total time', `${h.totalTime} (lead-out)`);
  fact('Programme', `${h.programmeTime} (track 1 to lead-out)`);
  fact('Image MD5', h.imageMd5);
  lines.push('');
  const table = [
    ['Trk', 'Idx', 'Start', 'Pregap', 'Length', 'ISRC', 'Flags', 'Title / Performer'],
    ...sheet.rows.map((r) =>
      [
        trackLabel(r.track),
        String(r.index).padStart(2, '0'),
        r.start,
        r.pregap ?? '',
        r.length ?? '',
        r.index === 1 && r.isrc ? formatIsrc(r.isrc) : '',
        r.index === 1 ? r.flags.join(' ') : '',
        r.track === 'AA'
          ? 'lead-out'
          : r.index === 0
            ? 'pause'
            : r.index > 1
              ? (r.indexName ?? `index ${r.index}`)
              : [r.title, r.performer].filter(Boolean).join(' / '),
      ].map(withoutControls),
    ),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const row of table) {
    lines.push(
      row
        .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

function withoutControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
