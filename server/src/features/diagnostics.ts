/** Publishes findings as LSP diagnostics, sending only what changed since the last publication. */
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../../../core/rules/finding';
import { ruleById } from '../../../core/rules/ruleCatalog';
import type { FeatureContext } from './context';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** How long one slice of a whole-workspace re-check may hold the server before it lets requests in. */
const SLICE_MS = 4;

/**
 * Lets waiting requests in before the next slice. A timer, not setImmediate: the JSON-RPC layer
 * dispatches what it read with setImmediate, and an immediate queued by the previous slice runs
 * before it, so an edit arriving mid-check would wait two slices. A timer slice runs before the
 * poll for input, whose message is then dispatched in the same turn of the event loop.
 */
const nextTurn = (): Promise<void> => new Promise((resume) => setTimeout(resume, 0));

export class DiagnosticsPublisher {
  private readonly published = new Map<string, string>();
  private generation = 0;
  enabled = true;
  /**
   * Until the first index of the workspace is complete only findings a file gives on its own are
   * published (rules marked `local`), and only for files an editor asks about: a rule that concludes
   * from something absent (no class of that name, no implementation) would otherwise flash a false
   * error for a file read before the one that declares it. The files asked about wait here.
   */
  private waiting: Set<string> | undefined = new Set();

  constructor(
    private readonly connection: Connection,
    private readonly context: FeatureContext,
  ) {}

  toDiagnostic(f: Finding): Diagnostic {
    return {
      range: this.context.range(f.path, f.span),
      severity: SEVERITY[f.severity],
      code: f.code,
      source: 'DriverKit',
      message: f.message,
      relatedInformation: f.related?.map((r) => ({
        location: { uri: this.context.uriOf(r.path), range: this.context.range(r.path, r.span) },
        message: r.message,
      })),
    };
  }

  /**
   * Re-checks one file and publishes its diagnostics if they changed. `always` publishes even when
   * nothing changed: after an edit the editor gets an answer for every version it sent.
   */
  publish(path: string, always = false): void {
    this.waiting?.add(path);
    const findings = this.enabled ? this.context.workspace.check(path) : [];
    const shown = this.waiting ? findings.filter((f) => ruleById(f.code)?.local) : findings;
    const diagnostics = shown.map((f) => this.toDiagnostic(f));
    const key = JSON.stringify(diagnostics);
    if (!always && this.published.get(path) === key) return;
    if (!always && diagnostics.length === 0 && !this.published.has(path)) return;
    this.published.set(path, key);
    void this.connection.sendDiagnostics({ uri: this.context.uriOf(path), diagnostics });
  }

  /**
   * Re-checks every file, a slice at a time: between slices the server answers edits and requests
   * (a 5,000-file workspace takes about 80–200 ms in all). A newer call supersedes a running one.
   */
  async publishAll(): Promise<void> {
    if (this.waiting) return;
    const generation = ++this.generation;
    let sliceStarted = Date.now();
    for (const path of [...this.context.workspace.allPaths()]) {
      if (generation !== this.generation) return;
      this.publish(path);
      if (Date.now() - sliceStarted >= SLICE_MS) {
        await nextTurn();
        sliceStarted = Date.now();
      }
    }
  }

  /** The workspace is indexed (or could not be): publish what waited, then every file's findings. */
  async indexed(): Promise<void> {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    for (const path of waiting) this.publish(path, true);
    await this.publishAll();
  }

  /** A file left the index: clear what was shown for it. */
  clear(path: string): void {
    if (!this.published.delete(path)) return;
    void this.connection.sendDiagnostics({ uri: this.context.uriOf(path), diagnostics: [] });
  }
}
