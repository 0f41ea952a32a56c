// Where one file's time goes: CPU time (process.cpuUsage, less sensitive to a loaded machine
// than wall time) of each stage of the analysis of one file, in this thread. The meter's
// kernels are also run one by one over the same blocks, to show their share.
import { audioFormatOf, openBlockDecoder } from '../src/decode/audio-reader.js';
import { truePeakOversampling } from '../src/dsp/true-peak-filter.js';
import { LoudnessMeter } from '../src/measure/loudness-meter.js';
import { meterSettings } from '../src/measure/meter-settings.js';

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function stageProfile(path: string): Promise<string> {
  const times: Record<string, number> = {};
  const timed = (stage: string, work: () => void) => {
    const started = cpu();
    work();
    times[stage] = (times[stage] ?? 0) + cpu() - started;
  };
  const decoder = await openBlockDecoder(path);
  try {
    const format = audioFormatOf(decoder.header);
    const settings = meterSettings(
      {
        sampleRate: format.sampleRate,
        channels: format.channels,
        sampleFormat: format.sampleFormat,
        bitsPerSample: format.bitsPerSample,
        layout: format.channelLayout,
      },
      {},
    );
    const meter = new LoudnessMeter(decoder.engine, settings);
    const { engine } = decoder;
    const e = engine.exports;
    const oversampling = truePeakOversampling(format.sampleRate);
    const peaks = new Float32Array(format.channels);
    // K-weighting state of its own, so that the meter's is left alone.
    const kState = engine.kState + 96 * Math.ceil(format.channels / 2);
    for (;;) {
      let frames = 0;
      const started = cpu();
      frames = await decoder.next();
      times['read + decode'] = (times['read + decode'] ?? 0) + cpu() - started;
      if (frames === 0) break;
      const n = Math.ceil(frames / 4) * 4;
      timed('full meter', () => meter.process(frames));
      timed('  of which peaks, DC, RMS, clip counts, correlation', () => {
        if (format.channels === 2) {
          const [left, right] = engine.channelAddress as [number, number];
          e.stereo_stats(left, right, n, settings.clipThreshold, engine.scratch);
        } else {
          for (let c = 0; c < format.channels; c++)
            e.channel_stats(engine.channelAddress[c]!, n, settings.clipThreshold, engine.scratch);
        }
      });
      timed(`  of which true peak (${oversampling}×, pruned)`, () => {
        for (let c = 0; c < format.channels; c++) {
          if (oversampling === 4)
            peaks[c] = e.true_peak_4x(engine.channelAddress[c]!, n, peaks[c]!);
          if (oversampling === 2)
            peaks[c] = e.true_peak_2x(engine.channelAddress[c]!, n, peaks[c]!);
        }
      });
      if (format.channels >= 2) {
        timed('  of which K-weighting (f64)', () => {
          for (let c = 0; c + 1 < format.channels; c += 2)
            e.kweight_pair(
              engine.channelAddress[c]!,
              engine.channelAddress[c + 1]!,
              frames,
              engine.coefficients,
              kState,
              engine.scratch,
            );
        });
      }
    }
    meter.finish();
    return Object.entries(times)
      .map(([stage, ms]) => `${stage} ${ms.toFixed(0)} ms`)
      .join(', ');
  } finally {
    await decoder.close();
  }
}
