import type { Session } from '../../generated/types.js';
import { checkSessionPath } from '../../paths/session-path.js';
import { joinPointer, type Problem } from '../problem.js';

const error = (pointer: string, rule: string, message: string, value?: unknown): Problem => ({
  pointer,
  rule,
  message,
  severity: 'error',
  ...(value === undefined ? {} : { value }),
});

/** Rules across fields that JSON Schema cannot express. Runs only on schema-valid sessions. */
export function checkSession(session: Session): Problem[] {
  const problems: Problem[] = [];

  const songIndex = new Map<string, number>();
  session.songs.forEach((song, i) => {
    const first = songIndex.get(song.id);
    if (first !== undefined) {
      problems.push(
        error(
          `/songs/${i}/id`,
          'unique-song-id',
          `"${song.id}" is already the id of /songs/${first}; every song needs its own id`,
          song.id,
        ),
      );
    } else {
      songIndex.set(song.id, i);
    }
  });

  const isrcOwner = new Map<string, number>();
  session.songs.forEach((song, i) => {
    if (!song.isrc) return;
    const first = isrcOwner.get(song.isrc);
    if (first !== undefined) {
      const other = session.songs[first]!;
      problems.push(
        error(
          `/songs/${i}/isrc`,
          'unique-isrc',
          `"${song.isrc}" is also the ISRC of /songs/${first} ("${other.title}"); each recording has its own ISRC`,
          song.isrc,
        ),
      );
    } else {
      isrcOwner.set(song.isrc, i);
    }
  });

  session.songs.forEach((song, i) => {
    const source = song.source;
    if (!source) return;
    if (!session.allowExternalMedia) {
      const verdict = checkSessionPath(source.path);
      if (!verdict.inside) {
        problems.push(
          error(
            `/songs/${i}/source/path`,
            'path-inside-session',
            `"${source.path}" ${verdict.reason}; move the file into the session folder or set allowExternalMedia`,
            source.path,
          ),
        );
      }
    }
    const trim = song.trim;
    if (trim && trim.headSamples + trim.tailSamples >= source.frames) {
      problems.push(
        error(
          `/songs/${i}/trim`,
          'trim-within-mix',
          `head and tail trims (${trim.headSamples + trim.tailSamples} samples) remove the whole mix (${source.frames} samples)`,
        ),
      );
    }
  });

  const sequenced = new Map<string, number>();
  session.sequence.entries.forEach((entry, i) => {
    const at = `/sequence/entries/${i}`;
    if (!songIndex.has(entry.songId)) {
      problems.push(
        error(
          `${at}/songId`,
          'sequence-song-exists',
          `"${entry.songId}" is not the id of any song in /songs`,
          entry.songId,
        ),
      );
    }
    const first = sequenced.get(entry.songId);
    if (first !== undefined) {
      problems.push(
        error(
          `${at}/songId`,
          'sequence-song-once',
          `"${entry.songId}" is already sequenced at /sequence/entries/${first}`,
          entry.songId,
        ),
      );
    } else {
      sequenced.set(entry.songId, i);
    }
    const crossfade = entry.crossfadeSec ?? 0;
    if (crossfade > 0 && i === 0) {
      problems.push(
        error(
          `${at}/crossfadeSec`,
          'crossfade-needs-previous',
          'the first song has no previous song to crossfade with',
          crossfade,
        ),
      );
    } else if (crossfade > 0 && entry.gapSec > 0) {
      problems.push(
        error(
          at,
          'gap-or-crossfade',
          `has both a gap (${entry.gapSec} s) and a crossfade (${crossfade} s); a song either follows a gap or overlaps the previous song`,
        ),
      );
    }
    let previous: { number: number; offsetSec: number } | undefined;
    (entry.indexMarks ?? []).forEach((mark, j) => {
      if (previous && mark.number <= previous.number) {
        problems.push(
          error(
            joinPointer(at, 'indexMarks', j, 'number'),
            'index-order',
            `${mark.number} should be greater than the previous index number ${previous.number}`,
            mark.number,
          ),
        );
      }
      if (previous && mark.offsetSec <= previous.offsetSec) {
        problems.push(
          error(
            joinPointer(at, 'indexMarks', j, 'offsetSec'),
            'index-order',
            `${mark.offsetSec} should come after the previous index at ${previous.offsetSec} s`,
            mark.offsetSec,
          ),
        );
      }
      previous = mark;
    });
  });

  const versionIds = new Map<string, number>();
  (session.versions ?? []).forEach((version, i) => {
    const first = versionIds.get(version.id);
    if (first !== undefined) {
      problems.push(
        error(
          `/versions/${i}/id`,
          'unique-version-id',
          `"${version.id}" is already the id of /versions/${first}`,
          version.id,
        ),
      );
    } else {
      versionIds.set(version.id, i);
    }
  });

  (session.deliveryTargets ?? []).forEach((target, i) => {
    if (target.kind === 'streaming' && target.loudnessLufs === undefined) {
      problems.push(
        error(
          `/deliveryTargets/${i}/loudnessLufs`,
          'streaming-loudness',
          'is missing (required for a streaming target: the loudness to aim for, in LUFS)',
        ),
      );
    }
  });

  return problems;
}
