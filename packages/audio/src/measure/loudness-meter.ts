import { type ChannelRole, channelWeight } from '../dsp/channel-weights.js';
import { EnergyList, energyToLufs, integratedLoudness, loudnessRange } from '../dsp/gating.js';
import { kWeighting } from '../dsp/k-weighting.js';
import { truePeakOversampling } from '../dsp/true-peak-filter.js';
import type { KernelEngine } from '../wasm/kernel-engine.js';

/** What the meter needs to know besides the samples. */
export interface MeterSettings {
  sampleRate: number;
  layout: ChannelRole[];
  /** |x| at or above this is full scale (linear; e.g. 1 − 2⁻¹⁵ for 16-bit). */
  clipThreshold: number;
  /** Consecutive full-scale samples that make a clipping run. */
  clipMinRun: number;
  /** Runs listed with their positions (all are counted). */
  maxClipRuns: number;
  /** |x| at or below this is silence for the head and tail (linear). */
  silenceThreshold: number;
  /** Seconds of silence appended for the loudness range, as Tech 3342 asks of file meters. */
  lraPaddingSeconds: number;
  /** Keep the momentary and short-term loudness of every 10 ms step (tests, curves). */
  recordSeries?: boolean;
}

export interface ClippingRun {
  channel: number;
  startFrame: number;
  length: number;
}

/** The raw figures of one measured stream, before rounding and formatting. */
export interface MeterResult {
  frames: number;
  integratedLufs: number | null;
  momentaryMaxLufs: number | null;
  shortTermMaxLufs: number | null;
  loudnessRangeLu: number | null;
  truePeakOversampling: 1 | 2 | 4;
  channels: Array<{
    role: ChannelRole;
    samplePeak: number;
    truePeak: number;
    mean: number;
    meanSquare: number;
  }>;
  correlation: number | null;
  clipping: { runs: ClippingRun[]; runCount: number; clippedSamples: number };
  headSilenceFrames: number;
  tailSilenceFrames: number;
  /** Energies of the 400 ms gating blocks (every 100 ms), for album figures. */
  blockEnergies: Float64Array;
  /** Energies of the 3 s short-term windows at 10 Hz (with the LRA padding), for album LRA. */
  shortTermEnergies: Float64Array;
  series?: { momentaryLufs: number[]; shortTermLufs: number[] };
}

const STEPS_PER_SECOND = 100; // the meter's own 10 ms step
const MOMENTARY_STEPS = 40;
const SHORT_TERM_STEPS = 300;
const STEPS_PER_BLOCK_HOP = 10; // gating blocks and LRA values every 100 ms

/**
 * A streaming BS.1770 / EBU R 128 meter over blocks that a decoder has already put into the
 * engine's channel buffers. It works in 10 ms steps (M and S are evaluated every 10 ms, which
 * keeps Tech 3341's maximum-M and maximum-S cases inside ±0.1 LU for any alignment), gates
 * 400 ms blocks every 100 ms, and samples S at 10 Hz for the loudness range.
 */
export class LoudnessMeter {
  private readonly engine: KernelEngine;
  private readonly settings: MeterSettings;
  private readonly channels: number;
  private readonly weights: Float64Array;
  private readonly oversampling: 1 | 2 | 4;

  private position = 0; // frames measured
  private step = 0; // completed 10 ms steps
  private nextStepEnd: number;
  private readonly stepEnergy: Float64Array; // per channel, the step being filled

  // The last 300 steps (3 s): weighted energy sums and frame counts. Before the start they
  // read as silence of nominal length, so early M and S values are zero-padded windows.
  private readonly ringEnergy = new Float64Array(SHORT_TERM_STEPS);
  private readonly ringFrames = new Float64Array(SHORT_TERM_STEPS);
  private mEnergy = 0;
  private mFrames = 0;
  private sEnergy = 0;
  private sFrames = 0;

  private momentaryMax = 0;
  private shortTermMax = 0;
  private readonly blocks = new EnergyList();
  private readonly shortTerms = new EnergyList();
  private readonly series: { momentaryLufs: number[]; shortTermLufs: number[] } | undefined;

  private readonly samplePeak: Float64Array;
  private readonly truePeak: Float64Array;
  private readonly sum: Float64Array;
  private readonly squares: Float64Array;
  private crossSum = 0;

  private readonly runs: ClippingRun[] = [];
  private runCount = 0;
  private clippedSamples = 0;

  private firstLoud = -1;
  private lastLoud = -1;
  private finished = false;

  constructor(engine: KernelEngine, settings: MeterSettings) {
    this.engine = engine;
    this.settings = settings;
    this.channels = settings.layout.length;
    if (engine.channels < this.channels) throw new Error('engine has fewer channels than layout');
    this.weights = Float64Array.from(settings.layout, channelWeight);
    this.oversampling = truePeakOversampling(settings.sampleRate);
    this.stepEnergy = new Float64Array(this.channels);
    this.samplePeak = new Float64Array(this.channels);
    this.truePeak = new Float64Array(this.channels);
    this.sum = new Float64Array(this.channels);
    this.squares = new Float64Array(this.channels);
    this.nextStepEnd = this.stepBoundary(1);
    this.ringFrames.fill(settings.sampleRate / STEPS_PER_SECOND);
    this.resumWindows();
    if (settings.recordSeries) this.series = { momentaryLufs: [], shortTermLufs: [] };

    const { shelf, highPass } = kWeighting(settings.sampleRate);
    engine
      .f64(engine.coefficients, 10)
      .set([
        shelf.b0,
        shelf.b1,
        shelf.b2,
        shelf.a1,
        shelf.a2,
        highPass.b0,
        highPass.b1,
        highPass.b2,
        highPass.a1,
        highPass.a2,
      ]);
    engine.reset();
  }

  /** Frame index where 10 ms step k ends (steps of fs/100 frames, rounded down). */
  private stepBoundary(k: number): number {
    return Math.floor((k * this.settings.sampleRate) / STEPS_PER_SECOND);
  }

  /**
   * Measures the next `frames` frames from the engine's channel buffers. Every block but the
   * last must be a multiple of 4 frames long.
   */
  process(frames: number): void {
    if (this.finished) throw new Error('meter already finished');
    if (frames <= 0) return;
    const engine = this.engine;
    const e = engine.exports;
    const groups4 = Math.ceil(frames / 4) * 4;
    if (groups4 !== frames) {
      for (let c = 0; c < this.channels; c++) engine.channel(c, groups4).fill(0, frames);
    }

    // Peaks, DC, energy, full-scale counts (an L/R pair in one pass with its cross sum); then
    // the runs and the head/tail where needed.
    const clip = this.settings.clipThreshold;
    const stats = engine.f64(engine.scratch, 9);
    const pairLR =
      this.channels >= 2 && this.settings.layout[0] === 'L' && this.settings.layout[1] === 'R';
    for (let c = 0; c < this.channels; c++) {
      const address = engine.channelAddress[c]!;
      let at = 0;
      if (pairLR && c === 0) {
        e.stereo_stats(address, engine.channelAddress[1]!, groups4, clip, engine.scratch);
        this.crossSum += stats[8]!;
      } else if (pairLR && c === 1) {
        at = 4;
      } else {
        e.channel_stats(address, groups4, clip, engine.scratch);
      }
      const peak = stats[at]!;
      if (peak > this.samplePeak[c]!) this.samplePeak[c] = peak;
      this.sum[c]! += stats[at + 1]!;
      this.squares[c]! += stats[at + 2]!;
      const clips = stats[at + 3]!;
      this.clippedSamples += clips;
      if (clips > 0 || this.openRun(c) > 0) this.scanClipping(c, frames);
      if (peak > this.settings.silenceThreshold) this.scanSilence(c, frames);
      if (this.oversampling === 4)
        this.truePeak[c] = e.true_peak_4x(address, groups4, this.truePeak[c]!);
      else if (this.oversampling === 2)
        this.truePeak[c] = e.true_peak_2x(address, groups4, this.truePeak[c]!);
    }

    // K-weighting, cut at the 10 ms step boundaries.
    let offset = 0;
    while (offset < frames) {
      const stepEnd = Math.min(frames, offset + this.nextStepEnd - this.position);
      this.kWeight(offset, stepEnd - offset);
      this.position += stepEnd - offset;
      offset = stepEnd;
      if (this.position === this.nextStepEnd) this.closeStep();
    }
    this.flushDenormals();
    engine.keepHistory(frames);
  }

  private kWeight(offset: number, count: number): void {
    const engine = this.engine;
    const e = engine.exports;
    const out = engine.f64(engine.scratch, 2);
    let c = 0;
    for (; c + 1 < this.channels; c += 2) {
      e.kweight_pair(
        engine.channelAddress[c]! + 4 * offset,
        engine.channelAddress[c + 1]! + 4 * offset,
        count,
        engine.coefficients,
        engine.kState + 96 * (c >> 1),
        engine.scratch,
      );
      this.stepEnergy[c]! += out[0]!;
      this.stepEnergy[c + 1]! += out[1]!;
    }
    if (c < this.channels) {
      e.kweight_one(
        engine.channelAddress[c]! + 4 * offset,
        count,
        engine.coefficients,
        engine.kState + 96 * (c >> 1),
        engine.scratch,
      );
      this.stepEnergy[c]! += out[0]!;
    }
  }

  /** Long digital silence lets the filter state decay into subnormals, which are very slow. */
  private flushDenormals(): void {
    const state = this.engine.f64(this.engine.kState, 12 * Math.ceil(this.channels / 2));
    for (let i = 0; i < state.length; i++) {
      if (Math.abs(state[i]!) < 1e-30) state[i] = 0;
    }
  }

  private closeStep(): void {
    const stepFrames = this.nextStepEnd - this.stepBoundary(this.step);
    let weighted = 0;
    for (let c = 0; c < this.channels; c++) {
      weighted += this.weights[c]! * this.stepEnergy[c]!;
      this.stepEnergy[c] = 0;
    }
    this.pushStep(weighted, stepFrames, true);
    this.nextStepEnd = this.stepBoundary(this.step + 1);
  }

  private pushStep(weighted: number, stepFrames: number, real: boolean): void {
    const slot = this.step % SHORT_TERM_STEPS;
    const leavingMomentary = (this.step + SHORT_TERM_STEPS - MOMENTARY_STEPS) % SHORT_TERM_STEPS;
    this.mEnergy += weighted - this.ringEnergy[leavingMomentary]!;
    this.mFrames += stepFrames - this.ringFrames[leavingMomentary]!;
    this.sEnergy += weighted - this.ringEnergy[slot]!;
    this.sFrames += stepFrames - this.ringFrames[slot]!;
    this.ringEnergy[slot] = weighted;
    this.ringFrames[slot] = stepFrames;
    this.step++;
    if (this.step % SHORT_TERM_STEPS === 0) this.resumWindows();
    const { mEnergy, mFrames, sEnergy, sFrames } = this;
    const momentary = mEnergy / mFrames;
    const shortTerm = sEnergy / sFrames;
    if (real) {
      if (momentary > this.momentaryMax) this.momentaryMax = momentary;
      if (shortTerm > this.shortTermMax) this.shortTermMax = shortTerm;
      if (this.series) {
        this.series.momentaryLufs.push(energyToLufs(momentary));
        this.series.shortTermLufs.push(energyToLufs(shortTerm));
      }
    }
    if (this.step % STEPS_PER_BLOCK_HOP === 0) {
      if (real && this.step >= MOMENTARY_STEPS) this.blocks.push(momentary);
      if (this.step >= SHORT_TERM_STEPS) this.shortTerms.push(shortTerm);
    }
  }

  /** Recomputes the running window sums exactly, so that rounding never accumulates. */
  private resumWindows(): void {
    this.mEnergy = 0;
    this.mFrames = 0;
    this.sEnergy = 0;
    this.sFrames = 0;
    for (let i = 1; i <= SHORT_TERM_STEPS; i++) {
      const k = (this.step - i + SHORT_TERM_STEPS) % SHORT_TERM_STEPS;
      this.sEnergy += this.ringEnergy[k]!;
      this.sFrames += this.ringFrames[k]!;
      if (i <= MOMENTARY_STEPS) {
        this.mEnergy += this.ringEnergy[k]!;
        this.mFrames += this.ringFrames[k]!;
      }
    }
  }

  /** Counts and lists the clipping runs of channel c in this block (a kernel walks them). */
  private scanClipping(c: number, frames: number): void {
    const engine = this.engine;
    const state = new Int32Array(engine.memory.buffer, engine.clipState[c], 2);
    const listing = Math.min(engine.clipRunCapacity, this.settings.maxClipRuns - this.runs.length);
    const listed = engine.exports.clip_runs(
      engine.channelAddress[c]!,
      frames,
      this.settings.clipThreshold,
      this.settings.clipMinRun,
      engine.clipState[c]!,
      engine.clipRuns,
      Math.max(0, listing),
    );
    this.runCount += state[1]!;
    const runs = new Int32Array(engine.memory.buffer, engine.clipRuns, 2 * listed);
    for (let k = 0; k < listed; k++) {
      this.runs.push({
        channel: c,
        startFrame: this.position + runs[2 * k]!,
        length: runs[2 * k + 1]!,
      });
    }
  }

  private openRun(c: number): number {
    return new Int32Array(this.engine.memory.buffer, this.engine.clipState[c], 1)[0]!;
  }

  /** A run still open at the end of the file. */
  private closeRun(c: number): void {
    const state = new Int32Array(this.engine.memory.buffer, this.engine.clipState[c], 2);
    const length = state[0]!;
    if (length >= this.settings.clipMinRun) {
      this.runCount++;
      if (this.runs.length < this.settings.maxClipRuns)
        this.runs.push({ channel: c, startFrame: this.position - length, length });
    }
    state[0] = 0;
  }

  private scanSilence(c: number, frames: number): void {
    const threshold = this.settings.silenceThreshold;
    const x = this.engine.channel(c, frames);
    if (this.firstLoud < 0 || this.firstLoud > this.position) {
      for (let i = 0; i < frames; i++) {
        if (x[i]! > threshold || x[i]! < -threshold) {
          const at = this.position + i;
          if (this.firstLoud < 0 || at < this.firstLoud) this.firstLoud = at;
          break;
        }
      }
    }
    for (let i = frames - 1; i >= 0; i--) {
      if (x[i]! > threshold || x[i]! < -threshold) {
        const at = this.position + i;
        if (at > this.lastLoud) this.lastLoud = at;
        break;
      }
    }
  }

  finish(): MeterResult {
    if (this.finished) throw new Error('meter already finished');
    this.finished = true;
    const engine = this.engine;
    const frames = this.position;

    // The interpolation filter rings past the last sample: run it over 12 more zeros.
    for (let c = 0; c < this.channels; c++) {
      engine.channel(c, 16).fill(0);
      const address = engine.channelAddress[c]!;
      if (this.oversampling === 4)
        this.truePeak[c] = engine.exports.true_peak_4x(address, 12, this.truePeak[c]!);
      else if (this.oversampling === 2)
        this.truePeak[c] = engine.exports.true_peak_2x(address, 12, this.truePeak[c]!);
      // A true peak is never below the sample peak (the Annex 2 phases straddle the samples).
      this.truePeak[c] = Math.max(this.truePeak[c]!, this.samplePeak[c]!);
      this.closeRun(c);
    }

    // Tech 3342: file-based meters append 1.5 s of silence for the loudness range.
    const nominal = this.settings.sampleRate / STEPS_PER_SECOND;
    const paddingSteps = Math.round(this.settings.lraPaddingSeconds * STEPS_PER_SECOND);
    const shortTermEnergies = (() => {
      if (this.step < SHORT_TERM_STEPS) return this.shortTerms.values().slice();
      for (let i = 0; i < paddingSteps; i++) this.pushStep(0, nominal, false);
      return this.shortTerms.values().slice();
    })();

    const blockEnergies = this.blocks.values().slice();
    const channels = this.settings.layout.map((role, c) => ({
      role,
      samplePeak: this.samplePeak[c]!,
      truePeak: this.truePeak[c]!,
      mean: frames > 0 ? this.sum[c]! / frames : 0,
      meanSquare: frames > 0 ? this.squares[c]! / frames : 0,
    }));
    let correlation: number | null = null;
    if (this.channels >= 2 && this.settings.layout[0] === 'L' && this.settings.layout[1] === 'R') {
      const denominator = Math.sqrt(this.squares[0]! * this.squares[1]!);
      if (denominator > 0) correlation = Math.max(-1, Math.min(1, this.crossSum / denominator));
    }
    const result: MeterResult = {
      frames,
      integratedLufs: integratedLoudness(blockEnergies),
      momentaryMaxLufs: this.momentaryMax > 0 ? energyToLufs(this.momentaryMax) : null,
      shortTermMaxLufs: this.shortTermMax > 0 ? energyToLufs(this.shortTermMax) : null,
      loudnessRangeLu: loudnessRange(shortTermEnergies),
      truePeakOversampling: this.oversampling,
      channels,
      correlation,
      clipping: {
        runs: this.runs,
        runCount: this.runCount,
        clippedSamples: this.clippedSamples,
      },
      headSilenceFrames: this.firstLoud < 0 ? frames : this.firstLoud,
      tailSilenceFrames: this.lastLoud < 0 ? frames : frames - 1 - this.lastLoud,
      blockEnergies,
      shortTermEnergies,
    };
    if (this.series) result.series = this.series;
    return result;
  }
}
