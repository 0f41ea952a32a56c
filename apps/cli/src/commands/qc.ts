import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { QcReport } from '@tapeop/core';
import { QC_TARGETS, type QcResult, type QcTargetId, qcAction } from '../actions/qc.js';
import { defineCommand } from '../cli/command.js';
import { UsageError } from '../cli/usage-error.js';
import { loadConfig } from '../config/load-config.js';
import { locateSession, SESSION_FILE } from '../session-folder/session-file.js';
import { commandEnv } from './action-command.js';

async function isSession(target: string, cwd: string): Promise<boolean> {
  const path = resolve(cwd, target);
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) return true; // a folder: a session folder (or a clear error saying it is not)
  return (
    found?.isFile() === true &&
    path.endsWith(SESSION_FILE) &&
    (await stat(join(path, '..', SESSION_FILE)).then(
      () => true,
      () => false,
    ))
  );
}

const level = (value: number | null | undefined, unit: string) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? `−∞ ${unit}`
    : `${value.toFixed(1).replace('-', '−')} ${unit}`;

export const qcCommand = defineCommand<QcResult>({
  path: ['qc'],
  summary: qcAction.summary,
  positionals: [
    {
      name: 'target',
      description: 'A session folder (every sequenced song), or audio files.',
      required: true,
      variadic: true,
    },
  ],
  options: {
    targets: {
      type: 'string',
      valueName: 'LIST',
      description: `Delivery targets, comma-separated: ${QC_TARGETS.join(', ')}.`,
      defaultText: 'spotify,apple-music,youtube',
    },
    'no-notes': {
      type: 'boolean',
      description: "Do not write qc notes into the session's journal.",
    },
  },
  examples: [
    {
      command: 'tapeop qc night-drive',
      description: 'Every song of the session, with qc notes in its journal',
    },
    {
      command: 'tapeop qc masters/*.wav --targets cd,spotify',
      description: 'Masters against the CD and Spotify',
    },
    {
      command:
        "tapeop qc night-drive --json | jq '.report.files[] | {path, lufs: .figures.integratedLufs}'",
      description: 'The loudness of each song, for a script',
    },
  ],
  description:
    "Integrated loudness, momentary and short-term maxima, LRA, true and sample peak, clipping runs, DC offset, head and tail silence, correlation and PLR per file, and the album's loudness and spread (@tapeop/audio, BS.1770-4). Exits with 3 when a check fails.",
  output: qcAction.result,
  async run(args, context) {
    const targets = args.positionals.target as string[];
    const list = (args.options.targets as string | undefined)
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    for (const target of list ?? [])
      if (!(QC_TARGETS as readonly string[]).includes(target))
        throw new UsageError(`--targets: "${target}" is not one of ${QC_TARGETS.join(', ')}`, {
          command: 'qc',
        });
    const session =
      targets.length === 1 && (await isSession(targets[0]!, context.cwd))
        ? await locateSession(targets[0]!, context.cwd)
        : undefined;
    const config = await loadConfig({
      env: context.env,
      ...(session ? { sessionDir: session.dir } : {}),
    });
    const env = commandEnv(context, config, session, args, 'qc', false);
    return qcAction.run(
      {
        ...(session ? {} : { files: targets }),
        ...(list ? { targets: list as QcTargetId[] } : {}),
        ...(args.options['no-notes'] ? { noNotes: true } : {}),
      },
      env,
    );
  },
  render(result, terminal) {
    const report: QcReport = result.report;
    const { style } = terminal;
    for (const file of report.files) {
      const name = file.path.split('/').pop();
      if (file.status === 'failed') {
        terminal.line(`${style.red('✗')} ${name}: ${file.error?.message ?? 'not analysed'}`);
        continue;
      }
      const f = file.figures!;
      terminal.line(
        `${file.checks.some((c) => c.severity === 'error') ? style.red('✗') : file.checks.some((c) => c.severity === 'warning') ? style.yellow('!') : style.green('✓')} ${name}: I ${level(f.integratedLufs, 'LUFS')}, TP ${level(f.truePeakDbtp, 'dBTP')}, LRA ${f.loudnessRangeLu === null ? '–' : f.loudnessRangeLu.toFixed(1)} LU`,
      );
      for (const check of file.checks.filter(
        (c) => c.severity === 'error' || c.severity === 'warning',
      ))
        terminal.line(
          `    ${check.severity === 'error' ? style.red('error') : style.yellow('warning')}  ${check.message}`,
        );
    }
    if (report.album)
      terminal.line(
        `Album: I ${level(report.album.integratedLufs, 'LUFS')}, TP ${level(report.album.truePeakDbtp, 'dBTP')}, spread ${report.album.spreadLu === null ? '–' : report.album.spreadLu.toFixed(1)} LU`,
      );
    terminal.line(
      `Verdict: ${report.summary.verdict} (${report.summary.errors} errors, ${report.summary.warnings} warnings)${result.notesWritten > 0 ? `; ${result.notesWritten} qc notes written` : ''}`,
    );
  },
});
