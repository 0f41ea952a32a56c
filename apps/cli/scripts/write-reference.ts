// Writes docs/cli-reference.md, docs/hub-reference.md and the command list in the repository
// README from the command and action definitions. With --check, only says whether they are
// stale (exit 1), as the tests do.
import { readFile, writeFile } from 'node:fs/promises';
import { allActions } from '../src/actions/index.js';
import { commands } from '../src/commands/index.js';
import {
  renderCliReference,
  renderHubReference,
  updateReadme,
} from '../src/reference/render-reference.js';

const files = [
  {
    path: new URL('../docs/cli-reference.md', import.meta.url),
    render: async () => renderCliReference(commands, allActions),
  },
  {
    path: new URL('../docs/hub-reference.md', import.meta.url),
    render: async () => renderHubReference(allActions),
  },
  {
    path: new URL('../../../README.md', import.meta.url),
    render: async () =>
      updateReadme(
        await readFile(new URL('../../../README.md', import.meta.url), 'utf8'),
        commands,
      ),
  },
];

const check = process.argv.includes('--check');
let stale = 0;
for (const file of files) {
  const wanted = await file.render();
  const current = await readFile(file.path, 'utf8').catch(() => '');
  if (current === wanted) continue;
  stale++;
  if (check) console.error(`stale: ${file.path.pathname}`);
  else await writeFile(file.path, wanted);
}
if (check && stale > 0) {
  console.error('Run: npm run reference --workspace @tapeop/cli');
  process.exit(1);
}
