/** Hover: the core's hover text for the word under the cursor, as an LSP Hover. */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { hoverInfo } from '../../../core/intellisense/hoverInfo';
import type { SourceFile } from '../../../core/model/model';
import { isEntitlementsPath } from '../../../core/rules/checkPlist';
import { plistHover } from '../../../core/intellisense/plistIntellisense';
import type { FeatureContext } from './context';
import { signingHover } from './signing';
import { fileDescriptors } from '../../../core/hid/hidIndex';
import { hidHover } from '../../../core/hid/present';
import { migrationHover } from '../../../core/kext/migrationHover';

export function hover(context: FeatureContext, path: string, file: SourceFile | undefined, offset: number): Hover | null {
  const { workspace } = context;
  const text = workspace.text(path) ?? '';
  // A byte of a HID report descriptor: the decoded item and the state there.
  const hid = file ? hidHover(fileDescriptors(workspace, path), offset) : undefined;
  if (hid) return { contents: { kind: MarkupKind.Markdown, value: hid.markdown }, range: context.range(path, hid.span) };
  // A kext API in a kext source: what it becomes in DriverKit.
  const migration = file && workspace.roleOf(path) === 'kext' ? migrationHover(workspace.code(path) ?? '', offset) : undefined;
  if (migration) return { contents: { kind: MarkupKind.Markdown, value: migration.markdown }, range: context.range(path, migration.span) };
  const info = file
    ? hoverInfo({ text, code: workspace.code(path) ?? '', offset, file, index: workspace.index, catalog: workspace.catalog })
    : plistHover({ text, offset, entitlements: isEntitlementsPath(path), index: workspace.index, catalog: workspace.catalog });
  // On an entitlement key, which provisioning profile grants it (or that none does, and why).
  const signing = file ? undefined : signingHover(workspace, path, offset);
  if (signing) {
    const markdown = info ? `${info.markdown}\n\n---\n\n${signing}` : signing;
    return { contents: { kind: MarkupKind.Markdown, value: markdown }, ...(info ? { range: context.range(path, info.span) } : {}) };
  }
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: context.range(path, info.span) } : null;
}
