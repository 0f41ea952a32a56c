import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryLogger } from '@tapeop/core';
import type { ActionEnv } from '../actions/action.js';
import { initAction } from '../actions/intake.js';
import { renderSong, writePcmWav } from '../demo/synthesize.js';
import type { SessionLocation } from '../session-folder/session-file.js';

export const fixtureSongs = [
  { file: '01 - Headlights (Master v3).wav', title: 'Headlights', isrc: 'QZES52600001', root: 57 },
  {
    file: '02_City_Lights_MIX_v2_24b48k.wav',
    title: 'City Lights',
    isrc: 'QZES52600002',
    root: 60,
  },
  { file: '03 Overpass v1.wav', title: 'Overpass', isrc: 'QZES52600003', root: 62 },
];

const fixtureRecipe = (i: number, seconds: number) => ({
  seconds: seconds + i,
  root: fixtureSongs[i]!.root,
  bpm: 100 + 10 * i,
  progression: [0, 5, 7, 5],
  minor: [false, true, false, false],
  level: 0.5,
});

/** The songs as the DAW would render them for CD: 44.1 kHz/16-bit, `NN - Title.wav`. */
export async function writeSongMasters(dir: string, seconds = 6): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [i, song] of fixtureSongs.entries())
    await writePcmWav(
      join(dir, `${String(i + 1).padStart(2, '0')} - ${song.title}.wav`),
      renderSong(fixtureRecipe(i, seconds), 44_100),
      44_100,
      16,
    );
}

/**
 * Writes a small delivery (three short, different synthetic mixes at 48 kHz/24-bit and a track
 * sheet) into `root/delivery`, and optionally a session built from it by the init action.
 */
export async function writeDelivery(root: string, seconds = 6): Promise<string> {
  const delivery = join(root, 'delivery');
  await mkdir(delivery, { recursive: true });
  for (const [i, song] of fixtureSongs.entries())
    await writePcmWav(
      join(delivery, song.file),
      renderSong(fixtureRecipe(i, seconds), 48_000),
      48_000,
      24,
    );
  const sheet = [
    'Track,Title,Songwriter,ISRC,Gap,Album,Album Artist',
    ...fixtureSongs.map(
      (s, i) =>
        `${i + 1},${s.title},A. Writer,${s.isrc},2,${i === 0 ? 'Night Drive' : ''},${i === 0 ? 'The Example Band' : ''}`,
    ),
  ].join('\n');
  await writeFile(join(delivery, 'Tracklist.csv'), `${sheet}\n`);
  return delivery;
}

export function testEnv(cwd: string, extra: Partial<ActionEnv> = {}): ActionEnv {
  return {
    cwd,
    env: { ...process.env, XDG_CONFIG_HOME: join(cwd, '.config') },
    logger: createMemoryLogger(),
    config: { daws: {}, hub: {}, adapterConfigFiles: [], files: [] },
    daw: () => Promise.reject(new Error('no DAW in this test')),
    progress: () => ({ update() {}, done() {} }),
    signal: new AbortController().signal,
    runner: 'cli',
    ...extra,
  };
}

/** A session folder at `root/session` built from a fresh delivery, with album songwriter set. */
export async function createTestSession(root: string, seconds = 6): Promise<SessionLocation> {
  const delivery = await writeDelivery(root, seconds);
  const dir = join(root, 'session');
  await initAction.run(
    { dir, from: delivery, sheet: join(delivery, 'Tracklist.csv') },
    testEnv(root),
  );
  return { dir, file: join(dir, 'session.json') };
}
