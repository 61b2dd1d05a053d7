/**
 * What DriverKit type an expression in a .cpp has, as far as DriverKit code makes it plain: `this`,
 * `ivars->member`, the method's own parameters, locals declared `Type * name`, `OSSharedPtr<Type>`,
 * or `auto name = OSDynamicCast(Type, ...)`. Good enough to offer the right methods after `->`.
 */
import type { MethodDefinition } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { methodNamedIn } from '../model/namedMethods';

export interface TypeContext {
  readonly code: string;
  readonly offset: number;
  readonly definition?: MethodDefinition;
  readonly index: WorkspaceIndex;
}

/** "IOService * const" → "IOService". */
export function baseTypeName(type: string): string {
  const withoutTemplate = /OSSharedPtr\s*<\s*(\w+)\s*>/.exec(type)?.[1];
  if (withoutTemplate) return withoutTemplate;
  return type.replace(/\b(const|volatile|struct|class)\b/g, '').replace(/[*&\s]+/g, ' ').trim().split(' ').pop() ?? '';
}

export function typeOfExpression(context: TypeContext, expression: string): string | undefined {
  const def = context.definition;
  if (expression === 'this') return def?.className;
  const ivarsMember = /^ivars->(\w+)$/.exec(expression);
  if (ivarsMember && def) {
    const member = context.index.ivarsOf(def.className)?.item.members.find((m) => m.name === ivarsMember[1]);
    return member ? baseTypeName(member.type) : undefined;
  }
  if (!/^\w+$/.test(expression)) return undefined;
  return localType(context, expression) ?? parameterType(context, expression);
}

function localType(context: TypeContext, name: string): string | undefined {
  const def = context.definition;
  const from = def ? def.span.start : Math.max(0, context.offset - 20_000);
  const before = context.code.slice(from, context.offset);
  const patterns = [
    new RegExp(`\\bauto\\s*\\*?\\s*${name}\\s*=\\s*(?:OSDynamicCast|OSRequiredCast)\\s*\\(\\s*(\\w+)`, 'g'),
    new RegExp(`\\bOSSharedPtr\\s*<\\s*(\\w+)\\s*>\\s*${name}\\b`, 'g'),
    new RegExp(`\\b([A-Za-z_]\\w*)\\s*\\*+\\s*(?:const\\s+)?${name}\\b`, 'g'),
  ];
  for (const pattern of patterns) {
    let last: string | undefined;
    for (let m = pattern.exec(before); m; m = pattern.exec(before)) last = m[1];
    if (last && !/^(return|else|case)$/.test(last)) return last;
  }
  return undefined;
}

/** A parameter of the method being defined, typed from the class's .iig declaration. */
function parameterType(context: TypeContext, name: string): string | undefined {
  const def = context.definition;
  if (!def) return undefined;
  const method = methodNamedIn(context.index.classNamed(def.className)?.item.methods, def.methodName);
  const parameter = method?.parameters.find((p) => p.name === name);
  return parameter ? baseTypeName(parameter.type) : undefined;
}
