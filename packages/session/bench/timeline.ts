// buildTimeline for a 99-song album (target: under 5 ms per call), against a JSON round trip of
// the same session, the floor for any function that reads every field of the session once.
import { buildTimeline } from '../src/sequence/timeline.js';
import { makeLongAlbum } from '../test/sequence/session-fixture.js';

const TARGET_MS = 5;

/** Median time per call in ms over `rounds` rounds of `perRound` calls each. */
function measure(fn: () => unknown, rounds = 31, perRound = 50): { median: number; max: number } {
  for (let i = 0; i < perRound * 4; i++) fn(); // warm up the JIT
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6 / perRound);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]! };
}

export async function run(): Promise<void> {
  const session = makeLongAlbum(99);
  const timeline = buildTimeline(session);
  if (timeline.songs.length !== 99) throw new Error('the benchmark album lost songs');

  const build = measure(() => buildTimeline(session));
  const json = measure(() => JSON.parse(JSON.stringify(session)));
  const verdict = build.median < TARGET_MS ? 'meets' : 'MISSES';
  console.log(
    `buildTimeline, 99 songs: ${build.median.toFixed(3)} ms per call (median of 31 rounds; slowest round ${build.max.toFixed(3)} ms); target < ${TARGET_MS} ms: ${verdict}`,
  );
  console.log(
    `JSON round trip of the same session: ${json.median.toFixed(3)} ms; buildTimeline / JSON round trip = ${(build.median / json.median).toFixed(2)}`,
  );
}
