import { describe, expect, it } from 'vitest';
import { isTapeopError } from '../errors/tapeop-error.js';
import {
  CD_DEFAULT_MAX_FRAMES,
  CD_SAMPLES_PER_FRAME,
  CD_WARN_FRAMES,
  cdFramesToSamples,
  cdFramesToSeconds,
  formatMsf,
  parseMsf,
  samplesToCdFrames,
  secondsToCdAlignedSamples,
  secondsToCdFrames,
  snapToCdFrame,
} from './cd-frames.js';

describe('CD frames', () => {
  it('has 588 samples per frame at 44.1 kHz', () => {
    expect(CD_SAMPLES_PER_FRAME).toBe(588);
    expect(cdFramesToSamples(1, 44_100)).toBe(588);
    expect(cdFramesToSamples(75, 44_100)).toBe(44_100);
    expect(cdFramesToSamples(150, 44_100)).toBe(88_200);
    expect(samplesToCdFrames(88_200, 44_100)).toBe(150);
  });

  it('is exactly 640 samples at 48 kHz and 1280 at 96 kHz', () => {
    expect(cdFramesToSamples(1, 48_000)).toBe(640);
    expect(cdFramesToSamples(3, 96_000)).toBe(3840);
    expect(samplesToCdFrames(640 * 4500, 48_000)).toBe(4500);
  });

  it('rounds to the nearest frame by default, half away from zero', () => {
    expect(samplesToCdFrames(293, 44_100)).toBe(0);
    expect(samplesToCdFrames(294, 44_100)).toBe(1); // exactly half a frame
    expect(samplesToCdFrames(881, 44_100)).toBe(1);
    expect(samplesToCdFrames(882, 44_100)).toBe(2);
  });

  it('floors and ceils on request, without drifting on exact boundaries', () => {
    expect(samplesToCdFrames(587, 44_100, 'floor')).toBe(0);
    expect(samplesToCdFrames(588, 44_100, 'floor')).toBe(1);
    expect(samplesToCdFrames(589, 44_100, 'ceil')).toBe(2);
    expect(samplesToCdFrames(588, 44_100, 'ceil')).toBe(1);
    // 0.1 s at 48 kHz is 4800 samples = 7.5 frames
    expect(samplesToCdFrames(4800, 48_000, 'floor')).toBe(7);
    expect(samplesToCdFrames(4800, 48_000, 'ceil')).toBe(8);
  });

  it('snaps sample positions onto frame boundaries', () => {
    expect(snapToCdFrame(1000, 44_100)).toBe(1176);
    expect(snapToCdFrame(1000, 44_100, 'floor')).toBe(588);
    expect(snapToCdFrame(88_200, 44_100)).toBe(88_200);
    expect(snapToCdFrame(1000, 48_000)).toBe(1280);
    // 44.1k → frames are exact; 96k: a frame is 1280 samples
    expect(snapToCdFrame(2_000, 96_000)).toBe(2560);
  });

  it('converts seconds to frames and back', () => {
    expect(secondsToCdFrames(2)).toBe(150);
    expect(secondsToCdFrames(2.5)).toBe(188); // 187.5 rounds away from zero
    expect(secondsToCdFrames(2.5, 'floor')).toBe(187);
    expect(cdFramesToSeconds(150)).toBe(2);
    expect(secondsToCdAlignedSamples(2.5, 44_100)).toBe(188 * 588);
    expect(secondsToCdAlignedSamples(2, 48_000)).toBe(96_000);
  });

  it('formats MM:SS:FF', () => {
    expect(formatMsf(0)).toBe('00:00:00');
    expect(formatMsf(150)).toBe('00:02:00');
    expect(formatMsf(74)).toBe('00:00:74');
    expect(formatMsf(75 * 60 * 4 + 75 * 58 + 10)).toBe('04:58:10');
    expect(formatMsf(CD_WARN_FRAMES)).toBe('74:00:00');
    expect(formatMsf(CD_DEFAULT_MAX_FRAMES)).toBe('79:57:74');
    expect(formatMsf(100 * 60 * 75)).toBe('100:00:00');
  });

  it('refuses fractional or negative frame counts', () => {
    expect(() => formatMsf(1.5)).toThrow(/whole, non-negative/);
    expect(() => formatMsf(-1)).toThrow(/whole, non-negative/);
  });

  it('parses MM:SS:FF and round-trips every frame of the first ten minutes', () => {
    expect(parseMsf('04:58:10')).toBe(22_360);
    expect(parseMsf(' 79:57:74 ')).toBe(CD_DEFAULT_MAX_FRAMES);
    for (let frames = 0; frames < 10 * 60 * 75; frames += 7) {
      expect(parseMsf(formatMsf(frames))).toBe(frames);
    }
  });

  it.each([
    ['04:60:00', /seconds must be below 60/],
    ['04:58:75', /frames must be below 75/],
    ['4:58', /not a CD time/],
    ['04:58:1', /not a CD time/],
    ['', /not a CD time/],
    ['aa:bb:cc', /not a CD time/],
  ])('rejects %j', (text, message) => {
    try {
      parseMsf(text);
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'PARSE_ERROR')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
