#!/usr/bin/env node
// The `tapeop` command. Runs the built CLI (dist/main.js, from `npm run build`); in a checkout
// that was not built, it runs the TypeScript sources instead, through tsx and the
// @tapeop/source export condition, the same way `npm run demo` does.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main.js', import.meta.url);
const source = new URL('../src/main.ts', import.meta.url);

if (existsSync(built)) {
  await import(built.href);
} else if (existsSync(source)) {
  // tsx is resolved from here, not from the working folder, so tapeop runs from anywhere.
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    console.error(
      'tapeop: not built, and tsx is not installed to run the sources: run npm ci && npm run build.',
    );
    process.exit(1);
  }
  const child = spawn(
    process.execPath,
    [
      '--conditions=@tapeop/source',
      '--import',
      tsx,
      fileURLToPath(source),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  console.error('tapeop: neither dist/main.js nor src/main.ts is there; reinstall tapeop.');
  process.exit(1);
}
