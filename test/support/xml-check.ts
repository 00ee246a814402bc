// A small strict XML reader for tests of files CI tools parse (JUnit): it refuses what an XML
// parser refuses — a missing or misplaced declaration, crossed or unclosed tags, an attribute
// without quotes or given twice, an unknown entity, a bare "<" or "&", characters XML 1.0
// forbids, text outside the root — and returns the element tree.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(text: string, where: string): string {
  if (/&/.test(text.replace(ENTITY, ''))) throw new Error(`a bare or unknown "&" in ${where}`);
  if (/</.test(text)) throw new Error(`a bare "<" in ${where}`);
  return text.replace(ENTITY, (e) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[2] === 'x' ? parseInt(e.slice(3, -1), 16) : Number(e.slice(2, -1)));
  });
}

function attributes(text: string, tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const rest = text.replace(new RegExp(`\\s+(${NAME})\\s*=\\s*"([^"]*)"`, 'g'), (_, key: string, value: string) => {
    if (key in attrs) throw new Error(`attribute ${key} twice on <${tag}>`);
    attrs[key] = decode(value, `attribute ${key} of <${tag}>`);
    return '';
  });
  if (rest.trim() !== '') throw new Error(`malformed attributes on <${tag}>: ${rest.trim().slice(0, 40)}`);
  return attrs;
}

/** The root element of `xml`; throws on the first thing that is not well-formed XML. */
export function parseXml(xml: string): XmlElement {
  if (NOT_XML.test(xml)) throw new Error('a character XML 1.0 does not allow');
  const declaration = /^<\?xml version="1\.0"(?: encoding="UTF-8")?\?>\s*/.exec(xml);
  if (!declaration) throw new Error('no XML declaration at the very start');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let at = declaration[0].length;
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>`, 'y');
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const text = xml.slice(at, lt < 0 ? xml.length : lt);
    if (stack.length > 0) stack.at(-1)!.text += decode(text, `<${stack.at(-1)!.name}>`);
    else if (text.trim() !== '') throw new Error(`text outside the root: ${text.trim().slice(0, 40)}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const match = tag.exec(xml);
    if (!match) throw new Error(`a malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
    const [whole, closing, name, attrText, selfClosing] = match;
    at = lt + whole.length;
    if (closing) {
      if (attrText || selfClosing) throw new Error(`a closing tag with more in it: ${whole}`);
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const element: XmlElement = { name: name!, attrs: attributes(attrText ?? '', name!), children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(element);
    else if (root) throw new Error(`a second root <${name}>`);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.map((e) => e.name).join(' > ')}`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element under `element` (itself included) named `name`, in document order. */
export function elementsNamed(element: XmlElement, name: string): XmlElement[] {
  return [...(element.name === name ? [element] : []), ...element.children.flatMap((child) => elementsNamed(child, name))];
}
