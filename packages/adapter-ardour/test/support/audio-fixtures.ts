import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WavSpec {
  sampleRate: number;
  channels: number;
  frames: number;
  /** The sample value (-1..1) of one frame and channel. */
  sample: (frame: number, channel: number) => number;
}

/** Writes a 24-bit PCM WAV file: the test mixes are made in code, sample by sample. */
export async function writeWav(path: string, spec: WavSpec): Promise<void> {
  const bytesPerSample = 3;
  const dataSize = spec.frames * spec.channels * bytesPerSample;
  const buffer = Buffer.alloc(44 + dataSize);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + dataSize, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(spec.channels, 22);
  buffer.writeUInt32LE(spec.sampleRate, 24);
  buffer.writeUInt32LE(spec.sampleRate * spec.channels * bytesPerSample, 28);
  buffer.writeUInt16LE(spec.channels * bytesPerSample, 32);
  buffer.writeUInt16LE(24, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(dataSize, 40);
  let offset = 44;
  for (let frame = 0; frame < spec.frames; frame++) {
    for (let channel = 0; channel < spec.channels; channel++) {
      const value = Math.max(-1, Math.min(1, spec.sample(frame, channel)));
      buffer.writeIntLE(Math.round(value * 8_388_607), offset, 3);
      offset += 3;
    }
  }
  await writeFile(path, buffer);
}

/**
 * Decodes a rendered file with sox (an independent reference, installed by .ci/run) into one
 * Float32Array per channel.
 */
export async function decodeWithSox(
  path: string,
): Promise<{ channels: Float32Array[]; sampleRate: number }> {
  const info = await run('sox', ['--i', '-c', path]);
  const channelCount = Number(info.stdout.trim());
  const rate = await run('sox', ['--i', '-r', path]);
  const { stdout } = await run('sox', [path, '-t', 'f32', '-e', 'floating-point', '-L', '-'], {
    encoding: 'buffer',
    maxBuffer: 1 << 30,
  });
  const interleaved = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
  const frames = interleaved.length / channelCount;
  const channels = Array.from({ length: channelCount }, (_, c) => {
    const out = new Float32Array(frames);
    for (let i = 0; i < frames; i++) out[i] = interleaved[i * channelCount + c]!;
    return out;
  });
  return { channels, sampleRate: Number(rate.stdout.trim()) };
}

/** Frames where the signal jumps above `threshold` after at least `quiet` frames of silence. */
export function findOnsets(signal: Float32Array, threshold = 0.05, quiet = 1000): number[] {
  const onsets: number[] = [];
  let silent = quiet;
  for (let i = 0; i < signal.length; i++) {
    if (Math.abs(signal[i]!) > threshold) {
      if (silent >= quiet) onsets.push(i);
      silent = 0;
    } else silent++;
  }
  return onsets;
}
