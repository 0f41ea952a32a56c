import { checkSessionPath, TapeopError } from '@tapeop/core';
import {
  array,
  boolean,
  intakeProblem,
  integer,
  number,
  object,
  oneOfStrings,
  sessionFile,
  string,
} from '../output/common-schemas.js';
import { defineAction } from './action.js';
import {
  type InitInput,
  type InitReport,
  init,
  type ScanInput,
  type ScanReport,
  scan,
} from './intake-operation.js';

const scannedFile = object(
  {
    file: string('Relative to the scanned folder.'),
    status: oneOfStrings(['selected', 'superseded', 'duplicate', 'rejected']),
    reason: string('Why the file is not used.'),
    sizeBytes: integer(),
    sha256: string(),
    format: object({
      container: string(),
      codec: string(),
      sampleRate: integer(),
      bitDepth: integer(),
      channels: integer(),
      frames: integer(),
      durationSec: number(),
    }),
    name: object(
      { trackNumber: integer(), title: string(), versionLabel: string() },
      { optional: ['trackNumber', 'versionLabel'] },
    ),
    problems: array(intakeProblem),
  },
  { optional: ['reason', 'sha256', 'format'] },
);

export const scanResult = object(
  {
    folder: string(),
    files: array(scannedFile),
    album: object(
      { sampleRate: integer(), bitDepth: integer() },
      { optional: ['sampleRate', 'bitDepth'] },
    ),
    choices: array(
      { type: 'object', required: ['title', 'kept', 'leftOut', 'rule'] },
      'Songs delivered twice and the version kept.',
    ),
    ignored: array(object({ file: string(), reason: string() })),
    problems: array(intakeProblem),
    errors: integer(),
    warnings: integer(),
  },
  { description: 'The intake report of a delivery.' },
);

export const scanAction = defineAction<ScanInput, ScanReport>({
  method: 'scan',
  summary: 'The intake report of a folder of delivered mixes: formats, hashes, versions, problems.',
  params: object(
    {
      folder: string('The folder of mixes (in the hub: a folder inside the session folder).'),
      recursive: boolean('Look into subfolders too.'),
      noHash: boolean('Skip the SHA-256 of every file (duplicates are then not found).'),
      artist: string("The album artist, to read 'Artist - Title.wav' names."),
    },
    { optional: ['recursive', 'noHash', 'artist'] },
  ),
  result: scanResult,
  session: false,
  daw: false,
  async run(params, env) {
    let input = params;
    if (env.runner === 'hub') {
      // The hub reads only inside the session it serves.
      const verdict = checkSessionPath(params.folder);
      if (!env.session || !verdict.inside)
        throw new TapeopError(
          'PATH_OUTSIDE_SESSION',
          `the hub scans folders inside its session folder only; "${params.folder}" ${verdict.inside ? '' : verdict.reason}`,
          {
            details: { folder: params.folder },
            hint: "Give a folder relative to the session folder, such as 'mixes'; use the CLI (tapeop scan) for other folders.",
          },
        );
      input = { ...params, folder: `${env.session.dir}/${verdict.normalized}` };
    }
    const report = await scan(input, env);
    return { result: report, problemsFound: report.errors > 0 };
  },
});

export const initAction = defineAction<InitInput, InitReport>({
  method: 'init',
  summary: 'A new session folder from a folder of delivered mixes (and a metadata sheet).',
  params: object(
    {
      dir: string('The session folder to create.'),
      from: string('The folder of delivered mixes.'),
      title: string('Album title (default: the sheet, else the folder name).'),
      artist: string('Album artist.'),
      sheet: string('Metadata sheet (CSV: track, title, performer, isrc, gap, ...).'),
      inPlace: boolean('Use the mixes where they are instead of copying them into mixes/.'),
      recursive: boolean('Look into subfolders of the mixes folder.'),
      gapSec: {
        type: 'number',
        minimum: 0,
        description: 'Gap between songs when the sheet gives none (default 2).',
      },
    },
    { optional: ['title', 'artist', 'sheet', 'inPlace', 'recursive', 'gapSec'] },
  ),
  result: object({
    session: sessionFile,
    sessionId: string(),
    album: object({ title: string(), artist: string() }, { optional: ['artist'] }),
    sampleRate: integer(),
    songs: array(
      object(
        {
          songId: string(),
          title: string(),
          file: string(),
          isrc: string(),
          durationSec: number(),
        },
        { optional: ['isrc'] },
      ),
    ),
    copied: array(
      object({ from: string(), to: string() }),
      'Mixes copied into the session folder.',
    ),
    scan: scanResult,
    problems: array(intakeProblem, 'What merging the sheet and building the session found.'),
  }),
  session: false,
  daw: false,
  cliOnly: 'the hub serves one existing session; create sessions with the CLI',
  async run(params, env) {
    const report = await init({ ...params, ...(env.author ? { author: env.author } : {}) }, env);
    return { result: report, sessionChanged: true };
  },
});
