import type { AudioCodec, AudioContainer, HeaderProblemCode } from './audio-header.js';
import type { FileSource } from './file-source.js';
import { fourCc, hexBytes } from './text-field.js';

/** What the first bytes of a file say it is, and which reader (if any) reads it. */
export type Identified =
  | { reader: 'wav'; container: 'wav' | 'rf64' | 'bw64'; formatName: string }
  | { reader: 'aiff'; container: 'aiff' | 'aifc'; formatName: string }
  | { reader: 'flac'; start: number; formatName: string }
  | {
      reader: 'none';
      container: AudioContainer;
      codec: AudioCodec;
      formatName: string;
      code: HeaderProblemCode;
      message: string;
    };

/** The format a file's extension claims, for 'named .wav but ...' messages. */
export function formatOfExtension(extension: string): 'wav' | 'aiff' | 'flac' | undefined {
  switch (extension.toLowerCase()) {
    case 'wav':
    case 'wave':
    case 'bwf':
    case 'rf64':
    case 'bw64':
      return 'wav';
    case 'aif':
    case 'aiff':
    case 'aifc':
      return 'aiff';
    case 'flac':
      return 'flac';
    default:
      return undefined;
  }
}

/** Extensions of audio files, read even when their bytes turn out to be something else. */
export const AUDIO_EXTENSIONS = new Set([
  'wav',
  'wave',
  'bwf',
  'rf64',
  'bw64',
  'aif',
  'aiff',
  'aifc',
  'flac',
  'mp3',
  'mp2',
  'm4a',
  'mp4',
  'aac',
  'ogg',
  'oga',
  'opus',
  'wma',
  'caf',
  'w64',
  'wv',
  'ape',
  'dsf',
  'dff',
  'au',
  'snd',
  'alac',
  'mka',
  'webm',
  'amr',
]);

const SIGNATURES = { wav: 'RIFF, RF64 or BW64', aiff: 'FORM', flac: 'fLaC' } as const;

const unsupported = (
  formatName: string,
  message: string,
  container: AudioContainer = 'other',
): Identified => ({
  reader: 'none',
  container,
  codec: 'other',
  formatName,
  code: 'unsupported-format',
  message,
});

const lossy = (container: AudioContainer, formatName: string): Identified => ({
  reader: 'none',
  container,
  codec: 'lossy',
  formatName,
  code: 'lossy',
  message: `is ${formatName} audio: a lossy file is not a mix`,
});

const notAudio = (formatName: string): Identified => ({
  reader: 'none',
  container: 'other',
  codec: 'other',
  formatName,
  code: 'not-audio',
  message: `is ${formatName}, not an audio file`,
});

/** Identifies a file by its first bytes; `extension` only words the messages. */
export async function identifyFormat(source: FileSource, extension: string): Promise<Identified> {
  const head = source.head;
  const magic = fourCc(head, 0);
  const form = head.length >= 12 ? fourCc(head, 8) : '';

  if (magic === 'RIFF' || magic === 'RF64' || magic === 'BW64') {
    if (form === 'WAVE' || head.length < 12) {
      const container = magic === 'RIFF' ? 'wav' : magic === 'RF64' ? 'rf64' : 'bw64';
      return { reader: 'wav', container, formatName: container === 'wav' ? 'WAV' : magic };
    }
    return wrongOrOther(head, extension, `a RIFF file of type '${form}'`, 8);
  }
  if (magic === 'FORM') {
    if (form === 'AIFF') return { reader: 'aiff', container: 'aiff', formatName: 'AIFF' };
    if (form === 'AIFC') return { reader: 'aiff', container: 'aifc', formatName: 'AIFF-C' };
    if (head.length < 12) return { reader: 'aiff', container: 'aiff', formatName: 'AIFF' };
    if (form === '8SVX') {
      return unsupported('IFF 8SVX', 'is an Amiga 8SVX file; tapeop reads WAV, AIFF and FLAC');
    }
    return wrongOrOther(head, extension, `an IFF file of type '${form}'`, 8);
  }
  if (magic === 'fLaC') return { reader: 'flac', start: 0, formatName: 'FLAC' };
  if (magic.startsWith('ID3')) return identifyAfterId3(source, head);
  if (magic === 'OggS') return identifyOgg(head);
  if (head.length >= 8 && fourCc(head, 4) === 'ftyp') return identifyMp4(source);
  if (magic === 'RIFX') {
    return unsupported(
      'RIFX (big-endian WAV)',
      'is a big-endian RIFX file; tapeop reads little-endian WAV',
    );
  }
  if (magic === 'riff' && head.length >= 16 && head.readUInt32LE(4) === 0x11cf912e) {
    return unsupported(
      'Sony Wave64',
      'is a Sony Wave64 (W64) file; tapeop reads WAV, RF64, AIFF and FLAC',
    );
  }
  const other = KNOWN_MAGIC.find(([bytes]) => head.subarray(0, bytes.length).equals(bytes));
  if (other) return other[1];
  const mpeg = identifyMpegFrame(head, 0);
  if (mpeg) return mpeg;
  if (looksLikeText(head)) {
    const start = head.toString('utf8', 0, Math.min(head.length, 40)).replace(/\s+/g, ' ').trim();
    return {
      reader: 'none',
      container: 'other',
      codec: 'other',
      formatName: 'text',
      code: 'text-file',
      message: `is a text file, not audio (it starts with "${start}")`,
    };
  }
  return wrongOrOther(head, extension, 'not a format tapeop knows', 0);
}

function wrongOrOther(head: Buffer, extension: string, what: string, offset: number): Identified {
  const claimed = formatOfExtension(extension);
  if (claimed) {
    return {
      reader: 'none',
      container: 'other',
      codec: 'other',
      formatName: 'unknown',
      code: 'wrong-magic',
      message: `is named .${extension}, but its bytes at ${offset} (${hexBytes(head.subarray(offset), 4)}) are not the ${SIGNATURES[claimed]} signature of ${claimed.toUpperCase()}: it is ${what}`,
    };
  }
  return { ...(notAudio(what) as Extract<Identified, { reader: 'none' }>), formatName: 'unknown' };
}

const bytes = (...values: Array<number | string>): Buffer =>
  Buffer.concat(
    values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))),
  );

const KNOWN_MAGIC: Array<[Buffer, Identified]> = [
  [
    bytes('caff'),
    unsupported(
      'Core Audio Format (CAF)',
      'is a Core Audio Format (CAF) file; tapeop reads WAV, AIFF and FLAC',
    ),
  ],
  [bytes('wvpk'), unsupported('WavPack', 'is a WavPack file; tapeop reads WAV, AIFF and FLAC')],
  [
    bytes('MAC '),
    unsupported(
      "Monkey's Audio (APE)",
      "is a Monkey's Audio file; tapeop reads WAV, AIFF and FLAC",
    ),
  ],
  [
    bytes('TTA1'),
    unsupported('True Audio (TTA)', 'is a True Audio file; tapeop reads WAV, AIFF and FLAC'),
  ],
  [
    bytes('DSD '),
    unsupported(
      'DSD Stream File (DSF)',
      'is a DSD (DSF) file; tapeop reads PCM: WAV, AIFF and FLAC',
    ),
  ],
  [bytes('FRM8'), unsupported('DSDIFF', 'is a DSDIFF file; tapeop reads PCM: WAV, AIFF and FLAC')],
  [bytes('.snd'), unsupported('Sun AU', 'is a Sun AU file; tapeop reads WAV, AIFF and FLAC')],
  [bytes(0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11), lossy('other', 'Windows Media (ASF)')],
  [bytes('#!AMR'), lossy('other', 'AMR')],
  [
    bytes(0x1a, 0x45, 0xdf, 0xa3),
    unsupported('Matroska/WebM', 'is a Matroska/WebM file; tapeop reads WAV, AIFF and FLAC'),
  ],
  [bytes('MThd'), notAudio('a MIDI file')],
  [bytes('PK', 3, 4), notAudio('a ZIP archive')],
  [bytes('%PDF'), notAudio('a PDF document')],
  [bytes(0x89, 'PNG'), notAudio('a PNG image')],
  [bytes(0xff, 0xd8, 0xff), notAudio('a JPEG image')],
  [bytes('GIF8'), notAudio('a GIF image')],
  [bytes('Rar!'), notAudio('a RAR archive')],
  [bytes('7z', 0xbc, 0xaf), notAudio('a 7-Zip archive')],
];

/** An MPEG audio frame header (MP1/2/3) or an ADTS AAC header at `at`. */
function identifyMpegFrame(head: Buffer, at: number): Identified | undefined {
  if (at + 4 > head.length || head[at] !== 0xff || (head[at + 1]! & 0xe0) !== 0xe0)
    return undefined;
  const version = (head[at + 1]! >> 3) & 3;
  const layer = (head[at + 1]! >> 1) & 3;
  if (layer === 0) {
    // ADTS: 12-bit sync, then layer 00.
    return (head[at + 1]! & 0xf6) === 0xf0 ? lossy('aac', 'AAC (ADTS)') : undefined;
  }
  const bitrate = head[at + 2]! >> 4;
  const rate = (head[at + 2]! >> 2) & 3;
  if (version === 1 || bitrate === 15 || rate === 3) return undefined;
  if (layer === 1) return lossy('mp3', 'MP3');
  return lossy('other', layer === 2 ? 'MPEG Layer II' : 'MPEG Layer I');
}

async function identifyAfterId3(source: FileSource, head: Buffer): Promise<Identified> {
  if (head.length < 10) return lossy('mp3', 'MP3');
  // The tag size is "syncsafe": 7 bits per byte.
  const size =
    ((head[6]! & 0x7f) << 21) |
    ((head[7]! & 0x7f) << 14) |
    ((head[8]! & 0x7f) << 7) |
    (head[9]! & 0x7f);
  const footer = head[5]! & 0x10 ? 10 : 0;
  const after = 10 + size + footer;
  const next = await source.read(after, 4);
  if (next.toString('latin1') === 'fLaC')
    return { reader: 'flac', start: after, formatName: 'FLAC (with an ID3 tag)' };
  return identifyMpegFrame(next, 0) ?? lossy('mp3', 'MP3');
}

function identifyOgg(head: Buffer): Identified {
  const segments = head.length > 26 ? head[26]! : 0;
  const packet = head.subarray(27 + segments, 27 + segments + 8).toString('latin1');
  if (packet.startsWith('\x01vorbis')) return lossy('ogg', 'Ogg Vorbis');
  if (packet.startsWith('OpusHead')) return lossy('ogg', 'Ogg Opus');
  if (packet.startsWith('Speex')) return lossy('ogg', 'Ogg Speex');
  if (packet.startsWith('\x7fFLAC')) {
    return unsupported(
      'Ogg FLAC',
      'is FLAC inside an Ogg container; tapeop reads native FLAC (.flac)',
      'ogg',
    );
  }
  return unsupported('Ogg', 'is an Ogg file with a codec tapeop does not know', 'ogg');
}

/** MP4/M4A: the codec is in moov/trak/mdia/minf/stbl/stsd; AAC is lossy, ALAC is not. */
async function identifyMp4(source: FileSource): Promise<Identified> {
  const codec = await findMp4Codec(source);
  if (codec === 'mp4a') return lossy('aac', 'AAC (MP4)');
  if (codec === 'alac') {
    return unsupported(
      'Apple Lossless (ALAC)',
      'is Apple Lossless (ALAC) in an MP4 container; tapeop reads WAV, AIFF and FLAC',
    );
  }
  return unsupported(
    'MP4',
    `is an MP4 file${codec ? ` with '${codec}' audio` : ''}; tapeop reads WAV, AIFF and FLAC`,
  );
}

const MP4_PATH = ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd'];

async function findMp4Codec(source: FileSource): Promise<string | undefined> {
  let start = 0;
  let end = source.size;
  for (let depth = 0; depth < MP4_PATH.length; depth++) {
    const wanted = MP4_PATH[depth]!;
    let pos = start;
    let found = false;
    while (pos + 8 <= end) {
      const box = await source.read(pos, 16);
      if (box.length < 8) return undefined;
      let size = box.readUInt32BE(0);
      let headerSize = 8;
      if (size === 1 && box.length >= 16) {
        size = box.readUInt32BE(8) * 2 ** 32 + box.readUInt32BE(12);
        headerSize = 16;
      } else if (size === 0) size = end - pos;
      if (size < headerSize) return undefined;
      if (fourCc(box, 4) === wanted) {
        start = pos + headerSize;
        end = Math.min(end, pos + size);
        found = true;
        break;
      }
      pos += size;
    }
    if (!found) return undefined;
  }
  // stsd: version and flags (4), entry count (4), then the first entry: size (4), format (4).
  const entry = await source.read(start + 8, 8);
  return entry.length === 8 ? fourCc(entry, 4) : undefined;
}

/** No NUL bytes and almost no control characters in the first bytes: a text file. */
export function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  if (control / sample.length >= 0.02) return false;
  // Text is valid UTF-8 (allowing a character cut at the end of the sample) or mostly ASCII.
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    try {
      strictUtf8.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // try a shorter sample
    }
  }
  let high = 0;
  for (const b of sample) if (b >= 0x80) high++;
  return high / sample.length < 0.1;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
