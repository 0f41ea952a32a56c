// Gating and statistics over block energies (BS.1770-4/-5 §2.8, EBU Tech 3342).
// An "energy" here is the channel-weighted mean square Σ Gᵢ·zᵢ of one block; its loudness is
// −0.691 + 10·log10(energy).

export const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const LRA_RELATIVE_GATE_LU = -20;

export function energyToLufs(energy: number): number {
  return energy > 0 ? -0.691 + 10 * Math.log10(energy) : Number.NEGATIVE_INFINITY;
}

export function lufsToEnergy(lufs: number): number {
  return 10 ** ((lufs + 0.691) / 10);
}

/** A growable list of block energies without per-block allocation. */
export class EnergyList {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Integrated loudness of gating-block energies (400 ms blocks, 75 % overlap), gated at
 * −70 LUFS and then 10 LU below the loudness of the blocks above −70. Blocks are kept when
 * strictly above both gates, as BS.1770 says. Null when no block passes (silence).
 */
export function integratedLoudness(energies: ArrayLike<number>): number | null {
  const absoluteGate = lufsToEnergy(ABSOLUTE_GATE_LUFS);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < energies.length; i++) {
    const e = energies[i]!;
    if (e > absoluteGate) {
      sum += e;
      count++;
    }
  }
  if (count === 0) return null;
  const relativeGate = (sum / count) * 10 ** (RELATIVE_GATE_LU / 10);
  const gate = Math.max(absoluteGate, relativeGate);
  sum = 0;
  count = 0;
  for (let i = 0; i < energies.length; i++) {
    const e = energies[i]!;
    if (e > gate) {
      sum += e;
      count++;
    }
  }
  return count === 0 ? null : energyToLufs(sum / count);
}

/**
 * Loudness range (EBU Tech 3342) of short-term (3 s) energies taken at 10 Hz: values at or
 * above −70 LUFS, then at or above their energy mean − 20 LU; LRA = P95 − P10 with the
 * percentiles taken as sorted[round((n−1)·p/100 + 1)] (1-based), as in the reference code.
 * Null when no value passes the gates.
 */
export function loudnessRange(energies: ArrayLike<number>): number | null {
  const absoluteGate = lufsToEnergy(ABSOLUTE_GATE_LUFS);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < energies.length; i++) {
    const e = energies[i]!;
    if (e >= absoluteGate) {
      sum += e;
      count++;
    }
  }
  if (count === 0) return null;
  const gate = Math.max(absoluteGate, (sum / count) * 10 ** (LRA_RELATIVE_GATE_LU / 10));
  const kept: number[] = [];
  for (let i = 0; i < energies.length; i++) {
    const e = energies[i]!;
    if (e >= gate) kept.push(energyToLufs(e));
  }
  if (kept.length === 0) return null;
  kept.sort((a, b) => a - b);
  const percentile = (p: number) => {
    const index = Math.round(((kept.length - 1) * p) / 100 + 1) - 1;
    return kept[Math.min(kept.length - 1, Math.max(0, index))]!;
  };
  return percentile(95) - percentile(10);
}
