/**
 * A rule is one record: its stable id, severity, a one-line summary (README, `--list-rules`), the
 * check that finds it and, where one exists, the fix. The records are registered in ruleCatalog.ts
 * and referenced through it, never by their id string. Each check is given everything it may look at
 * as a context and returns findings; it never reads files or the clock.
 */
import type { Fix } from '../fixes/fix';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { CppFile, IigFile, SourceFile } from '../model/model';
import type { ClassLookup, WorkspaceIndex } from '../model/workspaceIndex';
import type { Span } from '../model/span';
import type { Finding } from './finding';
import type { SourceDeployment } from '../xcode/deploymentTarget';

/** `hint`: shown by the editor only (a faint underline), never by the CLI. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a rule looks at: a source file, a dext's Info.plist or entitlements, a client's entitlements … */
export type RuleScope = 'iig' | 'cpp' | 'source' | 'info-plist' | 'entitlements' | 'client-entitlements' | 'plist-file' | 'project' | 'signing' | 'signing-project' | 'profile' | 'hid-descriptor' | 'userclient' | 'kext-source' | 'kext-plist';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly applies: RuleScope;
  /**
   * Judged from the file alone: its findings are true before the rest of the workspace is read.
   * The others may conclude from something another file has not yet shown (a class, an
   * implementation, a project's settings), so the editor shows them only once the index is complete.
   */
  readonly local?: true;
}

/** What a source rule sees: the file's model and the workspace's classes as seen from the file. */
export interface SourceContext<F extends SourceFile = SourceFile> {
  readonly path: string;
  readonly file: F;
  /** Classes and definitions, resolved from this file (a name used by two projects resolves to the nearest). */
  readonly lookup: ClassLookup;
  readonly catalog: SdkCatalog;
  /** 0-based line of an offset, for messages that name lines. */
  readonly lineOf?: (offset: number) => number;
  /** The lowest DriverKit deployment target of the dext targets that build the file, when known. */
  readonly deployment?: SourceDeployment;
}

/** What a source fix sees. */
export interface SourceFixRequest {
  readonly path: string;
  readonly file: SourceFile;
  readonly span: Span;
  /** Findings of this file that touch `span`. */
  readonly findings: readonly Finding[];
  readonly index: WorkspaceIndex;
  readonly catalog: SdkCatalog;
  readonly textOf: (path: string) => string | undefined;
}

interface SourceRuleBase<F extends SourceFile> extends RuleInfo {
  check(context: SourceContext<F>): Finding[];
  fix?(request: SourceFixRequest, finding: Finding): Fix | undefined;
}

/** A rule over one .iig (or a DriverKit header declaring classes). */
export interface IigRule extends SourceRuleBase<IigFile> {
  readonly applies: 'iig';
}

/** A rule over one DriverKit .cpp. */
export interface CppRule extends SourceRuleBase<CppFile> {
  readonly applies: 'cpp';
}

/** A rule over any source file, .iig or .cpp. */
export interface AnySourceRule extends SourceRuleBase<SourceFile> {
  readonly applies: 'source';
}

export type SourceRule = IigRule | CppRule | AnySourceRule;
