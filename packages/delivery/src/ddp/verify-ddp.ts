import { resolve } from 'node:path';
import { isTapeopError, type Logger, noopLogger } from '@tapeop/core';
import { checkDiscLayout, type DiscCheckOptions } from '../disc/check-disc-layout.js';
import { type DdpFileset, readDdp } from './read-ddp.js';
import { type DdpChecksumResult, type DdpProblem, verifyChecksums } from './verify-checksums.js';

export type { DdpChecksumResult, DdpProblem };

export interface DdpVerification {
  dir: string;
  ok: boolean;
  problems: DdpProblem[];
  checksums: DdpChecksumResult[];
  /** The fileset, when it could be read at all. */
  fileset?: DdpFileset;
}

export interface VerifyDdpOptions extends DiscCheckOptions {
  logger?: Logger;
  onProgress?: (file: string, bytesDone: number) => void;
}

/**
 * Checks a DDP the way a plant would before pressing: every descriptor reads, the image has
 * the length DDPMS promises, the disc meets the Red Book rules, CD-Text CRCs are right, and
 * every file matches its MD5 in the checksum lists beside it (CHECKSUM.MD5 or any *.md5).
 * Never throws for a bad DDP: everything wrong is a problem in the report.
 */
export async function verifyDdp(
  dir: string,
  options: VerifyDdpOptions = {},
): Promise<DdpVerification> {
  const logger = options.logger ?? noopLogger;
  const root = resolve(dir);
  const problems: DdpProblem[] = [];
  const checksums: DdpChecksumResult[] = [];
  let fileset: DdpFileset | undefined;
  try {
    fileset = await readDdp(root, { logger });
  } catch (error) {
    if (!isTapeopError(error)) throw error;
    const details = error.details as { file?: string; offset?: number };
    problems.push({
      severity: 'error',
      message: error.message,
      ...(details.file ? { file: details.file } : {}),
      ...(typeof details.offset === 'number' ? { offset: details.offset } : {}),
    });
  }

  if (fileset) {
    for (const note of fileset.notes) {
      problems.push({
        severity: note.includes('CRC') ? 'error' : 'warning',
        message: note,
        ...(fileset.cdTextFile && note.includes('CRC') ? { file: fileset.cdTextFile } : {}),
      });
    }
    for (const problem of checkDiscLayout(fileset.layout, options)) {
      problems.push({ severity: problem.severity, message: problem.message, file: fileset.pqFile });
    }
    if (!fileset.byteOrderCertain) {
      problems.push({
        severity: 'warning',
        message: `The byte order of ${fileset.images[0]?.name ?? 'the image'} could not be told from the audio (silence or noise-like content); little-endian is assumed.`,
      });
    }
  }

  const checked = await verifyChecksums(
    root,
    options.onProgress ? { onProgress: options.onProgress } : {},
  );
  problems.push(...checked.problems);
  checksums.push(...checked.checksums);
  if (checked.lists.length > 0 && fileset) {
    const covered = new Set(checksums.map((c) => c.name.toLowerCase()));
    const streams = [
      fileset.pqFile,
      ...(fileset.cdTextFile ? [fileset.cdTextFile] : []),
      ...fileset.images.map((i) => i.name),
    ];
    for (const name of streams) {
      if (!covered.has(name.toLowerCase())) {
        problems.push({
          severity: 'warning',
          file: name,
          message: `${name} is not in any checksum list.`,
        });
      }
    }
  }
  const ok = !problems.some((p) => p.severity === 'error');
  return { dir: root, ok, problems, checksums, ...(fileset ? { fileset } : {}) };
}
