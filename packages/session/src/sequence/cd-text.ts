import type { Album, CdText, Song } from '@tapeop/core';

/** The CD-Text fields that credit people: REAPER writes them on a track only when the album has them too. */
export const CREDIT_FIELDS = ['performer', 'songwriter', 'composer', 'arranger'] as const;
export type CreditField = (typeof CREDIT_FIELDS)[number];

/**
 * A track's CD-Text. The performer falls back to the album artist, because CD players show the
 * track performer and a disc with a performer carries one for every track; the other credits
 * are the song's own.
 */
export function trackCdText(song: Song, album: Album): CdText {
  const text: CdText = { title: song.title };
  const performer = song.performer ?? album.artist;
  if (performer) text.performer = performer;
  if (song.songwriter) text.songwriter = song.songwriter;
  if (song.composer) text.composer = song.composer;
  if (song.arranger) text.arranger = song.arranger;
  if (song.cdTextMessage) text.message = song.cdTextMessage;
  return text;
}

/**
 * The disc's CD-Text: the album's title and artist, overridden by anything set explicitly in
 * `album.cdText`; genre and language come from the album when cdText does not set them.
 */
export function albumCdText(album: Album): CdText {
  const text: CdText = { title: album.title };
  if (album.artist) text.performer = album.artist;
  if (album.genre) text.genre = album.genre;
  if (album.language) text.language = album.language;
  for (const [key, value] of Object.entries(album.cdText ?? {})) {
    if (typeof value === 'string' && value !== '') text[key as keyof CdText] = value;
  }
  return text;
}

/**
 * Characters CD-Text cannot carry: CD-Text is ISO-8859-1 (Latin-1), so typographic quotes,
 * dashes and non-Latin scripts are lost or replaced on the disc.
 */
export function nonLatin1Characters(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (char.codePointAt(0)! > 0xff) found.add(char);
  }
  return [...found];
}
