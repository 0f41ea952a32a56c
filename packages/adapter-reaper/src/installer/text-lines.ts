// A user's config file as lines, each with its own line ending, so that tapeop can add lines
// and later remove exactly those, leaving the file byte for byte as it was. Files are decoded as
// Latin-1, one character per byte: whatever encoding the user's file has (UTF-8, the Windows
// code page), every byte comes back unchanged.

export interface TextLine {
  text: string;
  /** '\r\n', '\n' or '\r'; '' only for a last line without a line break. */
  eol: string;
}

export function splitLines(content: string): TextLine[] {
  const lines: TextLine[] = [];
  const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (const match of content.matchAll(pattern)) {
    if (match[0] === '') break;
    lines.push({ text: match[1] ?? '', eol: match[2] ?? '' });
  }
  return lines;
}

export function joinLines(lines: readonly TextLine[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/** The line ending most lines have, or `fallback` for a file without any. */
export function lineEnding(lines: readonly TextLine[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const { eol } of lines) if (eol) counts.set(eol, (counts.get(eol) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [eol, count] of counts) {
    if (count > most) {
      best = eol;
      most = count;
    }
  }
  return best;
}

/**
 * Inserts `texts` after line `index` (-1: at the top). After a last line without a line break,
 * that line gets one and the last inserted line goes without, so `removeLine` of the inserted
 * lines gives the original bytes back.
 */
export function insertLines(
  lines: TextLine[],
  index: number,
  texts: readonly string[],
  eol: string,
): void {
  if (texts.length === 0) return;
  const added = texts.map((text) => ({ text, eol }));
  const before = lines[index];
  if (before && before.eol === '') {
    before.eol = eol;
    added[added.length - 1]!.eol = '';
  }
  lines.splice(index + 1, 0, ...added);
}

/** Removes line `index`, undoing what `insertLines` did to the line ending before it. */
export function removeLine(lines: TextLine[], index: number): void {
  const line = lines[index];
  if (!line) return;
  const before = lines[index - 1];
  if (line.eol === '' && before) before.eol = '';
  lines.splice(index, 1);
}

/** The 1-based line of a NUL byte, which no text config file holds. */
export function nulLine(content: string): number | undefined {
  const at = content.indexOf('\0');
  if (at < 0) return undefined;
  return content.slice(0, at).split(/\r\n|\n|\r/).length;
}
