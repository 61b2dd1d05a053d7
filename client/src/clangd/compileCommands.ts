/**
 * What clangd (and cpptools) need to compile a dext's C++ the way Xcode does: the clang flags for the
 * DriverKit SDK and the iig-generated headers, as `compile_commands.json` entries and as a `.clangd`
 * file. Pure text building, no `vscode` and no file access, so it unit-tests.
 *
 * Paths travel as separate arguments (the `arguments` array, never a shell `command` string) and as
 * quoted YAML scalars, so spaces, quotes and `#` in a path survive both formats.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { frameworksFolder } from '../../../core/sdk/sdkLocator';

export interface ClangFlagOptions {
  /** `arm64`, `x86_64` or `arm64e`: only changes predefined macros, so one is enough for IntelliSense. */
  readonly arch: string;
  /** The DriverKit release the dext targets, for example `21.0` (DRIVERKIT_DEPLOYMENT_TARGET). */
  readonly deploymentTarget: string;
  /** A clang `-std=` value such as `gnu++20`; undefined leaves clang's default. */
  readonly cxxStandard: string | undefined;
  /** Extra flags the user asked for (defines, warnings), appended unchanged. */
  readonly additionalFlags: readonly string[];
}

export const DEFAULT_FLAG_OPTIONS: ClangFlagOptions = { arch: 'arm64', deploymentTarget: '21.0', cxxStandard: 'gnu++20', additionalFlags: [] };

/** The compiler named in each entry: clangd only reads its name (driver mode), cpptools asks it for its defaults. */
export const COMPILER = 'clang++';

export interface CompileCommand {
  readonly directory: string;
  readonly file: string;
  readonly arguments: readonly string[];
}

/**
 * The flags for one dext, in the order clang must search: the SDK's frameworks (`<DriverKit/...>`,
 * `<HIDDriverKit/...>`), libc++ before the SDK's C headers, then the generated-header folders.
 *
 * The C headers are added with `-idirafter`, not `-isystem`: an `-isystem` folder is searched before
 * libc++'s own folder, and libc++'s wrappers (`<cstddef>` reaching its own `<stddef.h>` through
 * `#include_next`) then find the C library's header first and fail. A clang that knows the driverkit
 * triple finds all of these from `-isysroot` alone; the explicit paths serve tools that do not.
 */
export function driverKitFlags(sdkPath: string, generatedHeaderFolders: readonly string[], options: ClangFlagOptions): string[] {
  const frameworks = frameworksFolder(sdkPath);
  const root = frameworks === join(sdkPath, 'System', 'Library', 'Frameworks') ? sdkPath : join(sdkPath, 'System', 'DriverKit');
  const flags = [
    `--target=${options.arch}-apple-driverkit${options.deploymentTarget}`,
    '-isysroot',
    sdkPath,
    '-iframework',
    frameworks,
    '-isystem',
    join(root, 'usr', 'include', 'c++', 'v1'),
    '-idirafter',
    join(root, 'usr', 'include'),
  ];
  if (options.cxxStandard) flags.push(`-std=${options.cxxStandard}`);
  for (const folder of generatedHeaderFolders) flags.push('-I', folder);
  return [...flags, ...options.additionalFlags];
}

/** One entry per source file; `directory` is the workspace root, `file` and the last argument the absolute path. */
export function compileCommands(root: string, files: readonly string[], flags: readonly string[]): CompileCommand[] {
  return files.map((file) => ({ directory: root, file, arguments: [COMPILER, ...flags, '-c', file] }));
}

export function compileCommandsJson(entries: readonly CompileCommand[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/**
 * A double-quoted YAML scalar. JSON's string syntax is a subset of YAML's double-quoted style, and
 * quoting every value keeps `: `, `#`, a leading `-` or `*` and quotes from being read as YAML syntax.
 */
export function yamlQuote(value: string): string {
  return JSON.stringify(value);
}

/**
 * The `.clangd` file: the same flags for files the database does not list (new files, headers) and,
 * when `compile_commands.json` is written elsewhere, where clangd should find it (`databaseFolder`,
 * relative to the `.clangd` file's folder when inside it).
 */
export function clangdYaml(flags: readonly string[], clangdFolder: string, databaseFolder: string): string {
  const lines = [
    '# Written by the DriverKit extension ("DriverKit: Generate clangd Configuration").',
    '# Run that command again after a build or an SDK change; edits here are replaced.',
    'CompileFlags:',
    '  Add:',
    ...flags.map((flag) => `    - ${yamlQuote(flag)}`),
  ];
  if (databaseFolder !== clangdFolder) {
    const fromHere = relative(clangdFolder, databaseFolder);
    const inside = fromHere !== '' && fromHere.split(sep)[0] !== '..' && !isAbsolute(fromHere);
    lines.push(`  CompilationDatabase: ${yamlQuote(inside ? fromHere : databaseFolder)}`);
  }
  return `${lines.join('\n')}\n`;
}
