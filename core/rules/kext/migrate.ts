/**
 * Migration hints: at the first use in a kext source of each kext API the hint table knows, what it
 * becomes in DriverKit (core/kext/migrationHints.ts). Information only: the kext is right as it is,
 * so the CLI lists them without counting them.
 */
import { MIGRATION_HINTS, type MigrationHint } from '../../kext/migrationHints';
import { finding } from '../finding';
import type { KextSourceRule } from './context';

function hintRule(hint: MigrationHint): KextSourceRule {
  const rule: KextSourceRule = {
    id: `migrate.${hint.key}`,
    severity: 'info',
    summary: `DriverKit's way for ${hint.api}.`,
    applies: 'kext-source',
    local: true,
    check: ({ path, facts }) => {
      const m = hint.pattern.exec(facts.code);
      if (!m) return [];
      const word = m[1] ?? m[0];
      const start = m.index + m[0].indexOf(word);
      return [finding(rule, path, { start, end: start + word.length }, `Moving to DriverKit: ${hint.api}. ${hint.advice} Example: ${hint.example}`, undefined, { api: hint.api })];
    },
  };
  return rule;
}

/** One rule record per hint. */
export const MIGRATION_RULES: readonly KextSourceRule[] = MIGRATION_HINTS.map(hintRule);
