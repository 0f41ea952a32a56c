import type { MixSource } from '@tapeop/core';

/**
 * What `readAudioHeader` learns about one audio file without decoding it. This is the one
 * description of an audio file in tapeop: the scanner builds sessions from it, @tapeop/audio
 * streams samples with it, @tapeop/delivery checks rendered masters with it.
 *
 * A header is returned for every readable file, audio or not: what went wrong is in `problems`
 * (with byte offsets), and `stream` is present only when a decoder can read the samples.
 */
export interface AudioHeader {
  /** The path as it was given to `readAudioHeader`. */
  path: string;
  /** Size of the file in bytes when it was read. */
  fileSize: number;
  /** The container, in the words of the session schema (`MixSource.container`). */
  container: AudioContainer;
  /** How the samples are coded, in the words of the session schema (`MixSource.codec`). */
  codec: AudioCodec;
  /** A name for people: 'WAV', 'Broadcast Wave (BWF)', 'RF64', 'AIFF-C (sowt)', 'MP3', ... */
  formatName: string;
  /**
   * Everything a streaming decoder needs: where the samples are and how they are laid out.
   * Undefined when the file is not PCM or FLAC, or its format description is missing or broken.
   * It may be present together with error problems (e.g. a truncated file: `frames` then counts
   * only the frames the file really holds).
   */
  stream: AudioStream | undefined;
  /** The WAV `fmt ` chunk as written (WAV, RF64, BW64). */
  wavFormat?: WavFormat;
  /** The AIFF-C compression type and name (AIFF-C only). */
  aiffCompression?: AiffCompression;
  /** FLAC STREAMINFO (FLAC only). */
  flac?: FlacStreamInfo;
  /** The RF64/BW64 `ds64` chunk: the 64-bit sizes of files over 4 GiB. */
  ds64?: Ds64Chunk;
  /** The Broadcast Wave `bext` chunk (EBU Tech 3285). */
  bext?: BextChunk;
  /** The `iXML` chunk (production recorders' metadata). */
  ixml?: IxmlChunk;
  /** Text tags: WAV `LIST/INFO`, AIFF NAME/AUTH/(c)/ANNO chunks, or FLAC Vorbis comments. */
  info?: InfoTags;
  /** Every chunk (WAV, AIFF) or metadata block (FLAC) found, in file order. */
  chunks: ChunkEntry[];
  /** What is wrong with the file, most important first within each part of the file. */
  problems: HeaderProblem[];
}

export type AudioContainer = MixSource['container'];
export type AudioCodec = MixSource['codec'];

/** Common to PCM and FLAC streams. */
interface StreamBase {
  /** Samples per second, per channel (Hz). */
  sampleRate: number;
  channels: number;
  /** 'int' (two's complement), 'uint' (offset binary: 8-bit WAV, AIFF-C 'raw ') or 'float'. */
  sampleFormat: 'int' | 'uint' | 'float';
  /**
   * Bits each sample occupies in the container: 8, 16, 24, 32 or 64 for PCM (always a whole
   * number of bytes); the coded sample size for FLAC (4 to 32).
   */
  bitsPerSample: number;
  /**
   * Bits that carry audio (WAVE_FORMAT_EXTENSIBLE `wValidBitsPerSample`, AIFF `sampleSize`,
   * FLAC bits per sample). The bit depth of the mix; at most `bitsPerSample`.
   */
  validBitsPerSample: number;
  /** WAVE_FORMAT_EXTENSIBLE speaker mask (e.g. 0x3 = front left + front right), when given. */
  channelMask: number | undefined;
  /** Sample frames the file really holds (one frame = one sample on every channel). */
  frames: number;
  /** Sample frames the header promises; undefined when it does not say (FLAC total 0). */
  declaredFrames: number | undefined;
  /** `frames / sampleRate`. */
  durationSec: number;
  /** Byte offset of the first sample (PCM) or of the first audio frame (FLAC). */
  dataOffset: number;
  /** Bytes of sample data present in the file from `dataOffset` (never past the end of file). */
  dataLength: number;
}

/** Uncompressed samples, interleaved frame by frame, channel by channel. */
export interface PcmStream extends StreamBase {
  encoding: 'pcm';
  /** Byte order of each sample: WAV and AIFF-C 'sowt' are little-endian, AIFF is big-endian. */
  byteOrder: 'little' | 'big';
  /** Bytes of one sample of one channel (`bitsPerSample / 8`). */
  bytesPerSample: number;
  /** Bytes of one frame, all channels (`channels * bytesPerSample`). */
  blockAlign: number;
  /** Bytes of sample data the header promises (may exceed `dataLength` when truncated). */
  declaredDataLength: number;
}

/** A FLAC bitstream: frames start at `dataOffset`; details in `AudioHeader.flac`. */
export interface FlacStream extends StreamBase {
  encoding: 'flac';
}

export type AudioStream = PcmStream | FlacStream;

export interface WavFormat {
  /** Byte offset of the `fmt ` chunk header. */
  offset: number;
  /** `wFormatTag`: 1 PCM, 3 IEEE float, 0xFFFE WAVE_FORMAT_EXTENSIBLE, ... */
  formatTag: number;
  /** `wFormatTag` in words ('PCM', 'IEEE float', 'MPEG Layer 3', ...). */
  formatTagName: string;
  channels: number;
  sampleRate: number;
  /** `nAvgBytesPerSec` as written. */
  byteRate: number;
  /** `nBlockAlign` as written. */
  blockAlign: number;
  /** `wBitsPerSample` as written. */
  bitsPerSample: number;
  /** WAVE_FORMAT_EXTENSIBLE fields, when `formatTag` is 0xFFFE. */
  extensible?: {
    validBitsPerSample: number;
    channelMask: number;
    /** The sub-format GUID, e.g. '00000001-0000-0010-8000-00aa00389b71' (PCM). */
    subFormat: string;
    /** The format tag the sub-format stands for (1 PCM, 3 float), when it is a standard one. */
    subFormatTag: number | undefined;
  };
}

export interface AiffCompression {
  /** The four-character code: 'NONE', 'sowt', 'fl32', 'in24', ... */
  type: string;
  /** The name the writer gave it ('not compressed', ...). */
  name: string;
}

export interface FlacStreamInfo {
  minBlockSize: number;
  maxBlockSize: number;
  /** Smallest frame in bytes; 0 when the encoder did not know. */
  minFrameSize: number;
  /** Largest frame in bytes; 0 when the encoder did not know. */
  maxFrameSize: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Total samples per channel; 0 when the encoder did not know. */
  totalSamples: number;
  /** MD5 of the decoded samples, lower-case hex; undefined when the encoder left it zero. */
  md5: string | undefined;
  /** Byte offset of the first audio frame (after the last metadata block). */
  firstFrameOffset: number;
  /**
   * What the check of the file's last frame found: 'complete' (the last frame ends at the end
   * of file with a valid CRC), 'truncated', 'unverified' (the check was turned off or could not
   * find a frame), or 'not-checked' (no audio frames).
   */
  endCheck: 'complete' | 'truncated' | 'unverified' | 'not-checked';
}

export interface Ds64Chunk {
  offset: number;
  /** Size of the RIFF form (file size − 8). */
  riffSize: number;
  /** Size of the `data` chunk's content in bytes. */
  dataSize: number;
  /** Sample frames (the `fact` chunk's count). */
  sampleCount: number;
  /** Sizes of other chunks over 4 GiB, by chunk id. */
  table: Array<{ id: string; size: number }>;
}

/** Broadcast Wave `bext` (EBU Tech 3285). Texts are trimmed at the first NUL. */
export interface BextChunk {
  offset: number;
  description: string;
  originator: string;
  originatorReference: string;
  /** 'yyyy-mm-dd' as written. */
  originationDate: string;
  /** 'hh:mm:ss' as written. */
  originationTime: string;
  /** Samples since midnight of the first sample (the timecode of the recording). */
  timeReference: number;
  /** `timeReference / sampleRate`, when the sample rate is known. */
  timeReferenceSec: number | undefined;
  version: number;
  /** The SMPTE UMID as hex, when it is not all zeros. */
  umid: string | undefined;
  /** Version 2 loudness fields, when set (EBU R 128 values). */
  loudness?: {
    integratedLufs: number | undefined;
    rangeLu: number | undefined;
    maxTruePeakDbtp: number | undefined;
    maxMomentaryLufs: number | undefined;
    maxShortTermLufs: number | undefined;
  };
  codingHistory: string;
}

export interface IxmlChunk {
  offset: number;
  /** Size of the chunk's content in bytes. */
  size: number;
  /** The XML text, cut at `maxTextBytes` (see `truncated`). */
  text: string;
  /** True when `text` holds only the first `maxTextBytes` bytes. */
  truncated: boolean;
}

export interface InfoTags {
  /** Where the tags came from. */
  kind: 'riff-info' | 'aiff-text' | 'vorbis-comment';
  offset: number;
  /**
   * Tag id to text: RIFF ids ('INAM' title, 'IART' artist, 'ICMT' comment, 'ICRD' date,
   * 'ISFT' software, ...), AIFF chunk ids ('NAME', 'AUTH', '(c) ', 'ANNO'), or Vorbis comment
   * field names in upper case ('TITLE', 'ARTIST', 'ISRC', ...). Repeated tags are joined with '; '.
   */
  tags: Record<string, string>;
}

export interface ChunkEntry {
  /** Four-character chunk id ('fmt ', 'data', 'LIST', 'COMM', ...) or FLAC block type name. */
  id: string;
  /** Byte offset of the chunk header. */
  offset: number;
  /** Size of the chunk's content in bytes, as resolved (ds64 sizes applied). */
  size: number;
  /** For LIST chunks: the list type ('INFO', 'adtl', ...). */
  listType?: string;
}

export type HeaderProblemCode =
  /** The file has no bytes. */
  | 'empty'
  /** A text file (notes, HTML, a download error page) with an audio file name. */
  | 'text-file'
  /** Not an audio file (an archive, an image, unknown bytes). */
  | 'not-audio'
  /** Named as one format but its first bytes are not that format's signature. */
  | 'wrong-magic'
  /** The header promises more audio than the file holds. */
  | 'truncated'
  /** A chunk or metadata block runs past the end of the file. */
  | 'chunk-past-end'
  /** Bytes that should start a chunk do not. */
  | 'invalid-chunk'
  /** A required chunk (fmt, data, COMM, SSND, ds64, STREAMINFO) is missing. */
  | 'missing-chunk'
  /** A format description with impossible values. */
  | 'invalid-format'
  /** An audio format tapeop recognizes but does not read (ADPCM WAV, CAF, ALAC, ...). */
  | 'unsupported-format'
  /** A lossy format (MP3, AAC, Ogg Vorbis, Opus): not a mix. */
  | 'lossy'
  /** Sizes that disagree but leave the audio readable (a RIFF size off, a wrapped 4 GiB size, ...). */
  | 'size-mismatch'
  /** An odd-sized chunk written without its pad byte. */
  | 'missing-pad-byte';

export interface HeaderProblem {
  code: HeaderProblemCode;
  /** 'error': the audio cannot be used as delivered; 'warning': usable, but look at it. */
  severity: 'error' | 'warning';
  /** Byte offset in the file where the problem is, when there is one place. */
  offset: number | undefined;
  /** A sentence in plain words (without the file name; the caller adds it). */
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** A header whose samples a decoder can read. */
export type DecodableAudioHeader = AudioHeader & { stream: AudioStream };

/** True when the header has a stream and no error problem. */
export function isDecodable(header: AudioHeader): header is DecodableAudioHeader {
  return header.stream !== undefined && !header.problems.some((p) => p.severity === 'error');
}
