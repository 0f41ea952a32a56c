import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The RPP fixtures: real projects saved by REAPER (third-party/, with their licences) and
// projects written by hand for what those lack (crafted/). Read as bytes decoded by the test,
// so line endings and byte order marks stay exactly as stored.

export const THIRD_PARTY_RPP = ['nikarh-mother-project.RPP', 'perlence-vst.RPP'] as const;
export const CRAFTED_RPP = ['mastering-session.RPP', 'tricky-strings-crlf.RPP'] as const;

export function rppFixturePath(name: string): string {
  const folder = (THIRD_PARTY_RPP as readonly string[]).includes(name) ? 'third-party' : 'crafted';
  return fileURLToPath(new URL(`./fixtures/rpp/${folder}/${name}`, import.meta.url));
}

export function rppFixture(name: string): string {
  return readFileSync(rppFixturePath(name), 'utf8');
}

/** The example album of @tapeop/core: its folder and session. */
export const SMALL_ALBUM_DIR = fileURLToPath(
  new URL('../../core/examples/small-album', import.meta.url),
);
