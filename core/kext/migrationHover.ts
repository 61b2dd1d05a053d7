/**
 * Hover on a kext API in a kext source: the migration hint for it (every use, not only the first,
 * which is where the hint's finding sits), as markdown with the example in a code block.
 */
import type { Span } from '../model/span';
import { MIGRATION_HINTS } from './migrationHints';

export interface MigrationHover {
  readonly markdown: string;
  readonly span: Span;
}

/** Longer lines are not searched: a hover never costs more than one bounded line. */
const MAX_LINE = 4000;

export function migrationHover(code: string, offset: number): MigrationHover | undefined {
  const start = code.lastIndexOf('\n', offset - 1) + 1;
  const newline = code.indexOf('\n', offset);
  const end = newline < 0 ? code.length : newline;
  if (end - start > MAX_LINE) return undefined;
  const line = code.slice(start, end);
  for (const hint of MIGRATION_HINTS) {
    const re = new RegExp(hint.pattern.source, 'g');
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const word = m[1] ?? m[0];
      const at = start + m.index + m[0].indexOf(word);
      if (offset >= at && offset <= at + word.length) {
        return {
          markdown: `**Moving to DriverKit: ${hint.api}**\n\n${hint.advice}\n\n\`\`\`cpp\n${hint.example}\n\`\`\``,
          span: { start: at, end: at + word.length },
        };
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return undefined;
}
