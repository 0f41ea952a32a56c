import { formatIsrc } from '@tapeop/core';
import { type PqSheet, type PqSheetRow, trackLabel } from './pq-sheet.js';

/**
 * The PQ sheet as one standalone HTML page: no scripts, no external fonts, styles or images,
 * every text escaped, laid out for an A4 or Letter page (landscape) with the header repeated
 * on every printed page of the table.
 */
export function formatPqHtml(sheet: PqSheet, options: { generator?: string } = {}): string {
  const h = sheet.header;
  const facts: Array<[string, string | number | undefined]> = [
    ['UPC/EAN', h.upc],
    ['Master ID', h.masterId],
    ['Catalogue no.', h.catalogNumber],
    ['Label', h.label],
    ['Client', h.client],
    ['Engineer', h.engineer],
    ['Date', h.date],
    ['Release date', h.releaseDate],
    ['Tracks', h.trackCount],
    ['Total time (lead-out)', h.totalTime],
    ['Programme (track 1 to lead-out)', h.programmeTime],
    ['DDP image MD5', h.imageMd5],
  ];
  const title = [h.title, h.artist].filter(Boolean).join(' — ') || 'Untitled disc';
  const factRows = facts
    .filter(([, value]) => value !== undefined && value !== '')
    .map(
      ([label, value]) =>
        `      <tr><th scope="row">${escapeHtml(label)}</th><td${label.includes('MD5') || label === 'UPC/EAN' ? ' class="code"' : ''}>${escapeHtml(String(value))}</td></tr>`,
    )
    .join('\n');
  const files = h.ddpFiles?.length
    ? `\n  <section class="files">\n    <h2>DDP files</h2>\n    <table>\n      <thead><tr><th scope="col">File</th><th scope="col">MD5</th></tr></thead>\n      <tbody>\n${h.ddpFiles
        .map(
          (f) =>
            `        <tr><td>${escapeHtml(f.name)}</td><td class="code">${escapeHtml(f.md5)}</td></tr>`,
        )
        .join('\n')}\n      </tbody>\n    </table>\n  </section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(options.generator ?? 'tapeop')}">
<title>PQ sheet — ${escapeHtml(title)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  * { box-sizing: border-box; }
  body { font: 10pt/1.35 "Helvetica Neue", Arial, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 280mm; padding: 8mm; }
  h1 { font-size: 16pt; margin: 0 0 2mm; }
  h2 { font-size: 11pt; margin: 6mm 0 2mm; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 0.5pt solid #888; padding: 1mm 2mm; text-align: left; vertical-align: top; }
  thead { display: table-header-group; }
  thead th { background: #eee; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  .facts { width: auto; min-width: 50%; }
  .facts th { background: #f4f4f4; font-weight: 600; white-space: nowrap; }
  .code, .time { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: nowrap; }
  .num { text-align: right; }
  tr.sub td { color: #444; font-size: 9pt; }
  tr.leadout td { font-weight: 600; border-top: 1.5pt solid #000; }
  footer { margin-top: 6mm; font-size: 8pt; color: #444; }
  @media print { body { padding: 0; max-width: none; } }
</style>
</head>
<body>
  <h1>PQ sheet — ${escapeHtml(title)}</h1>
  <table class="facts">
    <tbody>
${factRows}
    </tbody>
  </table>
  <h2>Tracks and indexes</h2>
  <table class="pq">
    <thead>
      <tr><th scope="col">Track</th><th scope="col">Index</th><th scope="col">Start</th><th scope="col">Pregap</th><th scope="col">Length</th><th scope="col">ISRC</th><th scope="col">Flags</th><th scope="col">Title</th><th scope="col">Performer</th></tr>
    </thead>
    <tbody>
${sheet.rows.map(rowHtml).join('\n')}
    </tbody>
  </table>${files}
  <footer>Times are absolute (from 00:00:00, the start of track 1's pause), in minutes:seconds:frames at 75 frames per second.</footer>
</body>
</html>
`;
}

function rowHtml(row: PqSheetRow): string {
  const main = row.index === 1 && row.track !== 'AA';
  const cls = row.track === 'AA' ? ' class="leadout"' : main ? '' : ' class="sub"';
  const text =
    row.track === 'AA'
      ? 'Lead-out'
      : row.index === 0
        ? 'pause'
        : row.index > 1
          ? (row.indexName ?? `index ${row.index}`)
          : (row.title ?? '');
  const cells = [
    `<td class="num">${escapeHtml(trackLabel(row.track))}</td>`,
    `<td class="num">${String(row.index).padStart(2, '0')}</td>`,
    `<td class="time">${escapeHtml(row.start)}</td>`,
    `<td class="time">${escapeHtml(row.pregap ?? '')}</td>`,
    `<td class="time">${escapeHtml(row.length ?? '')}</td>`,
    `<td class="code">${main && row.isrc ? escapeHtml(formatIsrc(row.isrc)) : ''}</td>`,
    `<td>${main ? escapeHtml(row.flags.join(' ')) : ''}</td>`,
    `<td>${escapeHtml(text)}</td>`,
    `<td>${main ? escapeHtml(row.performer ?? '') : ''}</td>`,
  ];
  return `      <tr${cls}>${cells.join('')}</tr>`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
