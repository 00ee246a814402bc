// Small readers of the report's HTML for tests: a tag-balance check and the drawn shapes with
// their attributes and hover titles. The report writes regular markup, so regexes suffice.

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Problems with tag nesting: unclosed, stray or crossed tags. Empty when well-formed. */
export function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>').replace(/^<!doctype html>/i, '');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    const tag = name!.toLowerCase();
    if (selfClosing || (VOID.has(tag) && !closing)) continue;
    if (!closing) stack.push(tag);
    else if (stack.at(-1) === tag) stack.pop();
    else problems.push(`</${tag}> at ${match.index} closes <${stack.at(-1) ?? 'nothing'}>`);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (/<(?![a-zA-Z/!])/.test(body)) problems.push('a bare "<" in text');
  return problems;
}

export interface Shape {
  tag: string;
  attrs: Record<string, string>;
  title: string | null;
}

export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

/** Every rect, line and path, in document order. */
export function shapes(svg: string): Shape[] {
  const out: Shape[] = [];
  for (const match of svg.matchAll(/<(rect|line|path)\b([^>]*?)(\/>|>(?:<title>([^<]*)<\/title>)?<\/\1>)/g)) {
    const attrs: Record<string, string> = {};
    for (const [, key, value] of match[2]!.matchAll(/([\w-]+)="([^"]*)"/g)) attrs[key!] = unescapeHtml(value!);
    out.push({ tag: match[1]!, attrs, title: match[4] === undefined ? null : unescapeHtml(match[4]) });
  }
  return out;
}

/** The SVG of the n-th result section (1-based). */
export function sectionSvg(html: string, n: number): string {
  const match = new RegExp(`<section id="result-${n}">[\\s\\S]*?(<svg[\\s\\S]*?</svg>)`).exec(html);
  if (!match) throw new Error(`no section ${n}`);
  return match[1]!;
}

export function sectionHtml(html: string, n: number): string {
  const match = new RegExp(`<section id="result-${n}">[\\s\\S]*?</section>`).exec(html);
  if (!match) throw new Error(`no section ${n}`);
  return match[0];
}

export function byKind(all: readonly Shape[], kind: string): Shape[] {
  return all.filter((s) => s.attrs['data-kind'] === kind);
}

export const n = (shape: Shape, attr: string): number => Number(shape.attrs[attr]);
