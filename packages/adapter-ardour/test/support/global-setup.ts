import { execFileSync } from 'node:child_process';

/**
 * Marks this test run's Ardour folders with a run id, and after the run looks for any process
 * that still runs from one of them: it is stopped (its process group only) and the run fails,
 * so a test that leaves Ardour behind cannot pass unnoticed.
 */
export default function setup() {
  const run = `run${process.pid}${Date.now().toString(36)}`;
  process.env.TAPEOP_ARDOUR_RUN = run;
  return () => {
    const lines = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' }).split('\n');
    const left = lines
      .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && m[3]!.includes(`tapeop-ardour-${run}`));
    for (const m of left) {
      try {
        process.kill(-Number(m[2]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (left.length > 0) {
      throw new Error(
        `the tests left ${left.length} Ardour process(es) running:\n${left.map((m) => m[3]).join('\n')}`,
      );
    }
  };
}
