import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TapeopError } from '@tapeop/core';
import { userConfigDir } from '../config/load-config.js';

export const TOKEN_FILE = 'hub-token';

export interface HubToken {
  token: string;
  /** Where it is kept. */
  file: string;
  /** Made on this run (print it once). */
  created: boolean;
}

/**
 * The hub's token for binds beyond loopback: read from `$XDG_CONFIG_HOME/tapeop/hub-token`, or
 * made there on first use: 32 random bytes, base64url, in a file only its owner can read (0600,
 * in a 0700 folder). A token file others can read is refused, as ssh refuses a readable key.
 */
export async function loadOrCreateHubToken(env: NodeJS.ProcessEnv): Promise<HubToken> {
  const dir = userConfigDir(env);
  const file = join(dir, TOKEN_FILE);
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new TapeopError(
        'FILE_UNREADABLE',
        `cannot read the hub token ${file}: ${error.message}`,
        {
          details: { file },
          hint: 'Check its permissions, or remove it to make a new token.',
        },
      );
    },
  );
  if (existing !== undefined) {
    const info = await stat(file);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `the hub token ${file} can be read by other users`,
        {
          details: { file, mode: (info.mode & 0o777).toString(8) },
          hint: `Run: chmod 600 '${file}' (or remove it to make a new token).`,
        },
      );
    if (existing.length < 16)
      throw new TapeopError(
        'INVALID_ARGUMENT',
        `the hub token in ${file} is too short to be safe`,
        {
          details: { file },
          hint: 'Remove the file: a new token is made on the next start.',
        },
      );
    return { token: existing, file, created: false };
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(file, 0o600);
  return { token, file, created: true };
}

/** Compares in constant time, so the token cannot be guessed a character at a time. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
