import { type Problem, type Session, TapeopError } from '@tapeop/core';
import {
  buildTimeline,
  type RedBookProblem,
  type Timeline,
  validateRedBook,
} from '@tapeop/session';
import type { DiscLayout } from '../disc/disc-layout.js';
import { discFromTimeline } from './disc-from-timeline.js';

export interface PrepareDiscOptions {
  /** A CD timeline already built from this session (built here otherwise). */
  timeline?: Timeline;
  /** DDPID master identifier; default the album's catalogue number when it is plain ASCII. */
  masterId?: string;
  /** The longest disc accepted, in frames (default: the CD target's, else 79:57:74). */
  maxLengthFrames?: number;
}

export interface PreparedDisc {
  timeline: Timeline;
  layout: DiscLayout;
  /** Red Book warnings and CD-Text replacements: worth telling the user, not stopping for. */
  warnings: string[];
}

/**
 * The session's disc, checked before anything is written: the CD timeline from
 * @tapeop/session, its Red Book check (any error refuses the delivery, one sentence per
 * problem), then the disc layout every deliverable is written from.
 */
export function prepareDisc(session: Session, options: PrepareDiscOptions = {}): PreparedDisc {
  const timeline = options.timeline ?? buildTimeline(session, { cd: true });
  if (!timeline.cd) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      'The timeline was not laid out for CD; a disc needs buildTimeline(session, { cd: true })',
    );
  }
  const problems = validateRedBook(session, {
    timeline,
    ...(options.maxLengthFrames ? { maxLengthFrames: options.maxLengthFrames } : {}),
  }).map((problem) =>
    // REAPER writes a track credit only when the album has that credit too; CD-Text itself
    // has no such rule and this package writes every credit, so it is only worth a look here.
    problem.rule === 'cd-text-album' ? { ...problem, severity: 'warning' as const } : problem,
  );
  refuseRedBook(problems);
  const { layout, notes } = discFromTimeline(
    session,
    timeline,
    options.masterId ? { masterId: options.masterId } : {},
  );
  return {
    timeline,
    layout,
    warnings: [...problems.filter((p) => p.severity === 'warning').map((p) => p.message), ...notes],
  };
}

export function refuseRedBook(problems: ReadonlyArray<RedBookProblem | Problem>): void {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  throw new TapeopError(
    'RED_BOOK',
    `The sequence breaks ${errors.length === 1 ? 'a Red Book rule' : `${errors.length} Red Book rules`}, so nothing was written:\n${errors.map((p) => `- ${p.message}`).join('\n')}`,
    {
      details: { problems: errors },
      hint: 'Fix the sequence (gaps, index marks, codes, CD-Text) and try again.',
    },
  );
}
