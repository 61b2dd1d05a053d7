/**
 * The typed model of a crash report, built from the JSON body of an `.ips` file. Only what a dext
 * developer reads is kept: the process, the exception and the termination, the messages the crashing
 * code left ("application specific information"), the crashed thread's frames and the images they
 * are in. Counts and lengths are capped, so a hostile file cannot make a huge model.
 */

export interface IpsHeader {
  readonly bugType?: string;
  readonly appName?: string;
  readonly name?: string;
  readonly bundleId?: string;
  readonly appVersion?: string;
  readonly buildVersion?: string;
  readonly timestamp?: string;
  readonly osVersion?: string;
  readonly incidentId?: string;
  readonly sliceUuid?: string;
}

export interface BinaryImage {
  readonly index: number;
  readonly name?: string;
  readonly path?: string;
  readonly uuid?: string;
  /** Load address of the image's header in the crashed process. */
  readonly base?: number;
  readonly size?: number;
  readonly arch?: string;
  readonly bundleId?: string;
}

export interface Frame {
  readonly index: number;
  readonly image?: BinaryImage;
  /** Offset of the instruction from the image's header. */
  readonly imageOffset?: number;
  readonly symbol?: string;
  readonly symbolLocation?: number;
  /** Source positions a symbolicated report already carries. */
  readonly sourceFile?: string;
  readonly sourceLine?: number;
}

export interface CrashReport {
  readonly header: IpsHeader;
  readonly processName?: string;
  readonly processPath?: string;
  readonly pid?: number;
  readonly bundleId?: string;
  readonly version?: string;
  readonly captureTime?: string;
  readonly osVersion?: string;
  readonly parentProcess?: string;
  readonly exception?: { readonly type?: string; readonly signal?: string; readonly codes?: string; readonly subtype?: string; readonly message?: string };
  readonly termination?: { readonly namespace?: string; readonly code?: number; readonly indicator?: string; readonly byProc?: string; readonly reasons: readonly string[] };
  /** Application specific information: messages by the image that wrote them (abort messages, assertions). */
  readonly messages: readonly { readonly image: string; readonly text: string }[];
  readonly vmRegionInfo?: string;
  readonly crashedThread?: { readonly index: number; readonly name?: string; readonly queue?: string; readonly frames: readonly Frame[]; readonly framesLeftOut: number };
  readonly images: readonly BinaryImage[];
}

const MAX_TEXT = 512;

/** A string value without control characters (other than tab and newline), cut at `max`. */
export function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A JSON object (not an array, not null), or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const MAX_FRAMES = 256;
const MAX_IMAGES = 2048;
const MAX_MESSAGES = 32;

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function image(value: unknown, index: number): BinaryImage {
  const record = asObject(value) ?? {};
  return {
    index,
    name: text(record.name),
    path: text(record.path, 1024),
    uuid: text(record.uuid, 64),
    base: count(record.base),
    size: count(record.size),
    arch: text(record.arch, 32),
    bundleId: text(record.CFBundleIdentifier),
  };
}

function frame(value: unknown, index: number, images: readonly BinaryImage[]): Frame {
  const record = asObject(value) ?? {};
  const imageIndex = count(record.imageIndex);
  return {
    index,
    image: imageIndex !== undefined ? images[imageIndex] : undefined,
    imageOffset: count(record.imageOffset),
    symbol: text(record.symbol, 1024),
    symbolLocation: count(record.symbolLocation),
    sourceFile: text(record.sourceFile, 1024),
    sourceLine: count(record.sourceLine),
  };
}

function messagesOf(asi: unknown): { image: string; text: string }[] {
  const record = asObject(asi);
  if (!record) return [];
  const found: { image: string; text: string }[] = [];
  for (const [imageName, list] of Object.entries(record)) {
    for (const item of Array.isArray(list) ? list : [list]) {
      const message = text(item, 2048);
      if (message && found.length < MAX_MESSAGES) found.push({ image: text(imageName) ?? '?', text: message });
    }
  }
  return found;
}

export function reportFromBody(header: IpsHeader, body: Record<string, unknown>): CrashReport {
  const images = (Array.isArray(body.usedImages) ? body.usedImages.slice(0, MAX_IMAGES) : []).map(image);
  const threads = Array.isArray(body.threads) ? body.threads : [];
  const faulting = count(body.faultingThread);
  const triggered = threads.findIndex((t) => asObject(t)?.triggered === true);
  const crashedIndex = faulting !== undefined && faulting < threads.length ? faulting : triggered >= 0 ? triggered : undefined;
  const crashed = crashedIndex !== undefined ? asObject(threads[crashedIndex]) : undefined;
  const frames = crashed && Array.isArray(crashed.frames) ? crashed.frames : [];
  const exception = asObject(body.exception);
  const termination = asObject(body.termination);
  const bundleInfo = asObject(body.bundleInfo);
  const osVersion = asObject(body.osVersion);
  const reasons = termination && Array.isArray(termination.reasons) ? termination.reasons.map((r) => text(r, 1024)).filter((r): r is string => r !== undefined).slice(0, MAX_MESSAGES) : [];
  const shortVersion = text(bundleInfo?.CFBundleShortVersionString, 64);
  const bundleVersion = text(bundleInfo?.CFBundleVersion, 64);
  return {
    header,
    processName: text(body.procName) ?? header.name ?? header.appName,
    processPath: text(body.procPath, 1024),
    pid: count(body.pid),
    bundleId: text(bundleInfo?.CFBundleIdentifier) ?? header.bundleId,
    version: shortVersion ? `${shortVersion}${bundleVersion ? ` (${bundleVersion})` : ''}` : header.appVersion,
    captureTime: text(body.captureTime, 64) ?? header.timestamp,
    osVersion: osVersion ? [text(osVersion.train, 64), text(osVersion.build, 32) && `(${text(osVersion.build, 32)})`].filter(Boolean).join(' ') : header.osVersion,
    parentProcess: text(body.parentProc),
    exception: exception
      ? { type: text(exception.type, 64), signal: text(exception.signal, 32), codes: text(exception.codes, 256), subtype: text(exception.subtype, 256), message: text(exception.message, 1024) }
      : undefined,
    termination: termination
      ? { namespace: text(termination.namespace, 64), code: count(termination.code), indicator: text(termination.indicator, 256), byProc: text(termination.byProc), reasons }
      : undefined,
    messages: messagesOf(body.asi),
    vmRegionInfo: text(body.vmRegionInfo, 2048),
    crashedThread:
      crashedIndex !== undefined
        ? {
            index: crashedIndex,
            name: text(crashed?.name),
            queue: text(crashed?.queue),
            frames: frames.slice(0, MAX_FRAMES).map((f, i) => frame(f, i, images)),
            framesLeftOut: Math.max(0, frames.length - MAX_FRAMES),
          }
        : undefined,
    images,
  };
}
