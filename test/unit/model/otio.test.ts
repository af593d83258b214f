// OpenTimelineIO import (DESIGN §7.7): every enabled clip of the video tracks
// becomes a unit, nested stacks included; gaps, transitions, audio and
// disabled clips are skipped; the id is the clip's name up to the first space
// (or id_pattern's group); frames are the source range; clips of one id merge.
import * as assert from 'node:assert/strict';
import { unitsFromOtio } from '../../../server/src/core/model/units';

const range = (start: number, duration: number, rate = 24) => ({
  OTIO_SCHEMA: 'TimeRange.1',
  start_time: { OTIO_SCHEMA: 'RationalTime.1', value: start, rate },
  duration: { OTIO_SCHEMA: 'RationalTime.1', value: duration, rate },
});
const clip = (name: string, start: number, duration: number, extra: Record<string, unknown> = {}) => ({ OTIO_SCHEMA: 'Clip.2', name, source_range: range(start, duration), ...extra });

const TIMELINE = {
  OTIO_SCHEMA: 'Timeline.1',
  name: 'ep103 cut',
  tracks: {
    OTIO_SCHEMA: 'Stack.1',
    children: [
      {
        OTIO_SCHEMA: 'Track.1',
        kind: 'Video',
        children: [
          clip('ZZ100_501 (LAY3)', 1001, 48), // clip 0: frames 1001-1048
          { OTIO_SCHEMA: 'Gap.1', source_range: range(0, 10) },
          { OTIO_SCHEMA: 'Transition.1', name: 'dissolve' },
          clip('ZZ100_502', 1001, 24, { enabled: false }), // disabled: skipped, not counted
          { OTIO_SCHEMA: 'Stack.1', children: [{ OTIO_SCHEMA: 'Track.1', kind: 'Video', children: [clip('ZZ100_503 v2', 1009, 16)] }] }, // clip 1: 1009-1024
          clip('ZZ100_501 (LAY3) pt2', 1060, 20), // clip 2: same id, merges to 1001-1079
          clip('', 1001, 10), // clip 3: no name
          clip('ZZ100_504', 1001, 0), // clip 4: no usable range
        ],
      },
      { OTIO_SCHEMA: 'Track.1', kind: 'Audio', children: [clip('DIALOGUE_01', 0, 100)] },
    ],
  },
};

describe('OpenTimelineIO import', () => {
  it('makes a unit of every enabled video clip, with frames from its source range, merging clips of one id', () => {
    const { units, problems } = unitsFromOtio(JSON.stringify(TIMELINE), 'editorial/ep103.otio');
    assert.deepEqual(
      units.map((unit) => [unit.id, unit.frames]),
      [
        ['ZZ100_501', { first: 1001, last: 1079 }],
        ['ZZ100_503', { first: 1009, last: 1024 }],
      ],
    );
    assert.deepEqual(problems, [
      "'editorial/ep103.otio' clip 3 '': no usable unit id in the clip's name. Rename the clip or set 'id_pattern'. The clip is left out.",
      "'editorial/ep103.otio' clip 4 'ZZ100_504': the clip has no usable source range (start time and duration). The clip is left out.",
    ]);
  });

  it('takes the id from id_pattern\'s group when given', () => {
    const { units } = unitsFromOtio(JSON.stringify(TIMELINE), 'ep103.otio', '^ZZ100_(\\d+)');
    assert.deepEqual(units.map((unit) => unit.id), ['501', '503']);
  });

  it('reports a file that is not OTIO, and text that is not JSON, as one problem with no units', () => {
    const notOtio = unitsFromOtio(JSON.stringify({ name: 'a cut' }), 'cut.otio');
    assert.deepEqual(notOtio.units, []);
    assert.match(notOtio.problems[0], /^'cut\.otio' is not an OpenTimelineIO file: its top level is not a Timeline/);
    const notJson = unitsFromOtio('TITLE: ep103\nFCM: NON-DROP FRAME\n', 'cut.edl');
    assert.deepEqual(notJson.units, []);
    assert.match(notJson.problems[0], /^'cut\.edl' is not an OpenTimelineIO file: it is not JSON/);
  });
});
