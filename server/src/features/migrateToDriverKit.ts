/** Migrate to DriverKit: the kext class at a position, its kext's sources and Info.plist, into a dext skeleton. */
import { dirname, join } from 'node:path';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import type { KextClassDecl } from '../../../core/kext/kextSource';
import { migrateKextClass } from '../../../core/kext/migrate/migrateClass';
import { MIGRATE_TO_DRIVERKIT_COMMAND, type MigrateParams, type MigrateReply } from '../../../protocol/migrate';
import type { FeatureContext } from './context';

/** The kext class a position is on: its name anywhere in the file (head, `X::`), or inside its body. */
function classAt(context: FeatureContext, path: string, offset: number): { cls: KextClassDecl; declaredIn: string } | undefined {
  const facts = context.workspace.kextFacts(path);
  if (!facts) return undefined;
  const code = facts.code;
  let from = offset;
  while (from > 0 && /\w/.test(code[from - 1])) from--;
  let to = offset;
  while (to < code.length && to - from < 200 && /\w/.test(code[to])) to++;
  const word = code.slice(from, to);
  const kext = context.workspace.kextOf(path);
  const declarations = kext.sources.flatMap((p) => (context.workspace.kextFacts(p)?.classes ?? []).filter((c) => c.declared !== undefined).map((cls) => ({ cls, declaredIn: p })));
  const named = word ? declarations.find((d) => d.cls.name === word) : undefined;
  if (named) return named;
  // Inside a class body of this file: the innermost one.
  let inside: KextClassDecl | undefined;
  for (const c of facts.classes) if (c.declared !== undefined && c.span.start <= offset && offset <= c.span.end && (!inside || c.span.start > inside.span.start)) inside = c;
  return inside ? { cls: inside, declaredIn: path } : undefined;
}

export function migrateToDriverKit(context: FeatureContext, params: MigrateParams): MigrateReply | null {
  const path = context.pathOf(params.uri);
  const offset = context.offset(path, params.position);
  if (offset === undefined) return null;
  const found = classAt(context, path, offset);
  if (!found) return null;
  const kext = context.workspace.kextOf(found.declaredIn);
  const sources = [...new Set([found.declaredIn, ...kext.sources])].flatMap((p) => context.workspace.kextFacts(p) ?? []);
  const result = migrateKextClass({ className: found.cls.name, sources, infoPlist: kext.plist?.document.root });
  if (!result) return null;
  return {
    className: found.cls.name,
    folderUri: context.uriOf(join(dirname(found.declaredIn), `${found.cls.name}DriverKit`)),
    files: [...result.files].map(([p, text]) => ({ path: p, text })),
  };
}

/** "Migrate … to DriverKit" on a kext class name: runs the command, which writes the files. */
export function migrateActions(context: FeatureContext, path: string, range: Range): CodeAction[] {
  const offset = context.offset(path, range.start);
  if (offset === undefined || !context.workspace.kextFacts(path)) return [];
  const facts = context.workspace.kextFacts(path);
  const onName = facts?.classes.find((c) => c.declared !== undefined && c.nameSpan.start <= offset && offset <= c.nameSpan.end);
  if (!onName) return [];
  const title = `Migrate ${onName.name} to DriverKit…`;
  return [{ title, kind: CodeActionKind.RefactorRewrite, command: { title, command: MIGRATE_TO_DRIVERKIT_COMMAND, arguments: [context.uriOf(path), range.start] } }];
}
