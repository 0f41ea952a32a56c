/**
 * Codes CD-Text stores as numbers: the language of a block (in the size information, EBU Tech
 * 3264 appendix 3) and the genre (pack 0x87). Both tables as libburn's libburn.h lists them
 * (BURN_CDTEXT_LANGUAGES_0X00, BURN_CDTEXT_GENRE_LIST). Only the European languages written in
 * Latin script are listed: CD-Text here is ISO 8859-1.
 */
const LANGUAGES = [
  'Unknown',
  'Albanian',
  'Breton',
  'Catalan',
  'Croatian',
  'Welsh',
  'Czech',
  'Danish',
  'German',
  'English',
  'Spanish',
  'Esperanto',
  'Estonian',
  'Basque',
  'Faroese',
  'French',
  'Frisian',
  'Irish',
  'Gaelic',
  'Galician',
  'Icelandic',
  'Italian',
  'Lappish',
  'Latin',
  'Latvian',
  'Luxembourgian',
  'Lithuanian',
  'Hungarian',
  'Maltese',
  'Dutch',
  'Norwegian',
  'Occitan',
  'Polish',
  'Portuguese',
  'Romanian',
  'Romansh',
  'Serbian',
  'Slovak',
  'Slovenian',
  'Finnish',
  'Swedish',
  'Turkish',
  'Flemish',
  'Wallon',
] as const;

export const LANGUAGE_ENGLISH = 0x09;

// REAPER's DDP help (and so @tapeop/session's cdTextLanguage) spells one of them differently.
const SPELLINGS: Record<string, string> = { portugese: 'portuguese' };

/** The CD-Text language code of a language name ('German' -> 0x08); undefined when not in the table. */
export function cdTextLanguageCode(name: string): number | undefined {
  const key = name.trim().toLowerCase();
  const wanted = SPELLINGS[key] ?? key;
  const code = LANGUAGES.findIndex((l) => l.toLowerCase() === wanted);
  return code > 0 ? code : undefined;
}

export function cdTextLanguageName(code: number): string | undefined {
  return code > 0 ? LANGUAGES[code] : undefined;
}

const GENRES = [
  'Not Used',
  'Not Defined',
  'Adult Contemporary',
  'Alternative Rock',
  'Childrens Music',
  'Classical',
  'Contemporary Christian',
  'Country',
  'Dance',
  'Easy Listening',
  'Erotic',
  'Folk',
  'Gospel',
  'Hip Hop',
  'Jazz',
  'Latin',
  'Musical',
  'New Age',
  'Opera',
  'Operetta',
  'Pop Music',
  'Rap',
  'Reggae',
  'Rock Music',
  'Rhythm & Blues',
  'Sound Effects',
  'Spoken Word',
  'World Music',
] as const;

export const GENRE_NOT_DEFINED = 0x0001;

// How people write the genres whose list names are long or formal.
const GENRE_ALIASES: Record<string, number> = {
  pop: 0x14,
  rock: 0x17,
  'r&b': 0x18,
  rnb: 0x18,
  'hip-hop': 0x0d,
  hiphop: 0x0d,
  "children's music": 0x04,
  children: 0x04,
  christian: 0x06,
  world: 0x1b,
};

/** The genre code for a genre as people write it ('Pop' -> 0x14); 0x0001 "Not Defined" when it is not in the list. */
export function cdTextGenreCode(genre: string): number {
  const key = genre.trim().toLowerCase();
  const listed = GENRES.findIndex((g) => g.toLowerCase() === key);
  if (listed > 0) return listed;
  return GENRE_ALIASES[key] ?? GENRE_NOT_DEFINED;
}

export function cdTextGenreName(code: number): string | undefined {
  return code > 1 ? GENRES[code] : undefined;
}
