import { TapeopError } from '@tapeop/core';
import { KernelEngine } from '../wasm/kernel-engine.js';
import { LoudnessMeter, type MeterResult } from './loudness-meter.js';
import { type MeasureOptions, meterSettings } from './meter-settings.js';

const BLOCK_FRAMES = 16_384;

export interface MeasureSamplesOptions extends MeasureOptions {
  /** Treat the samples as this format for the full-scale test (default 32-bit float). */
  sampleFormat?: 'int' | 'float';
  bitsPerSample?: number;
  /** Keep momentary and short-term loudness every 10 ms in `series`. */
  recordSeries?: boolean;
}

/**
 * Measures audio that is already in memory: one Float32Array per channel, all the same
 * length, at `sampleRate`. Non-finite samples are not expected here (a decoder reports them).
 */
export function measureSamples(
  channels: Float32Array[],
  sampleRate: number,
  options: MeasureSamplesOptions = {},
): MeterResult {
  const frames = channels[0]?.length ?? 0;
  if (channels.length === 0 || channels.some((c) => c.length !== frames)) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'measureSamples needs at least one channel, and every channel the same length',
    );
  }
  if (!(sampleRate >= 8000 && sampleRate <= 768_000)) {
    throw new TapeopError('INVALID_ARGUMENT', `sample rate ${sampleRate} Hz is out of range`);
  }
  const settings = meterSettings(
    {
      sampleRate,
      channels: channels.length,
      sampleFormat: options.sampleFormat ?? 'float',
      bitsPerSample: options.bitsPerSample ?? 32,
    },
    options,
  );
  if (options.recordSeries) settings.recordSeries = true;
  const engine = new KernelEngine(channels.length, BLOCK_FRAMES, 0);
  const meter = new LoudnessMeter(engine, settings);
  for (let start = 0; start < frames; start += BLOCK_FRAMES) {
    const count = Math.min(BLOCK_FRAMES, frames - start);
    channels.forEach((channel, c) => {
      engine.channel(c, count).set(channel.subarray(start, start + count));
    });
    meter.process(count);
  }
  return meter.finish();
}
