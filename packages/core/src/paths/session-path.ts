/**
 * Paths stored in a session are relative to the session folder and use '/' separators, so a
 * session folder can move between machines and systems. This module decides, without touching
 * the disk, whether such a path stays inside the folder.
 */

export type SessionPathVerdict =
  | { inside: true; normalized: string }
  | { inside: false; reason: string };

export function checkSessionPath(path: string): SessionPathVerdict {
  if (path.length === 0) return { inside: false, reason: 'is empty' };
  if (path.includes('\\'))
    return { inside: false, reason: "uses '\\' separators; session paths use '/'" };
  if (path.includes('\0')) return { inside: false, reason: 'contains a NUL character' };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return { inside: false, reason: 'is an absolute path outside the session folder' };
  }
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0)
        return { inside: false, reason: "leads outside the session folder with '..'" };
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  if (parts.length === 0)
    return { inside: false, reason: 'names the session folder itself, not a file in it' };
  return { inside: true, normalized: parts.join('/') };
}

export function isInsideSessionFolder(path: string): boolean {
  return checkSessionPath(path).inside;
}
