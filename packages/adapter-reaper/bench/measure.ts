import { availableParallelism, loadavg } from 'node:os';
import type { ReaperAdapter } from '../src/live/reaper-adapter.js';

export interface Measured {
  ms: number;
  httpRoundTrips: number;
  bridgeRequests: number;
  /** Of `ms`, the time the bridge spent inside (simulated) REAPER. */
  bridgeMs: number;
  /** CPU time of this process (client and simulator together): less sensitive to a busy machine. */
  cpuMs: number;
}

/** Runs `work` and reports its wall time and the HTTP round trips and bridge requests it took. */
export async function measure(
  adapter: ReaperAdapter,
  work: () => Promise<unknown>,
): Promise<Measured> {
  const before = adapter.stats();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const after = adapter.stats();
  return {
    ms,
    httpRoundTrips: after.httpRoundTrips - before.httpRoundTrips,
    bridgeRequests: after.bridgeRequests - before.bridgeRequests,
    bridgeMs: after.bridgeMs - before.bridgeMs,
    cpuMs: (used.user + used.system) / 1000,
  };
}

export function summarize(name: string, runs: Measured[], targetMs: number): string {
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const trips = [...new Set(runs.map((r) => r.httpRoundTrips))].join('/');
  const requests = [...new Set(runs.map((r) => r.bridgeRequests))].join('/');
  const medianRun = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
  const inside = medianRun.bridgeMs;
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  const verdict = median < targetMs ? 'within' : 'OVER';
  return [
    `${name}: median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}, ${runs.length} runs)`,
    `  target < ${targetMs} ms: ${verdict}; ratio to target ${(median / targetMs).toFixed(2)}`,
    `  HTTP round trips ${trips}, bridge requests ${requests}; ${inside.toFixed(0)} ms of the median run inside the bridge`,
    `  CPU time of the whole process (client + simulator): median ${cpu.toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  ].join('\n');
}
