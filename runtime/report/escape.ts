// Text and attribute escaping for the report: worker names, reasons and failure messages come
// from scenarios and logs and may hold any character.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in HTML/SVG text and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A coordinate with at most one decimal, so the output is short and stable. */
export function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
