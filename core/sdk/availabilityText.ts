/** An SDK record's availability in words, for hovers, completion details and rendered catalog pages. */
import type { SdkAvailability } from './catalogTypes';

/** "DriverKit 21.0+", "deprecated in DriverKit 23.0 (use Flash)", "removed in DriverKit 24.0", "not available on DriverKit". */
export function availabilityFacts(record: SdkAvailability): string[] {
  if (record.unavailable) return ['not available on DriverKit'];
  const facts: string[] = [];
  if (record.availability) facts.push(`DriverKit ${record.availability}+`);
  if (record.deprecated) {
    const why = record.replacement ? `use ${record.replacement}` : record.availabilityMessage;
    facts.push(`deprecated in DriverKit ${record.deprecated}${why ? ` (${why})` : ''}`);
  }
  if (record.obsoleted) facts.push(`removed in DriverKit ${record.obsoleted}`);
  return facts;
}

/** The first DriverKit: availability from it says nothing a completion list needs to show. */
const FIRST_DRIVERKIT = '19.0';

/** A short note for a completion's detail: " · DriverKit 21.0+", " · deprecated", or "" when nothing is worth saying. */
export function availabilityNote(record: SdkAvailability): string {
  if (record.unavailable) return ' · not on DriverKit';
  if (record.deprecated || record.obsoleted) return ` · deprecated in DriverKit ${record.deprecated ?? record.obsoleted}`;
  return record.availability && record.availability !== FIRST_DRIVERKIT ? ` · DriverKit ${record.availability}+` : '';
}
