/** Runs every source rule that applies to one DriverKit source (the caller decides it is one). */
import type { SourceFile } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { Finding } from './finding';
import type { SourceContext, SourceRule } from './rule';
import type { SourceDeployment } from '../xcode/deploymentTarget';
import { SOURCE_RULES } from './ruleCatalog';

export interface SourceCheckOptions {
  /** 0-based line of an offset in the file, for messages naming lines. */
  readonly lineOf?: (offset: number) => number;
  /** What the dext targets that build the file deploy to. */
  readonly deployment?: SourceDeployment;
}

export function checkFile(path: string, file: SourceFile, index: WorkspaceIndex, catalog: SdkCatalog, options: SourceCheckOptions = {}): Finding[] {
  const context: SourceContext = { path, file, lookup: index.from(path), catalog, lineOf: options.lineOf, deployment: options.deployment };
  // A file not analysed gets its one finding and nothing else.
  const rules = file.skipped ? SOURCE_RULES.filter((rule) => rule.id.startsWith('file.')) : SOURCE_RULES;
  return rules.flatMap((rule) => runSourceRule(rule, context));
}

function runSourceRule(rule: SourceRule, context: SourceContext): Finding[] {
  switch (rule.applies) {
    case 'iig':
      return context.file.kind === 'iig' ? rule.check({ ...context, file: context.file }) : [];
    case 'cpp':
      return context.file.kind === 'cpp' ? rule.check({ ...context, file: context.file }) : [];
    case 'source':
      return rule.check(context);
  }
}
