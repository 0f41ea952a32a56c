import type { CdText, Session } from '@tapeop/core';
import { cdTextLanguage, type Timeline } from '@tapeop/session';
import { cdTextLanguageCode } from '../cd-text/cd-text-codes.js';
import { CD_TEXT_FIELDS } from '../cd-text/encode-cd-text.js';
import type { DiscLayout, DiscText } from '../disc/disc-layout.js';
import { toLatin1 } from './latin1-text.js';

export interface DiscFromTimelineOptions {
  /** DDPID master identifier (at most 48 ASCII characters). Default: the album's catalogue number when it is plain ASCII. */
  masterId?: string;
}

export interface DiscFromTimeline {
  layout: DiscLayout;
  /** CD-Text characters that were replaced to fit ISO 8859-1, one sentence each. */
  notes: string[];
}

/** The CD-Text fields of a disc or track: the text pack types CDTEXT.BIN is written with. */
const TEXT_FIELDS = CD_TEXT_FIELDS.map(([, field]) => field);

/**
 * The disc a CD timeline describes: @tapeop/session's buildTimeline already places every index
 * at its absolute frame (00:00:00 = the start of track 1's pause = the first sector of the
 * image), so this maps fields and makes the CD-Text fit ISO 8859-1.
 */
export function discFromTimeline(
  session: Session | undefined,
  timeline: Timeline,
  options: DiscFromTimelineOptions = {},
): DiscFromTimeline {
  const notes: string[] = [];
  const text = (source: CdText, owner: string): DiscText => {
    const result: DiscText = {};
    for (const field of TEXT_FIELDS) {
      const value = source[field];
      if (!value) continue;
      const latin1 = toLatin1(value);
      if (latin1.changed.length > 0) {
        notes.push(
          `${owner} CD-Text ${field} "${value}" is written as "${latin1.text}" (CD-Text is Latin-1).`,
        );
      }
      result[field] = latin1.text;
    }
    return result;
  };
  const catalog = session?.album.catalogNumber;
  const masterId =
    options.masterId ?? (catalog && /^[\x20-\x7e]{1,48}$/.test(catalog) ? catalog : undefined);
  const layout: DiscLayout = {
    ...(timeline.album.upc ? { upc: timeline.album.upc } : {}),
    ...(masterId ? { masterId } : {}),
    text: text(timeline.album.cdText, "The album's"),
    tracks: timeline.songs.map((song) => {
      const names: Record<number, string> = {};
      for (const index of song.indexes) if (index.name) names[index.number] = index.name;
      return {
        number: song.trackNumber,
        indexes: song.indexes.map((i) => ({ number: i.number, frame: i.frames })),
        ...(song.isrc ? { isrc: song.isrc } : {}),
        flags: {
          preEmphasis: song.cdFlags.preEmphasis === true,
          copyPermitted: song.cdFlags.copyPermitted === true,
          fourChannel: false,
          scms: false,
        },
        text: text(song.cdText, `Track ${song.trackNumber}:`),
        ...(Object.keys(names).length > 0 ? { indexNames: names } : {}),
      };
    }),
    leadOutFrame: timeline.leadOutFrames,
  };
  const genre = timeline.album.cdText.genre;
  if (genre) layout.genre = toLatin1(genre).text;
  const language = timeline.album.cdText.language;
  if (language) {
    const name = cdTextLanguage(language);
    if (name && cdTextLanguageCode(name) !== undefined) {
      if (name !== 'English') layout.language = name;
    } else {
      notes.push(
        `The CD-Text language "${language}" is not one of the Latin-script languages a CD-Text block can name, so the block is marked English.`,
      );
    }
  }
  return { layout, notes };
}
