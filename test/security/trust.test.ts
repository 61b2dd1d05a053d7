/**
 * Untrusted workspaces run no configured command. Read from package.json and the sources:
 * - every setting that names a command, path, host app, task or folder is a restricted setting (VS
 *   Code then ignores the workspace's value for it in Restricted Mode);
 * - no code path uses a shell;
 * - every module that starts a process checks `vscode.workspace.isTrusted` itself, or is reached only
 *   from modules that do, or is one of the explicit exceptions below, each with its reason and a check.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseIoregCommand } from '../../client/src/matchingStatus/matchingStatusCommand';
import { childProcessBindings, importersOf, listSources, namesRead, reachable, readModules, ROOT, type SourceModule } from './sourceGraph';

interface Contributions {
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
  contributes: {
    configuration: { properties: Record<string, unknown> } | Array<{ properties: Record<string, unknown> }>;
    commands?: Array<{ command: string }>;
    views?: Record<string, Array<{ id: string }>>;
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Contributions;
const configuration = manifest.contributes.configuration;
const SETTINGS = Object.keys(Object.assign({}, ...(Array.isArray(configuration) ? configuration : [configuration]).map((c) => c.properties)) as Record<string, unknown>);
const RESTRICTED = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
/** Names that choose what runs or where files are read and written. */
const NAMES_A_COMMAND_OR_PATH = /(Command|command|Path|path|hostApp|Task|Folder)$/;

const ENTRIES = ['client/src/extension.ts', 'adapter/main.ts', 'server/src/server.ts', 'cli/driverkitCheck.ts'];
const modules = readModules(['client/src', 'server/src', 'core', 'adapter', 'cli']);
const shipped = reachable(modules, ENTRIES);
const text = (path: string): string => modules.get(path)?.text ?? '';

/** The debug adapter process exists only for a configuration that resolveDebugConfiguration accepted. */
function debugConfigurationsNeedTrust(): boolean {
  const provider = text('client/src/debug/configurationProvider.ts');
  const body = provider.slice(provider.indexOf('resolveDebugConfiguration('));
  const check = body.search(/if \(!vscode\.workspace\.isTrusted\)\s*\{[^}]*return undefined;/);
  return check >= 0 && check < body.search(/\breturn (config|\{)/);
}

/** Modules allowed to start processes without their own trust check, and why. */
const EXCEPTIONS: Record<string, { reason: string; holds: () => boolean }> = {
  'adapter/main.ts': {
    reason: 'the debug adapter process: VS Code starts it (debugAdapterFactory) only for a configuration resolveDebugConfiguration accepted, and that refuses every configuration in an untrusted workspace',
    holds: debugConfigurationsNeedTrust,
  },
  'client/src/debug/debugAdapterFactory.ts': {
    reason: 'VS Code asks the factory for an adapter only after resolveDebugConfiguration accepted the configuration (refused when untrusted)',
    holds: debugConfigurationsNeedTrust,
  },
  'server/src/server.ts': {
    reason: 'the language server: the client passes `trusted`, a workspace driverkit.sdkPath is ignored when it is false, and the only command it runs is the fixed `xcrun --sdk driverkit --show-sdk-path`',
    holds: () => /configuredPath:\s*init\.trusted\s*\?/.test(text('server/src/server.ts')) && /trusted:\s*vscode\.workspace\.isTrusted/.test(text('client/src/languageServer/languageServer.ts')),
  },
  'cli/driverkitCheck.ts': {
    reason: 'driverkit-check, run by hand in a terminal: VS Code workspace trust does not apply, and it starts no process itself',
    holds: () => modules.get('cli/driverkitCheck.ts')?.launches.length === 0,
  },
};

function guarded(path: string, trail: readonly string[] = []): string | undefined {
  if (/\bisTrusted\b/.test(text(path))) return `${path} checks isTrusted`;
  if (EXCEPTIONS[path]) return `${path}: ${EXCEPTIONS[path].reason}`;
  const importers = importersOf(modules, path, shipped).filter((p) => !trail.includes(p));
  if (importers.length === 0) return undefined;
  const why = importers.map((p) => guarded(p, [...trail, path]));
  return why.every(Boolean) ? `only reached from: ${importers.join(', ')}` : undefined;
}

test('untrusted workspaces get limited support, not none and not full', () => {
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
});

test('every setting that names a command, path, host app, task or folder is a restricted setting', () => {
  const needed = SETTINGS.filter((s) => NAMES_A_COMMAND_OR_PATH.test(s));
  assert.ok(needed.includes('driverkit.sdkPath'), 'the check sees the settings');
  assert.deepEqual(needed.filter((s) => !RESTRICTED.has(s)), [], 'add these to capabilities.untrustedWorkspaces.restrictedConfigurations');
});

test('every restricted entry is a contributed setting (no typo leaves a setting open)', () => {
  assert.deepEqual([...RESTRICTED].filter((s) => !SETTINGS.includes(s)), []);
});

test('every command or path setting the client code uses is contributed and restricted', () => {
  const ids = new Set([...(manifest.contributes.commands ?? []).map((c) => c.command), ...Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id)]);
  const used = [...shipped].filter((p) => p.startsWith('client/')).flatMap((p) => namesRead(text(p)).map((name) => ({ name, p })));
  const settings = used.filter(({ name }) => !ids.has(name) && NAMES_A_COMMAND_OR_PATH.test(name));
  assert.ok(settings.some(({ name }) => name === 'driverkit.buildAndDebug.activationCommand'), 'the scan sees settings read through a section');
  assert.deepEqual(settings.filter(({ name }) => !SETTINGS.includes(name) || !RESTRICTED.has(name)), []);
});

test('no shell anywhere: no exec/execSync, no `shell` option, no ShellExecution', () => {
  const files = listSources('client/src', 'server/src', 'core', 'adapter', 'cli', 'scripts');
  assert.ok(files.length > 50);
  const offences = files.flatMap((path) => {
    const source = readFileSync(join(ROOT, path), 'utf8');
    const found: string[] = [];
    for (const name of childProcessBindings(source)) if (name === 'exec' || name === 'execSync' || name === '*') found.push(`${path}: imports ${name} from child_process`);
    if (/[{,]\s*shell\s*:\s*(?!false\b)/.test(source)) found.push(`${path}: a \`shell\` option`);
    if (/\bShellExecution\b/.test(source)) found.push(`${path}: ShellExecution`);
    return found;
  });
  assert.deepEqual(offences, []);
});

test('every shipped module that starts a process checks trust, or is reached only from modules that do', () => {
  const launching = [...shipped].filter((p) => modules.get(p)!.launches.length > 0).sort();
  for (const expected of ['client/src/buildAndDebug/activation.ts', 'adapter/lldbDapProcess.ts', 'adapter/dextLogStream.ts', 'client/src/tasks/taskProvider.ts', 'client/src/logs/logCommands.ts']) {
    assert.ok(launching.includes(expected), `the scan finds ${expected}`);
  }
  const unguarded = launching.filter((p) => !guarded(p)).map((p) => `${p} (${modules.get(p)!.launches.join(', ')}; imported by ${importersOf(modules, p, shipped).join(', ') || 'nothing'})`);
  assert.deepEqual(unguarded, []);
});

test('each exception holds: its reason is still true of the code', () => {
  for (const [path, exception] of Object.entries(EXCEPTIONS)) {
    assert.ok(modules.has(path), `${path} exists`);
    assert.ok(exception.holds(), `${path}: ${exception.reason}`);
  }
});

test('the activation, build, log and system commands are only reached through a trust check', () => {
  // The chain for each configured command, as the guard walks it; a missing link fails here by name.
  for (const path of ['client/src/buildAndDebug/activation.ts', 'client/src/buildAndDebug/buildStep.ts', 'core/tools/dextLocator.ts']) {
    assert.match(guarded(path) ?? 'unguarded', /only reached from/, path);
  }
  assert.ok(/\bisTrusted\b/.test(text('client/src/buildAndDebug/buildAndDebugCommand.ts')));
});

test('a configured ioreg command never runs in an untrusted workspace, on any system', () => {
  const configured = ['/bin/sh', '-c', 'touch pwned'];
  for (const platform of ['darwin', 'linux'] as const) {
    const choice = chooseIoregCommand(configured, platform, false);
    assert.ok(!('command' in choice) || choice.command.executable !== '/bin/sh', platform);
    if ('command' in choice) assert.equal(choice.command.configured, false);
  }
  const trusted = chooseIoregCommand(configured, 'linux', true);
  assert.ok('command' in trusted && trusted.command.executable === '/bin/sh', 'the same value is honoured once trusted');
});

test('the scanners see what they must: child_process bindings and type-only imports', () => {
  assert.deepEqual(childProcessBindings("import { spawn, type ChildProcess, execFile as run } from 'node:child_process';"), ['spawn', 'execFile']);
  assert.deepEqual(childProcessBindings("import type { ChildProcess } from 'child_process';"), []);
  assert.deepEqual(childProcessBindings("import * as cp from 'node:child_process';"), ['*']);
  const attachWatch: SourceModule | undefined = modules.get('client/src/buildAndDebug/attachWatch.ts');
  assert.ok(attachWatch && !attachWatch.imports.includes('client/src/buildAndDebug/activation.ts'), 'a type-only import is no edge');
  assert.ok(attachWatch.imports.includes('client/src/buildAndDebug/flow.ts'));
});
