// A small, strict XML reader for the manifest checks: elements, attributes, text, comments and the
// XML declaration; the five predefined entities and character references. It throws on anything
// not well-formed (mismatched tags, duplicate attributes, stray '<' or '&', a second root) and on
// DTDs and CDATA, which a manifest has no use for. Namespace prefixes stay part of the names.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded, children's text excluded. */
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;

  const lineAt = (at: number) => source.slice(0, at).split('\n').length;
  function fail(message: string, at = pos): never {
    throw new Error(`XML line ${lineAt(at)}: ${message}`);
  }
  const startsWith = (text: string) => source.startsWith(text, pos);
  const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
  const skipSpace = () => {
    while (isSpace(source[pos])) pos++;
  };
  const isNameChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/.test(ch);

  function readName(): string {
    const start = pos;
    if (!/[A-Za-z_:\u00C0-\uFFFF]/.test(source[pos] ?? '')) fail('expected a name');
    while (isNameChar(source[pos])) pos++;
    return source.slice(start, pos);
  }

  function decode(raw: string, at: number): string {
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i]!;
      if (ch === '<') fail("'<' in text or attribute value", at + i);
      if (ch !== '&') {
        out += ch;
        continue;
      }
      const end = raw.indexOf(';', i);
      if (end < 0) fail("'&' that starts no entity", at + i);
      const entity = raw.slice(i + 1, end);
      if (entity.startsWith('#x')) out += String.fromCodePoint(parseInt(entity.slice(2), 16));
      else if (entity.startsWith('#')) out += String.fromCodePoint(parseInt(entity.slice(1), 10));
      else if (entity in ENTITIES) out += ENTITIES[entity];
      else fail(`unknown entity &${entity};`, at + i);
      i = end;
    }
    return out;
  }

  function skipMisc(): void {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) fail('unterminated comment');
        if (source.slice(pos + 4, end).includes('--')) fail("'--' inside a comment");
        pos = end + 3;
      } else if (startsWith('<?')) {
        const end = source.indexOf('?>', pos);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (startsWith('<!')) {
        fail('DTDs and CDATA sections are not supported');
      } else {
        return;
      }
    }
  }

  function readElement(): XmlElement {
    const line = lineAt(pos);
    if (source[pos] !== '<') fail("expected '<'");
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = isSpace(source[pos]);
      skipSpace();
      if (startsWith('/>')) {
        pos += 2;
        return { name, attributes, children: [], text: '', line };
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (!hadSpace) fail(`expected whitespace before an attribute of <${name}>`);
      const attribute = readName();
      skipSpace();
      if (source[pos] !== '=') fail(`expected '=' after ${attribute}`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`expected a quoted value for ${attribute}`);
      const end = source.indexOf(quote, pos + 1);
      if (end < 0) fail(`unterminated value of ${attribute}`);
      if (Object.hasOwn(attributes, attribute)) fail(`duplicate attribute ${attribute} on <${name}>`);
      attributes[attribute] = decode(source.slice(pos + 1, end), pos + 1);
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) fail(`<${name}> is never closed`);
      text += decode(source.slice(pos, next), pos);
      pos = next;
      if (startsWith('</')) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}> (opened on line ${line})`);
        skipSpace();
        if (source[pos] !== '>') fail("expected '>'");
        pos++;
        return { name, attributes, children, text: text.trim(), line };
      }
      if (startsWith('<!--') || startsWith('<?') || startsWith('<!')) {
        skipMisc();
        continue;
      }
      children.push(readElement());
    }
  }

  skipMisc();
  const root = readElement();
  skipMisc();
  if (pos < source.length) fail('content after the root element');
  return root;
}

/** Every element of the tree, depth first, the root included. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

export function child(parent: XmlElement, name: string): XmlElement {
  const found = parent.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${parent.name}> (line ${parent.line}) has ${found.length} <${name}>, expected 1`);
  return found[0]!;
}

/** Follows a path of child names from `parent`, each step expected exactly once. */
export function at(parent: XmlElement, ...path: string[]): XmlElement {
  return path.reduce(child, parent);
}
