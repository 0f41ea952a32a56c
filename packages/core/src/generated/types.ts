// GENERATED FILE: do not edit. Run `npm run codegen` after changing the schema files.
// Source: packages/core/schema/adapter-manifest.schema.json, packages/core/schema/common.schema.json, packages/core/schema/marker.schema.json, packages/core/schema/note.schema.json, packages/core/schema/qc-report.schema.json, packages/core/schema/sequence.schema.json, packages/core/schema/session.schema.json, packages/core/schema/snapshot.schema.json, packages/core/schema/song.schema.json
/**
 * A well-known capability: songs.load (place the album's mixes), tracks.list, markers.read, markers.write, snapshot.capture, snapshot.apply, notes.read, notes.write (the DAW's project notes), transport (locate, play, stop), events (push DAW changes), project.offline-write and project.offline-read (project files without a running DAW).
 *
 * This interface was referenced by `AdapterManifest`'s JSON-Schema
 * via the `definition` "capability".
 */
export type Capability =
  | "songs.load"
  | "tracks.list"
  | "markers.read"
  | "markers.write"
  | "snapshot.capture"
  | "snapshot.apply"
  | "notes.read"
  | "notes.write"
  | "transport"
  | "events"
  | "project.offline-write"
  | "project.offline-read";
/**
 * A count or position in sample frames (one frame = one sample on every channel).
 */
export type Samples = number;
/**
 * A sample rate in Hz.
 */
export type SampleRate = number;
/**
 * A song's stable identifier inside its session: letters, digits, '.', '_' or '-', at most 64 characters.
 */
export type SongId = string;
/**
 * An International Standard Recording Code, stored normalized: 12 characters without hyphens, upper case (e.g. GBAAA2400001).
 */
export type Isrc = string;
/**
 * A UPC/EAN barcode stored as 13 digits (GTIN-13) with a valid check digit; a 12-digit UPC-A gets a leading 0.
 */
export type Ean = string;
/**
 * A sortable unique identifier (ULID: 26 characters of Crockford base32, time first).
 */
export type Ulid = string;
/**
 * A level in dB (LUFS, dBTP, dBFS or LU); null for silence or when it cannot be measured.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "level".
 */
export type QcLevel = number | null;
/**
 * A song and its integrated loudness; null when no song has a loudness.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "songLoudness".
 */
export type QcSongLoudness = {
  /**
   * The file.
   */
  path: string;
  /**
   * Its integrated loudness (LUFS).
   */
  integratedLufs: number;
} | null;

/**
 * What a DAW adapter is and what it can do. Callers ask for capabilities, never for a DAW by name.
 */
export interface AdapterManifest {
  /**
   * Document type and version.
   */
  schema: "AdapterManifest.1";
  /**
   * The name the adapter is registered under: lower-case letters, digits and '-', starting with a letter (e.g. 'reaper').
   */
  name: string;
  /**
   * The DAW it drives, as people call it (e.g. 'REAPER').
   */
  daw: string;
  /**
   * DAW versions it supports (e.g. '>=6.0', '7.x').
   */
  dawVersions?: string;
  /**
   * One sentence on how the adapter talks to the DAW.
   */
  description?: string;
  /**
   * How it talks to the DAW.
   */
  transports: ("http" | "osc" | "websocket" | "lua-bridge" | "file" | "in-memory")[];
  /**
   * What it can do.
   */
  capabilities: Capability[];
}
/**
 * A marker or region on the album timeline, as tapeop writes it to a DAW or reads it back.
 */
export interface Marker {
  /**
   * Document type and version.
   */
  schema: "Marker.1";
  /**
   * tapeop's identifier of the marker, stable across rewrites.
   */
  id?: string;
  /**
   * What the marker means: a CD track start (index 1), an index inside a track, a pause (index 0), the album metadata marker, a song region, a note, or anything else.
   */
  kind: "cd-track" | "cd-index" | "cd-pregap" | "album" | "region" | "note" | "generic";
  timeSamples: Samples;
  endSamples?: Samples;
  sampleRate: SampleRate;
  /**
   * The marker's name as shown in the DAW.
   */
  name?: string;
  songId?: SongId;
  /**
   * CD track number.
   */
  trackNumber?: number;
  /**
   * CD index number (0 pause, 1 track start, 2-99 inside the track).
   */
  indexNumber?: number;
  isrc?: Isrc;
  upc?: Ean;
  cdText?: CdText;
  daw?: DawMarkerIdentity;
}
/**
 * CD-Text fields (ISO-8859-1 on the disc). Fields left out are not written.
 */
export interface CdText {
  /**
   * Title of the album or track.
   */
  title?: string;
  /**
   * Performer(s).
   */
  performer?: string;
  /**
   * Songwriter(s).
   */
  songwriter?: string;
  /**
   * Composer(s).
   */
  composer?: string;
  /**
   * Arranger(s).
   */
  arranger?: string;
  /**
   * A message from the content provider or artist.
   */
  message?: string;
  /**
   * Genre of the disc (CD-Text pack 0x87; disc only): one of the CD-Text genres (e.g. 'Pop', 'Classical') or free text.
   */
  genre?: string;
  /**
   * Language of the disc's CD-Text block (disc only), as a name (e.g. 'English') or a BCP 47 code (e.g. 'en').
   */
  language?: string;
}
/**
 * How the DAW itself identifies a marker.
 *
 * This interface was referenced by `Marker`'s JSON-Schema
 * via the `definition` "dawIdentity".
 */
export interface DawMarkerIdentity {
  /**
   * Which DAW (e.g. 'reaper', 'ardour').
   */
  daw: string;
  /**
   * The DAW's stable identifier (REAPER marker GUID, Ardour location id).
   */
  guid?: string;
  /**
   * The number the DAW displays, which may change.
   */
  number?: number;
}
/**
 * One entry of a session's journal (notes.jsonl). Entries are never edited: an amendment or retraction is a new entry that refers to the original.
 */
export interface Note {
  /**
   * Document type and version.
   */
  schema: "Note.1";
  id: Ulid;
  /**
   * When the entry was written (ISO 8601).
   */
  time: string;
  /**
   * Who wrote it: a person, or a tool such as 'tapeop'.
   */
  author: string;
  /**
   * What the entry records.
   */
  kind: "note" | "change" | "client-request" | "decision" | "qc" | "delivery" | "version";
  scope: NoteScope;
  /**
   * The entry in plain words.
   */
  text: string;
  /**
   * For client requests: where the request stands.
   */
  status?: "open" | "done" | "wontfix";
  /**
   * For client requests: who asked.
   */
  requestedBy?: string;
  /**
   * Free labels for filtering.
   */
  tags?: string[];
  /**
   * The session version (milestone) the entry belongs to.
   */
  versionId?: string;
  links?: NoteLinks;
  /**
   * Structured data for tools (for example a snapshot diff or QC figures).
   */
  data?: {};
  amends?: Ulid;
  retracts?: Ulid;
}
/**
 * What a note is about.
 *
 * This interface was referenced by `Note`'s JSON-Schema
 * via the `definition` "scope".
 */
export interface NoteScope {
  /**
   * The kind of thing the note is about.
   */
  kind: "session" | "song" | "position" | "marker" | "snapshot";
  songId?: SongId;
  positionSamples?: Samples;
  sampleRate?: SampleRate;
  /**
   * The marker (required for 'marker').
   */
  markerId?: string;
  snapshotId?: Ulid;
}
/**
 * References from a note to other documents.
 *
 * This interface was referenced by `Note`'s JSON-Schema
 * via the `definition` "links".
 */
export interface NoteLinks {
  /**
   * Snapshot ids.
   */
  snapshots?: Ulid[];
  /**
   * Version ids.
   */
  versions?: string[];
  /**
   * Other entries.
   */
  notes?: Ulid[];
}
/**
 * The quality check of a set of mixes or masters (@tapeop/audio): each file's loudness, peak and mastering figures, checked against delivery targets, and the album's figures.
 */
export interface QcReport {
  /**
   * Document type and version.
   */
  schema: "QcReport.1";
  /**
   * When the report was made (ISO 8601).
   */
  createdAt: string;
  /**
   * What measured the files, e.g. '@tapeop/audio 0.1.0'.
   */
  generator?: string;
  /**
   * The delivery targets the files were checked against.
   */
  targets: QcTarget[];
  /**
   * One entry per file, in the order given.
   */
  files: QcFileResult[];
  album?: QcAlbumResult;
  summary: QcSummary;
}
/**
 * A delivery target: a format or a loudness and true-peak reference.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "target".
 */
export interface QcTarget {
  /**
   * Stable identifier of the target.
   */
  id: "cd" | "spotify" | "apple-music" | "youtube" | "ebu-r128";
  /**
   * The target as people call it.
   */
  name: string;
  /**
   * Where the figures come from: published by the owner, measured by others, or repeated without a primary source.
   */
  status: "official" | "measured" | "widely-repeated";
  /**
   * Loudness the target normalises or delivers to (LUFS).
   */
  integratedLufs?: number;
  /**
   * Allowed deviation from integratedLufs (LU), when the target has one.
   */
  toleranceLu?: number;
  /**
   * Highest true peak allowed or advised (dBTP).
   */
  maxTruePeakDbtp?: number;
  /**
   * Required sample rate (Hz).
   */
  sampleRate?: number;
  /**
   * Required bit depth.
   */
  bitsPerSample?: number;
  /**
   * Required channel count.
   */
  channels?: number;
  /**
   * Where the figures come from, in a sentence.
   */
  note?: string;
}
/**
 * The quality check of one file.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "fileResult".
 */
export interface QcFileResult {
  /**
   * The file as it was given.
   */
  path: string;
  songId?: SongId;
  /**
   * ok: analysed; failed: could not be read (see error).
   */
  status: "ok" | "failed";
  format?: QcFormat;
  figures?: QcFigures;
  /**
   * The checks, most severe first.
   */
  checks: QcCheck[];
  /**
   * Why the file could not be analysed (failed files).
   */
  error?: {
    /**
     * The TapeopError code.
     */
    code: string;
    /**
     * What went wrong, with the file and byte offset.
     */
    message: string;
    /**
     * What to do about it.
     */
    hint?: string;
  };
}
/**
 * The format facts of a file.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "format".
 */
export interface QcFormat {
  /**
   * wav, rf64, aiff, aifc or flac.
   */
  container: string;
  /**
   * How the samples are coded (pcm-int, pcm-float, flac).
   */
  codec: string;
  /**
   * The format for people, e.g. 'Broadcast Wave (BWF)'.
   */
  formatName: string;
  /**
   * Samples per second (Hz).
   */
  sampleRate: number;
  /**
   * Channel count.
   */
  channels: number;
  /**
   * Bits that carry audio.
   */
  bitsPerSample: number;
  /**
   * Integer or floating-point samples.
   */
  sampleFormat: "int" | "float";
  /**
   * Sample frames.
   */
  frames: number;
  /**
   * Length in seconds.
   */
  durationSec: number;
  /**
   * Channel roles used for the loudness weights (L, R, C, LFE, Ls, Rs, Lb, Rb, mono, other).
   */
  channelLayout: string[];
  /**
   * Size of the file in bytes.
   */
  fileSize: number;
}
/**
 * The measurements of one file (BS.1770-4/-5, EBU Tech 3341/3342).
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "figures".
 */
export interface QcFigures {
  integratedLufs: QcLevel;
  momentaryMaxLufs: QcLevel;
  shortTermMaxLufs: QcLevel;
  loudnessRangeLu: QcLevel;
  truePeakDbtp: QcLevel;
  /**
   * Oversampling used for the true peak.
   */
  truePeakOversampling: 1 | 2 | 4;
  samplePeakDbfs: QcLevel;
  clipping: QcClipping;
  /**
   * Mean sample value per channel, fraction of full scale.
   */
  dcOffset: number[];
  /**
   * Seconds before the first sample above the silence threshold.
   */
  headSilenceSec: number;
  /**
   * Seconds after the last sample above the silence threshold.
   */
  tailSilenceSec: number;
  /**
   * The silence threshold used (dBFS).
   */
  silenceThresholdDbfs: number;
  /**
   * Correlation of L and R, −1 to +1; null unless the first two channels are L and R.
   */
  correlation: number | null;
  plrDb: QcLevel;
  /**
   * NaN or infinite samples in a float file (measured as silence).
   */
  nonFiniteSamples: {
    /**
     * How many.
     */
    count: number;
    /**
     * The first frame that held one.
     */
    firstFrame: number | null;
  };
  /**
   * Figures per channel.
   */
  channels: QcChannelFigures[];
}
/**
 * Clipping: runs of consecutive full-scale samples.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "clipping".
 */
export interface QcClipping {
  /**
   * The level counted as full scale (dBFS).
   */
  thresholdDbfs: number;
  /**
   * Consecutive full-scale samples that make a run.
   */
  minRun: number;
  /**
   * Runs found.
   */
  runCount: number;
  /**
   * Samples at full scale, in runs or alone.
   */
  clippedSamples: number;
  /**
   * The first runs, with positions.
   */
  runs: QcClipRun[];
}
/**
 * Consecutive samples at full scale on one channel.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "clipRun".
 */
export interface QcClipRun {
  /**
   * 0-based channel index.
   */
  channel: number;
  /**
   * Frame of the first sample of the run.
   */
  startFrame: number;
  /**
   * Start of the run in seconds.
   */
  startSec: number;
  /**
   * Samples in the run.
   */
  length: number;
}
/**
 * Figures of one channel.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "channelFigures".
 */
export interface QcChannelFigures {
  /**
   * The channel's role (L, R, C, ...).
   */
  role: string;
  samplePeakDbfs: QcLevel;
  truePeakDbtp: QcLevel;
  rmsDbfs: QcLevel;
  /**
   * Mean sample value as a fraction of full scale.
   */
  dcOffset: number;
}
/**
 * One check of a file or the album.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "check".
 */
export interface QcCheck {
  /**
   * What was checked: 'clipping', 'true-peak-over', 'dc-offset', 'head', 'tail', 'non-finite', 'silent', 'phase', 'format', 'loudness', 'true-peak'.
   */
  id: string;
  /**
   * The target id, for target checks.
   */
  target?: string;
  /**
   * pass: fine; info: a fact worth knowing; warning: look at it; error: not deliverable as is.
   */
  severity: "pass" | "info" | "warning" | "error";
  /**
   * The finding in plain words.
   */
  message: string;
  value?: QcLevel;
  /**
   * The limit or target it was compared with.
   */
  limit?: number;
}
/**
 * Figures of the analysed files as one album.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "albumResult".
 */
export interface QcAlbumResult {
  /**
   * Files analysed.
   */
  fileCount: number;
  /**
   * Their total length in seconds.
   */
  durationSec: number;
  integratedLufs: QcLevel;
  loudnessRangeLu: QcLevel;
  truePeakDbtp: QcLevel;
  samplePeakDbfs: QcLevel;
  plrDb: QcLevel;
  loudest: QcSongLoudness;
  quietest: QcSongLoudness;
  spreadLu: QcLevel;
  /**
   * Checks of the album against the targets.
   */
  checks: QcCheck[];
}
/**
 * The outcome of all checks.
 *
 * This interface was referenced by `QcReport`'s JSON-Schema
 * via the `definition` "summary".
 */
export interface QcSummary {
  /**
   * error when any check is an error or a file failed; warning when any check warns; else pass.
   */
  verdict: "pass" | "warning" | "error";
  /**
   * Checks with severity error.
   */
  errors: number;
  /**
   * Checks with severity warning.
   */
  warnings: number;
  /**
   * Files that could not be analysed.
   */
  failedFiles: number;
}
/**
 * A mastering session: the album, its songs, their sequence and the milestones sent to the client. Stored as session.json in the session folder.
 */
export interface Session {
  /**
   * Document type and version.
   */
  schema: "Session.1";
  id: Ulid;
  /**
   * When the session was created.
   */
  createdAt?: string;
  /**
   * When the session document was last written.
   */
  updatedAt?: string;
  album: Album;
  client?: Person;
  engineer?: Person;
  sampleRate: SampleRate;
  /**
   * Allow mix paths outside the session folder (absolute, or leading out with '..'). Off unless the user turns it on.
   */
  allowExternalMedia?: boolean;
  /**
   * What the master is delivered as.
   */
  deliveryTargets?: DeliveryTarget[];
  /**
   * Every song of the session, sequenced or not.
   */
  songs: Song[];
  sequence: Sequence;
  /**
   * Named milestones such as 'v2 sent to client', oldest first.
   */
  versions?: Version[];
  ext?: Extensions;
}
/**
 * Release-level facts.
 *
 * This interface was referenced by `Session`'s JSON-Schema
 * via the `definition` "album".
 */
export interface Album {
  /**
   * Album title.
   */
  title: string;
  /**
   * Album artist (CD-Text performer of the disc).
   */
  artist?: string;
  /**
   * Record label.
   */
  label?: string;
  /**
   * The label's catalogue number.
   */
  catalogNumber?: string;
  upc?: Ean;
  /**
   * Planned release date (YYYY-MM-DD).
   */
  releaseDate?: string;
  /**
   * Genre (free text; CD-Text writers map it to their fixed list).
   */
  genre?: string;
  /**
   * Language of the release, as a name or a BCP 47 code (e.g. 'English', 'en').
   */
  language?: string;
  cdText?: CdText;
}
/**
 * A person or company involved in the session.
 *
 * This interface was referenced by `Session`'s JSON-Schema
 * via the `definition` "person".
 */
export interface Person {
  /**
   * Name.
   */
  name: string;
  /**
   * Company or studio.
   */
  company?: string;
  /**
   * E-mail address.
   */
  email?: string;
}
/**
 * One format the master is delivered in, with the limits it must meet.
 *
 * This interface was referenced by `Session`'s JSON-Schema
 * via the `definition` "deliveryTarget".
 */
export interface DeliveryTarget {
  /**
   * Kind of delivery.
   */
  kind: "cd" | "streaming" | "hi-res";
  /**
   * For streaming: the service whose normalization is targeted (e.g. 'spotify', 'apple-music', 'youtube', 'ebu-r128').
   */
  service?: string;
  /**
   * Target integrated loudness in LUFS (required for streaming).
   */
  loudnessLufs?: number;
  /**
   * Highest allowed true peak in dBTP.
   */
  truePeakDbtp?: number;
  sampleRate?: SampleRate;
  /**
   * Delivery bit depth.
   */
  bitDepth?: 16 | 24 | 32;
  /**
   * For CD: the longest programme the plant accepts, in CD frames (default 359849 = 79:57:74).
   */
  maxLengthFrames?: number;
}
/**
 * One song of the album: its credits and codes, the delivered mix it comes from, and the edits the mastering session applies to it.
 */
export interface Song {
  id: SongId;
  /**
   * The song's title as it should appear on the release.
   */
  title: string;
  /**
   * Performer, when it differs from the album artist.
   */
  performer?: string;
  /**
   * Songwriter credit (CD-Text).
   */
  songwriter?: string;
  /**
   * Composer credit (CD-Text).
   */
  composer?: string;
  /**
   * Arranger credit (CD-Text).
   */
  arranger?: string;
  isrc?: Isrc;
  /**
   * CD-Text message for this track.
   */
  cdTextMessage?: string;
  /**
   * The delivered mix's version label, as the studio named it (e.g. 'v3', 'Master v3').
   */
  versionLabel?: string;
  source?: MixSource;
  trim?: Trim;
  fadeIn?: Fade;
  fadeOut?: Fade;
  /**
   * Gain trim applied to the mix, in dB (0 = unchanged).
   */
  gainDb?: number;
  ext?: Extensions;
}
/**
 * A delivered mix file and the format facts read from its header.
 *
 * This interface was referenced by `Song`'s JSON-Schema
 * via the `definition` "mixSource".
 */
export interface MixSource {
  /**
   * Path of the file relative to the session folder, with '/' separators. Paths outside the folder are only valid when the session allows external media.
   */
  path: string;
  /**
   * SHA-256 of the whole file, lower-case hex.
   */
  sha256?: string;
  /**
   * File size in bytes when it was scanned.
   */
  sizeBytes?: number;
  /**
   * File container.
   */
  container: "wav" | "rf64" | "bw64" | "aiff" | "aifc" | "flac" | "mp3" | "aac" | "ogg" | "other";
  /**
   * How the samples are coded.
   */
  codec: "pcm-int" | "pcm-float" | "flac" | "lossy" | "other";
  sampleRate: SampleRate;
  /**
   * Bits per sample (e.g. 16, 24, 32).
   */
  bitDepth: number;
  /**
   * Number of channels.
   */
  channels: number;
  frames: Samples;
  /**
   * Length of the file in seconds (frames / sampleRate).
   */
  durationSec: number;
  /**
   * The file's modification time when it was scanned.
   */
  modifiedAt?: string;
}
/**
 * Samples cut from the mix, counted at the mix's own sample rate.
 *
 * This interface was referenced by `Song`'s JSON-Schema
 * via the `definition` "trim".
 */
export interface Trim {
  headSamples: Samples;
  tailSamples: Samples;
}
/**
 * A fade's length and curve.
 *
 * This interface was referenced by `Song`'s JSON-Schema
 * via the `definition` "fade".
 */
export interface Fade {
  /**
   * Length of the fade in seconds.
   */
  lengthSec: number;
  /**
   * Curve of the fade.
   */
  shape: "linear" | "equal-power" | "exponential" | "logarithmic" | "s-curve";
}
/**
 * Namespaced extras that tapeop carries without interpreting, keyed by a lower-case namespace such as 'reaper' or 'studio.example'.
 */
export interface Extensions {
  [k: string]: {} | undefined;
}
/**
 * The album order: which song plays when, with the gap or crossfade before each one. Absolute positions are derived from it (the timeline), never stored.
 */
export interface Sequence {
  /**
   * The songs in play order.
   */
  entries: SequenceEntry[];
}
/**
 * One song's place in the album.
 *
 * This interface was referenced by `Sequence`'s JSON-Schema
 * via the `definition` "entry".
 */
export interface SequenceEntry {
  songId: SongId;
  /**
   * Silence before the song, in seconds. On a CD this is the pause (index 0) before the track; for the first song it is the silence after the start of the album.
   */
  gapSec: number;
  /**
   * Overlap with the end of the previous song, in seconds. A song with a crossfade has no gap.
   */
  crossfadeSec?: number;
  /**
   * CD index marks inside the song (index 2 and up), in ascending order.
   */
  indexMarks?: IndexMark[];
  cdFlags?: CdFlags;
}
/**
 * A CD index inside a song.
 *
 * This interface was referenced by `Sequence`'s JSON-Schema
 * via the `definition` "indexMark".
 */
export interface IndexMark {
  /**
   * Index number (2-99; 0 is the pause and 1 the track start).
   */
  number: number;
  /**
   * Position from the start of the song, in seconds.
   */
  offsetSec: number;
  /**
   * What the index marks (e.g. 'Movement II').
   */
  name?: string;
}
/**
 * Q-channel control flags of a CD track.
 *
 * This interface was referenced by `Sequence`'s JSON-Schema
 * via the `definition` "cdFlags".
 */
export interface CdFlags {
  /**
   * The audio carries 50/15 µs pre-emphasis (FLAGS PRE).
   */
  preEmphasis?: boolean;
  /**
   * Digital copy permitted (FLAGS DCP).
   */
  copyPermitted?: boolean;
}
/**
 * A named milestone of the session, such as a master sent to the client.
 *
 * This interface was referenced by `Session`'s JSON-Schema
 * via the `definition` "version".
 */
export interface Version {
  /**
   * Short identifier (e.g. 'v2'); notes attach to it.
   */
  id: string;
  /**
   * What the milestone is (e.g. 'v2 sent to client').
   */
  name: string;
  /**
   * When the milestone was reached.
   */
  date: string;
  snapshotId?: Ulid;
}
/**
 * The recall state of a DAW session at one moment, in DAW-neutral terms: every track's levels, switches and plug-in chain, the master bus and the markers.
 */
export interface Snapshot {
  /**
   * Document type and version.
   */
  schema: "Snapshot.1";
  id: Ulid;
  /**
   * A label such as 'v2' or 'before client call'.
   */
  name?: string;
  /**
   * When the state was captured.
   */
  capturedAt: string;
  source: SnapshotSource;
  sampleRate?: SampleRate;
  /**
   * The tracks in the DAW's order.
   */
  tracks: TrackState[];
  master?: TrackState;
  /**
   * Markers and regions at capture time.
   */
  markers?: Marker[];
  ext?: Extensions;
}
/**
 * The DAW and project a snapshot comes from.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "source".
 */
export interface SnapshotSource {
  /**
   * DAW name (e.g. 'REAPER', 'Ardour').
   */
  daw: string;
  /**
   * DAW version as it reports it.
   */
  dawVersion?: string;
  /**
   * The tapeop adapter that captured it (e.g. 'reaper').
   */
  adapter: string;
  /**
   * Project name or path in the DAW.
   */
  project?: string;
}
/**
 * One track's recall state.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "track".
 */
export interface TrackState {
  /**
   * The DAW's stable identifier of the track (matched first when comparing snapshots).
   */
  guid?: string;
  /**
   * Track name.
   */
  name: string;
  /**
   * Position in the DAW's track list, from 0 (-1 for the master bus).
   */
  index: number;
  songId?: SongId;
  /**
   * Fader level in dB; null is silence (-inf dB).
   */
  volumeDb: number | null;
  /**
   * Pan from -1 (left) to 1 (right).
   */
  pan: number;
  /**
   * Stereo width from -1 (swapped) through 0 (mono) to 1 (normal).
   */
  width?: number;
  /**
   * Muted.
   */
  mute: boolean;
  /**
   * Soloed.
   */
  solo: boolean;
  /**
   * Polarity inverted.
   */
  phaseInvert: boolean;
  /**
   * The plug-in chain in signal order.
   */
  fx: FxState[];
  ext?: Extensions;
}
/**
 * One plug-in in a chain.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "fx".
 */
export interface FxState {
  /**
   * The DAW's identifier of this plug-in instance.
   */
  guid?: string;
  /**
   * Display name (e.g. 'Pro-Q 3').
   */
  name: string;
  plugin: PluginIdentity;
  /**
   * Processing (false when bypassed).
   */
  enabled: boolean;
  /**
   * Loaded but offline.
   */
  offline?: boolean;
  /**
   * Name of the loaded preset.
   */
  preset?: string;
  /**
   * Parameter values.
   */
  params: ParamState[];
  state?: PluginState;
}
/**
 * Identity of a plug-in, independent of one instance.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "plugin".
 */
export interface PluginIdentity {
  /**
   * The plug-in's identifier as its format defines it (VST3 class id, AU type/subtype/manufacturer, CLAP id, JS path, LV2 URI) or, when unknown, its name.
   */
  id: string;
  /**
   * Plug-in format; 'native' for the DAW's own processors.
   */
  format: "VST" | "VST3" | "AU" | "CLAP" | "JS" | "LV2" | "LADSPA" | "native";
  /**
   * Manufacturer.
   */
  vendor?: string;
  /**
   * Plug-in version.
   */
  version?: string;
}
/**
 * One parameter's value.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "param".
 */
export interface ParamState {
  /**
   * Parameter index in the plug-in.
   */
  index: number;
  /**
   * Parameter name.
   */
  name: string;
  /**
   * Value normalized to 0..1.
   */
  normalized: number;
  /**
   * The value as the plug-in displays it (e.g. '+1.5 dB').
   */
  formatted?: string;
  /**
   * Unit of the displayed value (e.g. 'dB', 'Hz', 'ms', '%').
   */
  unit?: string;
}
/**
 * An opaque state blob, valid only in the DAW it came from.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "state".
 */
export interface PluginState {
  /**
   * The DAW that produced the blob (e.g. 'reaper').
   */
  daw: string;
  /**
   * What the blob is (e.g. 'reaper-fx-chunk', 'vst3-state').
   */
  kind?: string;
  /**
   * How data is encoded.
   */
  encoding: "base64";
  /**
   * The blob.
   */
  data: string;
}
