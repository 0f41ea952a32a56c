import type { Session, Snapshot } from '@tapeop/core';
import { writeChangeNotes } from '@tapeop/notes';
import {
  describeChange,
  diffSnapshots,
  isSignificantChange,
  planRecall,
  type SnapshotChange,
} from '@tapeop/session';
import {
  array,
  boolean,
  integer,
  object,
  sessionFile,
  snapshotChangeLine,
  snapshotSummary,
  string,
} from '../output/common-schemas.js';
import { sessionJournal } from '../session-folder/journal.js';
import { readSession } from '../session-folder/session-file.js';
import {
  findSnapshot,
  listSnapshots,
  type SnapshotSummary,
  saveSnapshot,
} from '../session-folder/snapshot-store.js';
import { type ActionEnv, defineAction, requireSession } from './action.js';

export interface ChangeLine {
  text: string;
  change: SnapshotChange;
  significant: boolean;
}

function changeLines(changes: SnapshotChange[], session: Session): ChangeLine[] {
  return changes.map((change) => ({
    text: describeChange(change, { session, songLabel: 'number-and-title' }),
    change,
    significant: isSignificantChange(change),
  }));
}

const author = (env: ActionEnv) => (env.author ? { author: env.author } : {});

export interface CaptureParams {
  /** A label such as 'v2' or 'before client call'. */
  name?: string;
  /** Also store each plug-in's opaque state, for exact recall (bigger files). */
  includeState?: boolean;
}

export interface CaptureResult {
  session: string;
  snapshot: SnapshotSummary;
  /** The snapshot it was compared with (the latest before it). */
  previous?: SnapshotSummary;
  changes: ChangeLine[];
  /** Change notes written to the journal. */
  notesWritten: number;
  warnings: string[];
}

export const recallCaptureAction = defineAction<CaptureParams, CaptureResult>({
  method: 'recall.capture',
  summary:
    "Capture the DAW's mastering state into snapshots/, with change notes against the previous snapshot.",
  params: object(
    {
      name: string("A label such as 'v2' or 'before client call'."),
      includeState: boolean("Also store each plug-in's opaque state, for exact recall."),
    },
    { optional: ['name', 'includeState'] },
  ),
  result: object(
    {
      session: sessionFile,
      snapshot: snapshotSummary,
      previous: snapshotSummary,
      changes: array(snapshotChangeLine),
      notesWritten: integer(),
      warnings: array(string()),
    },
    { optional: ['previous'] },
  ),
  session: true,
  daw: true,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const adapter = await env.daw();
    const captured = await adapter.captureSnapshot({
      ...(params.name ? { name: params.name } : {}),
      ...(params.includeState ? { includeState: true } : {}),
    });
    const { snapshots } = await listSnapshots(location);
    const previous = snapshots.at(-1);
    const stored = await saveSnapshot(location, captured);
    let changes: ChangeLine[] = [];
    let notesWritten = 0;
    const warnings: string[] = [];
    if (previous) {
      const diff = diffSnapshots(previous.snapshot, stored.snapshot);
      changes = changeLines(diff.changes, session);
      const written = await writeChangeNotes(
        sessionJournal(location, { logger: env.logger, ...author(env) }),
        diff,
        {
          session,
          songLabel: 'number-and-title',
          fromSnapshotId: previous.snapshot.id,
          toSnapshotId: stored.snapshot.id,
          ...author(env),
        },
      );
      notesWritten = written.notes.length;
      warnings.push(...written.warnings.map((w) => w.message));
    }
    return {
      result: {
        session: location.file,
        snapshot: stored.summary,
        ...(previous ? { previous: previous.summary } : {}),
        changes,
        notesWritten,
        warnings,
      },
    };
  },
});

export interface DiffParams {
  /** The older snapshot: 'previous' (default), 'latest', an id, a name or a file. */
  from?: string;
  /** The newer: 'latest' (default), a snapshot, or 'daw' for the DAW's state now. */
  to?: string;
}

export interface DiffResult {
  session: string;
  from: SnapshotSummary;
  to: SnapshotSummary;
  changes: ChangeLine[];
  warnings: string[];
}

const liveSummary = (snapshot: Snapshot): SnapshotSummary => ({
  id: snapshot.id,
  ...(snapshot.name ? { name: snapshot.name } : {}),
  capturedAt: snapshot.capturedAt,
  daw: snapshot.source.daw,
  adapter: snapshot.source.adapter,
  trackCount: snapshot.tracks.length,
  file: '(the DAW now, not stored)',
});

export const recallDiffAction = defineAction<DiffParams, DiffResult>({
  method: 'recall.diff',
  summary: 'What changed between two snapshots (or a snapshot and the DAW now), in plain words.',
  params: object(
    {
      from: string("The older snapshot: 'previous' (default), 'latest', an id, a name or a file."),
      to: string("The newer: 'latest' (default), a snapshot, or 'daw' for the DAW's state now."),
    },
    { optional: ['from', 'to'] },
  ),
  result: object({
    session: sessionFile,
    from: snapshotSummary,
    to: snapshotSummary,
    changes: array(snapshotChangeLine),
    warnings: array(string()),
  }),
  session: true,
  daw: 'optional',
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const toReference = params.to ?? 'latest';
    let to: { snapshot: Snapshot; summary: SnapshotSummary };
    if (toReference === 'daw') {
      const adapter = await env.daw();
      const live = await adapter.captureSnapshot({ name: 'now' });
      to = { snapshot: live, summary: liveSummary(live) };
    } else {
      to = await findSnapshot(location, toReference, env.cwd);
    }
    const fromReference = params.from ?? (toReference === 'daw' ? 'latest' : 'previous');
    const from = await findSnapshot(location, fromReference, env.cwd);
    const diff = diffSnapshots(from.snapshot, to.snapshot);
    return {
      result: {
        session: location.file,
        from: from.summary,
        to: to.summary,
        changes: changeLines(diff.changes, session),
        warnings: diff.warnings.map((w) => w.message),
      },
    };
  },
});

export interface ApplyParams {
  /** The snapshot to recall: an id, a name, 'latest', 'previous' or a file. */
  snapshot: string;
  /** Restore plug-in state blobs where the snapshot has them, not only parameters. */
  exact?: boolean;
  /** List what would change without touching the DAW. */
  dryRun?: boolean;
}

export interface ApplyResult {
  session: string;
  snapshot: SnapshotSummary;
  /** What the recall changes in the DAW (the DAW's state now → the snapshot). */
  changes: ChangeLine[];
  operations: number;
  applied: boolean;
  warnings: string[];
}

export const recallApplyAction = defineAction<ApplyParams, ApplyResult>({
  method: 'recall.apply',
  summary: 'Recall a stored snapshot into the DAW: levels, switches, plug-ins and parameters.',
  params: object(
    {
      snapshot: string("The snapshot: an id, a name, 'latest', 'previous' or a file."),
      exact: boolean('Restore plug-in state blobs too, where the snapshot has them.'),
      dryRun: boolean('List what would change without touching the DAW.'),
    },
    { optional: ['exact', 'dryRun'] },
  ),
  result: object({
    session: sessionFile,
    snapshot: snapshotSummary,
    changes: array(snapshotChangeLine),
    operations: integer('How many operations the recall plan has.'),
    applied: boolean(),
    warnings: array(string()),
  }),
  session: true,
  daw: true,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const target = await findSnapshot(location, params.snapshot, env.cwd);
    const adapter = await env.daw();
    const current = await adapter.captureSnapshot({ name: 'before recall' });
    const plan = planRecall(current, target.snapshot, { exact: params.exact ?? false });
    const changes = changeLines(diffSnapshots(current, target.snapshot).changes, session);
    const warnings = [...plan.warnings];
    let operations = plan.operations.length;
    let applied = false;
    if (!params.dryRun && plan.operations.length > 0) {
      const result = await adapter.applySnapshot(target.snapshot, { exact: params.exact ?? false });
      operations = result.operations;
      warnings.push(...result.warnings);
      applied = true;
      await sessionJournal(location, { logger: env.logger, ...author(env) }).append({
        kind: 'change',
        text: `Recalled snapshot ${target.snapshot.name ?? target.snapshot.id} into ${current.source.daw} (${operations} operations)`,
        scope: { kind: 'snapshot', snapshotId: target.snapshot.id },
        links: { snapshots: [target.snapshot.id] },
        data: { recall: { snapshotId: target.snapshot.id, operations, changes: changes.length } },
      });
    }
    return {
      result: {
        session: location.file,
        snapshot: target.summary,
        changes,
        operations,
        applied,
        warnings,
      },
    };
  },
});

export const recallListAction = defineAction<
  Record<string, never>,
  {
    session: string;
    snapshots: SnapshotSummary[];
    unreadable: Array<{ file: string; reason: string }>;
  }
>({
  method: 'recall.list',
  summary: 'The snapshots stored in the session, oldest first.',
  params: object({}),
  result: object({
    session: sessionFile,
    snapshots: array(snapshotSummary),
    unreadable: array(
      object({ file: string(), reason: string() }),
      'Files in snapshots/ that are not valid snapshots.',
    ),
  }),
  session: true,
  daw: false,
  async run(_params, env) {
    const location = requireSession(env);
    const { snapshots, unreadable } = await listSnapshots(location);
    return {
      result: { session: location.file, snapshots: snapshots.map((s) => s.summary), unreadable },
      problemsFound: unreadable.length > 0,
    };
  },
});
