import { randomBytes } from 'node:crypto';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { TapeopError } from '@tapeop/core';
import { attr, child, childrenNamed, element, setAttr } from '../xml/xml-node.js';
import { parseXml } from '../xml/xml-parse.js';
import { writeXml } from '../xml/xml-write.js';
import { oscProtocol } from './session-xml.js';

/**
 * Switches a session's OSC surface on, replying to the sender's own port (address-only="0"),
 * which is what tapeop needs. Ardour must not have the session open (it would save over it).
 * The file is backed up to <file>.tapeop.bak first and rewritten atomically; a session that
 * already has OSC set that way is left untouched. Returns whether the file changed.
 */
export async function enableOscInSessionFile(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TapeopError(
      'FILE_NOT_FOUND',
      `cannot read the Ardour session ${file}: ${(error as Error).message}`,
      {
        cause: error,
        details: { file },
      },
    );
  }
  const root = parseXml(text, { source: file });
  if (root.name !== 'Session') {
    throw new TapeopError(
      'PARSE_ERROR',
      `${file} is not an Ardour session file (root <${root.name}>)`,
    );
  }
  let protocols = child(root, 'ControlProtocols');
  if (!protocols) {
    protocols = element('ControlProtocols');
    root.children.push(protocols);
  }
  const osc = childrenNamed(protocols, 'Protocol').find(
    (p) => attr(p, 'name') === 'Open Sound Control (OSC)',
  );
  if (osc && attr(osc, 'active') === '1' && attr(osc, 'address-only') === '0') return false;
  if (osc) {
    for (const [name, value] of oscProtocol().attributes) {
      if (name === 'active' || name === 'address-only' || attr(osc, name) === undefined)
        setAttr(osc, name, value);
    }
  } else {
    protocols.children.push(oscProtocol());
  }
  await copyFile(file, `${file}.tapeop.bak`);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, writeXml(root), 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new TapeopError('IO_ERROR', `cannot write ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return true;
}
