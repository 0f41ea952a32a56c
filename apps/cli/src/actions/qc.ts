import { resolve } from 'node:path';
import { checkSessionPath, type QcReport, TapeopError } from '@tapeop/core';
import { planLoad } from '@tapeop/session';
import { array, boolean, integer, object, oneOfStrings, string } from '../output/common-schemas.js';
import { ref } from '../output/json-schema.js';
import { sessionJournal } from '../session-folder/journal.js';
import { readSession } from '../session-folder/session-file.js';
import { type ActionEnv, defineAction } from './action.js';

export const QC_TARGETS = ['cd', 'spotify', 'apple-music', 'youtube', 'ebu-r128'] as const;
export type QcTargetId = (typeof QC_TARGETS)[number];

export interface QcParams {
  /** Audio files to check; without them, every sequenced song of the session. */
  files?: string[];
  /** Delivery targets (default: Spotify, Apple Music, YouTube). */
  targets?: QcTargetId[];
  /** Do not write the qc notes into the session's journal. */
  noNotes?: boolean;
}

export interface QcResult {
  session?: string;
  report: QcReport;
  /** qc entries written to the journal (one per file and one for the album). */
  notesWritten: number;
}

/** In the hub, files are read inside the session folder only. */
function filePath(env: ActionEnv, given: string): string {
  if (env.runner !== 'hub') return resolve(env.cwd, given);
  const verdict = checkSessionPath(given);
  if (!env.session || !verdict.inside)
    throw new TapeopError(
      'PATH_OUTSIDE_SESSION',
      `the hub reads files inside its session folder only; "${given}" ${verdict.inside ? '' : verdict.reason}`,
      {
        hint: 'Give paths relative to the session folder, or leave out files to check every song.',
      },
    );
  return resolve(env.session.dir, verdict.normalized);
}

export const qcAction = defineAction<QcParams, QcResult>({
  method: 'qc',
  summary:
    "Loudness, true peak, LRA and mastering checks (BS.1770) of the session's mixes or of given files.",
  params: object(
    {
      files: array(
        string(),
        'Audio files to check; without them, every sequenced song of the session.',
      ),
      targets: array(
        oneOfStrings(QC_TARGETS),
        'Delivery targets to check against (default: spotify, apple-music, youtube).',
      ),
      noNotes: boolean('Do not write qc notes into the journal.'),
    },
    { optional: ['files', 'targets', 'noNotes'] },
  ),
  result: object(
    {
      session: string(),
      report: ref('qc-report.schema.json'),
      notesWritten: integer(),
    },
    { optional: ['session'] },
  ),
  session: false,
  daw: false,
  async run(params, env) {
    const { analyzeAlbum, buildQcReport, closeAnalysisWorkers, qcReportToNotes } = await import(
      '@tapeop/audio'
    );
    let paths: string[];
    const songIds: Record<string, string> = {};
    if (params.files && params.files.length > 0) {
      paths = params.files.map((file) => filePath(env, file));
    } else {
      if (!env.session)
        throw new TapeopError(
          'INVALID_ARGUMENT',
          'which audio? give a session folder or audio files',
          {
            hint: 'tapeop qc <session> checks every song; tapeop qc <file>... checks files.',
          },
        );
      const { session } = await readSession(env.session, env.logger);
      const plan = planLoad(session, env.session.dir);
      paths = plan.songs.map((song) => song.filePath);
      for (const song of plan.songs) songIds[song.filePath] = song.songId;
      if (paths.length === 0)
        throw new TapeopError(
          'INVALID_ARGUMENT',
          `${env.session.file} has no sequenced song to check`,
          {
            hint: 'Sequence the album first (tapeop sequence <session> --order ...).',
          },
        );
    }
    const progress = env.progress('measuring', 1);
    let analysis: Awaited<ReturnType<typeof analyzeAlbum>>;
    try {
      analysis = await analyzeAlbum(paths, {
        signal: env.signal,
        logger: env.logger,
        onProgress: (p) =>
          progress.update(p.albumFraction, `measuring ${p.filesDone}/${p.fileCount}`),
      });
    } finally {
      progress.done();
      // The hub keeps its analysis threads for the next request (they never keep it alive).
      if (env.runner === 'cli') await closeAnalysisWorkers();
    }
    const report = buildQcReport(analysis, {
      ...(params.targets ? { targets: params.targets } : {}),
      songIds,
    });
    let notesWritten = 0;
    if (env.session && !params.noNotes) {
      const notes = qcReportToNotes(report, { author: env.author ?? 'tapeop' });
      const written = await sessionJournal(env.session, {
        logger: env.logger,
        ...(env.author ? { author: env.author } : {}),
      }).appendAll(notes.map(({ schema: _schema, ...note }) => note));
      notesWritten = written.length;
    }
    return {
      result: { ...(env.session ? { session: env.session.file } : {}), report, notesWritten },
      problemsFound: report.summary.verdict === 'error',
    };
  },
});
