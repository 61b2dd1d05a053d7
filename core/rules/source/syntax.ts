/**
 * Syntax errors clang would certainly report (see model/certainSyntax.ts), and a hint where the
 * parser could not read a region: the checks skip it, and clang may well accept it.
 */
import { finding, type Finding } from '../finding';
import { type AnySourceRule, type RuleInfo, type SourceContext } from '../rule';

function syntaxFindings(rule: RuleInfo, context: SourceContext): Finding[] {
  return context.file.syntaxProblems.map((problem) => finding(rule, context.path, problem.span, problem.message));
}

export const iigSyntax: AnySourceRule = {
  id: 'iig.syntax',
  severity: 'error',
  summary: 'A syntax error clang certainly reports in a .iig: an unbalanced bracket, a class body without its closing ;.',
  applies: 'source',
  local: true,
  check: (context) => (context.file.kind === 'iig' ? syntaxFindings(iigSyntax, context) : []),
};

export const cppSyntax: AnySourceRule = {
  id: 'cpp.syntax',
  severity: 'error',
  summary: 'A syntax error clang certainly reports in a DriverKit .cpp: a bracket never closed or closing nothing.',
  applies: 'source',
  local: true,
  check: (context) => (context.file.kind === 'cpp' ? syntaxFindings(cppSyntax, context) : []),
};

export const unparsedRegion: AnySourceRule = {
  id: 'file.unparsed-region',
  severity: 'hint',
  summary: 'Lines the C++ parser cannot read (an unknown macro, say); the DriverKit checks skip them and stay silent there.',
  applies: 'source',
  local: true,
  check: (context) => {
    const regions = context.file.unparsed;
    if (regions.length === 0 || context.file.syntaxProblems.length > 0) return [];
    const start = Math.min(...regions.map((r) => r.start));
    const end = Math.max(...regions.map((r) => r.end));
    const lines = context.lineOf ? `lines ${context.lineOf(start) + 1}–${context.lineOf(end) + 1}` : 'part of this file';
    return [finding(unparsedRegion, context.path, { start, end }, `DriverKit checks skip ${lines}: the C++ parser cannot read them (clang may well accept them, for example through a macro).`)];
  },
};
