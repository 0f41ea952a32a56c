import { defineCommand } from '../cli/command.js';
import { boolean, integer, object, string } from '../output/json-schema.js';

export interface SimResult {
  daw: 'REAPER (simulated)';
  host: string;
  httpPort: number;
  oscPort: number;
  url: string;
  resourcePath: string;
  bridgeRunning: boolean;
}

export const simReaperCommand = defineCommand<SimResult>({
  path: ['sim', 'reaper'],
  summary:
    "The REAPER simulator in the foreground: REAPER's web interface, an OSC surface and the real bridge.",
  positionals: [],
  options: {
    'http-port': {
      type: 'string',
      valueName: 'PORT',
      description: 'The web interface port (0: any free one).',
      number: { integer: true, min: 0, max: 65535 },
      defaultText: '8080',
    },
    'osc-port': {
      type: 'string',
      valueName: 'PORT',
      description: 'The OSC surface port (0: any free one).',
      number: { integer: true, min: 0, max: 65535 },
      defaultText: '8000',
    },
    'sample-rate': {
      type: 'string',
      valueName: 'HZ',
      description: "The project's sample rate.",
      number: { integer: true, min: 8000, max: 768000 },
    },
    'no-bridge': {
      type: 'boolean',
      description: 'Start without the bridge running (to see how tapeop reports it).',
    },
  },
  examples: [
    {
      command: 'tapeop sim reaper',
      description: 'A REAPER to try tapeop with (then: --daw reaper in another terminal)',
    },
    {
      command: 'tapeop sim reaper --http-port 0 --osc-port 0 --json',
      description: 'Free ports; one JSON line says which, for a script',
    },
  ],
  description:
    'Runs until Ctrl-C. Commands reach it like a real REAPER: --daw reaper --port <http port> --osc-port <osc port> (or --daw reaper-sim with the same ports). Binds 127.0.0.1 only.',
  output: object({
    daw: string(),
    host: string(),
    httpPort: integer(),
    oscPort: integer(),
    url: string(),
    resourcePath: string('The temporary REAPER resource folder (removed on exit).'),
    bridgeRunning: boolean(),
  }),
  async run(args, context) {
    const { startReaperSim } = await import('@tapeop/adapter-reaper/sim');
    const sampleRate = args.options['sample-rate'] as number | undefined;
    const sim = await startReaperSim({
      httpPort: (args.options['http-port'] as number | undefined) ?? 8080,
      oscPort: (args.options['osc-port'] as number | undefined) ?? 8000,
      bridge: args.options['no-bridge'] ? 'installed' : 'running',
      ...(sampleRate ? { project: { sampleRate } } : {}),
      logger: context.logger.child('reaper-sim'),
    });
    const result: SimResult = {
      daw: 'REAPER (simulated)',
      host: sim.host,
      httpPort: sim.httpPort,
      oscPort: sim.oscPort,
      url: sim.url,
      resourcePath: sim.resourcePath,
      bridgeRunning: sim.bridgeRunning,
    };
    if (context.json) context.terminal.raw(`${JSON.stringify(result)}\n`);
    else {
      context.terminal.line(
        `Simulated REAPER: web interface ${sim.url}, OSC ${sim.host}:${sim.oscPort}, bridge ${sim.bridgeRunning ? 'running' : 'installed, not running'}`,
      );
      context.terminal.line(
        `Use it with: --daw reaper --port ${sim.httpPort} --osc-port ${sim.oscPort}`,
      );
      context.terminal.line('Ctrl-C stops it.');
    }
    await new Promise<void>((resolve) => {
      if (context.stopSignal.aborted) resolve();
      context.stopSignal.addEventListener('abort', () => resolve(), { once: true });
    });
    await sim.close();
    return { result, printed: true };
  },
  render() {},
});
