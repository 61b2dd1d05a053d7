/**
 * TYPE(...) callbacks. A callback must take the parameters of the prototype it names; where the
 * OSAction * stands is the prototype's business (Apple's IOHIDInterface::ReportAvailable takes it
 * last). Only when the prototype cannot be known does a callback need at least an OSAction *.
 */
import { sameParameterTypes } from '../../hierarchy/signatures';
import { finding, type Finding } from '../finding';
import { type IigRule, type SourceContext } from '../rule';
import type { IigFile, MethodDecl } from '../../model/model';
import { isOsAction, prototypesOf, typeTargetOf } from './common';
import { useCallbackParameters } from './fixHelpers';

interface TypedMethod {
  readonly method: MethodDecl;
  readonly argument: string;
  readonly span: { start: number; end: number };
  /** undefined: unknown; []: the chain is known and has no such method. */
  readonly prototypes: (readonly string[])[] | undefined;
  readonly qualified: boolean;
}

function typedMethods({ file, lookup, catalog }: SourceContext<IigFile>): TypedMethod[] {
  const out: TypedMethod[] = [];
  for (const cls of file.classes) {
    for (const method of cls.methods) {
      const attribute = method.attributes.find((a) => a.name === 'TYPE');
      const target = typeTargetOf(method, cls.name);
      if (!attribute || !target) continue;
      out.push({
        method,
        argument: attribute.argument ?? '',
        span: attribute.argumentSpan ?? attribute.span,
        prototypes: prototypesOf(target, lookup, catalog),
        qualified: (attribute.argument ?? '').includes('::'),
      });
    }
  }
  return out;
}

export const typeWithoutAction: IigRule = {
  id: 'iig.type-without-action',
  severity: 'error',
  summary: 'A TYPE(...) callback with no OSAction * parameter, where its prototype is not known to say otherwise.',
  applies: 'iig',
  local: true,
  check: (context) => {
    const out: Finding[] = [];
    for (const typed of typedMethods(context)) {
      if (typed.prototypes !== undefined && typed.prototypes.length > 0) continue;
      if (typed.method.parameters.some((p) => isOsAction(p.type))) continue;
      out.push(finding(typeWithoutAction, context.path, typed.span, `${typed.method.name} is a TYPE(${typed.argument}) callback, so it must take the 'OSAction * action' its caller is invoked through.`));
    }
    return out;
  },
  fix: useCallbackParameters,
};

export const typeUnknownCallback: IigRule = {
  id: 'iig.type-unknown-callback',
  severity: 'error',
  summary: 'TYPE(Class::Method) naming a method that does not exist.',
  applies: 'iig',
  check: (context) =>
    typedMethods(context)
      .filter((typed) => typed.qualified && typed.prototypes?.length === 0)
      .map((typed) => finding(typeUnknownCallback, context.path, typed.span, `${typed.argument.split('::')[0].trim()} has no method ${typed.argument.split('::').pop()?.trim()} to use as a TYPE prototype.`)),
};

export const typeSignatureMismatch: IigRule = {
  id: 'iig.type-signature-mismatch',
  severity: 'error',
  summary: 'A TYPE(...) callback whose parameters differ from its prototype.',
  applies: 'iig',
  check: (context) => {
    const out: Finding[] = [];
    for (const typed of typedMethods(context)) {
      const prototypes = typed.prototypes;
      if (!prototypes || prototypes.length === 0) continue;
      const mine = typed.method.parameters.map((p) => p.type);
      if (prototypes.some((p) => sameParameterTypes(mine, p))) continue;
      out.push(finding(typeSignatureMismatch, context.path, typed.span, `${typed.method.name} does not have the parameters of ${typed.argument}: expected (${prototypes[0].join(', ')}).`));
    }
    return out;
  },
  fix: useCallbackParameters,
};
