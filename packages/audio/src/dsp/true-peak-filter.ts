// ITU-R BS.1770-4/-5 Annex 2: the 48-tap, 4-phase interpolating FIR for true-peak metering.
// Phase 2 is phase 1 reversed and phase 3 is phase 0 reversed.

const phase0 = [
  0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625,
  0.97216796875, -0.102294921875, 0.047607421875, -0.026611328125, 0.014892578125, -0.00830078125,
];
const phase1 = [
  -0.0291748046875, 0.029296875, -0.0517578125, 0.089111328125, -0.16650390625, 0.465087890625,
  0.77978515625, -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375,
];

/** The four phases, 12 taps each: output k of input n is Σ phase[k][m]·x[n−m]. */
export const TRUE_PEAK_PHASES: readonly (readonly number[])[] = [
  phase0,
  phase1,
  [...phase1].reverse(),
  [...phase0].reverse(),
];

export const TRUE_PEAK_TAPS_PER_PHASE = 12;

/**
 * Oversampling per BS.1770 Annex 2 and libebur128: 4× below 96 kHz, 2× from 96 kHz, none from
 * 192 kHz (an input at 192 kHz or more already meets the "dB TP" rate).
 */
export function truePeakOversampling(sampleRate: number): 1 | 2 | 4 {
  if (sampleRate >= 192_000) return 1;
  if (sampleRate >= 96_000) return 2;
  return 4;
}

/**
 * The phases used at each oversampling factor. 2× takes every other output of the 4× filter
 * (phases 0 and 2: points half a sample apart), which keeps the Annex 2 passband.
 */
export function truePeakPhases(oversampling: 1 | 2 | 4): readonly (readonly number[])[] {
  if (oversampling === 4) return TRUE_PEAK_PHASES;
  if (oversampling === 2) return [TRUE_PEAK_PHASES[0]!, TRUE_PEAK_PHASES[2]!];
  return [];
}
