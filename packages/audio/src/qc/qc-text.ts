import { basename } from 'node:path';
import { formatClock, formatDb, type QcCheck, type QcReport } from '@tapeop/core';

const marks: Record<QcCheck['severity'], string> = {
  error: '✗',
  warning: '!',
  info: '·',
  pass: '✓',
};

/** A signed level (LUFS, dBTP, dBFS); silence reads −∞. */
const level = (value: number | null, unit: string) =>
  value === null ? `−∞ ${unit}` : formatDb(value, { unit });
/** A range or ratio (LU, dB), never signed. */
const amount = (value: number | null, unit: string) =>
  value === null ? 'n/a' : `${value.toFixed(1)} ${unit}`;

/**
 * The QC report as a short text for people: one headline per file with its figures, then its
 * findings (errors and warnings always; passes and facts only with `verbose`).
 */
export function formatQcReport(report: QcReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const shown = (c: QcCheck) =>
    options.verbose || c.severity === 'error' || c.severity === 'warning' || c.severity === 'info';
  lines.push(
    `QC of ${report.files.length} file${report.files.length === 1 ? '' : 's'} · targets: ${report.targets.map((t) => t.name).join(', ') || 'none'}`,
  );
  for (const file of report.files) {
    const name = basename(file.path);
    if (file.status === 'failed') {
      lines.push(
        '',
        `${marks.error} ${name}: not analysed: ${file.error?.message ?? 'unknown error'}`,
      );
      if (file.error?.hint) lines.push(`    ${file.error.hint}`);
      continue;
    }
    const f = file.figures!;
    const fmt = file.format!;
    lines.push(
      '',
      `${name}  ${fmt.sampleRate / 1000} kHz ${fmt.bitsPerSample}-bit ${fmt.channels === 1 ? 'mono' : fmt.channels === 2 ? 'stereo' : `${fmt.channels} ch`}  ${formatClock(fmt.durationSec)}`,
      `  I ${level(f.integratedLufs, 'LUFS')}  TP ${level(f.truePeakDbtp, 'dBTP')}  LRA ${amount(f.loudnessRangeLu, 'LU')}  PLR ${amount(f.plrDb, 'dB')}  M max ${level(f.momentaryMaxLufs, 'LUFS')}  S max ${level(f.shortTermMaxLufs, 'LUFS')}`,
    );
    for (const check of file.checks.filter(shown))
      lines.push(`  ${marks[check.severity]} ${check.message}`);
  }
  if (report.album) {
    const a = report.album;
    lines.push(
      '',
      `Album  ${a.fileCount} songs  ${formatClock(a.durationSec)}  I ${level(a.integratedLufs, 'LUFS')}  TP ${level(a.truePeakDbtp, 'dBTP')}  LRA ${amount(a.loudnessRangeLu, 'LU')}`,
    );
    if (a.loudest && a.quietest) {
      lines.push(
        `  loudest ${basename(a.loudest.path)} (${level(a.loudest.integratedLufs, 'LUFS')}), quietest ${basename(a.quietest.path)} (${level(a.quietest.integratedLufs, 'LUFS')}), spread ${amount(a.spreadLu, 'LU')}`,
      );
    }
    for (const check of a.checks.filter(shown))
      lines.push(`  ${marks[check.severity]} ${check.message}`);
  }
  const { verdict, errors, warnings, failedFiles } = report.summary;
  const parts = [
    `${errors} error${errors === 1 ? '' : 's'}`,
    `${warnings} warning${warnings === 1 ? '' : 's'}`,
    ...(failedFiles ? [`${failedFiles} file${failedFiles === 1 ? '' : 's'} not analysed`] : []),
  ];
  lines.push('', `Verdict: ${verdict.toUpperCase()} (${parts.join(', ')})`);
  return lines.join('\n');
}
