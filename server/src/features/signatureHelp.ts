/** Signature help for DriverKit calls: the parameters of the method being called. */
import type { SignatureHelp } from 'vscode-languageserver';
import { signatureAt } from '../../../core/intellisense/signatures';
import type { SourceFile } from '../../../core/model/model';
import type { FeatureContext } from './context';

export function signatureHelp(context: FeatureContext, path: string, file: SourceFile, offset: number): SignatureHelp | null {
  const { workspace } = context;
  const info = signatureAt({ code: workspace.code(path) ?? '', offset, file, index: workspace.index, catalog: workspace.catalog });
  if (!info) return null;
  return {
    signatures: [{ label: info.label, documentation: info.documentation ? { kind: 'markdown', value: info.documentation } : undefined, parameters: info.parameters.map((p) => ({ label: p })) }],
    activeSignature: 0,
    activeParameter: info.activeParameter,
  };
}
