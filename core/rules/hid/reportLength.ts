/**
 * A report length the code writes as a literal (handleReport's, or the count getReport completes
 * with), against the reports the descriptor describes: it must be one of their lengths.
 */
import { reportName } from '../../hid/describe';
import { finding, type Finding } from '../finding';
import type { HidRule } from './context';

export const reportLength: HidRule = {
  id: 'hid.report-length',
  severity: 'warning',
  summary: 'A literal report length (handleReport, or CompleteReport in getReport) that is the length of no report of that type the descriptor describes.',
  applies: 'hid-descriptor',
  check: ({ path, lengthSites }) => {
    const out: Finding[] = [];
    for (const site of lengthSites) {
      if (site.reportLengths.includes(site.length)) continue;
      const { descriptor, reports, reportLengths } = site;
      const idNote = descriptor.decoded.usesReportIds ? ', the Report ID byte included' : '';
      const bytes = (n: number): string => `${n} byte${n === 1 ? '' : 's'}`;
      const what = site.call === 'handleReport' ? 'this report' : 'the report getReport hands back';
      let stated: string;
      if (reports.length === 1) {
        stated = `the ${reportName(reports[0].direction, reports[0].id)} that ${descriptor.array.name} describes is ${bytes(reportLengths[0])} long (${reports[0].bits} bits${idNote})`;
      } else {
        const described = reports.map((report, i) => `${reportName(report.direction, report.id)} is ${bytes(reportLengths[i])}`);
        const shown = described.length > 4 ? [...described.slice(0, 4), `${described.length - 4} more`] : described;
        const kind = site.call === 'handleReport' ? `${reports[0].direction} report` : 'report';
        stated = `${descriptor.array.name} describes no ${kind} of that length (${shown.join(', ')}${idNote})`;
      }
      out.push(
        finding(reportLength, path, site.span, `${bytes(site.length)}, but ${stated}: the host reads ${what} against the wrong layout.`, [
          { path: site.descriptorPath, span: descriptor.array.nameSpan, message: `${descriptor.array.name}: the report descriptor newReportDescriptor returns` },
        ]),
      );
    }
    return out;
  },
};
