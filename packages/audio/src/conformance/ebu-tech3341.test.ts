// EBU Tech 3341 (loudness metering, "EBU mode") and Tech 3342 (loudness range) conformance,
// on signals synthesised from the tables in the specifications. Tolerances: I, M, S ±0.1 LU;
// LRA ±1 LU; true peak +0.2/−0.4 dB.
import { describe, expect, it } from 'vitest';
import { measureSamples } from '../measure/measure-samples.js';
import {
  burstCase,
  EBU_RATE,
  renderSegments,
  type Segment,
  sineAt,
  stereoTones,
} from './ebu-signals.js';

const within = (value: number | null, expected: number, tolerance: number) => {
  expect(value).not.toBeNull();
  expect(Math.abs((value as number) - expected)).toBeLessThanOrEqual(tolerance);
};

const measure = (segments: Segment[], channels = 2, recordSeries = false) =>
  measureSamples(renderSegments(segments, channels), EBU_RATE, { recordSeries });

const truePeakDb = (result: ReturnType<typeof measureSamples>) =>
  20 * Math.log10(Math.max(...result.channels.map((c) => c.truePeak)));

describe('EBU Tech 3341 minimum requirements', () => {
  it('case 1: −23 dBFS for 20 s reads M, S, I = −23.0', () => {
    const r = measure(stereoTones([[20, -23]]), 2, true);
    within(r.integratedLufs, -23, 0.1);
    within(r.momentaryMaxLufs, -23, 0.1);
    within(r.shortTermMaxLufs, -23, 0.1);
    // Every value once the windows are full.
    const m = r.series!.momentaryLufs.slice(40);
    const s = r.series!.shortTermLufs.slice(300);
    for (const v of [...m, ...s]) within(v, -23, 0.1);
  });

  it('case 2: −33 dBFS for 20 s reads M, S, I = −33.0', () => {
    const r = measure(stereoTones([[20, -33]]));
    within(r.integratedLufs, -33, 0.1);
    within(r.momentaryMaxLufs, -33, 0.1);
    within(r.shortTermMaxLufs, -33, 0.1);
  });

  it('case 3: −36 / −23 / −36 dBFS (10 / 60 / 10 s) reads I = −23.0 (relative gate)', () => {
    const r = measure(
      stereoTones([
        [10, -36],
        [60, -23],
        [10, -36],
      ]),
    );
    within(r.integratedLufs, -23, 0.1);
  });

  it('case 4: −72 / −36 / −23 / −36 / −72 dBFS reads I = −23.0 (both gates)', () => {
    const r = measure(
      stereoTones([
        [10, -72],
        [10, -36],
        [60, -23],
        [10, -36],
        [10, -72],
      ]),
    );
    within(r.integratedLufs, -23, 0.1);
  });

  it('case 5: −26 / −20 / −26 dBFS (20 / 20.1 / 20 s) reads I = −23.0', () => {
    const r = measure(
      stereoTones([
        [20, -26],
        [20.1, -20],
        [20, -26],
      ]),
    );
    within(r.integratedLufs, -23, 0.1);
  });

  it('case 6: 5.0 channels (L/R −28, C −24, Ls/Rs −30 dBFS) reads I = −23.0', () => {
    const r = measureSamples(
      renderSegments([{ seconds: 20, levels: [-28, -28, -24, -30, -30] }], 5),
      EBU_RATE,
      { channelLayout: ['L', 'R', 'C', 'Ls', 'Rs'] },
    );
    within(r.integratedLufs, -23, 0.1);
  });

  it('case 6 as 5.1 in WAV order: the LFE channel is excluded', () => {
    const r = measureSamples(
      renderSegments([{ seconds: 20, levels: [-28, -28, -24, -10, -30, -30] }], 6),
      EBU_RATE,
    );
    within(r.integratedLufs, -23, 0.1);
  });

  it('case 9: (1.34 s @ −20, 1.66 s @ −30) × 5 reads S = −23.0 after 3 s', () => {
    const parts: Array<[number, number]> = [];
    for (let i = 0; i < 5; i++) parts.push([1.34, -20], [1.66, -30]);
    const r = measure(stereoTones(parts), 2, true);
    const s = r.series!.shortTermLufs.slice(300);
    expect(s.length).toBeGreaterThan(1000);
    for (const v of s) within(v, -23, 0.1);
  });

  it('case 10: max S = −23.0 for each of the 20 alignments', () => {
    for (let i = 1; i <= 20; i++) {
      const r = measure(
        stereoTones([
          [(i - 1) * 0.15, null],
          [3, -23],
          [1, null],
        ]),
      );
      within(r.shortTermMaxLufs, -23, 0.1);
    }
  });

  it('case 12: (0.18 s @ −20, 0.22 s @ −30) × 25 reads M = −23.0 after 1 s', () => {
    const parts: Array<[number, number]> = [];
    for (let i = 0; i < 25; i++) parts.push([0.18, -20], [0.22, -30]);
    const r = measure(stereoTones(parts), 2, true);
    const m = r.series!.momentaryLufs.slice(100);
    expect(m.length).toBeGreaterThan(800);
    for (const v of m) within(v, -23, 0.1);
  });

  it('case 13: max M = −23.0 for each of the 20 alignments', () => {
    for (let i = 1; i <= 20; i++) {
      const r = measure(
        stereoTones([
          [(i - 1) * 0.02, null],
          [0.4, -23],
          [1, null],
        ]),
      );
      within(r.momentaryMaxLufs, -23, 0.1);
    }
  });

  const truePeakCases: Array<[string, () => Float32Array[], number]> = [
    ['15: fs/4 at 0.5 FFS, 0°', () => sineAt(1 / 4, 0.5, 0, 3.2), -6],
    ['16: fs/4 at 0.5 FFS, 45°', () => sineAt(1 / 4, 0.5, 45, 3.2), -6],
    ['17: fs/6 at 0.5 FFS, 60°', () => sineAt(1 / 6, 0.5, 60, 3.2), -6],
    ['18: fs/8 at 0.5 FFS, 67.5°', () => sineAt(1 / 8, 0.5, 67.5, 3.2), -6],
    ['19: fs/4 at 1.41 FFS, 45°', () => sineAt(1 / 4, 1.41, 45, 3.2), 3],
    ['20: fs/6 with an fs/4 burst at 1.0, offset 0', () => burstCase(0), 0],
    ['21: offset 1', () => burstCase(1), 0],
    ['22: offset 2', () => burstCase(2), 0],
    ['23: offset 3', () => burstCase(3), 0],
  ];
  for (const [name, signal, expected] of truePeakCases) {
    it(`case ${name} reads TP = ${expected} dBTP +0.2/−0.4`, () => {
      const tp = truePeakDb(measureSamples(signal(), EBU_RATE));
      expect(tp).toBeGreaterThanOrEqual(expected - 0.4);
      expect(tp).toBeLessThanOrEqual(expected + 0.2);
    });
  }
});

describe('EBU Tech 3342 loudness range', () => {
  const cases: Array<[string, Array<[number, number]>, number]> = [
    [
      '1: −20 then −30 dBFS',
      [
        [20, -20],
        [20, -30],
      ],
      10,
    ],
    [
      '2: −20 then −15 dBFS',
      [
        [20, -20],
        [20, -15],
      ],
      5,
    ],
    [
      '3: −40 then −20 dBFS',
      [
        [20, -40],
        [20, -20],
      ],
      20,
    ],
    [
      '4: −50 / −35 / −20 / −35 / −50 dBFS',
      [
        [20, -50],
        [20, -35],
        [20, -20],
        [20, -35],
        [20, -50],
      ],
      15,
    ],
  ];
  for (const [name, parts, expected] of cases) {
    it(`case ${name} reads LRA = ${expected} ±1 LU`, () => {
      within(measure(stereoTones(parts)).loudnessRangeLu, expected, 1);
    });
  }
});

describe('BS.1770 calibration', () => {
  it('0 dBFS at 997 Hz on one channel reads −3.01 LKFS', () => {
    const rate = 48_000;
    const left = new Float32Array(rate * 10);
    for (let n = 0; n < left.length; n++) left[n] = Math.sin((2 * Math.PI * 997 * n) / rate);
    const r = measureSamples([left, new Float32Array(left.length)], rate);
    within(r.integratedLufs, -3.01, 0.01);
  });

  it('1 kHz at −18 dBFS in phase on both channels reads −18.0 LUFS at every common rate', () => {
    for (const rate of [32_000, 44_100, 48_000, 88_200, 96_000, 176_400, 192_000]) {
      const r = measureSamples(renderSegments(stereoTones([[5, -18]]), 2, rate), rate);
      within(r.integratedLufs, -18, 0.05);
    }
  });
});
