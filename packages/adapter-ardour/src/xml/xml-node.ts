/**
 * The small XML document model the .ardour reader, writer and editor share. Attributes keep
 * their order so that a session tapeop edits reads the same as Ardour wrote it.
 */
export interface XmlElement {
  name: string;
  attributes: Array<[name: string, value: string]>;
  children: XmlElement[];
  /** Character data directly inside the element (Ardour uses it only for base64 blobs). */
  text?: string;
  /** Byte offset of the element's `<` in the source text, for error messages. */
  offset?: number;
}

export function element(
  name: string,
  attributes: Record<string, string | number | boolean | undefined> = {},
  children: XmlElement[] = [],
): XmlElement {
  const list: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    list.push([key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]);
  }
  return { name, attributes: list, children };
}

export function attr(node: XmlElement, name: string): string | undefined {
  for (const [key, value] of node.attributes) if (key === name) return value;
  return undefined;
}

export function setAttr(node: XmlElement, name: string, value: string | number): void {
  const text = String(value);
  for (const pair of node.attributes) {
    if (pair[0] === name) {
      pair[1] = text;
      return;
    }
  }
  node.attributes.push([name, text]);
}

export function child(node: XmlElement, name: string): XmlElement | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((c) => c.name === name);
}
