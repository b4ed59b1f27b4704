/** Reading saved pages and texts in Node, the way the content script reads the live page. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Window } from 'happy-dom';
import { collectBlocks } from '../../utils/scanner.ts';

/** The `source:`/`title:` header of a news text, if present: its body starts after the first blank line. */
export function stripHeader(text: string): string {
  if (!/^source:/i.test(text)) return text;
  const blank = text.indexOf('\n\n');
  return blank < 0 ? '' : text.slice(blank + 2);
}

export interface ReadDocument {
  /** The visible text; offsets of mentions count into it. */
  text: string;
  /** Blocks (paragraphs) of the text with where each starts, for block-wise detection. */
  blocks: { text: string; start: number }[];
}

/** Reads an .html page (visible text, blocks joined by newlines) or a plain text file. */
export function readDocument(file: string): ReadDocument {
  const raw = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') {
    const window = new Window();
    window.document.write(raw);
    const blocks = collectBlocks(window.document as unknown as Document).map((b) => b.text);
    const out: { text: string; start: number }[] = [];
    let pos = 0;
    for (const b of blocks) {
      out.push({ text: b, start: pos });
      pos += b.length + 1;
    }
    window.close();
    return { text: blocks.join('\n'), blocks: out };
  }
  const text = stripHeader(raw);
  return { text, blocks: [] };
}
