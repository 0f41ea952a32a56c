import {
  createUlid,
  formatProblem,
  type Note,
  type NoteScope,
  TapeopError,
  validateNote,
} from '@tapeop/core';

/** What a caller gives to add an entry; the journal fills in schema, id, time and defaults. */
export interface NoteInput {
  /** Default 'note'. */
  kind?: Note['kind'];
  text: string;
  /** Default: the whole session. */
  scope?: NoteScope;
  /** Default: the journal's author. */
  author?: string;
  /** For client requests; default 'open'. */
  status?: Note['status'];
  requestedBy?: string;
  tags?: string[];
  versionId?: string;
  links?: Note['links'];
  data?: Record<string, unknown>;
  amends?: string;
  retracts?: string;
  /**
   * Give an id to make a retried append recognisable: a second line with the same id is
   * ignored on reading. Default: a new ULID.
   */
  id?: string;
  /** Default: now. */
  time?: string | Date;
}

/** Lines longer than this are refused: a journal entry is a note, not a file. */
export const MAX_ENTRY_BYTES = 1024 * 1024;

/**
 * Builds the Note document for `input` and validates it with core's validateNote, so nothing
 * invalid is ever written. Fields are written in a fixed order, which keeps the file readable.
 */
export function buildNote(
  input: NoteInput,
  defaultAuthor: string,
  now: Date = new Date(),
): { note: Note; line: string } {
  if (typeof input !== 'object' || input === null) {
    throw new TapeopError('INVALID_ARGUMENT', 'a journal entry must be an object with a text', {
      hint: "Pass at least { text: '...' }.",
    });
  }
  const kind = input.kind ?? 'note';
  const time =
    input.time instanceof Date ? input.time.toISOString() : (input.time ?? now.toISOString());
  const status = input.status ?? (kind === 'client-request' ? 'open' : undefined);
  const candidate: Record<string, unknown> = {
    schema: 'Note.1',
    id: input.id ?? createUlid(now.getTime()),
    time,
    author: input.author ?? defaultAuthor,
    kind,
    scope: input.scope ?? { kind: 'session' },
    text: input.text,
  };
  const optional = {
    status,
    requestedBy: input.requestedBy,
    tags: input.tags,
    versionId: input.versionId,
    links: input.links,
    data: input.data,
    amends: input.amends,
    retracts: input.retracts,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) candidate[key] = value;
  }
  // Validate what will be on disk: JSON drops undefined values and turns dates into strings.
  let line: string;
  try {
    line = JSON.stringify(candidate);
  } catch (error) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `the journal entry cannot be written as JSON: ${(error as Error).message}`,
      { cause: error, hint: 'Keep `data` to plain JSON values (no cycles, no BigInt).' },
    );
  }
  const result = validateNote(JSON.parse(line));
  if (!result.ok) {
    const shown = result.problems.slice(0, 10).map((p) => `  ${formatProblem(p)}`);
    throw new TapeopError(
      'SCHEMA_INVALID',
      `the journal entry is not a valid Note, nothing was written:\n${shown.join('\n')}`,
      {
        details: { problems: result.problems, entry: candidate },
        hint: 'Fix the fields listed above and add the entry again.',
      },
    );
  }
  checkSize(result.value.id, line);
  return { note: result.value, line: `${line}\n` };
}

function checkSize(id: string, line: string) {
  if (line.length <= MAX_ENTRY_BYTES / 4) return;
  const bytes = Buffer.byteLength(line);
  if (bytes <= MAX_ENTRY_BYTES) return;
  throw new TapeopError(
    'INVALID_ARGUMENT',
    `the journal entry ${id} is ${bytes} bytes; at most ${MAX_ENTRY_BYTES} are allowed`,
    {
      details: { id, bytes },
      hint: 'Keep large data (state blobs, analysis curves) in files in the session folder and link to them from the note.',
    },
  );
}
