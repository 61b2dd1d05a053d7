/**
 * Puts the clangd configuration together: scans the workspace, searches the build locations for the
 * iig-generated headers, settles the flag options (a setting, else the dext target's own build
 * setting as the language server read it, else a default) and returns the two files to write.
 * Writes nothing and asks nothing: the command decides, so this stays free of `vscode` and is what
 * the tests run.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { clangdYaml, compileCommands, compileCommandsJson, DEFAULT_FLAG_OPTIONS, driverKitFlags, type ClangFlagOptions } from './compileCommands';
import { DEFAULT_SEARCH_LIMITS, derivedDataLocations, findGeneratedHeaders, type GeneratedHeaders, type SearchLimits } from './derivedSources';
import { scanWorkspace, type WorkspaceScan } from './workspaceScan';

/** The `driverkit.clangd.*` settings; empty strings mean "not set". */
export interface ClangdSettings {
  readonly arch: string;
  readonly deploymentTarget: string;
  readonly cppStandard: string;
  readonly additionalFlags: readonly string[];
  readonly derivedDataPath: string;
  readonly outputFolder: string;
}

export const EMPTY_SETTINGS: ClangdSettings = { arch: '', deploymentTarget: '', cppStandard: '', additionalFlags: [], derivedDataPath: '', outputFolder: '' };

export interface ClangdConfigInput {
  /** The workspace folder; `.clangd` is written here, where clangd looks for it. */
  readonly root: string;
  readonly sdkPath: string;
  readonly settings: ClangdSettings;
  /** The home folder, whose Library/Developer/Xcode/DerivedData is Xcode's default build location. */
  readonly homeDir: string;
  /** Extra folder names to skip (`driverkit.index.excludeFolders`). */
  readonly excludeFolders?: readonly string[];
  /** The Xcode projects with a driver-extension target, as the language server read them (`driverkit/dexts`). */
  readonly dextTargets?: readonly DextTargetSettings[];
  readonly limits?: SearchLimits;
  readonly signal?: AbortSignal;
}

/** A project's first driver-extension target and what its Debug configuration sets. */
export interface DextTargetSettings {
  /** The `.xcodeproj` folder. */
  readonly project: string;
  readonly deploymentTarget?: string;
  readonly cxxStandard?: string;
}

/** What the dext target's own build settings say, where the settings leave a flag open. */
export interface DextBuildHints {
  /** DRIVERKIT_DEPLOYMENT_TARGET, when it resolves to a version number. */
  readonly deploymentTarget?: string;
  /** CLANG_CXX_LANGUAGE_STANDARD: a `-std=` value such as `gnu++20`, or `compiler-default`. */
  readonly cxxStandard?: string;
}

export interface FileToWrite {
  readonly path: string;
  readonly text: string;
}

export interface ClangdConfig {
  /** `compile_commands.json` (in the output folder), then `.clangd` (in the workspace folder). */
  readonly files: readonly [FileToWrite, FileToWrite];
  readonly scan: WorkspaceScan;
  readonly hints: DextBuildHints;
  readonly headers: GeneratedHeaders;
  readonly options: ClangFlagOptions;
  readonly flags: readonly string[];
}

/** The C++ dialect setting's value for "no -std flag, clang's own default" (Xcode's name for it). */
const COMPILER_DEFAULT = 'compiler-default';

/** The dext target of the first project the walk found (sorted) that has one. */
export function dextHints(scan: WorkspaceScan, targets: readonly DextTargetSettings[]): DextBuildHints {
  for (const project of scan.xcodeProjects) {
    const target = targets.find((t) => t.project === project);
    if (!target) continue;
    return {
      ...(target.deploymentTarget ? { deploymentTarget: target.deploymentTarget } : {}),
      ...(target.cxxStandard ? { cxxStandard: target.cxxStandard } : {}),
    };
  }
  return {};
}

export function flagOptions(settings: ClangdSettings, hints: DextBuildHints): ClangFlagOptions {
  const standard = settings.cppStandard || hints.cxxStandard || DEFAULT_FLAG_OPTIONS.cxxStandard;
  return {
    arch: settings.arch || DEFAULT_FLAG_OPTIONS.arch,
    deploymentTarget: settings.deploymentTarget || hints.deploymentTarget || DEFAULT_FLAG_OPTIONS.deploymentTarget,
    cxxStandard: standard === COMPILER_DEFAULT ? undefined : standard,
    additionalFlags: settings.additionalFlags,
  };
}

export function outputFolderOf(root: string, settings: ClangdSettings): string {
  if (!settings.outputFolder) return root;
  return isAbsolute(settings.outputFolder) ? settings.outputFolder : resolve(root, settings.outputFolder);
}

export async function buildClangdConfig(input: ClangdConfigInput): Promise<ClangdConfig> {
  const { root, settings } = input;
  const scan = await scanWorkspace(root, new Set(input.excludeFolders ?? []));
  const locations = derivedDataLocations(root, scan.projectFolders, input.homeDir, settings.derivedDataPath || undefined);
  const headers = await findGeneratedHeaders(locations, scan.iigBases, scan.projectNames, input.limits ?? DEFAULT_SEARCH_LIMITS, input.signal);
  const hints = dextHints(scan, input.dextTargets ?? []);
  const options = flagOptions(settings, hints);
  const flags = driverKitFlags(input.sdkPath, headers.folders, options);
  const outputFolder = outputFolderOf(root, settings);
  return {
    files: [
      { path: join(outputFolder, 'compile_commands.json'), text: compileCommandsJson(compileCommands(root, scan.cppFiles, flags)) },
      { path: join(root, '.clangd'), text: clangdYaml(flags, root, outputFolder) },
    ],
    scan,
    hints,
    headers,
    options,
    flags,
  };
}
