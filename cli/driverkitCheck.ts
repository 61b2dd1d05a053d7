/**
 * driverkit-check: the language server's checks on the command line, for CI.
 * Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { formatText, toReported } from '../core/workspace/report';
import { ALL_RULES } from '../core/rules/ruleCatalog';
import { cppParser } from '../core/model/treeSitter';
import { compileAppGrammarsForBaselineOnly } from '../core/model/appGrammars';
import { Workspace } from '../core/workspace/workspace';
import { readAndCheck } from '../core/workspace/checkFiles';
import { fileKindOf, findSourceFiles } from '../core/model/workspaceFiles';
import { indexSdk } from '../core/sdk/sdkIndexer';
import { frameworksFolder } from '../core/sdk/sdkLocator';
import { runCommand } from '../core/tools/runCommand';

const USAGE = `Usage: driverkit-check [--format text|json] [--sdk PATH] [--profiles DIR]... [--codesign PATH] <file-or-folder>...

Checks DriverKit sources (.iig, .cpp) and property lists (Info.plist, .entitlements) the way
the DriverKit extension for VS Code does, and apps' calls into a dext's user client (.c, .m, .mm, .swift).
Folders are searched recursively; build/, DerivedData/, node_modules/ and .git/ are skipped.
A folder without an Xcode project is read through the nearest one above it in its repository.

Options:
  --format text|json  text (default): one "path:line:col: severity: message [rule]" line per finding;
                      json: an array of {file, line, column, endLine, endColumn, severity, code, message}
  --sdk PATH          index the DriverKit SDK at PATH and check against it (default: the
                      bundled catalog; xcrun is not asked, so CI runs are reproducible)
  --profiles DIR      judge signing with the provisioning profiles (.provisionprofile,
                      .mobileprovision) in DIR, besides those in the checked folders and
                      embedded in their built bundles; repeat for more folders (the
                      user's Xcode profile folders are not read unless named here)
  --codesign PATH     read the built .app and .dext bundles under build/ and DerivedData/
                      of the checked folders with this codesign (macOS: codesign) and
                      compare what they were signed with to their .entitlements files
  --list-rules        print every rule id with its severity and meaning
  -h, --help          show this help
  --version           print the version

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json';
  sdk?: string;
  profiles: string[];
  codesign?: string;
  paths: string[];
}

function parseArguments(argv: readonly string[]): Options | 'help' | 'version' | 'rules' {
  const options: Options = { format: 'text', profiles: [], paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--version') return 'version';
    if (arg === '--list-rules') return 'rules';
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${value ?? ''}'.`);
      options.format = value;
    } else if (arg === '--sdk' || arg.startsWith('--sdk=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new UsageError('--sdk needs the path of a DriverKit SDK.');
      options.sdk = value;
    } else if (arg === '--profiles' || arg.startsWith('--profiles=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new UsageError('--profiles needs a folder of provisioning profiles.');
      options.profiles.push(value);
    } else if (arg === '--codesign' || arg.startsWith('--codesign=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new UsageError('--codesign needs the codesign program to run.');
      options.codesign = value;
    } else if (arg === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option '${arg}'.`);
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) throw new UsageError('Name at least one file or folder to check.');
  return options;
}

async function collect(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(given);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new IoError(`${given}: no such file or folder.`);
    }
    if (info.isDirectory()) files.push(...(await findSourceFiles([path])));
    else if (fileKindOf(path)) files.push(path);
    else throw new UsageError(`${given}: not a DriverKit file (.iig, .cpp, a header, .plist or .entitlements, or an app's .c, .m or .mm).`);
  }
  return [...new Set(files)];
}

class IoError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    process.stderr.write(`driverkit-check: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (options === 'rules') {
    for (const rule of ALL_RULES) process.stdout.write(`${rule.id.padEnd(36)} ${rule.severity.padEnd(8)} ${rule.summary}\n`);
    return 0;
  }
  let files: string[];
  try {
    files = await collect(options.paths);
  } catch (error) {
    process.stderr.write(`driverkit-check: ${(error as Error).message}\n`);
    return 2;
  }
  for (const folder of options.profiles) {
    const info = await stat(folder).catch(() => undefined);
    if (!info?.isDirectory()) {
      process.stderr.write(`driverkit-check: --profiles ${folder}: no such folder.\n`);
      return 2;
    }
  }
  // A run reads each app file once and exits: V8 must not keep optimising the app grammars after it.
  compileAppGrammarsForBaselineOnly();
  const parser = await cppParser();
  const workspace = new Workspace(parser);
  workspace.signing.sources = { folders: options.profiles.map((folder) => resolve(folder)), quietFolders: [] };
  const codesign = options.codesign;
  if (codesign) workspace.signing.codesign = (args) => runCommand(codesign, args, { timeoutMs: 30_000 });
  if (options.sdk) {
    const sdk = resolve(options.sdk);
    if (!existsSync(frameworksFolder(sdk))) {
      process.stderr.write(`driverkit-check: ${options.sdk} holds no DriverKit frameworks (expected ${frameworksFolder(sdk)}).\n`);
      return 2;
    }
    const index = await indexSdk(parser, sdk);
    workspace.catalog = workspace.catalog.withInstalled(index.classes, index);
    workspace.sdkRoots = [sdk];
  }
  const result = await readAndCheck(workspace, options.paths, files);
  if (result.unreadable) {
    process.stderr.write(`driverkit-check: cannot read ${result.unreadable}.\n`);
    return 2;
  }
  const findings = result.findings;
  const cwd = process.cwd();
  const display = (path: string): string => {
    const rel = relative(cwd, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
  const reported = toReported(workspace, findings, display);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(reported, null, 2)}\n`);
  } else {
    for (const f of reported) process.stdout.write(`${formatText(f)}\n`);
    const errors = reported.filter((f) => f.severity === 'error').length;
    const warnings = reported.filter((f) => f.severity === 'warning').length;
    process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} checked.\n`);
  }
  return reported.some((f) => f.severity === 'error') ? 1 : 0;
}

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'development';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`driverkit-check: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
