import {
  array,
  boolean,
  integer,
  type JsonSchema,
  number,
  object,
  oneOfStrings,
  ref,
  string,
} from './json-schema.js';

export const sessionDocument = ref('session.schema.json');
export const markerDocument = ref('marker.schema.json');
export const snapshotDocument = ref('snapshot.schema.json');
export const noteDocument = ref('note.schema.json');
export const manifestDocument = ref('adapter-manifest.schema.json');

/** What `--json` prints on stdout when a command fails (and the hub's error `data`). */
export const errorDocument: JsonSchema = object(
  {
    error: object(
      {
        code: string('A stable code from @tapeop/core (DAW_UNREACHABLE, SCHEMA_INVALID, ...).'),
        message: string('What went wrong, for people.'),
        hint: string('What to do next.'),
        details: {
          type: 'object',
          description: 'Facts for programs: the file, pointer, problems.',
        },
      },
      { optional: ['hint'] },
    ),
  },
  { description: 'A failed command.' },
);

/** A core validation problem: a JSON pointer and a sentence. */
export const documentProblem: JsonSchema = object(
  {
    pointer: string('JSON pointer to the value.'),
    message: string(),
    value: {},
    severity: oneOfStrings(['error', 'warning']),
    rule: string(),
  },
  { optional: ['value'] },
);

/** An intake problem (scan, metadata sheet, session building), with its one-line text. */
export const intakeProblem: JsonSchema = object(
  {
    code: string('Stable problem code (truncated, mismatched-sample-rate, duplicate-song, ...).'),
    severity: oneOfStrings(['error', 'warning']),
    file: { type: ['string', 'null'] },
    related: array(string()),
    offset: integer('Byte offset in the audio file.'),
    line: integer('Line of the metadata sheet.'),
    column: string('Column of the metadata sheet.'),
    message: string(),
    hint: string(),
    text: string('The problem in one line, with its place.'),
  },
  { optional: ['file', 'related', 'offset', 'line', 'column', 'hint'], additional: true },
);

export const redBookProblem: JsonSchema = object(
  {
    rule: string(
      'track-count, track-length, lead-pregap, pause-length, total-length, isrc-*, upc, cd-text-*, track-order, index-marks, sample-rate.',
    ),
    severity: oneOfStrings(['error', 'warning']),
    message: string(),
    songId: string(),
    trackNumber: integer(),
    msf: string('Absolute CD time MM:SS:FF.'),
    frames: integer(),
    pointer: string('Where to fix it in session.json.'),
  },
  { optional: ['songId', 'trackNumber', 'msf', 'frames', 'pointer'] },
);

export const snapshotSummary: JsonSchema = object(
  {
    id: string('The snapshot id (a ULID: it sorts by capture time).'),
    name: string(),
    capturedAt: string(),
    daw: string(),
    adapter: string(),
    trackCount: integer(),
    file: string('The file, relative to the session folder.'),
  },
  { optional: ['name'] },
);

export const snapshotChangeLine: JsonSchema = object(
  {
    text: string('The change in one line, as the change notes say it.'),
    change: {
      type: 'object',
      required: ['kind'],
      description: "@tapeop/session's SnapshotChange (switch on kind).",
    },
    significant: boolean('Above the noise thresholds (a change note is written for it).'),
  },
  {},
);

export const journalEntry: JsonSchema = object(
  {
    id: string(),
    note: noteDocument,
    amendedBy: array(string()),
    retracted: boolean(),
  },
  { optional: ['amendedBy'], additional: true },
);

export const sessionFile = string('The session.json file (absolute path).');

export { array, boolean, integer, number, object, oneOfStrings, string };
