import { defineCommand } from '../cli/command.js';
import { loadConfig } from '../config/load-config.js';
import { type DemoResult, runDemo } from '../demo/run-demo.js';
import { array, integer, object, string } from '../output/json-schema.js';

export const demoCommand = defineCommand<DemoResult>({
  path: ['demo'],
  summary:
    'The main job end to end, without a DAW: delivery, session, CD sequence, REAPER simulator, snapshots, notes, deliverables.',
  positionals: [],
  options: {
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FOLDER',
      description: 'Where the demo writes (replaced on every run).',
      defaultText: './demo-output',
    },
  },
  examples: [
    { command: 'npm run demo', description: 'From a fresh clone, after npm ci' },
    {
      command: 'tapeop demo --out /tmp/tapeop-demo --json',
      description: 'Elsewhere, with the summary as JSON',
    },
  ],
  description: [
    "Generates six synthetic songs (30-60 s, 48 kHz/24-bit, named as studios name mixes, one delivered twice) and a track sheet with ISRCs; creates the session, scans it and runs QC on it (qc notes in the journal); sequences it for CD with gaps; starts the embedded REAPER simulator, loads the songs and writes the CD markers; captures v1, changes two settings over the simulator's OSC surface as an engineer would, captures v2 so the change notes are written; writes a REAPER project (.RPP) with v2's chains; exports the recall sheet; writes a DDP, a CUE sheet and a PQ sheet from 44.1 kHz/16-bit song masters, and verifies the DDP.",
    'Every run starts fresh: the output folder is replaced (only a folder the demo made itself).',
  ].join('\n\n'),
  output: object({
    outDir: string(),
    session: string(),
    steps: array(object({ name: string(), ms: integer(), detail: string() })),
    totalMs: integer(),
    files: { type: 'object', additionalProperties: { type: 'string' } },
    skipped: array(string(), 'Parts waiting for a library that has not landed.'),
  }),
  async run(args, context) {
    const config = await loadConfig({ env: context.env });
    const { terminal } = context;
    const result = await runDemo({
      outDir: (args.options.out as string | undefined) ?? 'demo-output',
      cwd: context.cwd,
      env: context.env,
      logger: context.logger,
      config,
      progress: (label, total) => terminal.progress(label, total),
      signal: context.stopSignal,
      onStep: (step) =>
        terminal.line(
          `${terminal.style.green('✓')} ${step.name.padEnd(15)} ${terminal.style.dim(`${(step.ms / 1000).toFixed(1)} s`.padStart(6))}  ${step.detail}`,
        ),
    });
    return { result };
  },
  render(result, terminal) {
    const { style } = terminal;
    terminal.line();
    terminal.line(style.bold(`Done in ${(result.totalMs / 1000).toFixed(1)} s. What to look at:`));
    const labels: Record<string, string> = {
      session: 'session',
      notes: 'notes (journal)',
      snapshotV1: 'snapshot v1',
      snapshotV2: 'snapshot v2',
      recallSheet: 'recall sheet',
      rpp: 'REAPER project',
      ddp: 'DDP',
      cue: 'CUE sheet',
      pq: 'PQ sheet',
      delivery: 'the delivery',
    };
    for (const [key, path] of Object.entries(result.files))
      terminal.line(`  ${(labels[key] ?? key).padEnd(16)} ${path}`);
    for (const s of result.skipped) terminal.line(style.yellow(`  not yet: ${s}`));
    terminal.line();
    terminal.line(
      `Next: npx tapeop notes list ${result.session.replace(/\/session\.json$/, '')} --kind change`,
    );
  },
});
