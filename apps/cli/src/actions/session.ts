import { type Problem, type Session, TapeopError, validateSession } from '@tapeop/core';
import {
  array,
  boolean,
  documentProblem,
  object,
  sessionDocument,
  sessionFile,
  string,
} from '../output/common-schemas.js';
import { recordChanges } from '../session-folder/journal.js';
import { readSession } from '../session-folder/session-file.js';
import { updateSession } from '../session-folder/update-session.js';
import { defineAction, requireSession } from './action.js';

export interface SessionShowResult {
  session: string;
  document: Session;
  warnings: Problem[];
}

export const sessionShowAction = defineAction<Record<string, never>, SessionShowResult>({
  method: 'session.show',
  summary: 'The session document (session.json), validated.',
  params: object({}),
  result: object({
    session: sessionFile,
    document: sessionDocument,
    warnings: array(documentProblem, 'What the check found that does not stop work.'),
  }),
  session: true,
  daw: false,
  async run(_params, env) {
    const loaded = await readSession(requireSession(env), env.logger);
    return {
      result: {
        session: loaded.location.file,
        document: loaded.session,
        warnings: loaded.warnings,
      },
    };
  },
});

export interface SessionUpdateParams {
  /** JSON pointer → new value (RFC 6901: `/album/title`, `/songs/2/isrc`). */
  set?: Record<string, unknown>;
  /** JSON pointers of values to remove. */
  remove?: string[];
  /** A whole new session document, instead of `set`/`remove`. */
  document?: Session;
  /** Refuse the change when the session was written since this `updatedAt` (optimistic locking). */
  ifUpdatedAt?: string;
}

export interface SessionUpdateResult {
  session: string;
  written: boolean;
  document: Session;
  changes: Array<{ pointer: string; text: string }>;
}

/** Splits an RFC 6901 JSON pointer into keys. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `"${pointer}" is not a JSON pointer (it starts with '/')`,
      {
        details: { pointer },
        hint: 'Write pointers like /album/title or /songs/2/isrc.',
      },
    );
  return pointer
    .slice(1)
    .split('/')
    .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function applyPointer(
  document: unknown,
  pointer: string,
  value: unknown,
  remove: boolean,
): unknown {
  const keys = pointerKeys(pointer);
  if (keys.length === 0)
    throw new TapeopError('INVALID_ARGUMENT', 'the pointer "" names the whole document', {
      hint: 'Send the whole document as "document" instead.',
    });
  let parent = document as Record<string, unknown> | unknown[];
  for (const [depth, key] of keys.entries()) {
    if (FORBIDDEN_KEYS.has(key))
      throw new TapeopError('INVALID_ARGUMENT', `${pointer}: "${key}" cannot be set`, {
        details: { pointer },
      });
    const last = depth === keys.length - 1;
    const container = parent as Record<string, unknown>;
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (
        !/^(0|[1-9]\d*|-)$/.test(key) ||
        index > parent.length ||
        (remove && index >= parent.length)
      )
        throw new TapeopError('INVALID_ARGUMENT', `${pointer}: the list has no item ${key}`, {
          details: { pointer, length: parent.length },
          hint: `Items are numbered from 0 to ${parent.length - 1}; '-' appends.`,
        });
      if (last) {
        const before = parent[index];
        if (remove) parent.splice(index, 1);
        else parent[index] = value;
        return before;
      }
      parent = parent[index] as Record<string, unknown>;
    } else {
      if (last) {
        const before = container[key];
        if (remove) delete container[key];
        else container[key] = value;
        return before;
      }
      parent = container[key] as Record<string, unknown>;
    }
    if (parent === null || typeof parent !== 'object')
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `${pointer}: there is no object at /${keys.slice(0, depth + 1).join('/')}`,
        {
          details: { pointer },
          hint: 'Set the enclosing object first.',
        },
      );
  }
  return undefined;
}

const shown = (value: unknown) => {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export const sessionUpdateAction = defineAction<SessionUpdateParams, SessionUpdateResult>({
  method: 'session.update',
  summary:
    'Change fields of session.json (by JSON pointer) or replace it; validated, atomic, noted.',
  params: object(
    {
      set: {
        type: 'object',
        description: 'JSON pointer → new value (/album/title, /songs/2/isrc).',
      },
      remove: array(string(), 'JSON pointers of values to remove.'),
      document: sessionDocument,
      ifUpdatedAt: string('Refuse when the session was written since this updatedAt.'),
    },
    { optional: ['set', 'remove', 'document', 'ifUpdatedAt'] },
  ),
  result: object({
    session: sessionFile,
    written: boolean(),
    document: sessionDocument,
    changes: array(object({ pointer: string(), text: string() })),
  }),
  session: true,
  daw: false,
  async run(params, env) {
    const location = requireSession(env);
    if (params.document && (params.set || params.remove))
      throw new TapeopError(
        'INVALID_ARGUMENT',
        'give either a whole document or set/remove, not both',
        {
          hint: 'Send one kind of change per request.',
        },
      );
    if (!params.document && !params.set && !params.remove)
      throw new TapeopError('INVALID_ARGUMENT', 'nothing to change', {
        hint: 'Give set (pointer → value), remove (pointers) or document.',
      });
    const update = await updateSession(
      location,
      (session) => {
        if (params.ifUpdatedAt !== undefined && session.updatedAt !== params.ifUpdatedAt)
          throw new TapeopError(
            'CONFLICT',
            `the session was changed at ${session.updatedAt ?? 'an unknown time'}, after the version you edited (${params.ifUpdatedAt})`,
            {
              details: { updatedAt: session.updatedAt, ifUpdatedAt: params.ifUpdatedAt },
              hint: 'Read the session again, make your change on it, and send it again.',
            },
          );
        const changes: Array<{ pointer: string; text: string }> = [];
        let next: Session;
        if (params.document) {
          const checked = validateSession(params.document);
          if (!checked.ok) next = params.document;
          else next = checked.value;
          // Keep what the file says about itself; the writer stamps updatedAt.
          next = {
            ...next,
            id: session.id,
            ...(session.createdAt ? { createdAt: session.createdAt } : {}),
          };
          changes.push({ pointer: '', text: 'Session document replaced' });
        } else {
          next = session;
          for (const [pointer, value] of Object.entries(params.set ?? {})) {
            const before = applyPointer(next, pointer, value, false);
            if (JSON.stringify(before) !== JSON.stringify(value))
              changes.push({ pointer, text: `${pointer}: ${shown(before)} → ${shown(value)}` });
          }
          for (const pointer of params.remove ?? []) {
            const before = applyPointer(next, pointer, undefined, true);
            changes.push({ pointer, text: `${pointer}: ${shown(before)} removed` });
          }
        }
        return { session: next, value: changes };
      },
      { logger: env.logger },
    );
    if (!update.unchanged) {
      await recordChanges(
        location,
        update.value.map((c) => ({
          text: `Session edited: ${c.text}`,
          data: { pointer: c.pointer },
        })),
        { logger: env.logger, ...(env.author ? { author: env.author } : {}) },
      );
    }
    return {
      result: {
        session: location.file,
        written: !update.unchanged,
        document: update.after,
        changes: update.unchanged ? [] : update.value,
      },
      sessionChanged: !update.unchanged,
    };
  },
});
