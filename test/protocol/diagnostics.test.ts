import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileSync } from 'node:fs';
import { omittedProblemsIn } from '../../server/src/protocol';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

describe('protocol: diagnostics over stdio', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;

  beforeEach(async () => {
    folder = copyFolder('test/fixtures/base');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
  });

  afterEach(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it('publishes diagnostics for every spec file after initialize, none of them opened', async () => {
    const files = ['test.production.yaml', 'test.glossary.yaml', 'fx-elements.template.yaml', 'sq010.handoff.yaml', 'fx-delivery.runbook.yaml', 'test.risks.yaml'];
    await client.waitFor('diagnostics for all six files', () => files.every((file) => client.latest(uriOf(path.join(folder, file)))));
    for (const file of files) assert.deepEqual(client.latest(uriOf(path.join(folder, file)))!.diagnostics, [], file);
    assert.ok(client.progress.length > 0, 'the scan reports work-done progress');
  });

  it('an edit in the production file breaks references in an unopened handoff file', async () => {
    const production = uriOf(path.join(folder, 'test.production.yaml'));
    const handoffs = uriOf(path.join(folder, 'sq010.handoff.yaml'));
    await client.waitFor('first diagnostics', () => client.latest(handoffs));
    const text = readFileSync(path.join(folder, 'test.production.yaml'), 'utf8');
    await client.open(production, text);
    await client.change(production, text.replace('{ id: comp, name: Compositing', '{ id: compositing, name: Compositing'));
    const broken = await client.waitFor('unknown-reference in the handoff file', () => {
      const latest = client.latest(handoffs);
      return latest && latest.diagnostics.length > 0 ? latest : undefined;
    });
    const codes = broken.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
    assert.deepEqual(codes, ['unknown-reference@5:9', 'unknown-reference@21:9']);
    assert.match(String(broken.diagnostics[0].message), /'comp'.*Did you mean 'compositing'\?/);
    assert.equal(broken.version, undefined, 'an unopened file is published without a version');
  });

  it('publishes on didOpen with the document version, even when nothing changed', async () => {
    const handoffs = uriOf(path.join(folder, 'sq010.handoff.yaml'));
    await client.waitFor('first diagnostics', () => client.latest(handoffs));
    await client.open(handoffs, readFileSync(path.join(folder, 'sq010.handoff.yaml'), 'utf8'));
    const opened = await client.waitFor('diagnostics with version 1', () => client.published.find((p) => p.uri === handoffs && p.version === 1));
    assert.deepEqual(opened.diagnostics, []);
  });

  it('after a burst of 50 fast edits only the last version is reflected, and versions never go back', async () => {
    const handoffs = uriOf(path.join(folder, 'sq010.handoff.yaml'));
    const text = readFileSync(path.join(folder, 'sq010.handoff.yaml'), 'utf8');
    await client.open(handoffs, text);
    let last = 1;
    for (let i = 0; i < 50; i++) {
      // Odd edits break the template reference, even ones restore it; the last (i = 49) breaks it.
      last = await client.change(handoffs, i % 2 === 1 ? text.replace('template: fx-elements', 'template: fx-elemnts') : text);
    }
    const final = await client.waitFor('diagnostics for the last version', () => client.published.find((p) => p.uri === handoffs && p.version === last));
    const template = final.diagnostics.find((d) => d.range.start.line === 5);
    assert.equal(template?.code, 'unknown-reference');
    assert.match(String(template!.message), /'fx-elemnts'.*Did you mean 'fx-elements'\?/);
    const versions = client.published.filter((p) => p.uri === handoffs && p.version !== undefined).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'published versions only increase');
    assert.ok(versions.length < 20, `debounced: ${versions.length} publications for 50 edits`);
  });

  it('past 1,000 diagnostics in a file, the last one published counts the errors and warnings left out', async () => {
    // 400 handoffs with an id only: each has a schema error (from, to, due), two missing-owner errors
    // (owner, contact) and a missing-done-when warning: 1,200 errors and 400 warnings in all.
    const lines = ['handoffs:'];
    for (let i = 0; i < 400; i++) lines.push(`  - id: bare-${String(i).padStart(3, '0')}`);
    writeFileSync(path.join(folder, 'bare.handoff.yaml'), `${lines.join('\n')}\n`);
    await client.stop();
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const published = await client.waitFor('the capped diagnostics', () => client.latest(uriOf(path.join(folder, 'bare.handoff.yaml'))));
    assert.equal(published.diagnostics.length, 1001);
    const note = published.diagnostics[1000];
    const message = String(note.message);
    assert.equal(note.severity, 3, 'the note is information');
    const omitted = omittedProblemsIn(message);
    assert.ok(omitted, message);
    assert.equal(omitted.total, 600);
    const shown = published.diagnostics.slice(0, 1000);
    // What the status bar adds up: the shown ones by severity plus the note's counts.
    assert.equal(shown.filter((d) => d.severity === 1).length + omitted.errors, 1200);
    assert.equal(shown.filter((d) => d.severity === 2).length + omitted.warnings, 400);
    assert.match(message, /^600 more problems in this file are not shown from here on \(\d+ errors, \d+ warnings\); run 'handoff check' to list them all\.$/);
    // Near miss: a file under the cap has no note (it may be published after the big one).
    const small = await client.waitFor('the diagnostics of a small file', () => client.latest(uriOf(path.join(folder, 'sq010.handoff.yaml'))));
    assert.ok(!small.diagnostics.some((d) => omittedProblemsIn(String(d.message))));
  });
});
