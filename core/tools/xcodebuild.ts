/**
 * xcodebuild, kept free of `vscode` so it unit-tests: the argument arrays we run (never a shell
 * string), and the parser of `xcodebuild -list -json` (projects and workspaces).
 */
export interface XcodeList {
  readonly kind: 'project' | 'workspace';
  readonly name: string;
  readonly schemes: readonly string[];
  readonly configurations: readonly string[];
  readonly targets: readonly string[];
}

/** Parses `xcodebuild -list -json` output; undefined for anything else (xcodebuild's errors go to stderr). */
export function parseXcodeList(output: string): XcodeList | undefined {
  const start = output.indexOf('{');
  if (start < 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(output.slice(start));
  } catch {
    return undefined;
  }
  const root = json as { project?: Record<string, unknown>; workspace?: Record<string, unknown> };
  const body = root.project ?? root.workspace;
  if (!body || typeof body.name !== 'string') return undefined;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return {
    kind: root.project ? 'project' : 'workspace',
    name: body.name,
    schemes: strings(body.schemes),
    configurations: strings(body.configurations),
    targets: strings(body.targets),
  };
}

/** `xcodebuild -list -json` for a project or workspace path. */
export function listArgs(container: string): string[] {
  return [container.endsWith('.xcworkspace') ? '-workspace' : '-project', container, '-list', '-json'];
}

/** The build of one scheme and configuration; values stay separate arguments. No container: xcodebuild picks the folder's. */
export function buildArgs(container: string | undefined, scheme: string, configuration: string): string[] {
  const where = container ? [container.endsWith('.xcworkspace') ? '-workspace' : '-project', container] : [];
  return [...where, '-scheme', scheme, '-configuration', configuration, 'build'];
}

/**
 * The problem matcher's pattern (also in package.json): `path:line:col: error|warning|note: message`
 * as clang and iig print it, with an optional ` [-Wflag]` at the end.
 */
export const DIAGNOSTIC_LINE = /^(\/[^:]+|[A-Za-z]:\\[^:]+|[^:\s][^:]*):(\d+):(\d+):\s+(fatal error|error|warning|note):\s+(.*)$/;
