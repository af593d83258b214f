// Calendars in the editor: a date's hover says whose working day it is.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { ScheduleRequest } from '../../server/src/protocol';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

function positionOf(text: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `'${needle}' in text`);
  const before = text.slice(0, index + offsetInNeedle).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('protocol: calendars', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  const uri = (name: string) => uriOf(path.join(folder, name));

  beforeEach(async () => {
    folder = copyFolder('test/fixtures/calendars');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const initial = await client.waitFor('initial diagnostics', () => client.latest(uri('plates.handoff.yaml')));
    assert.deepEqual(initial.diagnostics, [], 'the fixture starts clean');
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
});
