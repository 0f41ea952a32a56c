import { sequenceAction } from '../actions/sequence.js';
import type { SequenceReport } from '../actions/sequence-operation.js';
import { formatTable, seconds } from '../cli/format.js';
import type { Terminal } from '../cli/terminal.js';
import { UsageError } from '../cli/usage-error.js';
import {
  actionCommand,
  defined,
  optionFlag,
  optionList,
  optionNumber,
  optionString,
} from './action-command.js';

export function renderSequence(report: SequenceReport, terminal: Terminal): void {
  const { style } = terminal;
  if (report.changes.length > 0) {
    terminal.line(style.bold(report.written ? 'Changed:' : 'Would change (dry run):'));
    for (const c of report.changes) terminal.line(`  ${c.text}`);
    terminal.line();
  }
  terminal.line(
    `${style.bold(report.cd ? 'CD sequence' : 'Sequence')}: ${report.songs.length} tracks, ${report.totalLength} (${report.sampleRate / 1000} kHz session)`,
  );
  const rows = [
    ['#', 'start', 'length', 'gap', 'title', 'ISRC'].map((h) => style.dim(h)),
    ...report.songs.map((s) => [
      String(s.trackNumber).padStart(2, '0'),
      s.trackStart,
      s.trackLength,
      s.crossfadeSec > 0 ? `x${seconds(s.crossfadeSec)}` : seconds(s.gapSec),
      s.title,
      s.isrc ?? '',
    ]),
  ];
  for (const line of formatTable(rows)) terminal.line(line);
  for (const n of report.notes) terminal.line(style.dim(`  ${n}`));
  terminal.line();
  if (!report.redBook.checked)
    terminal.line(style.dim('Not laid out for CD: no Red Book check (give --cd).'));
  else if (report.redBook.problems.length === 0)
    terminal.line(style.green('Red Book: no problems.'));
  else {
    terminal.line(
      style.bold(`Red Book: ${report.redBook.errors} errors, ${report.redBook.warnings} warnings`),
    );
    for (const p of report.redBook.problems)
      terminal.line(
        `  ${p.severity === 'error' ? style.red('error') : style.yellow('warning')}  ${p.msf ? `${p.msf} ` : ''}${p.message}${p.pointer ? style.dim(` (${p.pointer})`) : ''}`,
      );
  }
}

function parseGaps(
  list: string[] | undefined,
  command: string,
): Record<string, number> | undefined {
  if (!list) return undefined;
  const gaps: Record<string, number> = {};
  for (const item of list) {
    const match = /^(.+)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!match)
      throw new UsageError(`--gap-before ${JSON.stringify(item)} should be SONG=SECONDS`, {
        command,
      });
    gaps[match[1]!] = Number(match[2]);
  }
  return gaps;
}

export const sequenceCommand = actionCommand({
  action: sequenceAction,
  path: ['sequence'],
  options: {
    gap: {
      type: 'string',
      valueName: 'SECONDS',
      description: 'Gap before every song after the first (crossfades are kept).',
      number: { min: 0, max: 3600 },
    },
    'gap-before': {
      type: 'string',
      multiple: true,
      valueName: 'SONG=SECONDS',
      description: 'Gap before one song (id, title or track number).',
    },
    order: {
      type: 'string',
      valueName: 'SONGS',
      description:
        'New play order, comma-separated song ids, titles or track numbers; songs left out leave the sequence.',
    },
    cd: {
      type: 'boolean',
      description: 'Lay out for CD and check the Red Book (adds a CD delivery target).',
    },
    'dry-run': {
      type: 'boolean',
      short: 'n',
      description: 'Show the result without writing the session.',
    },
  },
  examples: [
    {
      command: 'tapeop sequence night-drive',
      description: 'The timeline, markers and Red Book check, nothing changed',
    },
    {
      command: 'tapeop sequence night-drive --gap 2 --cd',
      description: 'Two-second gaps, laid out and checked for CD',
    },
    {
      command: 'tapeop sequence night-drive --order 1,3,2,4 --gap-before overpass=3.5 -n',
      description: 'Swap songs 2 and 3 and lengthen a gap, as a dry run',
    },
  ],
  description:
    'Without options it only shows the album. A change is written to session.json (atomically, with every other writer waiting its turn) and noted in the journal, one change note per change. Exits with 3 when the Red Book check finds errors.',
  toParams(args) {
    const command = 'sequence';
    return defined({
      order: optionString(args, 'order')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      gapSec: optionNumber(args, 'gap'),
      gaps: parseGaps(optionList(args, 'gap-before'), command),
      cd: optionFlag(args, 'cd') || undefined,
      dryRun: optionFlag(args, 'dry-run') || undefined,
    });
  },
  render: renderSequence,
});
