/**
 * The activation doctor's report as a readable document: the verdict first, then each finding with
 * its cause, the log lines that show it and what to do; notes on what could not be read last. Pure.
 */
import type { ActivationReport } from './activationReport';

const OUTCOME_WORDS: Readonly<Record<ActivationReport['outcome'], string>> = {
  failed: 'Activation failed',
  pending: 'Activation is waiting',
  active: 'The dext is active',
  unknown: 'No cause found',
};

export function renderActivationReport(report: ActivationReport, bundleId: string, collectedAt: number): string {
  const lines: string[] = [];
  const title = `Activation of ${bundleId}: ${OUTCOME_WORDS[report.outcome]}`;
  lines.push(title, '='.repeat(title.length), '', report.summary, `(collected ${new Date(collectedAt).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')})`);
  report.items.forEach((item, index) => {
    lines.push('', `${index + 1}. ${item.title}${item.failure ? '' : ' (not a failure)'}`, '', `   ${item.cause}`);
    if (item.evidence.length > 0) {
      lines.push('', '   Evidence:');
      for (const line of item.evidence.slice(0, 12)) lines.push(`     ${line}`);
      if (item.evidence.length > 12) lines.push(`     … and ${item.evidence.length - 12} more lines`);
    }
    if (item.fixes.length > 0) {
      lines.push('', '   What to do:');
      for (const fix of item.fixes) lines.push(`     - ${fix.label}`);
    }
    if (item.command) lines.push(`     Command: ${item.command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  });
  if (report.items.length === 0) lines.push('', 'The log, systemextensionsctl and the extensions database say nothing about this dext.');
  if (report.notes.length > 0) {
    lines.push('', 'Not read', '--------');
    for (const note of report.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
