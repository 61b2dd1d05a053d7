/** Property-list figure: re-validating a 2,000-line Info.plist after a one-character edit. */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../test/support/lspClient';
import { collectClientGarbage, emitLatencies, note, now, Session } from './support';

/** A dext Info.plist with as many USB personalities as it takes to reach `lines` lines. */
export function bigInfoPlist(lines: number): string {
  const head = ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', '<dict>', '\t<key>CFBundleIdentifier</key>', '\t<string>com.example.BulkPipeDriver</string>', '\t<key>CFBundleExecutable</key>', '\t<string>com.example.BulkPipeDriver</string>', '\t<key>CFBundlePackageType</key>', '\t<string>DEXT</string>', '\t<key>CFBundleShortVersionString</key>', '\t<string>1.0</string>', '\t<key>CFBundleVersion</key>', '\t<string>1</string>', '\t<key>OSBundleUsageDescription</key>', '\t<string>Benchmark driver.</string>', '\t<key>IOKitPersonalities</key>', '\t<dict>'];
  const body: string[] = [];
  for (let i = 0; head.length + body.length < lines - 4; i++) {
    body.push(`\t\t<key>Personality${i}</key>`, '\t\t<dict>');
    for (const [key, value] of [['CFBundleIdentifier', 'com.example.BulkPipeDriver'], ['IOClass', 'IOUserService'], ['IOProviderClass', 'IOUSBHostInterface'], ['IOUserClass', 'BulkPipeDriver'], ['IOUserServerName', 'com.example.BulkPipeDriver']]) {
      body.push(`\t\t\t<key>${key}</key>`, `\t\t\t<string>${value}</string>`);
    }
    for (const [key, value] of [['idVendor', 4660], ['idProduct', 4386 + i], ['bConfigurationValue', 1], ['bInterfaceNumber', 0]]) {
      body.push(`\t\t\t<key>${key}</key>`, `\t\t\t<integer>${value}</integer>`);
    }
    body.push('\t\t</dict>');
  }
  return [...head, ...body, '\t</dict>', '</dict>', '</plist>', ''].join('\n');
}

export async function plistFigures(tempDirs: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-plist-'));
  tempDirs.push(dir);
  cpSync(fixture('usb-interface'), dir, { recursive: true });
  const path = join(dir, 'Info.plist');
  const text = bigInfoPlist(2000);
  writeFileSync(path, text);
  note(`Info.plist: ${text.split('\n').length - 1} lines`);
  const session = await Session.start(dir);
  try {
    const first = session.client.waitForDiagnostics(path, () => true, 30_000);
    await session.client.open(path, text);
    const opened = await session.wait(first, 30_000, 'diagnostics of the big Info.plist');
    if (opened.length > 0) note(`big Info.plist: ${opened.length} findings on open (expected 0): ${JSON.stringify(opened[0])}`);
    const usage = text.indexOf('Benchmark driver.');
    const before = text.slice(0, usage);
    const at = { line: before.split('\n').length - 1, character: usage - before.lastIndexOf('\n') - 1 };
    const samples: number[] = [];
    for (let run = 0; run < 210; run++) {
      const next = session.client.waitForDiagnostics(path, () => true, 10_000);
      collectClientGarbage();
      const started = now();
      // Alternately type and delete one character in the usage description.
      if (run % 2 === 0) await session.client.change(path, { start: at, end: at }, 'X');
      else await session.client.change(path, { start: at, end: { line: at.line, character: at.character + 1 } }, '');
      await session.wait(next, 10_000, `plist edit ${run}`);
      if (run >= 10) samples.push(now() - started);
    }
    emitLatencies('edit_to_diagnostics_info_plist_2k', samples, 20);
  } finally {
    await session.stop();
  }
}
