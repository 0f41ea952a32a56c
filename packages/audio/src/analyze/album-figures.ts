import { integratedLoudness, loudnessRange } from '../dsp/gating.js';
import type { FileMeasurement } from './analyze-file.js';

export interface SongLoudness {
  path: string;
  integratedLufs: number;
}

/** Figures for the album as a whole, over the files that could be analysed. */
export interface AlbumFigures {
  /** Files analysed (failed files are left out of every figure). */
  fileCount: number;
  durationSec: number;
  /**
   * Integrated loudness of the whole sequence: the gating blocks of every song pooled and
   * gated together, as one programme (gaps of silence would fall below the −70 LUFS gate).
   */
  integratedLufs: number | null;
  /** Loudness range of the whole sequence (short-term values of every song pooled). */
  loudnessRangeLu: number | null;
  /** Largest true peak of any song, dBTP. */
  truePeakDbtp: number | null;
  /** Largest sample peak of any song, dBFS. */
  samplePeakDbfs: number | null;
  /** truePeakDbtp − integratedLufs. */
  plrDb: number | null;
  /** The song with the highest integrated loudness. */
  loudest: SongLoudness | null;
  /** The song with the lowest integrated loudness. */
  quietest: SongLoudness | null;
  /** loudest − quietest, LU: how far apart the songs sit. */
  spreadLu: number | null;
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

const round = (v: number) => Math.round(v * 100) / 100;
const maxOrNull = (values: Array<number | null>) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.max(...present) : null;
};

export function albumFigures(measurements: FileMeasurement[]): AlbumFigures {
  const integrated = integratedLoudness(concat(measurements.map((m) => m.blockEnergies)));
  const range = loudnessRange(concat(measurements.map((m) => m.shortTermEnergies)));
  const songs = measurements
    .filter((m) => m.analysis.integratedLufs !== null)
    .map((m) => ({ path: m.analysis.path, integratedLufs: m.analysis.integratedLufs as number }));
  const sorted = [...songs].sort((a, b) => b.integratedLufs - a.integratedLufs);
  const loudest = sorted[0] ?? null;
  const quietest = sorted[sorted.length - 1] ?? null;
  const truePeakDbtp = maxOrNull(measurements.map((m) => m.analysis.truePeakDbtp));
  const integratedLufs = integrated === null ? null : round(integrated);
  return {
    fileCount: measurements.length,
    durationSec:
      Math.round(measurements.reduce((s, m) => s + m.analysis.format.durationSec, 0) * 1000) / 1000,
    integratedLufs,
    loudnessRangeLu: range === null ? null : round(range),
    truePeakDbtp,
    samplePeakDbfs: maxOrNull(measurements.map((m) => m.analysis.samplePeakDbfs)),
    plrDb: truePeakDbtp !== null && integrated !== null ? round(truePeakDbtp - integrated) : null,
    loudest,
    quietest,
    spreadLu: loudest && quietest ? round(loudest.integratedLufs - quietest.integratedLufs) : null,
  };
}
