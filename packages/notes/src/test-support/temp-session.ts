import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh session folder under the system temp folder; `cleanup` removes it. */
export async function tempSession(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tapeop-notes-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const worker = fileURLToPath(new URL('./journal-worker.ts', import.meta.url));

/** Starts journal-worker.ts in its own Node process, running the TypeScript sources. */
export function startWorker(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--conditions=@tapeop/source', '--import', 'tsx', worker, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  const says = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) resolve();
      };
      child.stdout.on('data', check);
      child.on('close', () =>
        reject(new Error(`worker exited before saying "${text}": ${stderr}`)),
      );
      check();
    });
  return { child, exited, says };
}
