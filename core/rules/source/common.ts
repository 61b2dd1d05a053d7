/** Small facts several source rules share. */
import { extname } from 'node:path';
import { classChain, sdkMethodsNamed } from '../../hierarchy/classChain';
import { typeOfDeclaration } from '../../hierarchy/signatures';
import type { MethodDecl, SourceFile } from '../../model/model';
import type { Span } from '../../model/span';
import type { ClassLookup } from '../../model/workspaceIndex';
import type { SdkCatalog } from '../../sdk/sdkCatalog';

/** A plain C/C++ header (`.h`, `.hpp`), as opposed to a .iig. */
export function isHeaderPath(path: string): boolean {
  return /^\.(h|hh|hpp|hxx)$/i.test(extname(path));
}

/**
 * True when the parser could not read text near `span` (inside it, or right after it): a rule that
 * concludes from something being absent there stays silent.
 */
export function nearUnparsed(file: SourceFile, span: Span): boolean {
  return file.unparsed.some((region) => region.start <= span.end + 1 && region.end >= span.start);
}

export function isOsAction(type: string): boolean {
  return type.replace(/\s+/g, '') === 'OSAction*';
}

/** The prototype a TYPE(...) attribute names: `X::M`, or `M` of the method's own class chain. */
export interface PrototypeTarget {
  readonly owner: string;
  readonly name: string;
}

export function typeTargetOf(method: MethodDecl, ownClass: string): PrototypeTarget | undefined {
  const target = method.attributes.find((a) => a.name === 'TYPE')?.argument;
  if (!target) return undefined;
  const parts = target.split('::').map((s) => s.trim());
  if (parts.length === 1) return parts[0] ? { owner: ownClass, name: parts[0] } : undefined;
  const name = parts.pop()!;
  return { owner: parts.join('::'), name };
}

/**
 * Parameter types of every method `owner::name` (overloads included), from the workspace's classes or
 * the SDK along the chain; `undefined` when that cannot be known (an unknown class or an incomplete
 * one), `[]` when the chain is known completely and has no such method.
 */
export function prototypesOf(target: PrototypeTarget, lookup: ClassLookup, catalog: SdkCatalog): (readonly string[])[] | undefined {
  const chain = classChain(lookup, catalog, target.owner);
  const local = chain.local.flatMap((cls) => cls.methods.filter((m) => m.name === target.name));
  if (local.length > 0) return local.map((m) => m.parameters.map((p) => p.type));
  const sdk = sdkMethodsNamed(chain, target.name);
  if (sdk.length > 0) return sdk.map((m) => m.method.parameters.map(typeOfDeclaration));
  const complete = chain.unknown === undefined && chain.sdk.length > 0 && chain.sdk.every((c) => c.complete);
  return complete ? [] : undefined;
}
