/**
 * Which files a target builds: the file references of its Sources and Headers build phases, and the
 * folders Xcode 16 keeps in sync with the disk (`fileSystemSynchronizedGroups`, every file inside
 * belongs to the target except those listed as exceptions). A source no target builds is not part
 * of any product, which is how a stray copy or a kext's file is told apart from the dext's.
 */
import type { ProjectReader } from './projectObjects';
import { record, strings, text } from './projectObjects';

const MEMBER_PHASES = new Set(['PBXSourcesBuildPhase', 'PBXHeadersBuildPhase']);

export function targetMembers(objects: Record<string, unknown>, reader: ProjectReader, target: Record<string, unknown>): { files: string[]; folders: string[] } {
  const files: string[] = [];
  for (const phaseId of strings(target.buildPhases)) {
    const phase = record(objects, phaseId);
    if (!phase || !MEMBER_PHASES.has(text(phase.isa) ?? '')) continue;
    for (const buildFileId of strings(phase.files)) {
      const reference = text(record(objects, buildFileId)?.fileRef);
      const path = reference === undefined ? undefined : reader.filePath(reference);
      if (path !== undefined) files.push(path);
    }
  }
  const folders: string[] = [];
  for (const groupId of strings(target.fileSystemSynchronizedGroups)) {
    const path = reader.filePath(groupId);
    if (path !== undefined) folders.push(path);
  }
  return { files, folders };
}
