/** Small helpers to print results for people. */

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)),
        )
        .join('  ')
        .trimEnd(),
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI color codes
const visibleLength = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

export const seconds = (value: number) => `${Number(value.toFixed(2))} s`;

/** 215.3 → '3:35.3' */
export function minutes(value: number): string {
  const m = Math.floor(value / 60);
  const s = value - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

export const plural = (count: number, word: string, many = `${word}s`) =>
  `${count} ${count === 1 ? word : many}`;
