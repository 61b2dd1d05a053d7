/** Reading what surrounds the cursor in a source text (pure string work over the code view). */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { skipSpacesBack } from '../model/codeView';
import type { CppFile, MethodDefinition, SourceFile } from '../model/model';
import type { Span } from '../model/span';
import { contains } from '../model/span';
import type { WorkspaceIndex } from '../model/workspaceIndex';

/** Everything a completion, hover or signature request needs to know about the cursor's place. */
export interface CursorRequest {
  readonly text: string;
  /** The code view of `text` (comments and strings blanked). */
  readonly code: string;
  readonly offset: number;
  readonly file: SourceFile;
  readonly index: WorkspaceIndex;
  readonly catalog: SdkCatalog;
}

const WORD = /[A-Za-z0-9_]/;

/** The identifier under or just before the cursor, with its span. */
export function wordAt(text: string, offset: number): { word: string; span: Span } | undefined {
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && WORD.test(text[end])) end++;
  return end > start ? { word: text.slice(start, end), span: { start, end } } : undefined;
}

/** The partial word being typed before the cursor (possibly empty) and where it starts. */
export function typedPrefix(text: string, offset: number): { prefix: string; start: number } {
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  return { prefix: text.slice(start, offset), start };
}

/** Text of the cursor's line up to the cursor. */
export function linePrefix(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}

/** The method definition (IMPL, _Impl or Class::method) whose body holds the offset. */
export function enclosingDefinition(file: SourceFile, offset: number): MethodDefinition | undefined {
  return file.kind === 'cpp' ? file.definitions.find((d) => contains(d.bodySpan, offset)) : undefined;
}

/**
 * The call whose argument list holds `offset`: the callee name, what it is called on (the text
 * before `->` or `.`, if any), and which argument the cursor is in. Works on the code view.
 */
export function enclosingCall(code: string, offset: number): { callee: string; receiver?: string; argument: number; open: number } | undefined {
  let depth = 0;
  let commas = 0;
  for (let i = offset - 1; i >= 0 && offset - i < 4000; i--) {
    const c = code[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) {
        if (c !== '(') return undefined;
        const end = skipSpacesBack(code, i - 1) + 1;
        let start = end;
        while (start > 0 && WORD.test(code[start - 1])) start--;
        const callee = code.slice(start, end);
        if (!callee || /^(if|while|for|switch|return|sizeof)$/.test(callee)) return undefined;
        return { callee, receiver: receiverBefore(code, start), argument: commas, open: i };
      }
      depth--;
    } else if (c === ',' && depth === 0) commas++;
    else if (c === ';' && depth === 0) return undefined;
  }
  return undefined;
}

/** For `a->b->Call` at `start` (the callee), the receiver expression "a->b"; undefined without one. */
export function receiverBefore(code: string, start: number): string | undefined {
  let i = skipSpacesBack(code, start - 1);
  let operatorLength = 0;
  if (code[i] === '>' && code[i - 1] === '-') operatorLength = 2;
  else if (code[i] === '.') operatorLength = 1;
  else return undefined;
  i = skipSpacesBack(code, i - operatorLength);
  const end = i + 1;
  while (i >= 0 && (WORD.test(code[i]) || (code[i] === '>' && code[i - 1] === '-') || code[i] === '-' || code[i] === '.')) i--;
  const receiver = code.slice(i + 1, end).replace(/\s+/g, '');
  return receiver.length > 0 ? receiver : undefined;
}

/** The cpp model, when the file is one. */
export function asCpp(file: SourceFile): CppFile | undefined {
  return file.kind === 'cpp' ? file : undefined;
}
