/** How SDK and workspace declarations read in completions and hovers. */
import type { SdkClass, SdkMethod } from '../sdk/catalogTypes';
import { availabilityFacts } from '../sdk/availabilityText';
import type { AttributeNode } from '../model/iigMask';
import type { MethodDecl } from '../model/model';

export function parameterName(parameter: string): string {
  const m = /([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*$/.exec(parameter.trim());
  return m ? m[1] : parameter;
}

export function sdkSignature(cls: SdkClass, method: SdkMethod): string {
  const prefix = `${method.isStatic ? 'static ' : 'virtual '}${method.returnType} `;
  const attributes = method.attributes?.length ? ` ${method.attributes.join(' ')}` : '';
  return `${prefix}${cls.name}::${method.name}(${method.parameters.join(', ')})${method.isConst ? ' const' : ''}${attributes}`;
}

/** The declaration a subclass writes in its .iig to override an SDK method. */
export function overrideDeclaration(method: SdkMethod, cls: SdkClass): string {
  // init/free are LOCALONLY by inheritance from OSObject; other LOCALONLY overrides say so.
  const attribute = method.kind === 'localonly' && cls.name !== 'OSObject' && !['init', 'free'].includes(method.name) ? ' LOCALONLY' : '';
  return `virtual ${method.returnType} ${method.name}(${method.parameters.join(', ')})${method.isConst ? ' const' : ''} override${attribute};`;
}

export function methodDeclaration(method: MethodDecl): string {
  const params = method.parameters.map((p) => (p.name ? `${p.type} ${p.name}` : p.type)).join(', ');
  return `${method.returnType} ${method.name}(${params})`;
}

export function classDocumentation(cls: SdkClass): string {
  const lines = [`\`\`\`cpp\nclass ${cls.name}${cls.superclass ? ` : public ${cls.superclass}` : ''}\n\`\`\``];
  if (cls.summary) lines.push(cls.summary);
  const facts = [`Framework: ${cls.framework}`];
  if (cls.include) facts.push(`\`#include <${cls.include}>\``);
  facts.push(...availabilityFacts(cls));
  lines.push(facts.join(' · '));
  return lines.join('\n\n');
}

export function methodDocumentation(cls: SdkClass, method: SdkMethod): string {
  const lines = [`\`\`\`cpp\n${sdkSignature(cls, method)};\n\`\`\``];
  if (method.summary) lines.push(method.summary);
  const how =
    method.kind === 'localonly'
      ? 'LOCALONLY: plain C++; call the parent with `super::`.'
      : method.callback
        ? 'Callback prototype, usable in `TYPE(...)`.'
        : 'Reached through IIG: implement with `IMPL`, call the parent with `SUPERDISPATCH`.';
  const facts = [`${cls.framework} · ${cls.name}`];
  facts.push(...availabilityFacts(method));
  lines.push(`${how}${method.inferred ? ' (inferred)' : ''}`, facts.join(' · '));
  return lines.join('\n\n');
}

/** Attributes as written: "LOCAL TYPE(IOTimerDispatchSource::TimerOccurred)" (availability left out). */
export function attributeLabel(attributes: readonly AttributeNode[]): string {
  return attributes
    .filter((a) => !a.availability)
    .map((a) => (a.argument !== undefined ? `${a.name}(${a.argument})` : a.name))
    .join(' ');
}
