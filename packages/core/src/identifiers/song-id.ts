const SONG_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isSongId(value: string): boolean {
  return SONG_ID.test(value);
}

/**
 * A readable, stable song id from a title ('Blue Morning (Reprise)' → 'blue-morning-reprise'),
 * made unique against `taken` with a numeric suffix. Ids are made once, at intake, and never
 * regenerated, so renaming a song later keeps its id.
 */
export function makeSongId(title: string, taken: Iterable<string> = []): string {
  const used = new Set(taken);
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'song';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
