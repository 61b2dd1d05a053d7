/**
 * The signing checks through the built server over stdio: the profile folder a trusted workspace
 * names is read (a finding at the key, a hover naming the profile, a quick fix that opens it), and
 * an untrusted workspace's folder is not.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../support/lspClient';
import { fixtureProfiles } from '../core/signing/support/fixtureProfiles';

const NAME = 'signing.entitlement-not-granted';
let root: string;
let profiles: string;
const entitlements = () => join(root, 'ProbeDriver', 'ProbeDriver.entitlements');

before(() => {
  root = mkdtempSync(join(tmpdir(), 'dk-lsp-signing-'));
  cpSync(fixture('signing', 'projects', NAME), root, { recursive: true });
  profiles = fixtureProfiles(root);
});

after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(profiles, { recursive: true, force: true });
});

const options = (trusted: boolean) => ({ trusted, signing: { profileFolders: [profiles], codesign: '' } });

test('trusted: the configured profiles judge the entitlements — the finding, the hover and the quick fix name the profile', async () => {
  const { client } = await LspClient.start(root, options(true));
  try {
    const text = readFileSync(entitlements(), 'utf8');
    const flagged = client.waitForDiagnostics(entitlements(), (d) => d.some((x) => x.code === NAME), 60_000);
    await client.open(entitlements(), text, 'xml');
    const diagnostic = (await flagged).find((d) => d.code === NAME)!;
    assert.match(diagnostic.message, /"Probe Driver Development"/);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(entitlements()) }, position: { line: diagnostic.range.start.line, character: diagnostic.range.start.character + 2 } });
    const words = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover?.contents);
    assert.match(words, /Provisioning profile/);
    assert.match(words, /Probe Driver Development/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(entitlements()) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const show = actions.find((a) => a.command?.command === 'driverkit.showProvisioningProfile');
    assert.ok(show, actions.map((a) => a.title).join(', '));
    assert.match(String(show.command?.arguments?.[0]), new RegExp(`^${profiles}`));
  } finally {
    await client.stop();
  }
});

test('untrusted: the workspace\'s settings choose no profile folder, so nothing is said about profiles', async () => {
  const { client } = await LspClient.start(root, options(false));
  try {
    await client.open(entitlements(), readFileSync(entitlements(), 'utf8'), 'xml');
    // Once the workspace is indexed the hover has its signing paragraph: that no profile was read.
    const hoverText = async () => {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(entitlements()) }, position: { line: 6, character: 8 } });
      return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    };
    let words = await hoverText();
    for (let tries = 0; !words.includes('Provisioning profile') && tries < 600; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      words = await hoverText();
    }
    assert.match(words, /No provisioning profile was read/);
    assert.doesNotMatch(words, /Probe Driver Development/);
    const published = client.waitForDiagnostics(entitlements(), () => true);
    await client.change(entitlements(), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '');
    assert.deepEqual((await published).filter((d) => String(d.code).startsWith('signing.')), []);
  } finally {
    await client.stop();
  }
});
