import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryLogger, type Snapshot } from '@tapeop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tapeopArgv } from '../test-support/run-tapeop.js';
import { createTestSession } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { locateSession, readSession, type SessionLocation, writeSession } from './session-file.js';
import { findSnapshot, listSnapshots, saveSnapshot, snapshotLabel } from './snapshot-store.js';
import { updateSession } from './update-session.js';
import { writeFileAtomic } from './write-file-atomic.js';

const snapshot = (id: string, name: string, capturedAt: string): Snapshot => ({
  schema: 'Snapshot.1',
  id,
  name,
  capturedAt,
  source: { daw: 'REAPER', adapter: 'reaper' },
  tracks: [],
});

describe('the session folder', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let location: SessionLocation;
  beforeAll(async () => {
    folder = await tempFolder('folder');
    location = await createTestSession(folder.path, 5);
  });
  afterAll(() => folder?.remove());

  it('finds a session by its folder or its session.json, and says how to make one', async () => {
    expect(await locateSession('session', folder.path)).toEqual(location);
    expect(await locateSession('session/session.json', folder.path)).toEqual(location);
    await expect(locateSession('nope', folder.path)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      hint: expect.stringContaining('tapeop init nope --from'),
    });
    await expect(locateSession('delivery', folder.path)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('refuses to write an invalid session and leaves the file as it was', async () => {
    const before = await readFile(location.file, 'utf8');
    const { session } = await readSession(location);
    await expect(writeSession(location, { ...session, sampleRate: -1 })).rejects.toMatchObject({
      code: 'SCHEMA_INVALID',
      message: expect.stringContaining('/sampleRate'),
    });
    expect(await readFile(location.file, 'utf8')).toBe(before);
    expect((await readdir(location.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes atomically: no temporary file left behind, and a failure leaves the old file', async () => {
    const path = join(folder.path, 'x.txt');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    await expect(
      writeFileAtomic(join(folder.path, 'missing', 'x.txt'), 'three'),
    ).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect((await readdir(folder.path)).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('serializes writers in one process: none is lost', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        updateSession(
          location,
          (session) => ({ session: { ...session, ext: { ...session.ext, [`n${i}`]: { i } } } }),
          { logger: createMemoryLogger() },
        ),
      ),
    );
    const { session } = await readSession(location);
    expect(Object.keys(session.ext ?? {})).toHaveLength(25);
  });

  it('serializes writers in several processes: none is lost', async () => {
    const run = (n: number) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          tapeopArgv(['session', 'update', 'session', '--set', `/ext/p${n}={"n":${n}}`]),
          {
            cwd: folder.path,
            env: { ...process.env, XDG_CONFIG_HOME: join(folder.path, '.config') },
          },
        );
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([1, 2, 3, 4].map(run))).toEqual([0, 0, 0, 0]);
    const { session } = await readSession(location);
    expect(
      Object.keys(session.ext ?? {})
        .filter((k) => k.startsWith('p'))
        .sort(),
    ).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('stores snapshots by time and label, and finds them the ways people name them', async () => {
    const a = await saveSnapshot(
      location,
      snapshot('01M8000000AAAAAAAAAAAAAAAA', 'v1', '2026-11-20T10:00:00Z'),
    );
    const b = await saveSnapshot(
      location,
      snapshot('01M8000001BBBBBBBBBBBBBBBB', 'v2 (sent to client)', '2026-11-21T10:00:00Z'),
    );
    expect(a.summary.file).toBe('snapshots/01M8000000AAAAAAAAAAAAAAAA-v1.json');
    expect(b.summary.file).toBe('snapshots/01M8000001BBBBBBBBBBBBBBBB-v2-sent-to-client.json');
    await expect(
      saveSnapshot(
        location,
        snapshot('01M8000000AAAAAAAAAAAAAAAA', 'again', '2026-11-22T10:00:00Z'),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await writeFile(join(location.dir, 'snapshots', 'broken.json'), '{"schema":"Snapshot.1"}');
    const { snapshots, unreadable } = await listSnapshots(location);
    expect(snapshots.map((s) => s.summary.name)).toEqual(['v1', 'v2 (sent to client)']);
    expect(unreadable).toEqual([expect.objectContaining({ file: 'snapshots/broken.json' })]);
    expect((await findSnapshot(location, 'latest', folder.path)).summary.name).toBe(
      'v2 (sent to client)',
    );
    expect((await findSnapshot(location, 'previous', folder.path)).summary.name).toBe('v1');
    expect((await findSnapshot(location, 'v1', folder.path)).snapshot.id).toBe(
      '01M8000000AAAAAAAAAAAAAAAA',
    );
    expect((await findSnapshot(location, '01m8000001', folder.path)).summary.name).toBe(
      'v2 (sent to client)',
    );
    await expect(findSnapshot(location, '01M8', folder.path)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(findSnapshot(location, 'v3', folder.path)).rejects.toMatchObject({
      hint: expect.stringContaining('v1, v2 (sent to client)'),
    });
  });

  it('makes labels safe for file names', () => {
    expect(snapshotLabel('Révision 3 / final!')).toBe('revision-3-final');
    expect(snapshotLabel('../../etc')).toBe('etc');
    expect(snapshotLabel(undefined)).toBe('snapshot');
    expect(snapshotLabel('x'.repeat(100))).toHaveLength(48);
  });
});
