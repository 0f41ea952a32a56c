import { defineCommand } from '../cli/command.js';
import { formatTable } from '../cli/format.js';
import { loadConfig } from '../config/load-config.js';
import { loadAdapterRegistry } from '../daw/adapter-registry.js';
import { manifestDocument } from '../output/common-schemas.js';
import { array, object, string } from '../output/json-schema.js';

export interface AdaptersResult {
  adapters: Array<{
    name: string;
    aliases: string[];
    daw: string;
    source: string;
    manifest: unknown;
    offline: string[];
  }>;
  failed: Array<{ source: string; reason: string }>;
}

export const adaptersCommand = defineCommand<AdaptersResult>({
  path: ['adapters'],
  summary: 'The DAW adapters tapeop can use: built in, installed packages, configured paths.',
  positionals: [
    {
      name: 'session',
      description: "A session folder, to include its tapeop.config.json's adapters.",
    },
  ],
  options: {},
  examples: [
    { command: 'tapeop adapters', description: 'Which DAWs tapeop can talk to here' },
    {
      command: 'tapeop adapters night-drive --json',
      description: "With the session's configured adapters, for a script",
    },
  ],
  description:
    'Built-in adapters, packages named tapeop-adapter-* (or @scope/tapeop-adapter-*) installed next to tapeop, and module paths under "adapters" in tapeop.config.json or the user config. An adapter that fails to load is listed with the reason (exit 3).',
  output: object({
    adapters: array(
      object({
        name: string(),
        aliases: array(string()),
        daw: string(),
        source: string('built-in, package <name>, or the module path'),
        manifest: manifestDocument,
        offline: array(string(), 'Project file extensions it writes or reads.'),
      }),
    ),
    failed: array(object({ source: string(), reason: string() })),
  }),
  async run(args, context) {
    const sessionDir = args.positionals.session as string | undefined;
    const config = await loadConfig({ env: context.env, ...(sessionDir ? { sessionDir } : {}) });
    const { registry, missingBuiltins } = await loadAdapterRegistry({
      logger: context.logger,
      adapterConfigFiles: config.adapterConfigFiles,
    });
    const describe = (source: { kind: string; name?: string; path?: string }) =>
      source.kind === 'builtin'
        ? 'built-in'
        : source.kind === 'package'
          ? `package ${source.name}`
          : (source.path ?? '');
    const result: AdaptersResult = {
      adapters: registry.list().map(({ factory, source }) => ({
        name: factory.name,
        aliases: factory.aliases ?? [],
        daw: factory.manifest.daw,
        source: describe(source),
        manifest: factory.manifest,
        offline: factory.offline?.extensions ?? [],
      })),
      failed: [
        ...missingBuiltins.map((m) => ({ source: `built-in ${m.module}`, reason: m.reason })),
        ...registry.failures().map((f) => ({ source: describe(f.source), reason: f.reason })),
      ],
    };
    return { result, problemsFound: registry.failures().length > 0 };
  },
  render(result, terminal) {
    if (result.adapters.length === 0) terminal.line('No adapters.');
    const rows = result.adapters.map((a) => [a.name, a.aliases.join(', '), a.daw, a.source]);
    for (const line of formatTable(rows)) terminal.line(line);
    for (const f of result.failed)
      terminal.line(terminal.style.yellow(`  not loaded: ${f.source}: ${f.reason}`));
  },
});
