import { type Session, type Song, TapeopError } from '@tapeop/core';

/**
 * The song a person means: its id, its title (any case), or its track number in the sequence
 * (`3`). Ambiguous or unknown references say which songs there are.
 */
export function findSong(session: Session, reference: string, what = 'song'): Song {
  const trimmed = reference.trim();
  const byId = session.songs.find((song) => song.id === trimmed);
  if (byId) return byId;
  if (/^\d+$/.test(trimmed)) {
    const entry = session.sequence.entries[Number(trimmed) - 1];
    const song = entry && session.songs.find((s) => s.id === entry.songId);
    if (song) return song;
  }
  const byTitle = session.songs.filter(
    (song) => song.title.toLowerCase() === trimmed.toLowerCase(),
  );
  if (byTitle.length === 1) return byTitle[0]!;
  throw new TapeopError(
    'INVALID_ARGUMENT',
    byTitle.length > 1
      ? `${what}: ${byTitle.length} songs are titled "${reference}"`
      : `${what}: no song "${reference}" in the session`,
    {
      details: { reference, songs: session.songs.map((s) => s.id) },
      hint: `Name a song by id (${session.songs.map((s) => s.id).join(', ')}), title, or track number (1-${session.sequence.entries.length}).`,
    },
  );
}
