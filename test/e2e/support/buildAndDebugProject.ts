/**
 * The workspace part for the Build and Debug scenario: a Makefile that builds the fake dext from the
 * workspace's fake_driver.c, a dext Info.plist for it, the default build task that runs make, and an
 * activation step that starts the built dext (what a host app's activation request does on macOS) —
 * or, once failActivation was called, fails the way a refused activation request does.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUILT_BUNDLE = 'com.example.E2EBuild';
export const BUILT_DEXT = `build/${BUILT_BUNDLE}.dext/${BUILT_BUNDLE}`;

export function prepareBuildAndDebug(workspace: string): void {
  writeFileSync(join(workspace, 'Makefile'), `DEXT := ${BUILT_DEXT}\n\n$(DEXT): fake_driver.c\n\tmkdir -p $(dir $(DEXT))\n\tgcc -g -O0 -o $(DEXT) fake_driver.c\n`);
  mkdirSync(join(workspace, 'E2EBuild'), { recursive: true });
  writeFileSync(
    join(workspace, 'E2EBuild', 'Info.plist'),
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>${BUILT_BUNDLE}</string>
	<key>CFBundlePackageType</key>
	<string>DEXT</string>
	<key>CFBundleShortVersionString</key>
	<string>1.0</string>
	<key>CFBundleVersion</key>
	<string>1</string>
	<key>IOKitPersonalities</key>
	<dict>
		<key>SampleDriver</key>
		<dict>
			<key>CFBundleIdentifier</key>
			<string>${BUILT_BUNDLE}</string>
			<key>IOClass</key>
			<string>IOUserService</string>
			<key>IOProviderClass</key>
			<string>IOUserResources</string>
			<key>IOResourceMatch</key>
			<string>IOKit</string>
			<key>IOUserClass</key>
			<string>SampleDriver</string>
			<key>IOUserServerName</key>
			<string>${BUILT_BUNDLE}</string>
		</dict>
	</dict>
</dict>
</plist>
`,
  );
  writeFileSync(
    join(workspace, '.vscode', 'tasks.json'),
    JSON.stringify({ version: '2.0.0', tasks: [{ type: 'driverkit', label: 'make the dext', command: ['make'], group: { kind: 'build', isDefault: true }, problemMatcher: ['$driverkit-xcodebuild'] }] }, null, 2),
  );
  writeFileSync(join(workspace, ACTIVATE), `#!/bin/sh\n[ -e ${FAIL_MARKER} ] && { echo 'activation request failed' >&2; exit 1; }\nexec "$@"\n`);
  chmodSync(join(workspace, ACTIVATE), 0o755);
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'driverkit.buildAndDebug.activationCommand': [`./${ACTIVATE}`, BUILT_DEXT, BUILT_BUNDLE, '0x100000a2b', BUILT_BUNDLE], 'driverkit.buildAndDebug.waitTimeout': 60 }, null, 2),
  );
}

/** The activation step: starts the built dext, unless the marker says the request is refused. */
const ACTIVATE = 'activate.sh';
const FAIL_MARKER = '.activation-refused';

/** From now on the activation step fails before the dext starts (the workspace's settings stay as they are). */
export function failActivation(workspace: string): void {
  writeFileSync(join(workspace, FAIL_MARKER), '');
}

/** Ends the dext the activation step started (the extension leaves it running, as it would a real one). */
export function stopBuiltDext(): void {
  try {
    execFileSync('pkill', ['-KILL', '-f', `${BUILT_BUNDLE}.dext/`]);
  } catch {
    // none running
  }
}

/** The pid tracing the running built dext (its debugger), 0 when none; Linux's /proc tells. */
export function builtDextTracer(): number {
  const pids = execFileSync('pgrep', ['-f', `${BUILT_BUNDLE}.dext/`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const tracers = pids.map((pid) => Number(/^TracerPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0));
  return Math.max(0, ...tracers);
}
