import type { Session } from '@tapeop/core';
import {
  type DdpFilesetOptions,
  type DdpFilesetResult,
  writeDdpFileset,
} from '../ddp/write-ddp-fileset.js';
import type { DiscLayout } from '../disc/disc-layout.js';
import { type MasterAudio, programmeAudio } from '../session/master-audio.js';
import { type PrepareDiscOptions, prepareDisc } from '../session/prepare-disc.js';

export interface WriteDdpOptions extends PrepareDiscOptions, Omit<DdpFilesetOptions, 'maxFrames'> {}

export interface WriteDdpResult extends Omit<DdpFilesetResult, 'warnings'> {
  layout: DiscLayout;
  /** Red Book warnings, CD-Text replacements and render adjustments, one sentence each. */
  warnings: string[];
}

/**
 * The session's DDP 2.00 fileset, from its rendered master. Refuses, before writing anything,
 * a sequence that breaks a Red Book rule (one sentence per problem) and a master that is not
 * CD audio or not as long as the sequence (within one CD frame). The fileset is written into a
 * temporary folder and renamed to `outDir` when complete.
 */
export async function writeDdp(
  session: Session,
  master: MasterAudio,
  outDir: string,
  options: WriteDdpOptions = {},
): Promise<WriteDdpResult> {
  const { timeline, layout, warnings } = prepareDisc(session, options);
  const audio = await programmeAudio(timeline, master);
  const result = await writeDdpFileset(layout, audio.segments, outDir, {
    ...options,
    ...(options.maxLengthFrames ? { maxFrames: options.maxLengthFrames } : {}),
  });
  options.logger?.info('DDP written from the session', { dir: result.dir });
  return {
    ...result,
    layout,
    warnings: [...warnings, ...audio.notes, ...result.warnings.map((w) => w.message)],
  };
}
