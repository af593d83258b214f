// ProductionModel.follow: what every reader that keeps results per file
// between the models of a production asks after an edit. It must name
// exactly the files that changed since the reader last looked (with the
// version looked at), the URIs gone, nothing else, and then see the model's
// files as they are, whether the reader looked at the model just before,
// at an older one (revisions skipped), or forgot everything (reset).
import * as assert from 'node:assert/strict';
import type { FileModel } from '../../../server/src/core/fileModel';
import { FollowedFiles, type FileChanges, type ProductionModel } from '../../../server/src/core/production';
import { fixtureFiles, uriOf } from '../../harness';
import { Workspace } from '../../../server/src/core/workspace';

const BASE = fixtureFiles();
const HANDOFFS = uriOf('sq010.handoff.yaml');
const RISKS = uriOf('test.risks.yaml');
const RUNBOOK = uriOf('fx-delivery.runbook.yaml');
const EXTRA = uriOf('extra.handoff.yaml');

function workspace(): Workspace {
  const made = new Workspace();
  for (const [file, text] of Object.entries(BASE)) made.setFile(uriOf(file), text, 1);
  return made;
}

function modelOf(workspace: Workspace): ProductionModel {
  return workspace.productionOf(HANDOFFS)!;
}

/** Changes as `file: before → after` lines, versions by the names the test gave them, sorted. */
function listed(changes: FileChanges, versions: Map<FileModel, string>): string[] {
  const name = (file: FileModel | undefined) => (file ? (versions.get(file) ?? '?') : '-');
  return [
    ...changes.changed.map(([before, after]) => `${after.parsed.uri.replace('file:///fixture/', '')}: ${name(before)} → ${name(after)}`),
    ...changes.removed.map(([uri, before]) => `${uri.replace('file:///fixture/', '')}: ${name(before)} → gone`),
  ].sort();
}

/** The files a followed record sees, as `uri@version`, sorted. */
function seen(followed: FollowedFiles, versions: Map<FileModel, string>): string[] {
  return [...followed.seen].map(([uri, file]) => `${uri.replace('file:///fixture/', '')}@${versions.get(file) ?? '?'}`).sort();
}

describe('ProductionModel.follow', () => {
  it('names every file once, then only the files each edit changed, with the versions looked at', () => {
    const live = workspace();
    const versions = new Map<FileModel, string>();
    const name = (uri: string, version: string) => versions.set(live.file(uri)!, version);
    for (const file of Object.keys(BASE)) name(uriOf(file), 'v1');

    const first = modelOf(live);
    const followed = new FollowedFiles();
    const all = Object.keys(BASE).map((file) => `${file}: - → v1`).sort();
    const firstLook = first.follow(followed);
    assert.deepEqual(listed(firstLook, versions), all);
    // The first look says so: nothing needs telling apart.
    assert.equal(firstLook.first, true);
    assert.equal(followed.revision, first.revision);
    assert.equal(followed.seen.size, Object.keys(BASE).length);
    // Asked again about the same model: nothing. The revision is what tells it (the files are not compared):
    // a record that says it saw this revision is taken at its word even when it lacks a file.
    assert.deepEqual(listed(first.follow(followed), versions), []);
    const partial = new FollowedFiles();
    first.follow(partial);
    partial.seen.delete(RISKS);
    assert.deepEqual(listed(first.follow(partial), versions), []);

    // One file edited: that file only, from the version seen to the new one.
    live.setFile(HANDOFFS, BASE['sq010.handoff.yaml'].replace('status: in_progress', 'status: blocked'), 2);
    name(HANDOFFS, 'v2');
    const second = modelOf(live);
    assert.notEqual(second, first);
    const secondLook = second.follow(followed);
    assert.deepEqual(listed(secondLook, versions), ['sq010.handoff.yaml: v1 → v2']);
    assert.equal(secondLook.first, false);
    assert.ok(seen(followed, versions).includes('sq010.handoff.yaml@v2'));

    // A file added, another removed.
    live.setFile(EXTRA, 'handoffs: []\n', 1);
    name(EXTRA, 'v1');
    live.removeFile(RUNBOOK);
    const third = modelOf(live);
    assert.deepEqual(listed(third.follow(followed), versions), ['extra.handoff.yaml: - → v1', 'fx-delivery.runbook.yaml: v1 → gone']);
    assert.equal(followed.seen.has(RUNBOOK), false);
    assert.deepEqual(
      seen(followed, versions),
      [...third.files].map((file) => `${file.parsed.uri.replace('file:///fixture/', '')}@${versions.get(file)}`).sort(),
    );
    assert.equal(followed.revision, third.revision);
  });

  it('tells a reader that skipped revisions every change since the model it looked at', () => {
    const live = workspace();
    const versions = new Map<FileModel, string>();
    const name = (uri: string, version: string) => versions.set(live.file(uri)!, version);
    for (const file of Object.keys(BASE)) name(uriOf(file), 'v1');
    const often = new FollowedFiles();
    const seldom = new FollowedFiles();
    modelOf(live).follow(often);
    modelOf(live).follow(seldom);

    live.setFile(HANDOFFS, BASE['sq010.handoff.yaml'].replace('status: in_progress', 'status: blocked'), 2);
    name(HANDOFFS, 'v2');
    modelOf(live).follow(often);
    live.removeFile(RUNBOOK);
    modelOf(live).follow(often);
    // Edited twice: the reader that skipped the revision between sees v1 → v3, the other v2 → v3.
    live.setFile(HANDOFFS, BASE['sq010.handoff.yaml'].replace('status: in_progress', 'status: submitted'), 3);
    name(HANDOFFS, 'v3');
    live.setFile(RISKS, `${BASE['test.risks.yaml']}\n`, 2);
    name(RISKS, 'v2');
    const last = modelOf(live);

    assert.deepEqual(listed(last.follow(often), versions), ['sq010.handoff.yaml: v2 → v3', 'test.risks.yaml: v1 → v2']);
    assert.deepEqual(listed(last.follow(seldom), versions), [
      'fx-delivery.runbook.yaml: v1 → gone',
      'sq010.handoff.yaml: v1 → v3',
      'test.risks.yaml: v1 → v2',
    ]);
    assert.deepEqual(seen(seldom, versions), seen(often, versions));
    assert.equal(seldom.seen.has(RUNBOOK), false);
  });

  it('after reset, names every file as new and nothing as gone', () => {
    const live = workspace();
    const followed = new FollowedFiles();
    modelOf(live).follow(followed);
    live.removeFile(RUNBOOK);
    const model = modelOf(live);
    followed.reset();
    assert.equal(followed.seen.size, 0);
    assert.equal(followed.revision, undefined);
    const changes = model.follow(followed);
    assert.equal(changes.first, true);
    assert.deepEqual(changes.removed, []);
    assert.deepEqual(
      changes.changed.map(([before, after]) => [before, after.parsed.uri]),
      model.files.map((file) => [undefined, file.parsed.uri]),
    );
    assert.equal(followed.seen.size, model.files.length);
  });
});
