/** Splits text into plain and `{{ … }}` parts for highlighting (unterminated `{{` stays plain). Pure. */
export interface TextPart {
  text: string;
  expr: boolean;
}

export function highlightParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    const close = open === -1 ? -1 : text.indexOf('}}', open + 2);
    if (open === -1 || close === -1) {
      parts.push({ text: text.slice(i), expr: false });
      break;
    }
    if (open > i) parts.push({ text: text.slice(i, open), expr: false });
    parts.push({ text: text.slice(open, close + 2), expr: true });
    i = close + 2;
  }
  return parts;
}
