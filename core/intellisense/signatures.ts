/** Signature help for calls of SDK and workspace methods: which parameter the cursor is on. */
import { enclosingCall, enclosingDefinition, type CursorRequest } from './cursor';
import { methodsOfType } from './members';
import { typeOfExpression } from './types';

export interface SignatureInfo {
  readonly label: string;
  readonly parameters: readonly string[];
  readonly documentation?: string;
  readonly activeParameter: number;
}

export function signatureAt(request: Omit<CursorRequest, 'text'>): SignatureInfo | undefined {
  const { code, offset, file, index, catalog } = request;
  const call = enclosingCall(code, offset);
  if (!call) return undefined;
  const def = enclosingDefinition(file, offset);
  let owner: string | undefined;
  if (call.receiver) owner = typeOfExpression({ code, offset, definition: def, index }, call.receiver);
  else if (def) owner = def.className;
  if (!owner) return undefined;
  const member = methodsOfType(index, catalog, owner).find((m) => m.name === call.callee);
  if (!member) return undefined;
  return {
    label: member.detail,
    parameters: member.parameters,
    documentation: member.documentation,
    activeParameter: Math.min(call.argument, Math.max(0, member.parameters.length - 1)),
  };
}
