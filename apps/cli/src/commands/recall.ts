import {
  type ChangeLine,
  recallApplyAction,
  recallCaptureAction,
  recallDiffAction,
  recallListAction,
} from '../actions/recall.js';
import { formatTable, plural } from '../cli/format.js';
import type { Terminal } from '../cli/terminal.js';
import { actionCommand, defined, optionFlag, optionString } from './action-command.js';

function renderChanges(changes: ChangeLine[], terminal: Terminal): void {
  const { style } = terminal;
  if (changes.length === 0) terminal.line('  no changes');
  for (const c of changes)
    terminal.line(`  ${c.significant ? '' : style.dim('(below the noise threshold) ')}${c.text}`);
}

const label = (s: { name?: string; id: string }) => (s.name ? `${s.name} (${s.id})` : s.id);

export const recallCaptureCommand = actionCommand({
  action: recallCaptureAction,
  path: ['recall', 'capture'],
  options: {
    name: {
      type: 'string',
      valueName: 'LABEL',
      description: "A label such as 'v2' or 'before client call'.",
    },
    'include-state': {
      type: 'boolean',
      description: "Also store each plug-in's opaque state, for exact recall (bigger files).",
    },
  },
  examples: [
    {
      command: 'tapeop recall capture night-drive --daw reaper --name v1',
      description: 'Snapshot the mastering chain as sent to the client',
    },
    {
      command: 'tapeop recall capture night-drive --daw reaper --name v2 --include-state',
      description: 'With plug-in state, for exact recall later',
    },
  ],
  description:
    'Stores snapshots/<id>-<label>.json (the id sorts by time) and writes one change note per meaningful change since the previous snapshot.',
  toParams: (args) =>
    defined({
      name: optionString(args, 'name'),
      includeState: optionFlag(args, 'include-state') || undefined,
    }),
  render(result, terminal) {
    terminal.line(
      `${terminal.style.green('Captured')} ${label(result.snapshot)}: ${plural(result.snapshot.trackCount, 'track')} from ${result.snapshot.daw} → ${result.snapshot.file}`,
    );
    if (result.previous) {
      terminal.line(
        `Since ${label(result.previous)} (${plural(result.notesWritten, 'change note')} written):`,
      );
      renderChanges(result.changes, terminal);
    } else terminal.line('The first snapshot of this session: nothing to compare with.');
    for (const w of result.warnings) terminal.line(terminal.style.yellow(`  warning: ${w}`));
  },
});

export const recallDiffCommand = actionCommand({
  action: recallDiffAction,
  path: ['recall', 'diff'],
  options: {
    from: {
      type: 'string',
      valueName: 'SNAPSHOT',
      description: "The older: 'previous', 'latest', an id, a name or a file.",
      defaultText: 'previous',
    },
    to: {
      type: 'string',
      valueName: 'SNAPSHOT',
      description: "The newer: a snapshot, or 'daw' for the DAW's state now (needs --daw).",
      defaultText: 'latest',
    },
  },
  examples: [
    {
      command: 'tapeop recall diff night-drive',
      description: 'What changed between the last two snapshots',
    },
    {
      command: 'tapeop recall diff night-drive --from v1 --to daw --daw reaper',
      description: 'What changed in the DAW since v1',
    },
  ],
  toParams: (args) => defined({ from: optionString(args, 'from'), to: optionString(args, 'to') }),
  render(result, terminal) {
    terminal.line(`From ${label(result.from)} to ${label(result.to)}:`);
    renderChanges(result.changes, terminal);
    for (const w of result.warnings) terminal.line(terminal.style.yellow(`  warning: ${w}`));
  },
});

export const recallApplyCommand = actionCommand({
  action: recallApplyAction,
  path: ['recall', 'apply'],
  options: {
    name: {
      type: 'string',
      valueName: 'SNAPSHOT',
      description: "The snapshot to recall: a name, an id, 'latest', 'previous' or a file.",
      required: true,
    },
    exact: {
      type: 'boolean',
      description: 'Restore plug-in state blobs too, where the snapshot has them.',
    },
    'dry-run': {
      type: 'boolean',
      short: 'n',
      description: 'List what would change without touching the DAW.',
    },
  },
  examples: [
    {
      command: 'tapeop recall apply night-drive --daw reaper --name v1 -n',
      description: 'What recalling v1 would change',
    },
    {
      command: 'tapeop recall apply night-drive --daw reaper --name v1',
      description: 'Recall v1 for the revision',
    },
  ],
  description:
    'Captures the DAW as it is now, lists what the recall changes, then applies the snapshot (levels, switches, plug-ins and parameters; markers come from the sequence).',
  toParams: (args) =>
    defined({
      snapshot: optionString(args, 'name') as string,
      exact: optionFlag(args, 'exact') || undefined,
      dryRun: optionFlag(args, 'dry-run') || undefined,
    }),
  render(result, terminal) {
    terminal.line(
      `${result.applied ? terminal.style.green('Recalled') : 'Recalling would apply'} ${label(result.snapshot)} (${plural(result.operations, 'operation')}):`,
    );
    renderChanges(result.changes, terminal);
    for (const w of result.warnings) terminal.line(terminal.style.yellow(`  warning: ${w}`));
  },
});

export const recallListCommand = actionCommand({
  action: recallListAction,
  path: ['recall', 'list'],
  examples: [{ command: 'tapeop recall list night-drive', description: 'The stored snapshots' }],
  toParams: () => ({}),
  render(result, terminal) {
    if (result.snapshots.length === 0)
      terminal.line('No snapshots yet: tapeop recall capture <session> --daw <daw> --name v1');
    const rows = result.snapshots.map((s) => [
      s.name ?? '',
      s.capturedAt,
      s.daw,
      plural(s.trackCount, 'track'),
      s.file,
    ]);
    for (const line of formatTable(rows)) terminal.line(line);
    for (const u of result.unreadable)
      terminal.line(terminal.style.yellow(`  not a valid snapshot: ${u.file}: ${u.reason}`));
  },
});
