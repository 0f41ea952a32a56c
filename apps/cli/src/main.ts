// The `tapeop` command's entry point: runs one invocation and exits with its code.
import { runCli } from './cli/run-cli.js';
import { commands, groups } from './commands/index.js';
import { cliVersion } from './version.js';

const stop = new AbortController();
let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted++;
    // The first Ctrl-C lets the command stop cleanly (servers close, files stay whole); a second one ends it now.
    if (interrupted > 1) process.exit(130);
    stop.abort();
  });
}

const code = await runCli(
  { commands, groups },
  {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stopSignal: stop.signal,
    version: cliVersion(),
  },
);
process.exitCode = code;
