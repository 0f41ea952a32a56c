import { TapeopError } from '@tapeop/core';
import {
  CONTROL_COPY_PERMITTED,
  CONTROL_FOUR_CHANNEL,
  CONTROL_PRE_EMPHASIS,
  PQ_PACKET_LENGTH,
  type PqEntry,
} from '../ddp/pq-descriptor.js';
import type { CdTrackFlags, DiscLayout, DiscTrack } from './disc-layout.js';

export function controlOf(flags: CdTrackFlags): number {
  return (
    (flags.preEmphasis ? CONTROL_PRE_EMPHASIS : 0) |
    (flags.copyPermitted ? CONTROL_COPY_PERMITTED : 0) |
    (flags.fourChannel ? CONTROL_FOUR_CHANNEL : 0)
  );
}

/**
 * The PQ descriptor's entries for a disc: the lead-in (carrying the UPC/EAN), every index of
 * every track (the ISRC on each track's first entry), then the lead-out written twice, as
 * cue2ddp, Sonoris and HOFA all do. Lead-in and lead-out carry control 0 (CB1 `01`).
 */
export function layoutToPqEntries(layout: DiscLayout): PqEntry[] {
  const entries: PqEntry[] = [
    {
      track: 0,
      index: 0,
      frame: 0,
      control: 0,
      scms: false,
      ...(layout.upc ? { upc: layout.upc } : {}),
    },
  ];
  for (const track of layout.tracks) {
    const control = controlOf(track.flags);
    track.indexes.forEach((index, i) => {
      entries.push({
        track: track.number,
        index: index.number,
        frame: index.frame,
        control,
        scms: track.flags.scms,
        ...(i === 0 && track.isrc ? { isrc: track.isrc } : {}),
      });
    });
  }
  const leadOut: PqEntry = {
    track: 'lead-out',
    index: 1,
    frame: layout.leadOutFrame,
    control: 0,
    scms: false,
  };
  entries.push(leadOut, { ...leadOut });
  return entries;
}

/**
 * Rebuilds the disc from PQ entries written by any tool: the lead-in may be missing, the UPC
 * may sit on any entry, the ISRC on any entry of its track, and the lead-out may be listed
 * once or twice. Entries out of order or after the lead-out are errors naming the packet's
 * byte offset. CD-Text and the master ID are filled in by the caller.
 */
export function pqEntriesToLayout(entries: readonly PqEntry[], file = 'PQDESCR'): DiscLayout {
  const at = (position: number) => position * PQ_PACKET_LENGTH;
  const fail = (position: number, message: string) =>
    new TapeopError(
      'PARSE_ERROR',
      `${file}: byte ${at(position)} (packet ${position + 1}): ${message}`,
      {
        details: { file, offset: at(position), packet: position + 1 },
        hint: 'The PQ descriptor is damaged or was written by a tool that breaks the DDP layout; ask for a corrected DDP.',
      },
    );

  const tracks: DiscTrack[] = [];
  let upc: string | undefined;
  let leadOutFrame: number | undefined;
  entries.forEach((entry, position) => {
    if (entry.upc !== undefined) {
      if (upc !== undefined && upc !== entry.upc) {
        throw fail(position, `a second UPC/EAN "${entry.upc}" differs from "${upc}"`);
      }
      upc = entry.upc;
    }
    if (entry.track === 'lead-out') {
      if (leadOutFrame !== undefined && leadOutFrame !== entry.frame) {
        throw fail(
          position,
          `the lead-out is listed again at another time (frame ${entry.frame}, first at ${leadOutFrame})`,
        );
      }
      leadOutFrame = entry.frame;
      return;
    }
    if (leadOutFrame !== undefined)
      throw fail(position, `track ${entry.track} comes after the lead-out`);
    if (entry.track === 0) {
      if (position !== 0) throw fail(position, 'a lead-in entry (track 00) after the first packet');
      return;
    }
    if (entry.control & 0x4) {
      throw fail(
        position,
        `track ${entry.track} is a data track (control ${entry.control.toString(16)}); only audio CDs are read`,
      );
    }
    let track = tracks[tracks.length - 1];
    if (!track || track.number !== entry.track) {
      if (tracks.some((t) => t.number === entry.track) || (track && entry.track < track.number)) {
        throw fail(position, `track ${entry.track} comes out of order`);
      }
      track = {
        number: entry.track,
        indexes: [],
        flags: {
          preEmphasis: (entry.control & CONTROL_PRE_EMPHASIS) !== 0,
          copyPermitted: (entry.control & CONTROL_COPY_PERMITTED) !== 0,
          fourChannel: (entry.control & CONTROL_FOUR_CHANNEL) !== 0,
          scms: entry.scms,
        },
        text: {},
      };
      tracks.push(track);
    }
    if (track.indexes.some((i) => i.number === entry.index)) {
      throw fail(position, `track ${entry.track} index ${entry.index} is listed twice`);
    }
    track.indexes.push({ number: entry.index, frame: entry.frame });
    if (entry.isrc !== undefined && track.isrc === undefined) track.isrc = entry.isrc;
  });
  if (leadOutFrame === undefined) {
    throw new TapeopError(
      'PARSE_ERROR',
      `${file}: no lead-out entry (track AA) after ${entries.length} packets`,
      {
        details: { file, offset: at(entries.length) },
        hint: 'The PQ descriptor is incomplete; ask for a corrected DDP.',
      },
    );
  }
  return { ...(upc !== undefined ? { upc } : {}), text: {}, tracks, leadOutFrame };
}
