import {
  array,
  boolean,
  integer,
  markerDocument,
  number,
  object,
  redBookProblem,
  sessionFile,
  string,
} from '../output/common-schemas.js';
import { type ActionEnv, defineAction, requireSession } from './action.js';
import { type SequenceInput, type SequenceReport, sequence } from './sequence-operation.js';

export const sequenceParams = object(
  {
    order: array(
      string(),
      'New play order: song ids, titles or current track numbers. Sequenced songs left out are taken out of the sequence.',
    ),
    gapSec: {
      type: 'number',
      minimum: 0,
      maximum: 3600,
      description: 'Gap before every song after the first, in seconds (crossfades are kept).',
    },
    gaps: {
      type: 'object',
      additionalProperties: { type: 'number', minimum: 0, maximum: 3600 },
      description: 'Gap before single songs: song id, title or track number → seconds.',
    },
    cd: boolean(
      'Lay the album out for CD and check it (adds a CD delivery target when there is none).',
    ),
    dryRun: boolean('Show the result without writing the session.'),
  },
  { optional: ['order', 'gapSec', 'gaps', 'cd', 'dryRun'] },
);

export const sequenceResult = object(
  {
    session: sessionFile,
    written: boolean('session.json was rewritten (and one change note per change added).'),
    changes: array(
      object(
        {
          change: {
            type: 'object',
            required: ['kind', 'songId'],
            description: "@tapeop/session's SequenceChange (absent for a delivery target added).",
          },
          text: string('The change in one line.'),
        },
        { optional: ['change'] },
      ),
    ),
    cd: boolean('Laid out for CD (2-second lead pregap, tracks on CD frames).'),
    sampleRate: integer(),
    songs: array(
      object(
        {
          trackNumber: integer(),
          songId: string(),
          title: string(),
          startSec: number('Where the song starts, from the programme start.'),
          lengthSec: number(),
          gapSec: number(),
          crossfadeSec: number(),
          trackStart: string('Index 1, MM:SS:FF.'),
          trackStartFrames: integer(),
          pregapFrames: integer(),
          trackLength: string('MM:SS:FF.'),
          trackLengthFrames: integer(),
          isrc: string(),
          indexes: array(
            object(
              { number: integer(), time: string('MM:SS:FF'), frames: integer(), name: string() },
              { optional: ['name'] },
            ),
          ),
        },
        { optional: ['isrc'] },
      ),
    ),
    totalLength: string('The programme to the lead-out, MM:SS:FF.'),
    totalSec: number(),
    leadOutFrames: integer(),
    markers: array(markerDocument, 'The markers tapeop writes to the DAW.'),
    redBook: object({
      checked: boolean('false when the session is not laid out for CD.'),
      errors: integer(),
      warnings: integer(),
      problems: array(redBookProblem),
    }),
    notes: array(string(), 'Choices the layout made, in plain sentences.'),
  },
  { description: 'The album laid out in time, its markers and the Red Book check.' },
);

export const sequenceAction = defineAction<SequenceInput, SequenceReport>({
  method: 'sequence',
  summary:
    'Order, gaps and CD layout of the album: the timeline, the markers and the Red Book check.',
  params: sequenceParams,
  result: sequenceResult,
  session: true,
  daw: false,
  async run(params, env: ActionEnv) {
    const report = await sequence(
      requireSession(env),
      { ...params, ...(env.author ? { author: env.author } : {}) },
      env,
    );
    return {
      result: report,
      problemsFound: report.redBook.errors > 0,
      sessionChanged: report.written,
    };
  },
});
