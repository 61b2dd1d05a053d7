/**
 * Drives a real VS Code workbench (code-server) in Debian's Chromium with playwright-core, the way a
 * user would: keyboard shortcuts, the command palette, the panels. Every wait polls with a deadline
 * and fails with a message saying what was expected and where the screenshot is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO } from './codeServer';

export const ARTIFACTS = join(REPO, 'test', 'e2e', 'artifacts');
const CHROMIUM = process.env.DRIVERKIT_CHROMIUM ?? '/usr/bin/chromium';

export interface Token {
  readonly text: string;
  readonly className: string;
}

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async open(url: string): Promise<Workbench> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // The explorer shows the folder once the workbench has restored it.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    return new Workbench(browser, page);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Polls `probe` until it returns a value that is not undefined/false; fails with `what` and a screenshot. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined && value !== false) return value;
        last = value;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        const shot = await this.screenshot(`failure-${what.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
        throw new Error(`Timed out waiting for ${what} (last: ${String(last)}). Screenshot: ${shot}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await this.waitFor(`the command "${title}" in the palette`, async () => {
      const label = await this.page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label');
      return label?.toLowerCase().includes(title.toLowerCase()) ? true : undefined;
    });
    await this.page.keyboard.press('Enter');
  }

  /** Opens `name` with quick open; `folder` picks among files of the same name. */
  async openFile(name: string, folder?: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(folder ? `${folder}/${name}` : name);
    await this.waitFor(`"${name}" in quick open`, async () => {
      const label = await this.page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label');
      return label?.includes(name) && (!folder || label.includes(folder)) ? true : undefined;
    });
    await this.page.keyboard.press('Enter');
    await this.waitFor(`the editor tab of ${name}`, async () => (await this.activeTab()) === name || undefined);
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  async activeTab(): Promise<string | undefined> {
    const tab = this.page.locator('.tabs-container .tab.active .label-name').first();
    return (await tab.count()) > 0 ? (await tab.innerText()).trim() : undefined;
  }

  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    // The status bar counts columns visually (a tab is several), so only the line is compared.
    await this.waitFor(`the cursor on line ${line}`, async () => ((await this.cursor())?.line === line ? true : undefined));
  }

  /** The cursor as the status bar shows it ("Ln 12, Col 5"). */
  async cursor(): Promise<{ line: number; column: number } | undefined> {
    const item = this.page.locator('#status\\.editor\\.selection');
    if ((await item.count()) === 0) return undefined;
    const m = /Ln (\d+), Col (\d+)/.exec(await item.innerText());
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  /** Rendered tokens of the visible lines of the active editor: Monaco's class per span. */
  async tokens(): Promise<Token[]> {
    return this.page.$$eval('.editor-instance .monaco-editor .view-line span span', (spans) =>
      spans.map((s) => ({ text: (s.textContent ?? '').replace(/\u00a0/g, ' '), className: s.className })),
    );
  }

  /** Opens the Quick Fix menu at the cursor and applies the action titled `title`. */
  async quickFix(title: string): Promise<void> {
    await this.page.keyboard.press('Control+.');
    // The menu focuses the preferred fix; walk down to ours if it is not the one focused.
    for (let step = 0; step < 10; step++) {
      const focused = await this.waitFor(`the quick fix menu`, async () => (await this.page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label')) ?? undefined);
      if (focused.includes(title)) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`The quick fix "${title}" is not in the menu. Screenshot: ${await this.screenshot('failure-quick-fix')}`);
  }

  /** Types `text`, asks for suggestions and accepts the one labelled `label`. */
  async completeWith(text: string, label: string): Promise<void> {
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Control+Space');
    await this.waitFor(`the suggestion "${label}"`, async () => {
      const first = this.page.locator('.suggest-widget .monaco-list-row.focused').first();
      if ((await first.count()) === 0) return undefined;
      const aria = (await first.getAttribute('aria-label')) ?? '';
      return aria.startsWith(label) || undefined;
    });
    await this.page.keyboard.press('Enter');
  }

  /** The visible text of the active editor, line by line. */
  async editorText(): Promise<string> {
    const text = await this.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /** Messages in the Problems panel. */
  async problems(): Promise<string[]> {
    return this.page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label') ?? (r as unknown as { innerText: string }).innerText));
  }

  /** Entries of the Outline view, as "name (kind)". */
  async outline(): Promise<string[]> {
    return this.page.$$eval('.pane-body .monaco-list-row[aria-label]', (rows) =>
      rows.map((r) => r.getAttribute('aria-label') ?? '').filter((label) => /\((class|method|constructor|field|struct)\)$/.test(label)),
    );
  }

  /**
   * The text of the first row of the side-bar view `title` that matches `pattern`. Views render only
   * the rows in sight, so the focus walks down the tree until the row shows.
   */
  async treeRow(title: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: title }) });
    const rows = pane.locator('.pane-body .monaco-list-row');
    const texts = (): Promise<string[]> => rows.evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
    await this.waitFor(`rows in the ${title} view`, async () => ((await rows.count()) > 0 ? true : undefined), timeoutMs);
    await rows.first().click();
    return this.waitFor(`a row matching ${pattern} in the ${title} view`, async () => {
      const found = (await texts()).find((t) => pattern.test(t));
      if (!found) await this.page.keyboard.press('ArrowDown');
      return found;
    }, timeoutMs);
  }

  /** Waits until the Call Stack shows a frame matching `frame`; answers the frames' labels. */
  async waitForStopIn(frame: RegExp, what: string, timeoutMs: number): Promise<string[]> {
    return this.waitFor(what, async () => {
      const names = await this.page.$$eval('.debug-call-stack .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      return names.some((n) => frame.test(n)) ? names : undefined;
    }, timeoutMs);
  }

  /** Stops debugging (Shift+F5) and waits for the Call Stack to empty. */
  async endDebugSession(): Promise<void> {
    await this.page.keyboard.press('Shift+F5');
    await this.waitFor('the session to end', async () => (await this.page.locator('.debug-call-stack .monaco-list-row').count()) === 0 || undefined, 20_000);
  }

  /** Text of the output channel shown in the panel. */
  async outputText(): Promise<string> {
    const text = await this.page.$$eval('.part.panel .monaco-editor .view-lines', (els) => els.map((e) => (e as unknown as { innerText: string }).innerText).join('\n'));
    // Monaco renders spaces as no-break spaces.
    return text.replace(/\u00a0/g, ' ');
  }
}
