// Calendars and the OCIO config in the editor: a date's hover says whose
// working day it is; `ocio:` values complete and hover from the config.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CompletionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { ScheduleRequest } from '../../server/src/protocol';
import { copyFolder, positionOf, removeFolder, TestClient, uriOf } from './client';

describe('protocol: calendars', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  const uri = (name: string) => uriOf(path.join(folder, name));

  beforeEach(async () => {
    folder = copyFolder('test/fixtures/calendars');
    // The production's ocio: color/config.ocio, a real ACES config.
    mkdirSync(path.join(folder, 'color'));
    cpSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'ocio', 'cg-config-v2.2.0_aces-v1.3_ocio-v2.4.ocio'), path.join(folder, 'color', 'config.ocio'));
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const initial = await client.waitFor('initial diagnostics', () => client.latest(uri('plates.handoff.yaml')));
    assert.deepEqual(initial.diagnostics, [], 'the fixture starts clean');
    const glossary = await client.waitFor('glossary diagnostics', () => client.latest(uri('studio.glossary.yaml')));
    assert.deepEqual(glossary.diagnostics, [], 'the glossary starts clean');
  });

  afterEach(async () => {
    await client.stop();
    removeFolder(folder);
  });

  async function hoverAt(name: string, text: string, needle: string, offset: number): Promise<string> {
    await client.open(uri(name), text);
    const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(name) }, position: positionOf(text, needle, offset) });
    return (result!.contents as MarkupContent).value;
  }

  it('a date of a London vendor\'s handoff: Easter Monday in GB-ENG, a working day in CA-BC', async () => {
    // Monday 2027-03-29 is Easter Monday: a bank holiday in England, a working day in British Columbia.
    const text = readFileSync(path.join(folder, 'plates.handoff.yaml'), 'utf8').replace('due: 2027-03-25', 'due: 2027-03-29');
    const value = await hoverAt('plates.handoff.yaml', text, 'due: 2027-03-29', 7);
    assert.equal(value, '**Monday** 2027-03-29: Easter Monday in GB-ENG; a working day in CA-BC');
  });

  it('Good Friday is a holiday on both sides; Thursday a working day on both', async () => {
    const text = readFileSync(path.join(folder, 'plates.handoff.yaml'), 'utf8');
    // Friday 2027-03-26 is Good Friday in England and in British Columbia.
    const both = await hoverAt('plates.handoff.yaml', text.replace('due: 2027-03-25', 'due: 2027-03-26'), 'due: 2027-03-26', 7);
    assert.equal(both, '**Friday** 2027-03-26: Good Friday in GB-ENG; Good Friday in CA-BC');
    // Near miss: Thursday 2027-03-25 is a working day for both.
    const working = await hoverAt('plates.handoff.yaml', text, 'due: 2027-03-25', 7);
    assert.equal(working, '**Thursday** 2027-03-25: a working day in GB-ENG; a working day in CA-BC');
  });

  it('gives each lane with a calendar of its own its days off in the schedule model', async () => {
    const model = await client.connection.sendRequest(ScheduleRequest, { uri: uri('plates.handoff.yaml') });
    const northlight = model!.departments.find((lane) => lane.id === 'northlight')!;
    const comp = model!.departments.find((lane) => lane.id === 'comp')!;
    // The view runs from the first start (Mon 2027-03-22) to the lock (Fri 2027-04-16).
    // London: Good Friday 26 Mar and Easter Monday 29 Mar. Vancouver (the production calendar): Good Friday only.
    assert.deepEqual(northlight.calendar, { label: 'GB-ENG', workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-03-26', '2027-03-29'] });
    assert.equal(comp.calendar, undefined);
    assert.deepEqual(model!.calendar.holidays, ['2027-03-26']);
    assert.equal(model!.calendar.label, 'CA-BC');
  });

  it('completes ocio: with the config\'s names, aliases and roles', async () => {
    const text = readFileSync(path.join(folder, 'studio.glossary.yaml'), 'utf8') + '  - { id: timing, ocio:  }\n';
    await client.open(uri('studio.glossary.yaml'), text);
    const position = positionOf(text, 'ocio:  }', 6);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('studio.glossary.yaml') }, position });
    const items = (Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[];
    const labels = items.map((item) => item.label);
    for (const name of ['ACEScg', 'ACEScct', 'lin_ap1', 'scene_linear', 'sRGB - Display']) assert.ok(labels.includes(name), name);
    // Named transforms are not color spaces.
    assert.ok(!labels.includes('sRGB - Curve'));
    assert.equal(items.find((item) => item.label === 'scene_linear')?.detail, 'OCIO role of ACEScg');
  });

  it('hovers an ocio: name with its family, encoding and aliases', async () => {
    const text = readFileSync(path.join(folder, 'studio.glossary.yaml'), 'utf8');
    const value = await hoverAt('studio.glossary.yaml', text, 'ocio: lin_ap1', 8);
    assert.equal(value, '**OCIO alias** `lin_ap1` of `ACEScg`\n\nfamily: ACES\n\nencoding: scene\\-linear\n\naliases: `ACES - ACEScg`, `lin_ap1`, `lin_ap1_scene`');
  });

  it('watches the config: an alias taken out of it is reported, at the glossary value that names it', async () => {
    const config = path.join(folder, 'color', 'config.ocio');
    writeFileSync(config, readFileSync(config, 'utf8').replace('aliases: [ACES - ACEScg, lin_ap1, lin_ap1_scene]', 'aliases: [ACES - ACEScg]'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(config), type: FileChangeType.Changed }] });
    const published = await client.waitFor('the unknown OCIO name', () => {
      const latest = client.latest(uri('studio.glossary.yaml'));
      return latest && latest.diagnostics.some((d) => d.code === 'ocio-unknown') ? latest : undefined;
    });
    const finding = published.diagnostics.find((d) => d.code === 'ocio-unknown')!;
    // Line 3, `  - { id: working, name: Working space, ocio: lin_ap1 }`: the value starts at column 47 (0-based 46).
    assert.deepEqual(finding.range.start, { line: 2, character: 46 });
  });
});
