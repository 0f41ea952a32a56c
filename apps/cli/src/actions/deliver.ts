import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkSessionPath, type Session, TapeopError } from '@tapeop/core';
import {
  type MasterAudio,
  type PqSheetFormat,
  readDdp,
  splitMasters,
  verifyDdp,
  writeCueSheet,
  writeDdp,
  writePqSheet,
} from '@tapeop/delivery';
import { buildTimeline } from '@tapeop/session';
import {
  array,
  boolean,
  integer,
  object,
  oneOfStrings,
  sessionFile,
  string,
} from '../output/common-schemas.js';
import { recordChanges } from '../session-folder/journal.js';
import { readSession } from '../session-folder/session-file.js';
import { type ActionEnv, defineAction, requireSession } from './action.js';

/** A path given by the user: in the hub, inside the session folder only. */
function userPath(env: ActionEnv, given: string, what: string): string {
  if (env.runner !== 'hub') return resolve(env.cwd, given);
  const location = requireSession(env);
  const verdict = checkSessionPath(given);
  if (!verdict.inside)
    throw new TapeopError(
      'PATH_OUTSIDE_SESSION',
      `${what}: the hub works inside its session folder only; "${given}" ${verdict.reason}`,
      {
        details: { path: given },
        hint: 'Give a path relative to the session folder, such as deliver/DDP.',
      },
    );
  return resolve(location.dir, verdict.normalized);
}

const inSession = (env: ActionEnv, ...parts: string[]) => join(requireSession(env).dir, ...parts);

export interface MasterParams {
  /** The album render: one 44.1 kHz/16-bit stereo WAV of the whole sequence. */
  master?: string;
  /** The render starts at 00:00:00 (track 1's pause included, the default) or at track 1. */
  leadIn?: 'included' | 'excluded';
  /** A folder of per-song renders: `<song id>.wav`, or files named after their track number (`01 ...`). */
  songs?: string;
}

/** Finds each sequenced song's render in a folder: `<song id>.wav`, else `NN ...` by track number. */
async function songRenders(session: Session, folder: string): Promise<Record<string, string>> {
  const names = await readdir(folder).catch((error: Error) => {
    throw new TapeopError(
      'FILE_NOT_FOUND',
      `cannot read the folder of song renders ${folder}: ${error.message}`,
      {
        details: { folder },
        hint: 'Give the folder holding one WAV per song (--songs).',
      },
    );
  });
  const audio = names.filter((n) => /\.(wav|wave|aif|aiff)$/i.test(n) && !n.startsWith('.'));
  const files: Record<string, string> = {};
  const missing: string[] = [];
  session.sequence.entries.forEach((entry, i) => {
    const byId = audio.find((n) => n.replace(/\.[^.]+$/, '') === entry.songId);
    const number = String(i + 1).padStart(2, '0');
    const byNumber = audio.filter((n) => n.startsWith(number) && !/^\d/.test(n.slice(2)));
    const found = byId ?? (byNumber.length === 1 ? byNumber[0] : undefined);
    if (found) files[entry.songId] = join(folder, found);
    else missing.push(`${number} ${entry.songId}`);
  });
  if (missing.length > 0)
    throw new TapeopError('FILE_NOT_FOUND', `${folder} has no render for: ${missing.join(', ')}`, {
      details: { folder, missing },
      hint: 'Name each render <song id>.wav or start its name with the track number (01 - Title.wav).',
    });
  return files;
}

async function masterAudio(
  env: ActionEnv,
  session: Session,
  params: MasterParams,
): Promise<MasterAudio> {
  if (params.master && params.songs)
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'give either the album master or the folder of song renders, not both',
      {
        hint: 'Use --master album.wav, or --songs <folder>.',
      },
    );
  if (params.master)
    return {
      kind: 'album',
      path: userPath(env, params.master, 'master'),
      leadIn: params.leadIn ?? 'included',
    };
  if (params.songs)
    return {
      kind: 'songs',
      files: await songRenders(session, userPath(env, params.songs, 'songs')),
    };
  throw new TapeopError(
    'INVALID_ARGUMENT',
    'which audio? give the album master or the song renders',
    {
      hint: 'Render the album from the DAW (44.1 kHz/16-bit stereo), then --master <file>; or --songs <folder> with one WAV per song.',
    },
  );
}

const masterParams = {
  master: string('The album render: 44.1 kHz/16-bit stereo WAV of the whole sequence.'),
  leadIn: oneOfStrings(
    ['included', 'excluded'],
    "The render holds track 1's pause ('included', default) or starts at track 1.",
  ),
  songs: string('A folder of per-song renders (<song id>.wav, or NN - Title.wav).'),
};

const note = (env: ActionEnv, text: string, data: Record<string, unknown>) =>
  recordChanges(requireSession(env), [{ kind: 'delivery', text, data }], {
    logger: env.logger,
    ...(env.author ? { author: env.author } : {}),
  });

export interface DdpResult {
  session: string;
  dir: string;
  imageMd5: string;
  files: Array<{ name: string; md5: string; bytes: number }>;
  tracks: number;
  warnings: string[];
}

export const deliverDdpAction = defineAction<
  MasterParams & { out?: string; masterId?: string; overwrite?: boolean },
  DdpResult
>({
  method: 'deliver.ddp',
  summary: 'Write the DDP 2.00 fileset for the plant (checked against the Red Book first).',
  params: object(
    {
      ...masterParams,
      out: string('The DDP folder (default deliver/DDP in the session).'),
      masterId: string('DDPID master identifier (default: the catalogue number).'),
      overwrite: boolean(
        'Replace an existing DDP folder (swapped only once the new one is complete).',
      ),
    },
    { optional: ['master', 'leadIn', 'songs', 'out', 'masterId', 'overwrite'] },
  ),
  result: object({
    session: sessionFile,
    dir: string(),
    imageMd5: string(),
    files: array(object({ name: string(), md5: string(), bytes: integer() })),
    tracks: integer(),
    warnings: array(string()),
  }),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const master = await masterAudio(env, session, params);
    const out = params.out ? userPath(env, params.out, 'out') : inSession(env, 'deliver', 'DDP');
    await mkdir(dirname(out), { recursive: true });
    const progress = env.progress('writing the DDP', 1);
    try {
      const written = await writeDdp(session, master, out, {
        ...(params.masterId ? { masterId: params.masterId } : {}),
        ...(params.overwrite ? { overwrite: true } : {}),
        logger: env.logger,
        signal: env.signal,
        onProgress: (done, total) => progress.update(total > 0 ? done / total : 0),
      });
      const files = written.files.map((f) => ({ name: f.name, md5: f.md5, bytes: f.bytes }));
      await note(env, `DDP written: ${out} (image MD5 ${written.imageMd5})`, {
        ddp: out,
        imageMd5: written.imageMd5,
        files,
      });
      return {
        result: {
          session: location.file,
          dir: written.dir,
          imageMd5: written.imageMd5,
          files,
          tracks: written.layout.tracks.length,
          warnings: written.warnings,
        },
      };
    } finally {
      progress.done();
    }
  },
});

export const deliverCueAction = defineAction<
  MasterParams & { out?: string; encoding?: 'utf-8' | 'latin1' },
  { session: string; file: string; text: string; warnings: string[] }
>({
  method: 'deliver.cue',
  summary: 'Write a CUE sheet (CDRWIN) for the album render or a DDP image.',
  params: object(
    {
      master: string('The album render, or a DDP IMAGE.DAT.'),
      leadIn: masterParams.leadIn,
      out: string('The .cue file (default deliver/<album>.cue in the session).'),
      encoding: oneOfStrings(['utf-8', 'latin1'], "Default 'utf-8'."),
    },
    { optional: ['leadIn', 'out', 'encoding'] },
  ),
  result: object({
    session: sessionFile,
    file: string(),
    text: string('The cue sheet.'),
    warnings: array(string()),
  }),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    if (!params.master)
      throw new TapeopError(
        'INVALID_ARGUMENT',
        'which audio does the cue sheet describe? give the master',
        {
          hint: 'Give --master <album render.wav> or --master deliver/DDP/IMAGE.DAT.',
        },
      );
    const masterPath = userPath(env, params.master, 'master');
    const out = params.out
      ? userPath(env, params.out, 'out')
      : inSession(env, 'deliver', `${session.album.title.replace(/[/\\:*?"<>|]+/g, '-')}.cue`);
    await mkdir(dirname(out), { recursive: true });
    const leadIn = params.leadIn ?? 'included';
    const master: MasterAudio | { kind: 'image'; path: string } = /\.(dat|bin|raw|pcm)$/i.test(
      masterPath,
    )
      ? { kind: 'image', path: masterPath }
      : { kind: 'album', path: masterPath, leadIn };
    const written = await writeCueSheet(session, master, {
      path: out,
      leadIn,
      ...(params.encoding ? { encoding: params.encoding } : {}),
    });
    await note(env, `CUE sheet written: ${written.path}`, {
      cue: written.path,
      master: basename(masterPath),
    });
    return {
      result: {
        session: location.file,
        file: written.path,
        text: written.text,
        warnings: written.warnings,
      },
    };
  },
});

export const deliverPqAction = defineAction<
  { ddp?: string; format?: PqSheetFormat; out?: string },
  { session: string; format: PqSheetFormat; file?: string; text: string }
>({
  method: 'deliver.pq',
  summary: "The PQ sheet: from a DDP (with its checksums) or from the session's CD timeline.",
  params: object(
    {
      ddp: string("A DDP folder (any tool's); without it, the session's CD timeline."),
      format: oneOfStrings(['html', 'csv', 'json', 'text'], "Default 'html'."),
      out: string(
        'Write the sheet here (default deliver/PQ sheet.<ext> in the session; "-" prints it).',
      ),
    },
    { optional: ['ddp', 'format', 'out'] },
  ),
  result: object(
    {
      session: sessionFile,
      format: oneOfStrings(['html', 'csv', 'json', 'text']),
      file: string(),
      text: string(),
    },
    { optional: ['file'] },
  ),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const format = params.format ?? 'html';
    const source = params.ddp
      ? await readDdp(userPath(env, params.ddp, 'ddp'))
      : buildTimeline(session, { cd: true });
    const extension = { html: 'html', csv: 'csv', json: 'json', text: 'txt' }[format];
    const out =
      params.out === '-'
        ? undefined
        : params.out
          ? userPath(env, params.out, 'out')
          : inSession(env, 'deliver', `PQ sheet.${extension}`);
    if (out) await mkdir(dirname(out), { recursive: true });
    const written = await writePqSheet(session, source, { format, ...(out ? { path: out } : {}) });
    if (written.path) await note(env, `PQ sheet written: ${written.path}`, { pq: written.path });
    return {
      result: {
        session: location.file,
        format,
        ...(written.path ? { file: written.path } : {}),
        text: written.text,
      },
    };
  },
});

export interface VerifyResult {
  dir: string;
  ok: boolean;
  problems: Array<{
    severity: 'error' | 'warning';
    message: string;
    file?: string;
    offset?: number;
    line?: number;
  }>;
  checksums: Array<{ list: string; name: string; ok: boolean; expected: string; actual?: string }>;
  tracks?: number;
}

export const deliverVerifyAction = defineAction<{ ddp: string }, VerifyResult>({
  method: 'deliver.verify',
  summary: 'Check a DDP from any tool as a plant would: files, checksums, PQ, CD-Text, Red Book.',
  params: object({ ddp: string('The DDP folder.') }),
  result: object(
    {
      dir: string(),
      ok: boolean(),
      problems: array(
        object(
          {
            severity: oneOfStrings(['error', 'warning']),
            message: string(),
            file: string(),
            offset: integer(),
            line: integer(),
          },
          { optional: ['file', 'offset', 'line'] },
        ),
      ),
      checksums: array(
        object(
          { list: string(), name: string(), ok: boolean(), expected: string(), actual: string() },
          { optional: ['actual'] },
        ),
      ),
      tracks: integer(),
    },
    { optional: ['tracks'] },
  ),
  session: false,
  daw: false,
  async run(params, env) {
    const dir = userPath(env, params.ddp, 'ddp');
    const report = await verifyDdp(dir);
    return {
      result: {
        dir: report.dir,
        ok: report.ok,
        problems: report.problems,
        checksums: report.checksums.map((c) => ({
          list: c.list,
          name: c.name,
          ok: c.ok,
          expected: c.expected,
          ...(c.actual ? { actual: c.actual } : {}),
        })),
        ...(report.fileset ? { tracks: report.fileset.layout.tracks.length } : {}),
      },
      problemsFound: !report.ok,
    };
  },
});

export const deliverSplitAction = defineAction<
  MasterParams & { ddp?: string; out?: string },
  {
    session: string;
    dir: string;
    files: Array<{ path: string; trackNumber: number }>;
    warnings: string[];
  }
>({
  method: 'deliver.split',
  summary: 'Per-song masters: the album cut at the track boundaries, tagged WAVs with ISRC.',
  params: object(
    {
      master: masterParams.master,
      leadIn: masterParams.leadIn,
      ddp: string('Cut from this DDP instead of a render.'),
      out: string('The folder (default deliver/per-song in the session).'),
    },
    { optional: ['master', 'leadIn', 'ddp', 'out'] },
  ),
  result: object({
    session: sessionFile,
    dir: string(),
    files: array(object({ path: string(), trackNumber: integer() })),
    warnings: array(string()),
  }),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    const { session } = await readSession(location, env.logger);
    const source = params.ddp
      ? await readDdp(userPath(env, params.ddp, 'ddp'))
      : await masterAudio(env, session, { ...params, songs: undefined });
    const out = params.out
      ? userPath(env, params.out, 'out')
      : inSession(env, 'deliver', 'per-song');
    await mkdir(out, { recursive: true });
    const split = await splitMasters(session, source, out);
    const files = split.files.map((f) => ({ path: f.path, trackNumber: f.track }));
    await note(env, `Per-song masters written: ${files.length} files in ${out}`, {
      dir: out,
      files: files.length,
    });
    return { result: { session: location.file, dir: out, files, warnings: split.warnings } };
  },
});
