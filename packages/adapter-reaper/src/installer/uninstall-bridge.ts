import { readFile } from 'node:fs/promises';
import { BRIDGE_COMMAND_ID } from '../bridge/bridge-script.js';
import { type FileRecord, RECORD_FILE, readInstallRecord } from './install-record.js';
import {
  emptyResult,
  type InstallReaperBridgeOptions,
  type ReaperBridgeInstallResult,
} from './install-result.js';
import { removeSurfaces } from './reaper-ini.js';
import { removeRegistrations } from './reaper-kb.js';
import { checkResourceFolder, ResourceFolder } from './resource-folder.js';
import { removeStartupBlock } from './startup-script.js';

/**
 * Removes what `installReaperBridge` added, and only that: the surfaces it added to reaper.ini
 * (the ones after them move down a number, csurf_cnt goes back), its line in reaper-kb.ini, its
 * block in Scripts/__startup.lua, the files it copied (a file it had replaced is restored), files
 * and folders it created when nothing else is in them. After install → uninstall with nothing
 * else changed, every file is byte for byte what it was. Each file touched is backed up first;
 * the backups stay in <resource>/tapeop/backups/.
 */
export async function uninstallReaperBridge(
  resourcePath: string,
  options: Pick<InstallReaperBridgeOptions, 'dryRun' | 'now'> = {},
): Promise<ReaperBridgeInstallResult> {
  const now = options.now ?? new Date();
  const folder = await ResourceFolder.open(await checkResourceFolder(resourcePath), now);
  const result = emptyResult(folder.root, options.dryRun ?? false);
  const record = await readInstallRecord(folder.root);
  if (!record) {
    result.notes.push(
      `Nothing to uninstall: there is no install record (${RECORD_FILE}) in ${folder.root}. tapeop removes only what its installer recorded adding.`,
    );
    return result;
  }
  for (const [rel, entry] of Object.entries(record.files)) {
    await undo(folder, rel, entry, result);
  }
  const changes = folder.changes();
  result.changed = true;
  await folder.commit(result, changes, undefined, record.createdFolders);
  return result;
}

async function undo(
  folder: ResourceFolder,
  rel: string,
  entry: FileRecord,
  result: ReaperBridgeInstallResult,
): Promise<void> {
  if (entry.kind === 'copied') {
    if (entry.original) {
      const original = await readFile(folder.path(entry.original)).catch(() => undefined);
      if (original) {
        await folder.plan(
          rel,
          original,
          'restored the file that was there before tapeop',
          undefined,
          'restored',
        );
        return;
      }
      result.notes.push(
        `${rel}: the backup of the file tapeop replaced (${entry.original}) is gone, so ${rel} is left in place`,
      );
      return;
    }
    await folder.planDelete(rel, 'removed (tapeop had copied it in)');
    return;
  }
  const file = await folder.lines(rel);
  if (file.missing) return;
  if (entry.kind === 'reaper-kb') {
    const removed = removeRegistrations(file.lines, entry.name, rel);
    if (removed > 0) file.changes.push(`removed the registration of _${entry.name}`);
  } else if (entry.kind === 'startup') {
    if (removeStartupBlock(file.lines, rel, BRIDGE_COMMAND_ID)) {
      file.changes.push("removed tapeop's startup block");
    }
  } else {
    const removed = removeSurfaces(file.lines, entry.surfaces, rel, entry);
    for (const value of entry.surfaces.filter((v) => !removed.includes(v))) {
      result.notes.push(
        `${rel}: the control surface tapeop added (${value}) was changed or removed since (in REAPER's preferences?); whatever is there now is left alone`,
      );
    }
    if (removed.length > 0)
      file.changes.push(`removed the control surface${removed.length > 1 ? 's' : ''} tapeop added`);
  }
  if (entry.createdFile && file.lines.every((l) => l.text.trim() === '')) {
    await folder.planDelete(rel, 'removed (tapeop had created it)');
    return;
  }
  folder.planLines(file);
}
