import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  assertDocument,
  formatProblem,
  parseSnapshot,
  type Snapshot,
  TapeopError,
} from '@tapeop/core';
import type { SessionLocation } from './session-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

export const SNAPSHOTS_FOLDER = 'snapshots';

/** A stored snapshot, without its tracks. */
export interface SnapshotSummary {
  id: string;
  name?: string;
  capturedAt: string;
  daw: string;
  adapter: string;
  trackCount: number;
  /** The file, relative to the session folder. */
  file: string;
}

export interface StoredSnapshot {
  snapshot: Snapshot;
  summary: SnapshotSummary;
}

export interface UnreadableSnapshot {
  file: string;
  reason: string;
}

/**
 * A label made safe for a file name: lower case letters, digits, '.', '_' and '-'; other runs
 * become '-'. 'v2 (sent to client)' → 'v2-sent-to-client'.
 */
export function snapshotLabel(name: string | undefined): string {
  const slug = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 48)
    .replace(/[-.]+$/g, '');
  return slug === '' ? 'snapshot' : slug;
}

/**
 * Snapshots live in `snapshots/`, one file each, named `<id>-<label>.json`. The id is a ULID,
 * whose first ten characters are the capture time, so the names sort by time and the label says
 * what each one is (`01M7X042E0V5QP5JMPNNVHAH9N-v1.json`).
 */
export function snapshotFileName(snapshot: Snapshot): string {
  return `${snapshot.id}-${snapshotLabel(snapshot.name)}.json`;
}

const summarize = (snapshot: Snapshot, file: string): SnapshotSummary => ({
  id: snapshot.id,
  ...(snapshot.name ? { name: snapshot.name } : {}),
  capturedAt: snapshot.capturedAt,
  daw: snapshot.source.daw,
  adapter: snapshot.source.adapter,
  trackCount: snapshot.tracks.length,
  file,
});

/** Validates and stores a snapshot; returns where it went. Never overwrites another snapshot. */
export async function saveSnapshot(
  location: SessionLocation,
  snapshot: Snapshot,
): Promise<StoredSnapshot> {
  const valid = assertDocument('Snapshot', snapshot, { source: 'the captured snapshot' });
  const folder = join(location.dir, SNAPSHOTS_FOLDER);
  await mkdir(folder, { recursive: true });
  const file = `${SNAPSHOTS_FOLDER}/${snapshotFileName(valid)}`;
  const existing = await readdir(folder);
  if (existing.some((name) => name.startsWith(`${valid.id}-`)))
    throw new TapeopError('CONFLICT', `a snapshot with the id ${valid.id} is already stored`, {
      details: { id: valid.id, folder },
      hint: 'Capture again: every capture gets a new id.',
    });
  await writeFileAtomic(join(location.dir, file), `${JSON.stringify(valid, null, 2)}\n`);
  return { snapshot: valid, summary: summarize(valid, file) };
}

/** Every stored snapshot, oldest first, and the files that could not be read (never skipped silently). */
export async function listSnapshots(
  location: SessionLocation,
): Promise<{ snapshots: StoredSnapshot[]; unreadable: UnreadableSnapshot[] }> {
  const folder = join(location.dir, SNAPSHOTS_FOLDER);
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new TapeopError('FILE_UNREADABLE', `cannot list ${folder}: ${error.message}`, {
      cause: error,
      details: { folder },
      hint: 'Check the permissions of the snapshots folder.',
    });
  });
  const snapshots: StoredSnapshot[] = [];
  const unreadable: UnreadableSnapshot[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    const file = `${SNAPSHOTS_FOLDER}/${name}`;
    const loaded = await readSnapshotFile(join(location.dir, file)).catch(
      (error: TapeopError) => error,
    );
    if (loaded instanceof Error) unreadable.push({ file, reason: loaded.message });
    else snapshots.push({ snapshot: loaded, summary: summarize(loaded, file) });
  }
  snapshots.sort(
    (a, b) =>
      a.snapshot.capturedAt.localeCompare(b.snapshot.capturedAt) ||
      a.snapshot.id.localeCompare(b.snapshot.id),
  );
  return { snapshots, unreadable };
}

export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TapeopError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `cannot read ${path}: ${(error as Error).message}`,
      { cause: error, details: { file: path }, hint: 'Check the path.' },
    );
  }
  const result = parseSnapshot(text);
  if (!result.ok) {
    const shown = result.problems
      .filter((p) => p.severity === 'error')
      .slice(0, 10)
      .map((p) => `  ${formatProblem(p)}`);
    throw new TapeopError(
      'SCHEMA_INVALID',
      `${path} is not a valid snapshot:\n${shown.join('\n')}`,
      {
        details: { file: path, problems: result.problems },
        hint: `Fix the fields named above in ${path}, or move the file out of the snapshots folder.`,
      },
    );
  }
  return result.value;
}

/**
 * Finds a stored snapshot by what a person types: 'latest', 'previous' (the one before the
 * latest), an id or the start of one, a name (the latest snapshot with that name), or a file
 * path (relative to the working folder or the session folder).
 */
export async function findSnapshot(
  location: SessionLocation,
  reference: string,
  cwd: string,
): Promise<StoredSnapshot> {
  const { snapshots } = await listSnapshots(location);
  const pick = (): StoredSnapshot | StoredSnapshot[] | undefined => {
    if (reference === 'latest') return snapshots.at(-1);
    if (reference === 'previous') return snapshots.at(-2);
    const byId = snapshots.filter((s) => s.snapshot.id === reference.toUpperCase());
    if (byId.length > 0) return byId[0];
    const byName = snapshots.filter((s) => s.snapshot.name === reference);
    if (byName.length > 0) return byName.at(-1);
    const byFile = snapshots.filter(
      (s) =>
        resolve(location.dir, s.summary.file) === resolve(cwd, reference) ||
        resolve(location.dir, s.summary.file) === resolve(location.dir, reference),
    );
    if (byFile.length > 0) return byFile[0];
    if (reference.length >= 4) {
      const byPrefix = snapshots.filter((s) => s.snapshot.id.startsWith(reference.toUpperCase()));
      if (byPrefix.length === 1) return byPrefix[0];
      if (byPrefix.length > 1) return byPrefix;
    }
    return undefined;
  };
  const found = pick();
  if (Array.isArray(found))
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `"${reference}" is the start of ${found.length} snapshot ids`,
      {
        details: { reference, matches: found.map((s) => s.summary.id) },
        hint: 'Give more characters of the id, or the snapshot name.',
      },
    );
  if (found) return found;
  if (reference.endsWith('.json')) {
    const path = resolve(cwd, reference);
    const snapshot = await readSnapshotFile(path);
    return { snapshot, summary: summarize(snapshot, path) };
  }
  const available = snapshots.map((s) => s.snapshot.name ?? s.snapshot.id);
  throw new TapeopError(
    'FILE_NOT_FOUND',
    `no snapshot "${reference}" in ${join(location.dir, SNAPSHOTS_FOLDER)}`,
    {
      details: { reference, available },
      hint:
        snapshots.length === 0
          ? 'Capture one first: tapeop recall capture <session> --daw <daw> --name v1'
          : `Stored snapshots: ${available.join(', ')} (or use 'latest', 'previous', an id or a file).`,
    },
  );
}
