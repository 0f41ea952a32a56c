import {
  currentSchemaTag,
  formatDb,
  type QcCheck,
  type QcFileResult,
  type QcReport,
  type QcTarget,
} from '@tapeop/core';
import type { AlbumFigures } from '../analyze/album-figures.js';
import type { AlbumAnalysis } from '../analyze/analyze-album.js';
import type { FileAnalysis } from '../analyze/file-analysis.js';
import {
  DEFAULT_TARGETS,
  DELIVERY_TARGETS,
  SPOTIFY_LOUD_MASTER_MAX_TRUE_PEAK,
  type TargetId,
} from './delivery-targets.js';

export interface QcOptions {
  /** Targets to check against (default: Spotify, Apple Music, YouTube). */
  targets?: TargetId[];
  /** Less silence than this before the audio starts is a cut head (default 0.01 s). */
  minHeadSilenceSec?: number;
  /** Less silence than this after the audio ends is a cut tail (default 0.05 s). */
  minTailSilenceSec?: number;
  /** A DC offset above this level is reported (default −60 dBFS, i.e. 0.1 % of full scale). */
  dcOffsetLimitDbfs?: number;
  /** The session's song id of each path, carried into the report and the notes. */
  songIds?: Record<string, string>;
  /** The report's time (default now). */
  createdAt?: Date;
  generator?: string;
}

const DEFAULT_MIN_HEAD = 0.01;
const DEFAULT_MIN_TAIL = 0.05;
const DEFAULT_DC_LIMIT_DBFS = -60;

const severityOrder: Record<QcCheck['severity'], number> = {
  error: 0,
  warning: 1,
  info: 2,
  pass: 3,
};

const statusWords: Record<QcTarget['status'], string> = {
  official: 'official',
  measured: 'measured by others, not published',
  'widely-repeated': 'widely repeated, not published',
};

const db = (value: number, unit: string) => formatDb(value, { unit });
const clock = (seconds: number) => {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(3).padStart(6, '0')}`;
};

/** The gain a normalising service applies, and a sentence about it. */
function normalisation(
  target: QcTarget,
  integrated: number,
  truePeak: number | null,
  what: string,
): QcCheck {
  const goal = target.integratedLufs!;
  let gain = goal - integrated;
  let limited = '';
  if (gain > 0 && target.id === 'spotify' && truePeak !== null) {
    // Spotify raises quiet songs only as far as 1 dB below their true peak.
    const room = -1 - truePeak;
    if (room < gain) {
      gain = Math.max(0, room);
      limited = `, held back by its true peak (Spotify raises only to 1 dB below it)`;
    }
  }
  if (gain > 0 && target.id === 'youtube') {
    gain = 0;
    limited = ' (YouTube does not raise quiet uploads)';
  }
  const rounded = Math.round(gain * 10) / 10;
  const effect =
    rounded === 0
      ? `plays ${what} at its own level`
      : rounded < 0
        ? `turns ${what} down by ${Math.abs(rounded).toFixed(1)} dB`
        : `turns ${what} up by ${rounded.toFixed(1)} dB`;
  return {
    id: 'loudness',
    target: target.id,
    severity: 'info',
    message: `${target.name} ${effect}${limited} (reference ${db(goal, 'LUFS')}, ${statusWords[target.status]})`,
    value: Math.round(integrated * 100) / 100,
    limit: goal,
  };
}

function targetChecks(target: QcTarget, file: FileAnalysis): QcCheck[] {
  const checks: QcCheck[] = [];
  const { integratedLufs: integrated, truePeakDbtp: truePeak, format } = file;
  if (target.id === 'cd') {
    const ok =
      format.sampleRate === target.sampleRate &&
      format.bitsPerSample === target.bitsPerSample &&
      format.sampleFormat === 'int' &&
      format.channels === target.channels;
    const described = `${format.sampleRate / 1000} kHz, ${format.bitsPerSample}-bit${format.sampleFormat === 'float' ? ' float' : ''}, ${format.channels === 2 ? 'stereo' : `${format.channels} channels`}`;
    checks.push({
      id: 'format',
      target: 'cd',
      severity: ok ? 'pass' : 'error',
      message: ok
        ? 'CD format: 44.1 kHz, 16-bit, stereo'
        : `is ${described}; a CD master must be 44.1 kHz, 16-bit, stereo (convert the rate and dither to 16 bits)`,
    });
    return checks;
  }
  if (integrated === null) return checks;
  if (target.toleranceLu !== undefined && target.integratedLufs !== undefined) {
    const off = integrated - target.integratedLufs;
    const ok = Math.abs(off) <= target.toleranceLu;
    checks.push({
      id: 'loudness',
      target: target.id,
      severity: ok ? 'pass' : 'error',
      message: `${target.name}: ${db(integrated, 'LUFS')} is ${ok ? 'within' : 'outside'} ${db(target.integratedLufs, 'LUFS')} ±${target.toleranceLu} LU (${statusWords[target.status]})`,
      value: integrated,
      limit: target.integratedLufs,
    });
  } else if (target.integratedLufs !== undefined) {
    checks.push(normalisation(target, integrated, truePeak, 'it'));
  }
  if (target.maxTruePeakDbtp !== undefined && truePeak !== null) {
    let limit = target.maxTruePeakDbtp;
    let status = statusWords[target.status];
    if (
      target.id === 'spotify' &&
      integrated > (target.integratedLufs ?? 0) &&
      truePeak > SPOTIFY_LOUD_MASTER_MAX_TRUE_PEAK
    ) {
      limit = SPOTIFY_LOUD_MASTER_MAX_TRUE_PEAK;
      status = `${statusWords['widely-repeated']}, for masters louder than −14 LUFS`;
    }
    const over = truePeak > limit;
    checks.push({
      id: 'true-peak',
      target: target.id,
      severity: over ? (target.id === 'ebu-r128' ? 'error' : 'warning') : 'pass',
      message: `${target.name}: true peak ${db(truePeak, 'dBTP')} is ${over ? 'above' : 'within'} ${db(limit, 'dBTP')} (${status})`,
      value: truePeak,
      limit,
    });
  }
  return checks;
}

function fileChecks(file: FileAnalysis, options: QcOptions): QcCheck[] {
  const checks: QcCheck[] = [];
  const roles = file.format.channelLayout;
  if (file.integratedLufs === null) {
    checks.push({
      id: 'silent',
      severity: 'error',
      message: 'no audio above −70 LUFS: the file is silent',
    });
  }
  if (file.nonFiniteSamples.count > 0) {
    checks.push({
      id: 'non-finite',
      severity: 'error',
      message: `${file.nonFiniteSamples.count} NaN or infinite sample(s), the first at ${clock((file.nonFiniteSamples.firstFrame ?? 0) / file.format.sampleRate)} (measured as silence); the render is broken`,
      value: file.nonFiniteSamples.count,
    });
  }
  const { clipping } = file;
  if (clipping.runCount > 0) {
    const first = clipping.runs[0];
    checks.push({
      id: 'clipping',
      severity: 'error',
      message: `${clipping.runCount} clipping run(s) of ${clipping.minRun} or more full-scale samples${first ? `, the first at ${clock(first.startSec)} on ${roles[first.channel] ?? `channel ${first.channel + 1}`} (${first.length} samples)` : ''}`,
      value: clipping.runCount,
      limit: 0,
    });
  } else if (clipping.clippedSamples > 0) {
    checks.push({
      id: 'clipping',
      severity: 'info',
      message: `${clipping.clippedSamples} sample(s) at full scale, none in a run of ${clipping.minRun}`,
      value: clipping.clippedSamples,
    });
  } else {
    checks.push({ id: 'clipping', severity: 'pass', message: 'no samples at full scale' });
  }
  if (file.truePeakDbtp !== null && file.truePeakDbtp > 0) {
    checks.push({
      id: 'true-peak-over',
      severity: 'warning',
      message: `true peak ${db(file.truePeakDbtp, 'dBTP')}: inter-sample peaks above full scale will clip in a DAC or a lossy encode`,
      value: file.truePeakDbtp,
      limit: 0,
    });
  }
  const dcLimit = 10 ** ((options.dcOffsetLimitDbfs ?? DEFAULT_DC_LIMIT_DBFS) / 20);
  const worstDc = file.dcOffset.reduce(
    (worst, value, c) => (Math.abs(value) > Math.abs(worst.value) ? { value, c } : worst),
    { value: 0, c: 0 },
  );
  if (Math.abs(worstDc.value) > dcLimit) {
    checks.push({
      id: 'dc-offset',
      severity: 'warning',
      message: `DC offset of ${(worstDc.value * 100).toFixed(3)} % of full scale (${db(20 * Math.log10(Math.abs(worstDc.value)), 'dBFS')}) on ${roles[worstDc.c] ?? `channel ${worstDc.c + 1}`}`,
      value: Math.round(20 * Math.log10(Math.abs(worstDc.value)) * 100) / 100,
      limit: options.dcOffsetLimitDbfs ?? DEFAULT_DC_LIMIT_DBFS,
    });
  }
  const duration = file.format.durationSec;
  if (file.integratedLufs !== null && file.headSilenceSec < duration) {
    const minHead = options.minHeadSilenceSec ?? DEFAULT_MIN_HEAD;
    if (file.headSilenceSec < minHead) {
      checks.push({
        id: 'head',
        severity: 'warning',
        message: `the audio starts ${(file.headSilenceSec * 1000).toFixed(0)} ms into the file (under ${minHead * 1000} ms): the first attack may be cut`,
        value: file.headSilenceSec,
        limit: minHead,
      });
    }
    const minTail = options.minTailSilenceSec ?? DEFAULT_MIN_TAIL;
    if (file.tailSilenceSec < minTail) {
      checks.push({
        id: 'tail',
        severity: 'warning',
        message: `the audio runs to ${(file.tailSilenceSec * 1000).toFixed(0)} ms before the end (under ${minTail * 1000} ms): the tail may be cut off`,
        value: file.tailSilenceSec,
        limit: minTail,
      });
    }
  }
  if (file.correlation !== null && file.correlation < 0) {
    checks.push({
      id: 'phase',
      severity: 'warning',
      message: `L and R are out of phase (correlation ${file.correlation.toFixed(2)}): the mono sum loses level`,
      value: file.correlation,
      limit: 0,
    });
  }
  return checks;
}

function albumChecks(album: AlbumFigures, targets: QcTarget[]): QcCheck[] {
  const checks: QcCheck[] = [];
  if (album.integratedLufs === null) return checks;
  for (const target of targets) {
    if (target.integratedLufs === undefined || target.toleranceLu !== undefined) continue;
    if (target.id === 'youtube') continue; // no album mode
    checks.push(normalisation(target, album.integratedLufs, album.truePeakDbtp, 'the album'));
  }
  return checks;
}

const bySeverity = (a: QcCheck, b: QcCheck) =>
  severityOrder[a.severity] - severityOrder[b.severity];

/**
 * The QC report (a QcReport.1 document) of analysed files: each file checked for clipping,
 * inter-sample overs, DC offset, cut heads and tails, phase, broken samples, and against the
 * delivery targets; the album checked as a whole where services have an album mode.
 */
export function buildQcReport(analysis: AlbumAnalysis, options: QcOptions = {}): QcReport {
  const targets = (options.targets ?? DEFAULT_TARGETS).map((id) => DELIVERY_TARGETS[id]);
  let errors = 0;
  let warnings = 0;
  let failedFiles = 0;
  const count = (checks: QcCheck[]) => {
    for (const c of checks) {
      if (c.severity === 'error') errors++;
      if (c.severity === 'warning') warnings++;
    }
  };
  const files: QcFileResult[] = analysis.files.map((entry) => {
    const songId = options.songIds?.[entry.path];
    if (entry.status === 'failed') {
      failedFiles++;
      return {
        path: entry.path,
        ...(songId ? { songId } : {}),
        status: 'failed',
        checks: [],
        error: {
          code: entry.error.code,
          message: entry.error.message,
          ...(entry.error.hint ? { hint: entry.error.hint } : {}),
        },
      };
    }
    const { status: _status, path, format, ...figures } = entry;
    const checks = [
      ...fileChecks(entry, options),
      ...targets.flatMap((t) => targetChecks(t, entry)),
    ].sort(bySeverity);
    count(checks);
    return {
      path,
      ...(songId ? { songId } : {}),
      status: 'ok',
      format,
      figures,
      checks,
    };
  });
  const report: QcReport = {
    schema: currentSchemaTag('QcReport') as 'QcReport.1',
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    generator: options.generator ?? '@tapeop/audio',
    targets,
    files,
    summary: { verdict: 'pass', errors: 0, warnings: 0, failedFiles: 0 },
  };
  if (analysis.album) {
    const checks = albumChecks(analysis.album, targets).sort(bySeverity);
    count(checks);
    report.album = { ...analysis.album, checks };
  }
  report.summary = {
    verdict: errors > 0 || failedFiles > 0 ? 'error' : warnings > 0 ? 'warning' : 'pass',
    errors,
    warnings,
    failedFiles,
  };
  return report;
}
