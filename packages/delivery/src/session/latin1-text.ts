// Typographic characters people type (or word processors substitute) that ISO 8859-1 lacks,
// and the plain characters a CD player can show instead. @tapeop/session's Red Book check
// warns about them ("expect them replaced on the disc"); this is the replacement.
const PLAIN: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '\u00b7',
  '\u2122': '(TM)',
  '\u20ac': 'EUR',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

/**
 * The text in characters CD-Text can carry (ISO 8859-1): typographic quotes, dashes and the
 * like become their plain forms, accented letters outside Latin-1 lose the accent (ő -> o),
 * and anything else becomes '?'. `changed` lists what was replaced, for a note to the user.
 */
export function toLatin1(text: string): { text: string; changed: string[] } {
  const changed = new Set<string>();
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code <= 0xff && !(code < 0x20 || (code >= 0x7f && code < 0xa0))) {
      out += char;
      continue;
    }
    changed.add(char);
    const plain = PLAIN[char];
    if (plain !== undefined) {
      out += plain;
      continue;
    }
    const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
    out +=
      [...stripped].every((c) => c.codePointAt(0)! <= 0xff && c.codePointAt(0)! >= 0x20) &&
      stripped !== ''
        ? stripped
        : '?';
  }
  return { text: out, changed: [...changed] };
}
