import { basename } from 'node:path';
import {
  CD_BYTES_PER_FRAME,
  CD_SAMPLE_RATE,
  CD_SAMPLES_PER_FRAME,
  convertSampleRate,
  formatMsf,
  TapeopError,
} from '@tapeop/core';
import { type PcmStream, readAudioHeader, requireDecodable, type Timeline } from '@tapeop/session';
import { type PcmSegment, segmentsLength } from '../io/pcm-segments.js';

/**
 * The rendered master a deliverable is made from.
 * - `album`: one 44.1 kHz/16-bit stereo WAV (or AIFF) of the whole sequence, as the DAW
 *   rendered it. `leadIn` says where it starts: `'included'` (the default) from 00:00:00,
 *   track 1's 2-second pause included (a render of the whole project); `'excluded'` from
 *   track 1's index 1 (a render from the first song).
 * - `songs`: one file per song (by song id), each holding the song as it plays in the
 *   sequence (trims and fades applied); the pauses between them are written as digital
 *   silence. Songs that crossfade cannot be delivered this way.
 */
export type MasterAudio =
  | { kind: 'album'; path: string; leadIn?: 'included' | 'excluded' }
  | { kind: 'songs'; files: Record<string, string> };

export interface ProgrammeAudio {
  /** The disc's audio from 00:00:00, 16-bit little-endian stereo, at most up to the lead-out. */
  segments: PcmSegment[];
  /** Plain sentences about what was adjusted (a render a few samples long or short, ...). */
  notes: string[];
}

/** One CD frame: the tolerance between a render and the sequence, as the issue asks. */
const TOLERANCE = CD_SAMPLES_PER_FRAME;

/**
 * Reads the master's headers (with @tapeop/session's readAudioHeader, the one header reader),
 * checks that it is CD audio and as long as the timeline says, and returns the disc's audio as
 * segments. Every problem found is reported together, one sentence each.
 */
export async function programmeAudio(
  timeline: Timeline,
  master: MasterAudio,
): Promise<ProgrammeAudio> {
  const leadOutBytes = timeline.leadOutFrames * CD_BYTES_PER_FRAME;
  const to44 = (samples: number) => convertSampleRate(samples, timeline.sampleRate, CD_SAMPLE_RATE);
  const notes: string[] = [];
  const first = timeline.songs[0];
  if (!first)
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'The sequence has no songs; there is no disc to deliver',
    );

  if (master.kind === 'album') {
    const stream = await cdStream(master.path);
    const leadIn = master.leadIn ?? 'included';
    const leadInSamples = first.trackStartFrames * CD_SAMPLES_PER_FRAME;
    const albumEnd = to44(timeline.endSamples);
    const expected = leadIn === 'included' ? albumEnd : albumEnd - leadInSamples;
    const difference = stream.frames - expected;
    if (Math.abs(difference) > TOLERANCE) {
      const other = leadIn === 'included' ? albumEnd - leadInSamples : albumEnd;
      const suggestion =
        Math.abs(stream.frames - other) <= TOLERANCE
          ? leadIn === 'included'
            ? ` It is as long as the sequence from track 1's start (${formatMsf(first.trackStartFrames)}) to the end, so it seems rendered without the lead-in: give leadIn: 'excluded'.`
            : " It is as long as the sequence from 00:00:00, so it seems rendered with the lead-in: give leadIn: 'included'."
          : '';
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `${basename(master.path)} lasts ${duration(stream.frames)}, but the sequence runs ${duration(expected)} ${leadIn === 'included' ? 'from 00:00:00' : "from track 1's start"} to the end of the last song; they differ by ${seconds(Math.abs(difference))}, more than one CD frame.${suggestion}`,
        {
          details: {
            file: master.path,
            renderSamples: stream.frames,
            expectedSamples: expected,
            leadIn,
          },
          hint: 'Render the whole sequence again (every song, from the start of the album to the end of the last song), or fix the sequence to match the render.',
        },
      );
    }
    if (difference !== 0) {
      notes.push(
        `${basename(master.path)} is ${Math.abs(difference)} samples ${difference > 0 ? 'longer' : 'shorter'} than the sequence (less than one CD frame); ${difference > 0 ? 'anything past the lead-out is left out' : 'the last sector is filled with silence'}.`,
      );
    }
    const segments: PcmSegment[] =
      leadIn === 'excluded' ? [{ kind: 'silence', bytes: leadInSamples * 4 }] : [];
    const room = leadOutBytes - (leadIn === 'excluded' ? leadInSamples * 4 : 0);
    segments.push(fileSegment(master.path, stream, Math.min(stream.frames * 4, room)));
    return { segments: toProgrammeEnd(segments, albumEnd), notes };
  }

  const problems: string[] = [];
  const placed: Array<{ path: string; stream: PcmStream; at: number }> = [];
  for (const song of timeline.songs) {
    const label = `Track ${song.trackNumber} ("${song.title}")`;
    if (song.crossfadeSamples > 0) {
      problems.push(
        `${label} crossfades with the track before it, which separate song files cannot do; render the album master.`,
      );
      continue;
    }
    const path = master.files[song.songId];
    if (!path) {
      problems.push(`${label} has no master file (song id "${song.songId}").`);
      continue;
    }
    let stream: PcmStream;
    try {
      stream = await cdStream(path);
    } catch (error) {
      problems.push(error instanceof TapeopError ? error.message : String(error));
      continue;
    }
    const expected = to44(song.lengthSamples);
    if (Math.abs(stream.frames - expected) > TOLERANCE) {
      problems.push(
        `${label}: ${basename(path)} lasts ${duration(stream.frames)}, but the song plays ${duration(expected)} in the sequence; they differ by ${seconds(Math.abs(stream.frames - expected))}, more than one CD frame.`,
      );
      continue;
    }
    placed.push({ path, stream, at: to44(song.startSamples) });
  }
  if (problems.length > 0) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `The song masters do not fit the sequence:\n${problems.map((p) => `- ${p}`).join('\n')}`,
      {
        details: { problems },
        hint: 'Render each song as it plays in the sequence (trims and fades applied), or render the album master.',
      },
    );
  }
  const segments: PcmSegment[] = [];
  let cursor = 0;
  for (const { path, stream, at } of placed) {
    // A render a few samples long can reach into the next pause; it then moves the next song
    // by those samples, never by more than the one-frame tolerance already checked.
    const start = Math.max(at, cursor);
    if (start > cursor) segments.push({ kind: 'silence', bytes: (start - cursor) * 4 });
    const frames = Math.min(stream.frames, leadOutBytes / 4 - start);
    segments.push(fileSegment(path, stream, frames * 4));
    cursor = start + frames;
  }
  return { segments: toProgrammeEnd(segments, to44(timeline.endSamples)), notes };
}

/**
 * A render up to a frame short ends before the last song does: silence fills it to the end of
 * the programme, so the audio always reaches the last sector (which the image pads to its end).
 */
function toProgrammeEnd(segments: PcmSegment[], endSamples: number): PcmSegment[] {
  const missing = endSamples * 4 - segmentsLength(segments);
  return missing > 0 ? [...segments, { kind: 'silence', bytes: missing }] : segments;
}

/** The file's sample stream, refused unless it is 44.1 kHz, 16-bit integer, stereo PCM. */
async function cdStream(path: string): Promise<PcmStream> {
  const header = requireDecodable(await readAudioHeader(path));
  const stream = header.stream;
  const name = basename(path);
  if (
    stream.encoding !== 'pcm' ||
    stream.sampleFormat !== 'int' ||
    stream.bitsPerSample !== 16 ||
    stream.channels !== 2 ||
    stream.sampleRate !== CD_SAMPLE_RATE
  ) {
    const what =
      stream.encoding === 'pcm'
        ? `${stream.sampleRate / 1000} kHz, ${stream.bitsPerSample}-bit ${stream.sampleFormat === 'float' ? 'float' : 'integer'}, ${stream.channels === 1 ? 'mono' : stream.channels === 2 ? 'stereo' : `${stream.channels} channels`}`
        : `${header.formatName}`;
    throw new TapeopError(
      'UNSUPPORTED',
      `${name} is ${what}; a CD master is 44.1 kHz, 16-bit, stereo PCM`,
      {
        details: { file: path },
        hint: 'Render (or convert, with dither) the master to 44.1 kHz/16-bit stereo WAV.',
      },
    );
  }
  return stream;
}

function fileSegment(path: string, stream: PcmStream, bytes: number): PcmSegment {
  return { kind: 'file', path, offset: stream.dataOffset, bytes, byteOrder: stream.byteOrder };
}

function duration(samples: number): string {
  return `${formatMsf(Math.round(samples / CD_SAMPLES_PER_FRAME))} (${samples} samples)`;
}

function seconds(samples: number): string {
  return `${(samples / CD_SAMPLE_RATE).toFixed(3)} s`;
}
