// @tapeop/audio: decoding and measuring. BS.1770 loudness, true peak, loudness range and the
// mastering checks, over streamed WAV, AIFF and FLAC files.

export type { AlbumFigures, SongLoudness } from './analyze/album-figures.js';
export {
  type AlbumAnalysis,
  type AlbumEntry,
  type AlbumProgress,
  type AnalyzeAlbumOptions,
  analyzeAlbum,
  type FileFailure,
} from './analyze/analyze-album.js';
export {
  type AnalysisProgress,
  type AnalyzeFileOptions,
  analyzeFile,
} from './analyze/analyze-file.js';
export type {
  ChannelFigures,
  ClippingReport,
  ClipRun,
  FileAnalysis,
} from './analyze/file-analysis.js';
export { closeAnalysisWorkers } from './analyze/worker-pool.js';
export {
  type AudioBlock,
  type AudioFormat,
  type AudioReader,
  openAudio,
} from './decode/audio-reader.js';
export type { NonFiniteReport } from './decode/block-decoder.js';
export {
  type ChannelRole,
  channelLayoutFromMask,
  channelWeight,
  defaultChannelLayout,
} from './dsp/channel-weights.js';
export { integratedLoudness, loudnessRange } from './dsp/gating.js';
export { type Biquad, type KWeighting, kWeighting } from './dsp/k-weighting.js';
export {
  TRUE_PEAK_PHASES,
  truePeakOversampling,
} from './dsp/true-peak-filter.js';
export type { ClippingRun, MeterResult } from './measure/loudness-meter.js';
export { type MeasureSamplesOptions, measureSamples } from './measure/measure-samples.js';
export type { MeasureOptions } from './measure/meter-settings.js';
export {
  DEFAULT_TARGETS,
  DELIVERY_TARGETS,
  type TargetId,
} from './qc/delivery-targets.js';
export { type QcNotesOptions, qcReportToNotes } from './qc/qc-notes.js';
export { buildQcReport, type QcOptions } from './qc/qc-report.js';
export { formatQcReport } from './qc/qc-text.js';
