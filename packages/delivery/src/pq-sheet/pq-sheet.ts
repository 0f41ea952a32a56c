import { formatMsf } from '@tapeop/core';
import {
  type CdTrackFlags,
  type DiscLayout,
  trackLength,
  trackPregap,
  trackStart,
} from '../disc/disc-layout.js';

/** The facts at the top of a PQ sheet: what the plant checks the disc and the order against. */
export interface PqSheetHeader {
  title?: string;
  artist?: string;
  /** UPC/EAN (13 digits). */
  upc?: string;
  masterId?: string;
  catalogNumber?: string;
  label?: string;
  client?: string;
  engineer?: string;
  /** Date of the sheet (YYYY-MM-DD). */
  date?: string;
  releaseDate?: string;
  trackCount: number;
  /** Lead-out (AA) time, i.e. the total time from 00:00:00, as MM:SS:FF. */
  totalTime: string;
  /** Programme length from track 1's index 1 to the lead-out, as MM:SS:FF. */
  programmeTime: string;
  leadOutFrame: number;
  /** MD5 of IMAGE.DAT, when the sheet is made from a DDP. */
  imageMd5?: string;
  /** Every file of the DDP with its MD5, in CHECKSUM.MD5 order. */
  ddpFiles?: Array<{ name: string; md5: string }>;
}

/** One row per index, plus the lead-out. Times are absolute (from 00:00:00, the plant convention). */
export interface PqSheetRow {
  /** Track number, or 'AA' for the lead-out. */
  track: number | 'AA';
  index: number;
  startFrame: number;
  start: string;
  /** Pause before the track (index 0 to index 1), on index-1 rows. */
  pregap?: string;
  /** Playing length from index 1 to the next track's first index (or the lead-out), on index-1 rows. */
  length?: string;
  isrc?: string;
  flags: string[];
  title?: string;
  performer?: string;
  /** Name of an index mark (index 2 and up), e.g. "Movement II". */
  indexName?: string;
}

export interface PqSheet {
  header: PqSheetHeader;
  rows: PqSheetRow[];
}

export type PqSheetFacts = Omit<
  PqSheetHeader,
  'trackCount' | 'totalTime' | 'programmeTime' | 'leadOutFrame'
>;

export function flagNames(flags: CdTrackFlags): string[] {
  return [
    ...(flags.preEmphasis ? ['PRE'] : []),
    ...(flags.copyPermitted ? ['DCP'] : []),
    ...(flags.fourChannel ? ['4CH'] : []),
    ...(flags.scms ? ['SCMS'] : []),
  ];
}

/** The PQ sheet of a disc; `facts` fill the header (the layout supplies UPC, master ID and title when left out). */
export function buildPqSheet(layout: DiscLayout, facts: PqSheetFacts = {}): PqSheet {
  const first = layout.tracks[0];
  const header: PqSheetHeader = {
    ...withoutUndefined({
      title: layout.text.title,
      artist: layout.text.performer,
      upc: layout.upc,
      masterId: layout.masterId,
    }),
    ...withoutUndefined(facts),
    trackCount: layout.tracks.length,
    totalTime: formatMsf(layout.leadOutFrame),
    programmeTime: formatMsf(Math.max(0, layout.leadOutFrame - (first ? trackStart(first) : 0))),
    leadOutFrame: layout.leadOutFrame,
  };
  const rows: PqSheetRow[] = [];
  layout.tracks.forEach((track, position) => {
    for (const index of track.indexes) {
      const row: PqSheetRow = {
        track: track.number,
        index: index.number,
        startFrame: index.frame,
        start: formatMsf(index.frame),
        flags: flagNames(track.flags),
        ...withoutUndefined({
          isrc: track.isrc,
          title: track.text.title,
          performer: track.text.performer ?? layout.text.performer,
          indexName: track.indexNames?.[index.number],
        }),
      };
      if (index.number === 1) {
        row.pregap = formatMsf(trackPregap(track));
        row.length = formatMsf(Math.max(0, trackLength(layout, position)));
      }
      rows.push(row);
    }
  });
  rows.push({
    track: 'AA',
    index: 1,
    startFrame: layout.leadOutFrame,
    start: formatMsf(layout.leadOutFrame),
    flags: [],
  });
  return { header, rows };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<T>;
}

export function trackLabel(track: number | 'AA'): string {
  return track === 'AA' ? 'AA' : String(track).padStart(2, '0');
}
