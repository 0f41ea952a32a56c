import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type DawAdapter, eanCheckDigit, type Logger, TapeopError } from '@tapeop/core';
import type { ActionEnv, AnyAction } from '../actions/action.js';
import { dawStatusAction, loadAction, markersWriteAction } from '../actions/daw.js';
import {
  deliverCueAction,
  deliverDdpAction,
  deliverPqAction,
  deliverVerifyAction,
} from '../actions/deliver.js';
import { initAction, scanAction } from '../actions/intake.js';
import { notesAddAction, notesAmendAction, notesExportAction } from '../actions/notes.js';
import { qcAction } from '../actions/qc.js';
import { recallCaptureAction } from '../actions/recall.js';
import { sequenceAction } from '../actions/sequence.js';
import { sessionUpdateAction } from '../actions/session.js';
import type { Progress } from '../cli/terminal.js';
import type { TapeopConfig } from '../config/load-config.js';
import { connectDaw } from '../daw/connect-daw.js';
import { sessionJournal } from '../session-folder/journal.js';
import type { SessionLocation } from '../session-folder/session-file.js';
import { renderSong, type SongRecipe, writePcmWav } from './synthesize.js';

/** The demo's album: six songs delivered the way studios name mixes, one song twice. */
export const demoAlbum = {
  title: 'Late Lights',
  artist: 'The Demo Tapes',
  label: 'Example Records',
  catalogNumber: 'EXR-101',
  songs: [
    {
      file: '01 - Night Drive (Master v3).wav',
      title: 'Night Drive',
      isrc: 'QZ-DEM-26-00001',
      songwriter: 'A. Writer',
      recipe: {
        seconds: 34,
        root: 57,
        bpm: 96,
        progression: [0, 5, 7, 5],
        minor: [true, false, false, false],
        level: 0.55,
      },
    },
    {
      file: '02_City_Lights_MIX_v2_24b48k.wav',
      title: 'City Lights',
      isrc: 'QZDEM2600002',
      songwriter: 'A. Writer',
      recipe: {
        seconds: 41,
        root: 60,
        bpm: 112,
        progression: [0, 9, 5, 7],
        minor: [false, true, false, false],
        level: 0.5,
      },
    },
    {
      file: '02_City_Lights_MIX_v1_24b48k.wav',
      title: 'City Lights',
      superseded: true,
      recipe: {
        seconds: 40,
        root: 60,
        bpm: 110,
        progression: [0, 9, 5, 7],
        minor: [false, true, false, false],
        level: 0.47,
      },
    },
    {
      file: '03 Overpass v1.wav',
      title: 'Overpass',
      isrc: 'QZDEM2600003',
      songwriter: 'B. Writer',
      recipe: {
        seconds: 47,
        root: 62,
        bpm: 88,
        progression: [0, 3, 8, 7],
        minor: [true, false, false, true],
        level: 0.52,
      },
    },
    {
      file: '04 - Headlights (FINAL).wav',
      title: 'Headlights',
      isrc: 'qzdem2600004',
      songwriter: 'A. Writer',
      recipe: {
        seconds: 52,
        root: 55,
        bpm: 124,
        progression: [0, 7, 9, 5],
        minor: [false, false, true, false],
        level: 0.48,
      },
    },
    {
      file: '05_Last_Exit_mixdown_v07.wav',
      title: 'Last Exit',
      isrc: 'QZDEM2600005',
      songwriter: 'A. Writer, B. Writer',
      recipe: {
        seconds: 38,
        root: 64,
        bpm: 100,
        progression: [0, 5, 3, 7],
        minor: [true, true, false, false],
        level: 0.55,
      },
    },
    {
      file: '06 - Slow Dawn (Master v2).wav',
      title: 'Slow Dawn',
      isrc: 'QZDEM2600006',
      songwriter: 'C. Writer',
      recipe: {
        seconds: 57,
        root: 53,
        bpm: 72,
        progression: [0, 4, 5, 0],
        minor: [false, true, false, false],
        level: 0.5,
      },
    },
  ] satisfies Array<{
    file: string;
    title: string;
    isrc?: string;
    songwriter?: string;
    superseded?: boolean;
    recipe: SongRecipe;
  }>,
};

const UPC_BODY = '501001708843';
export const demoUpc = `${UPC_BODY}${eanCheckDigit(UPC_BODY)}`;

/** The track sheet a label sends with the mixes: a CSV with the album facts on the first row. */
export function demoSheet(): string {
  const rows = [
    [
      'Track',
      'Title',
      'Performer',
      'Songwriter',
      'ISRC',
      'Gap',
      'Album',
      'Album Artist',
      'UPC',
      'Label',
      'Catalog Number',
      'Genre',
    ],
  ];
  let track = 1;
  for (const song of demoAlbum.songs) {
    if ('superseded' in song) continue;
    rows.push([
      String(track),
      song.title,
      demoAlbum.artist,
      song.songwriter ?? '',
      song.isrc ?? '',
      '2',
      track === 1 ? demoAlbum.title : '',
      track === 1 ? demoAlbum.artist : '',
      track === 1 ? demoUpc : '',
      track === 1 ? demoAlbum.label : '',
      track === 1 ? demoAlbum.catalogNumber : '',
      track === 1 ? 'Pop' : '',
    ]);
    track++;
  }
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return `${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

/** A marker file so the demo only ever deletes a folder it made itself. */
const MARKER = '.tapeop-demo';

export interface DemoStep {
  name: string;
  ms: number;
  detail: string;
}

export interface DemoResult {
  outDir: string;
  session: string;
  steps: DemoStep[];
  totalMs: number;
  files: Record<string, string>;
  /** Parts that wait for a library that has not landed. */
  skipped: string[];
}

export interface DemoOptions {
  outDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  config: TapeopConfig;
  progress(label: string, total: number): Progress;
  signal: AbortSignal;
  /** Called after each step, to show progress. */
  onStep?: (step: DemoStep) => void;
}

async function prepareOutDir(outDir: string): Promise<void> {
  const found = await stat(outDir).catch(() => undefined);
  if (found) {
    const entries = await readdir(outDir);
    if (entries.length > 0 && !entries.includes(MARKER))
      throw new TapeopError('CONFLICT', `${outDir} exists and was not made by the demo`, {
        details: { outDir },
        hint: 'Give another folder (tapeop demo --out <folder>); the demo replaces only its own output.',
      });
    // Each run starts fresh: the demo replaces what an earlier run made.
    await rm(outDir, { recursive: true, force: true });
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, MARKER), 'made by tapeop demo; the next run replaces this folder\n');
}

/**
 * The main job end to end, with no DAW installed: a delivery of synthetic mixes and its track
 * sheet, the session, the intake report, the CD sequence, the REAPER simulator loaded with the
 * album and its CD markers, two snapshots with an engineer's changes between them (and the
 * change notes they produce), the recall sheet, and the CD deliverables.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const outDir = resolve(options.cwd, options.outDir);
  const steps: DemoStep[] = [];
  const skipped: string[] = [];
  const files: Record<string, string> = {};
  const step = async <T>(
    name: string,
    work: () => Promise<T>,
    detail: (value: T) => string,
  ): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    const done = { name, ms: Math.round(performance.now() - t0), detail: detail(value) };
    steps.push(done);
    options.onStep?.(done);
    return value;
  };

  await prepareOutDir(outDir);
  const deliveryDir = join(outDir, 'delivery');
  const sessionDir = join(outDir, 'session');
  const location: SessionLocation = { dir: sessionDir, file: join(sessionDir, 'session.json') };

  let adapter: DawAdapter | undefined;
  const env: ActionEnv = {
    cwd: outDir,
    env: options.env,
    logger: options.logger,
    config: options.config,
    author: 'tapeop demo',
    session: location,
    dawName: 'reaper',
    daw: async () => {
      if (!adapter) throw new Error('internal: the demo connects the DAW first');
      return adapter;
    },
    progress: options.progress,
    signal: options.signal,
    runner: 'cli',
  };
  const run = async <P, R>(action: AnyAction, params: P): Promise<R> =>
    (await action.run(params, env)).result as R;

  // 1. The delivery: mixes at 48 kHz/24-bit, as a studio sends them, and the label's track sheet.
  await step(
    'delivery',
    async () => {
      await mkdir(deliveryDir, { recursive: true });
      for (const song of demoAlbum.songs)
        await writePcmWav(
          join(deliveryDir, song.file),
          renderSong(song.recipe, 48_000),
          48_000,
          24,
        );
      await writeFile(join(deliveryDir, 'Tracklist.csv'), demoSheet());
      return demoAlbum.songs.length;
    },
    (count) =>
      `${count} mixes (48 kHz, 24-bit) and Tracklist.csv in ${relative(options.cwd, deliveryDir)}`,
  );
  files.delivery = deliveryDir;

  // 2. The session, from the delivery and the sheet; the intake report of its mixes.
  const init = await step(
    'init',
    () =>
      run<unknown, { songs: unknown[]; scan: { choices: unknown[] } }>(initAction, {
        dir: sessionDir,
        from: deliveryDir,
        sheet: join(deliveryDir, 'Tracklist.csv'),
      }),
    (r) =>
      `session with ${r.songs.length} songs (one song delivered twice: the newer version kept)`,
  );
  void init;
  files.session = location.file;
  await step(
    'scan',
    () =>
      run<unknown, { files: unknown[]; errors: number; warnings: number }>(scanAction, {
        folder: join(sessionDir, 'mixes'),
      }),
    (r) => `intake report: ${r.files.length} files, ${r.errors} errors, ${r.warnings} warnings`,
  );
  await step(
    'qc',
    () =>
      run<
        unknown,
        {
          report: {
            summary: { verdict: string; errors: number; warnings: number };
            album?: { integratedLufs: number };
          };
          notesWritten: number;
        }
      >(qcAction, {}),
    (r) =>
      `QC (BS.1770): album ${r.report.album ? `${r.report.album.integratedLufs.toFixed(1)} LUFS` : ''}, verdict ${r.report.summary.verdict} (${r.report.summary.errors} errors, ${r.report.summary.warnings} warnings); ${r.notesWritten} qc notes`,
  );

  // 3. The CD sequence, with gaps, checked against the Red Book; the problem it finds is fixed
  // as the check says (REAPER writes track songwriters only when the album has one).
  type SequenceResult = {
    totalLength: string;
    changes: unknown[];
    redBook: {
      errors: number;
      warnings: number;
      problems: Array<{ rule: string; severity: string }>;
    };
  };
  const sequenced = await step(
    'sequence',
    () => run<unknown, SequenceResult>(sequenceAction, { gapSec: 2.5, cd: true }),
    (r) =>
      `CD sequence ${r.totalLength}, ${r.changes.length} changes noted; Red Book: ${r.redBook.errors} errors, ${r.redBook.warnings} warnings`,
  );
  if (
    sequenced.redBook.problems.some((p) => p.rule === 'cd-text-album' && p.severity === 'error')
  ) {
    await step(
      'fix CD-Text',
      async () => {
        await run(sessionUpdateAction, {
          set: { '/album/cdText': { songwriter: 'A. Writer, B. Writer, C. Writer' } },
        });
        return run<unknown, SequenceResult>(sequenceAction, {});
      },
      (r) =>
        `album songwriter set for CD-Text; Red Book: ${r.redBook.errors} errors, ${r.redBook.warnings} warnings`,
    );
  }

  // 4. REAPER (simulated) with its web interface, OSC surface and the real bridge.
  const { startReaperSim, builtinPlugins, findPlugin } = await import('@tapeop/adapter-reaper/sim');
  const sim = await step(
    'simulator',
    () =>
      startReaperSim({
        project: { sampleRate: 48_000 },
        logger: options.logger.child('reaper-sim'),
      }),
    (s) => `REAPER simulator: web interface ${s.url}, OSC port ${s.oscPort}, bridge running`,
  );
  try {
    adapter = await connectDaw(
      {
        name: 'reaper',
        connection: {
          host: sim.host,
          port: sim.httpPort,
          oscPort: sim.oscPort,
          logger: options.logger.child('adapter-reaper'),
        },
      },
      options.config,
      options.logger,
    );
    await step(
      'connect',
      () => run<unknown, { daw: { name: string; version?: string } }>(dawStatusAction, {}),
      (r) => `connected to ${r.daw.name} ${r.daw.version ?? ''}`.trim(),
    );

    // 5. Load the album and write its CD markers.
    await step(
      'load',
      () => run<unknown, { songs: unknown[] }>(loadAction, {}),
      (r) => `${r.songs.length} songs loaded, one track each`,
    );
    await step(
      'markers',
      () => run<unknown, { written: unknown[] }>(markersWriteAction, {}),
      (r) => `${r.written.length} CD markers written (tracks, pauses, ISRC, CD-Text)`,
    );

    // 6. The engineer builds a mastering chain on every song (in REAPER's window, here the model).
    const eq = findPlugin(builtinPlugins, 'ReaEQ')!;
    const limiter = findPlugin(builtinPlugins, 'ReaLimit')!;
    for (const track of sim.project.tracks) {
      sim.project.addFx(track, eq);
      sim.project.addFx(track, limiter);
    }
    const v1 = await step(
      'capture v1',
      () => run<unknown, { snapshot: { file: string } }>(recallCaptureAction, { name: 'v1' }),
      (r) => `snapshot v1 → ${r.snapshot.file}`,
    );
    const journal = sessionJournal(location, { logger: options.logger, author: 'tapeop demo' });
    await journal.markVersion({ id: 'v1', name: 'v1 sent to client' });
    const request = await run<unknown, { note: { id: string } }>(notesAddAction, {
      text: 'City Lights a touch quieter; more presence in Overpass',
      kind: 'client-request',
      requestedBy: 'Sam (Example Records)',
      author: 'Sam (Example Records)',
    });

    // 7. The revision, as an engineer makes it on a control surface: two moves over OSC.
    await step(
      'engineer (OSC)',
      async () => {
        const { ReaperOscClient } = await import('@tapeop/adapter-reaper');
        const osc = new ReaperOscClient({
          host: sim.host,
          port: sim.oscPort,
          listenHost: '127.0.0.1',
        });
        await osc.open();
        try {
          const cityLights = sim.project.tracks[1]!;
          const overpass = sim.project.tracks[2]!;
          const gainBand3 = eq.params.findIndex((p) => p.name === 'Gain-Band 3');
          const before = { vol: cityLights.vol, gain: overpass.fx[0]!.values[gainBand3] };
          osc.setTrackVolumeDb(2, -1.5); // City Lights fader to −1.5 dB
          osc.setFxParam(3, 1, gainBand3 + 1, 0.5 + 2 / 48); // Overpass ReaEQ band 3 (2.5 kHz) +2 dB
          const deadline = Date.now() + 5000;
          while (
            cityLights.vol === before.vol ||
            overpass.fx[0]!.values[gainBand3] === before.gain
          ) {
            if (Date.now() > deadline)
              throw new TapeopError(
                'TIMEOUT',
                'the simulator did not take the OSC changes within 5 s',
                {
                  hint: 'Run the demo again; if it keeps failing, report it with the output above.',
                },
              );
            await new Promise((r) => setTimeout(r, 10));
          }
        } finally {
          await osc.close();
        }
      },
      () => 'over OSC: City Lights fader −1.5 dB; Overpass ReaEQ band 3 +2.0 dB',
    );
    const v2 = await step(
      'capture v2',
      () =>
        run<unknown, { snapshot: { file: string }; notesWritten: number }>(recallCaptureAction, {
          name: 'v2',
        }),
      (r) => `snapshot v2 → ${r.snapshot.file}; ${r.notesWritten} change notes written`,
    );
    await run(notesAmendAction, { id: request.note.id, status: 'done' });
    await journal.markVersion({ id: 'v2', name: 'v2 sent to client' });
    files.snapshotV1 = join(sessionDir, v1.snapshot.file);
    files.snapshotV2 = join(sessionDir, v2.snapshot.file);
  } finally {
    await adapter?.close().catch(() => {});
    await sim.close();
  }

  // 8. The REAPER project file: the album, its CD markers and v2's mastering chains.
  const rpp = await step(
    'RPP',
    () =>
      run<unknown, { file: string }>(loadAction, {
        offline: join(sessionDir, 'deliver', 'Late Lights.RPP'),
        snapshot: 'v2',
      }),
    (r) => `REAPER project with v2's chains: ${relative(options.cwd, r.file)}`,
  );
  files.rpp = rpp.file;

  // 9. The recall sheet.
  const sheet = await step(
    'recall sheet',
    () =>
      run<unknown, { file: string }>(notesExportAction, {
        format: 'html',
        out: join(sessionDir, 'deliver', 'Late Lights recall sheet.html'),
      }),
    (r) => `recall sheet ${relative(options.cwd, r.file)}`,
  );
  files.recallSheet = sheet.file;

  // 10. The CD deliverables, from the masters the DAW would render (44.1 kHz/16-bit, synthesized).
  const renderDir = join(sessionDir, 'renders');
  await step(
    'renders',
    async () => {
      await mkdir(renderDir, { recursive: true });
      let n = 0;
      for (const song of demoAlbum.songs) {
        if ('superseded' in song) continue;
        n++;
        await writePcmWav(
          join(renderDir, `${String(n).padStart(2, '0')} - ${song.title}.wav`),
          renderSong(song.recipe, 44_100),
          44_100,
          16,
        );
      }
      return n;
    },
    (n) =>
      `${n} song masters at 44.1 kHz/16-bit (made by the demo's synthesizer: the simulator renders no audio)`,
  );
  const ddp = await step(
    'DDP',
    () => run<unknown, { dir: string; imageMd5: string }>(deliverDdpAction, { songs: renderDir }),
    (r) => `DDP 2.00 ${relative(options.cwd, r.dir)} (image MD5 ${r.imageMd5})`,
  );
  files.ddp = ddp.dir;
  const cue = await step(
    'CUE',
    () =>
      run<unknown, { file: string }>(deliverCueAction, {
        master: join(ddp.dir, 'IMAGE.DAT'),
        out: join(sessionDir, 'deliver', 'Late Lights.cue'),
      }),
    (r) => `CUE sheet ${relative(options.cwd, r.file)}`,
  );
  files.cue = cue.file;
  const pq = await step(
    'PQ sheet',
    () => run<unknown, { file: string }>(deliverPqAction, { ddp: ddp.dir, format: 'html' }),
    (r) => `PQ sheet ${relative(options.cwd, r.file)}`,
  );
  files.pq = pq.file;
  await step(
    'verify',
    async () => {
      const report = await run<unknown, { ok: boolean; problems: Array<{ message: string }> }>(
        deliverVerifyAction,
        { ddp: ddp.dir },
      );
      if (!report.ok)
        throw new TapeopError(
          'INTERNAL',
          `the demo's DDP does not verify: ${report.problems.map((p) => p.message).join('; ')}`,
        );
      return report;
    },
    () => 'DDP verified: checksums, PQ, CD-Text, Red Book',
  );
  files.notes = join(sessionDir, 'notes.jsonl');

  return {
    outDir,
    session: location.file,
    steps,
    totalMs: Math.round(performance.now() - started),
    files,
    skipped,
  };
}
