import type { Note } from '../../generated/types.js';
import type { Problem } from '../problem.js';

const error = (pointer: string, rule: string, message: string, value?: unknown): Problem => ({
  pointer,
  rule,
  message,
  severity: 'error',
  ...(value === undefined ? {} : { value }),
});

const scopeNeeds: Record<Note['scope']['kind'], Array<keyof Note['scope']>> = {
  session: [],
  song: ['songId'],
  position: ['positionSamples', 'sampleRate'],
  marker: ['markerId'],
  snapshot: ['snapshotId'],
};

export function checkNote(note: Note): Problem[] {
  const problems: Problem[] = [];
  for (const field of scopeNeeds[note.scope.kind]) {
    if (note.scope[field] === undefined) {
      problems.push(
        error(
          `/scope/${field}`,
          'scope-complete',
          `is missing (required for a note about a ${note.scope.kind})`,
        ),
      );
    }
  }
  if (note.scope.positionSamples !== undefined && note.scope.sampleRate === undefined) {
    problems.push(
      error(
        '/scope/sampleRate',
        'scope-complete',
        'is missing (required with positionSamples: the rate the position is counted at)',
      ),
    );
  }
  if (note.status !== undefined && note.kind !== 'client-request') {
    problems.push(
      error(
        '/status',
        'status-on-request',
        `${JSON.stringify(note.status)} is only for client requests, not for a ${note.kind} entry`,
        note.status,
      ),
    );
  }
  if (note.requestedBy !== undefined && note.kind !== 'client-request') {
    problems.push(
      error(
        '/requestedBy',
        'status-on-request',
        `is only for client requests, not for a ${note.kind} entry`,
        note.requestedBy,
      ),
    );
  }
  if (note.amends !== undefined && note.retracts !== undefined) {
    problems.push(
      error(
        '/retracts',
        'amend-or-retract',
        'an entry either amends or retracts another, not both',
      ),
    );
  }
  for (const field of ['amends', 'retracts'] as const) {
    if (note[field] === note.id) {
      problems.push(
        error(
          `/${field}`,
          'not-self',
          `${JSON.stringify(note.id)} is this entry's own id`,
          note.id,
        ),
      );
    }
  }
  return problems;
}
