import { cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runTapeop } from '../test-support/run-tapeop.js';
import { writeDelivery } from '../test-support/session-fixture.js';
import { tempFolder } from '../test-support/temp-folder.js';

// The commands that work on session files, run as a user runs them: spawned processes.
describe('tapeop session commands, end to end', () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const tapeop = (...args: string[]) => runTapeop(args, { cwd, env });

  beforeAll(async () => {
    folder = await tempFolder('e2e-session');
    cwd = folder.path;
    env = { XDG_CONFIG_HOME: join(cwd, '.config') };
    await writeDelivery(cwd, 6);
  });
  afterAll(() => folder?.remove());

  it('scan: the intake report of a delivery', async () => {
    const report = jsonOf(await tapeop('scan', 'delivery', '--json'), 'scan');
    expect(report.files).toHaveLength(3);
    expect(report.files.every((f: { status: string }) => f.status === 'selected')).toBe(true);
    expect(report.files[0].format).toMatchObject({ sampleRate: 48000, bitDepth: 24, channels: 2 });
    expect(report.ignored).toEqual([expect.objectContaining({ file: 'Tracklist.csv' })]);
    const human = await tapeop('scan', 'delivery');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('01 - Headlights (Master v3).wav');
  });

  it('scan: a missing folder is exit 1 with what to do', async () => {
    const run = await tapeop('scan', 'no-such-folder');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-such-folder does not exist');
    expect(run.stderr).toContain('what to do:');
    const json = jsonOf(await tapeop('scan', 'no-such-folder', '--json'), 'scan', 1);
    expect(json.error.code).toBe('FILE_NOT_FOUND');
  });

  it('scan: a broken file is a problem found (exit 3), the others still read', async () => {
    await writeFile(join(cwd, 'delivery', '04 Broken.wav'), 'this is not audio');
    try {
      const report = jsonOf(await tapeop('scan', 'delivery', '--json'), 'scan', 3);
      expect(report.errors).toBeGreaterThan(0);
      expect(report.files.filter((f: { status: string }) => f.status === 'selected')).toHaveLength(
        3,
      );
      expect(report.problems[0].text).toContain('04 Broken.wav');
    } finally {
      await rm(join(cwd, 'delivery', '04 Broken.wav'));
    }
  });

  it('init: a session folder with session.json and notes.jsonl, mixes copied in', async () => {
    const report = jsonOf(
      await tapeop(
        'init',
        'album',
        '--from',
        'delivery',
        '--sheet',
        'delivery/Tracklist.csv',
        '--json',
      ),
      'init',
    );
    expect(report.songs.map((s: { songId: string }) => s.songId)).toEqual([
      'headlights',
      'city-lights',
      'overpass',
    ]);
    expect(report.songs[0].isrc).toBe('QZES52600001');
    expect(report.copied).toHaveLength(3);
    expect((await stat(join(cwd, 'album', 'mixes', '03 Overpass v1.wav'))).isFile()).toBe(true);
    expect((await readFile(join(cwd, 'album', 'notes.jsonl'), 'utf8')).split('\n')[0]).toContain(
      'Session created',
    );
    const again = await tapeop('init', 'album', '--from', 'delivery');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
  });

  it('init: usage errors are exit 2 and point at the help', async () => {
    const missing = await tapeop('init', 'other');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --from');
    expect(missing.stderr).toContain('tapeop init --help');
    const typo = await tapeop('init', 'other', '--form', 'delivery');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean --from?');
    const badNumber = await tapeop('sequence', 'album', '--gap', 'two');
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('--gap "two" should be a number');
    expect((await tapeop('frobnicate')).code).toBe(2);
  });

  it('session show, and session update validated, atomic and noted', async () => {
    const shown = jsonOf(await tapeop('session', 'show', 'album', '--json'), 'session show');
    expect(shown.document.album.title).toBe('Night Drive');
    const updated = jsonOf(
      await tapeop(
        'session',
        'update',
        'album',
        '--set',
        '/album/cdText={"songwriter":"A. Writer"}',
        '--set',
        '/album/label=Example Records',
        '--json',
      ),
      'session update',
    );
    expect(updated.written).toBe(true);
    expect(updated.document.album.label).toBe('Example Records');
    const refused = jsonOf(
      await tapeop('session', 'update', 'album', '--set', '/songs/0/isrc="GB-XX"', '--json'),
      'session update',
      3,
    );
    expect(refused.error.code).toBe('SCHEMA_INVALID');
    expect(refused.error.message).toContain('/songs/0/isrc');
    expect(
      JSON.parse(await readFile(join(cwd, 'album', 'session.json'), 'utf8')).songs[0].isrc,
    ).toBe('QZES52600001');
  });

  it('sequence: the CD timeline and Red Book check; changes written and noted', async () => {
    const shown = jsonOf(
      await tapeop('sequence', 'album', '--cd', '--dry-run', '--json'),
      'sequence',
    );
    expect(shown.written).toBe(false);
    expect(shown.songs[0].trackStart).toBe('00:02:00');
    const changed = jsonOf(
      await tapeop(
        'sequence',
        'album',
        '--gap',
        '3',
        '--order',
        'overpass,headlights,city-lights',
        '--cd',
        '--json',
      ),
      'sequence',
    );
    expect(changed.written).toBe(true);
    expect(changed.songs.map((s: { songId: string }) => s.songId)).toEqual([
      'overpass',
      'headlights',
      'city-lights',
    ]);
    expect(changed.changes.map((c: { text: string }) => c.text)).toEqual(
      expect.arrayContaining(['Overpass moved from 3 to 1', 'Gap before City Lights: 2 s → 3 s']),
    );
    expect(changed.redBook.errors).toBe(0);
    const notes = jsonOf(
      await tapeop('notes', 'list', 'album', '--kind', 'change', '--json'),
      'notes list',
    );
    expect(notes.entries.map((e: { note: { text: string } }) => e.note.text)).toContain(
      'Overpass moved from 3 to 1',
    );
    const human = await tapeop('sequence', 'album');
    expect(human.stdout).toContain('Red Book');
  });

  it('sequence: Red Book errors are problems found (exit 3)', async () => {
    const run = await tapeop(
      'sequence',
      'album',
      '--gap-before',
      'headlights=0.001',
      '--dry-run',
      '--json',
    );
    const report = jsonOf(run, 'sequence', 3);
    expect(report.redBook.errors).toBeGreaterThan(0);
  });

  it('notes add, list, amend, retract, export', async () => {
    const added = jsonOf(
      await tapeop(
        'notes',
        'add',
        'album',
        'Vocal a touch louder in the second chorus',
        '--kind',
        'client-request',
        '--song',
        'City Lights',
        '--requested-by',
        'Sam',
        '--json',
      ),
      'notes add',
    );
    expect(added.note).toMatchObject({
      kind: 'client-request',
      status: 'open',
      scope: { kind: 'song', songId: 'city-lights' },
    });
    const open = jsonOf(await tapeop('notes', 'list', 'album', '--open', '--json'), 'notes list');
    expect(open.entries).toHaveLength(1);
    jsonOf(
      await tapeop('notes', 'amend', 'album', added.note.id, '--status', 'done', '--json'),
      'notes amend',
    );
    expect(
      jsonOf(await tapeop('notes', 'list', 'album', '--open', '--json'), 'notes list').entries,
    ).toHaveLength(0);
    const decision = jsonOf(
      await tapeop('notes', 'add', 'album', 'Wrong entry', '--json'),
      'notes add',
    );
    jsonOf(
      await tapeop('notes', 'retract', 'album', decision.note.id, '--reason', 'typo', '--json'),
      'notes retract',
    );
    const all = jsonOf(
      await tapeop('notes', 'list', 'album', '--search', 'wrong', '--all', '--json'),
      'notes list',
    );
    expect(all.entries[0].retracted).toBe(true);
    const html = await tapeop('notes', 'export', 'album');
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    const written = jsonOf(
      await tapeop(
        'notes',
        'export',
        'album',
        '--format',
        'md',
        '-o',
        'album/deliver/recall.md',
        '--json',
      ),
      'notes export',
    );
    expect(await readFile(written.file, 'utf8')).toContain('Night Drive');
    expect((await tapeop('notes', 'add', 'album', 'x', '--status', 'done')).code).toBe(1);
  });

  it('an invalid session file: the exact pointer is printed, exit 3', async () => {
    const broken = join(cwd, 'broken');
    await cp(join(cwd, 'album'), broken, { recursive: true });
    const document = JSON.parse(await readFile(join(broken, 'session.json'), 'utf8'));
    document.songs[1].isrc = 'GB-AAA-24-0001X';
    document.sequence.entries[0].gapSec = -2;
    await writeFile(join(broken, 'session.json'), JSON.stringify(document));
    const run = await tapeop('sequence', 'broken');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('/songs/1/isrc');
    expect(run.stderr).toContain('/sequence/entries/0/gapSec');
    expect(run.stderr).toContain('what to do:');
    const json = jsonOf(await tapeop('notes', 'list', 'broken', '--json'), 'notes list', 3);
    expect(json.error.details.problems.map((p: { pointer: string }) => p.pointer)).toEqual(
      expect.arrayContaining(['/songs/1/isrc', '/sequence/entries/0/gapSec']),
    );
    await writeFile(join(broken, 'session.json'), '{"schema": "Session.1", ');
    const syntax = await tapeop('session', 'show', 'broken');
    expect(syntax.code).toBe(3);
    expect(syntax.stderr).toMatch(/not valid JSON/);
  });

  it('a folder that is not a session says how to make one', async () => {
    const run = await tapeop('sequence', 'delivery');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('tapeop init delivery --from');
  });

  it("qc: the session's songs measured, with qc notes; files too; a file that is not audio fails", async () => {
    const report = jsonOf(
      await tapeop('qc', 'album', '--targets', 'spotify,ebu-r128', '--json'),
      'qc',
      3,
    );
    expect(report.report.files).toHaveLength(3);
    expect(report.report.files[0].songId).toBeDefined();
    expect(report.report.targets.map((t: { id: string }) => t.id)).toEqual(['spotify', 'ebu-r128']);
    expect(report.report.summary.errors).toBeGreaterThan(0); // nowhere near −23 LUFS
    expect(report.notesWritten).toBe(4);
    const files = jsonOf(
      await tapeop('qc', 'delivery/03 Overpass v1.wav', 'delivery/Tracklist.csv', '--json'),
      'qc',
      3,
    );
    expect(files.report.files[1].status).toBe('failed');
    expect(files.notesWritten).toBe(0);
    expect((await tapeop('qc', 'album', '--targets', 'vinyl')).code).toBe(2);
  });

  it('help with examples for every command', async () => {
    const help = await tapeop('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('recall capture');
    const one = await tapeop('recall', 'capture', '--help');
    expect(one.stdout).toContain('Examples:');
    expect(one.stdout).toContain('--osc-port');
  });

  it('adapters: the built-in adapters and a broken configured one with its reason', async () => {
    await writeFile(
      join(cwd, 'album', 'tapeop.config.json'),
      JSON.stringify({ adapters: ['./missing-adapter.js'] }),
    );
    const listed = jsonOf(await tapeop('adapters', 'album', '--json'), 'adapters', 3);
    expect(listed.adapters.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['reaper', 'reaper-sim']),
    );
    expect(listed.failed.some((f: { reason: string }) => f.reason.includes('does not exist'))).toBe(
      true,
    );
    await writeFile(
      join(cwd, 'album', 'tapeop.config.json'),
      '{"daws": {"reaper": {"port": "eighty"}}}',
    );
    const bad = await tapeop('adapters', 'album');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/daws/reaper/port');
    await writeFile(join(cwd, 'album', 'tapeop.config.json'), '{}');
  });

  it('colors only on a terminal: none in a pipe, and none with NO_COLOR', async () => {
    const run = await runTapeop(['sequence', 'album'], { cwd, env: { ...env, NO_COLOR: '' } });
    expect(run.stdout).not.toContain('\u001b[');
    const forced = await runTapeop(['sequence', 'album'], {
      cwd,
      env: { ...env, NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain('\u001b[');
  });
});
