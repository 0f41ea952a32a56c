import type { IntakeProblem } from './intake-problem.js';
import type { MetadataSheet, SheetRow } from './metadata-sheet.js';
import { titleKey } from './mix-file-name.js';
import type { ScannedMix } from './scan-mixes.js';

export interface SheetMatch {
  mix: ScannedMix;
  row: SheetRow | undefined;
}

/**
 * Pairs the sheet's rows with the selected mixes: by the file the row names, then by title
 * (the same track number first), then by a title that starts with the other ('City Lights
 * (Radio Edit)' and 'City Lights'), then by track number. Every disagreement between the
 * sheet and a file name is reported; the sheet wins (it is the client's word), and the order
 * follows the sheet's track numbers. Mixes without a row follow in their own order.
 */
export function matchSheet(
  mixes: ScannedMix[],
  sheet: MetadataSheet,
): { matches: SheetMatch[]; problems: IntakeProblem[] } {
  const problems: IntakeProblem[] = [];
  const at = (row: SheetRow, column?: string) => ({
    file: sheet.fileName,
    line: row.line,
    ...(column ? { column } : {}),
  });
  const columnOf = (field: string) => sheet.columns.find((c) => c.field === field)?.header;
  const selected = mixes.filter((m) => m.status === 'selected');
  const taken = new Map<ScannedMix, SheetRow>();
  const rowMix = new Map<SheetRow, ScannedMix>();

  const free = (mix: ScannedMix | undefined) => (mix && !taken.has(mix) ? mix : undefined);
  const byFile = (row: SheetRow): ScannedMix | undefined => {
    if (!row.file) return undefined;
    const wanted = normalizeFile(row.file);
    const matching = (m: ScannedMix) =>
      [m.relativePath, m.name.fileName].some((n) => {
        const name = normalizeFile(n);
        return name === wanted || stripExtension(name) === stripExtension(wanted);
      });
    const found = selected.find(matching);
    if (found) return found;
    const leftOut = mixes.find(matching);
    problems.push({
      code: 'row-without-mix',
      severity: 'warning',
      ...at(row, columnOf('file')),
      message: leftOut
        ? `names ${leftOut.relativePath}, which was left out (${leftOut.reason}); the row was matched by its title or track instead`
        : `names the file "${row.file}", which is not among the mixes; the row was matched by its title or track instead`,
    });
    return undefined;
  };
  const trackOf = (m: ScannedMix | SheetRow) => {
    const name = 'name' in m ? m.name : m;
    return name.vinyl ? `${name.vinyl.side}${name.vinyl.position}` : name.trackNumber?.toString();
  };
  const byTitle = (row: SheetRow) => {
    if (!row.title) return undefined;
    const key = titleKey(row.title);
    const found = selected.filter((m) => m.name.titleKey === key && !taken.has(m));
    const sameTrack = found.find((m) => trackOf(m) === trackOf(row));
    return sameTrack ?? (found.length === 1 ? found[0] : undefined);
  };
  // 'City Lights (Radio Edit)' in the sheet, 'City Lights' in the file name, or the reverse.
  const byTitleStart = (row: SheetRow) => {
    if (!row.title) return undefined;
    const key = titleKey(row.title);
    const found = selected.filter((m) => {
      if (taken.has(m) || !m.name.titleKey) return false;
      const [short, long] =
        key.length < m.name.titleKey.length ? [key, m.name.titleKey] : [m.name.titleKey, key];
      return long.startsWith(`${short} `);
    });
    return found.length === 1 ? found[0] : undefined;
  };
  const byTrack = (row: SheetRow) => {
    const track = trackOf(row);
    if (track === undefined) return undefined;
    return free(selected.find((m) => trackOf(m) === track && !taken.has(m)));
  };

  // Passes from the most to the least certain, so a looser match never takes a mix another
  // row names more precisely.
  const passes = [
    (row: SheetRow) => free(byFile(row)) ?? free(byTitle(row)),
    byTitleStart,
    byTrack,
  ];
  for (const pass of passes) {
    for (const row of sheet.rows) {
      if (rowMix.has(row)) continue;
      const mix = pass(row);
      if (!mix) continue;
      taken.set(mix, row);
      rowMix.set(row, mix);
    }
  }

  for (const row of sheet.rows) {
    const mix = rowMix.get(row);
    if (!mix) {
      problems.push({
        code: 'row-without-mix',
        severity: 'warning',
        ...at(row),
        message: `${describeRow(row)} has no delivered mix`,
        hint: 'The song is missing from the delivery, or its file is named differently; it is not in the session.',
      });
      continue;
    }
    const name = mix.name;
    if (row.title && titleKey(row.title) !== name.titleKey) {
      problems.push({
        code: 'title-differs',
        severity: 'warning',
        ...at(row, columnOf('title')),
        related: [mix.relativePath],
        message: `the sheet's title "${row.title}" differs from "${name.title}" in the file name ${mix.relativePath}; the sheet's title was used`,
      });
    }
    const rowTrack = trackOf(row);
    const mixTrack = trackOf(mix);
    if (rowTrack !== undefined && mixTrack !== undefined && rowTrack !== mixTrack) {
      problems.push({
        code: 'track-differs',
        severity: 'warning',
        ...at(row, columnOf('track')),
        related: [mix.relativePath],
        message: `the sheet puts "${row.title ?? name.title}" at track ${rowTrack}, the file name ${mix.relativePath} at ${mixTrack}; the sheet's order was used`,
      });
    }
    if (row.version && name.versionLabel && titleKey(row.version) !== titleKey(name.versionLabel)) {
      problems.push({
        code: 'version-differs',
        severity: 'warning',
        ...at(row, columnOf('version')),
        related: [mix.relativePath],
        message: `the sheet asks for version "${row.version}", but the mix delivered is ${mix.relativePath} (${name.versionLabel})`,
        hint: 'Check with the studio that this is the version to master.',
      });
    }
  }

  const matches: SheetMatch[] = [...sheet.rows]
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => rowMix.has(row))
    .sort((a, b) => rowOrder(a.row, a.index) - rowOrder(b.row, b.index))
    .map(({ row }) => ({ mix: rowMix.get(row)!, row }));
  for (const mix of selected) {
    if (taken.has(mix)) continue;
    problems.push({
      code: 'mix-without-row',
      severity: 'warning',
      file: mix.relativePath,
      message: `has no row in ${sheet.fileName}; it was added after the songs the sheet lists`,
      hint: 'Add a row for it to the sheet, or leave it out of the sequence.',
    });
    matches.push({ mix, row: undefined });
  }
  return { matches, problems };
}

function describeRow(row: SheetRow): string {
  const track = row.vinyl ? `${row.vinyl.side}${row.vinyl.position}` : row.trackNumber;
  if (track !== undefined && row.title) return `track ${track} ("${row.title}")`;
  if (row.title) return `"${row.title}"`;
  if (track !== undefined) return `track ${track}`;
  return 'the row';
}

/** Rows with a track number in that order; vinyl sides after each other; others as listed. */
function rowOrder(row: SheetRow, index: number): number {
  if (row.vinyl) return (row.vinyl.side.charCodeAt(0) - 64) * 1000 + row.vinyl.position;
  if (row.trackNumber !== undefined) return row.trackNumber;
  return 100_000 + index;
}

function normalizeFile(name: string): string {
  return name.replace(/\\/g, '/').split('/').pop()!.trim().toLowerCase();
}

function stripExtension(name: string): string {
  return name.replace(/\.[a-z0-9]{1,5}$/, '');
}
