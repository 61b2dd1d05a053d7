/**
 * What a hover shows, in Markdown: IIG attributes and DriverKit macros, DriverKit classes (SDK or
 * workspace), SDK methods (on a call, an override, a TYPE target), the declaration behind an IMPL,
 * and Class_IVars members.
 */
import type { SdkClass, SdkMethod } from '../sdk/catalogTypes';
import { methodKind } from '../hierarchy/methodKind';
import { contains, type Span } from '../model/span';
import { lookupWord } from '../model/vocabulary';
import { enclosingDefinition, receiverBefore, wordAt, type CursorRequest } from './cursor';
import { attributeLabel, classDocumentation, methodDeclaration, methodDocumentation } from './format';
import { typeOfExpression } from './types';
import { methodNamedIn } from '../model/namedMethods';

export type HoverRequest = CursorRequest;

export interface HoverInfo {
  readonly markdown: string;
  readonly span: Span;
}

export function hoverInfo(request: HoverRequest): HoverInfo | undefined {
  return wordHover(request) ?? implHover(request) ?? symbolHover(request);
}

function wordHover({ file, offset }: HoverRequest): HoverInfo | undefined {
  let site: { name: string; span: Span; known: boolean } | undefined;
  if (file.kind === 'iig') {
    const attribute = file.attributes.find((a) => contains(a.nameSpan, offset));
    if (attribute) site = { name: attribute.name, span: attribute.nameSpan, known: attribute.known };
  } else {
    const macro = file.macroUses.find((m) => contains(m.span, offset));
    if (macro) site = { name: macro.name, span: macro.span, known: true };
  }
  if (!site) return undefined;
  const info = site.known ? lookupWord(site.name) : undefined;
  const markdown = info
    ? [`**${info.name}** — ${info.where}`, '', info.summary, ...(info.example ? ['', '```cpp', info.example, '```'] : [])].join('\n')
    : `**${site.name}** is not an IIG attribute.`;
  return { markdown, span: site.span };
}

function implHover({ file, offset, index, catalog }: HoverRequest): HoverInfo | undefined {
  if (file.kind !== 'cpp') return undefined;
  const def = file.definitions.find((d) => contains(d.methodSpan, offset));
  if (!def) return undefined;
  const method = methodNamedIn(index.classNamed(def.className)?.item.methods, def.methodName);
  if (!method) return undefined;
  const kind = methodKind(index, catalog, def.className, def.methodName);
  const label = [methodDeclaration(method), method.isOverride ? 'override' : '', attributeLabel(method.attributes)].filter(Boolean).join(' ');
  const how = kind === 'rpc' ? ' Reached through IIG: call the parent with SUPERDISPATCH.' : kind === 'localonly' ? ' LOCALONLY: call the parent with super::.' : '';
  return { markdown: `\`\`\`cpp\n${label};\n\`\`\`\nDeclared in class \`${def.className}\`.${how}`, span: def.methodSpan };
}

function symbolHover(request: HoverRequest): HoverInfo | undefined {
  const { text, code, offset, file, index } = request;
  const word = wordAt(text, offset);
  if (!word || code[word.span.start] === ' ') return undefined;
  const def = enclosingDefinition(file, offset);

  // Class_IVars member after ivars->
  if (/\bivars\s*->\s*$/.test(code.slice(Math.max(0, word.span.start - 20), word.span.start)) && def) {
    const member = index.ivarsOf(def.className)?.item.members.find((m) => m.name === word.word);
    if (member) return { markdown: `\`\`\`cpp\n${member.type} ${def.className}_IVars::${member.name};\n\`\`\`\nInstance variable of \`${def.className}\`.`, span: word.span };
  }
  const sdk = resolveSdkSymbol(request);
  if (sdk?.method) return { markdown: methodDocumentation(sdk.cls, sdk.method), span: sdk.span };
  if (sdk) return { markdown: classDocumentation(sdk.cls), span: sdk.span };
  const local = index.classNamed(word.word);
  if (local) {
    const cls = local.item;
    return { markdown: `\`\`\`cpp\nclass ${cls.name}${cls.baseClass ? ` : public ${cls.baseClass}` : ''}\n\`\`\`\nDeclared in this workspace, ${cls.methods.length} methods.`, span: word.span };
  }
  return undefined;
}

/** The SDK class or method the word under the cursor names, if any. */
export function resolveSdkSymbol(request: HoverRequest): { cls: SdkClass; method?: SdkMethod; span: Span } | undefined {
  const { text, code, offset, file, index, catalog } = request;
  const word = wordAt(text, offset);
  if (!word || code[word.span.start] === ' ') return undefined;
  const after = code.slice(word.span.end, word.span.end + 40).trimStart();
  const beforeColons = /(\w+)\s*::\s*$/.exec(code.slice(Math.max(0, word.span.start - 80), word.span.start));
  const def = enclosingDefinition(file, offset);
  // A method: called on a typed receiver, qualified, or overridden in a class body.
  if (after.startsWith('(')) {
    let owner: string | undefined;
    const receiver = receiverBefore(code, word.span.start);
    if (receiver) owner = typeOfExpression({ code, offset, definition: def, index }, receiver);
    else if (beforeColons?.[1] === 'super') owner = def ? index.classNamed(def.className)?.item.baseClass : undefined;
    else if (beforeColons) owner = beforeColons[1];
    else if (file.kind === 'iig') owner = file.classes.find((c) => contains(c.span, offset))?.baseClass;
    else if (def) owner = index.classNamed(def.className)?.item.baseClass ?? def.className;
    const member = owner ? findSdkMethod(request, owner, word.word) : undefined;
    if (member) return { ...member, span: word.span };
  }
  // TYPE(Class::Method) target
  if (beforeColons) {
    const callback = catalog.callback(`${beforeColons[1]}::${word.word}`);
    if (callback) return { ...callback, span: word.span };
  }
  const cls = catalog.classNamed(word.word);
  return cls ? { cls, span: word.span } : undefined;
}

/** An SDK method as seen from a type, walking workspace classes up to the SDK. */
function findSdkMethod({ index, catalog }: HoverRequest, type: string, name: string) {
  const seen = new Set<string>();
  let current: string | undefined = type;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (catalog.classNamed(current)) return catalog.findMethod(current, name);
    current = index.classNamed(current)?.item.baseClass;
  }
  return undefined;
}
