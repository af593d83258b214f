import * as assert from 'node:assert/strict';
import { vaguePhrasesIn } from '../../../server/src/core/rules/vague-criterion';

// Lines as coordinators and supervisors write them in done_when and checklists.
// The rule must flag at least 90% of the vague ones and at most 5% of the measurable ones.
const VAGUE = [
  'Looks great',
  'Looks good to the supervisor',
  'Client happy',
  'Director is happy with the animation',
  'Approved',
  'Approved.',
  'Signed off',
  'No issues',
  'No notes from review',
  'Deliver when ready',
  'Water feels right to the director',
  'Feels right',
  'Lighting looks right in context',
  'Sound mix sounds good',
  'Comp reads well and looks fine',
  'Everything as needed',
  'Extra passes as required',
  'Deliver ASAP',
  'Frame range TBD',
  'Delivery date TBC',
  'Render layers, mattes, etc.',
  'Grade to taste',
  'Textures named properly',
  'High quality renders',
  'Good enough for the temp screening',
  'Should be fine for the edit',
  'Reasonable render times',
  'Nice clean edges on the keys',
  'Done',
  'Final',
  'All good',
  'Supervisor satisfied',
  'Polished animation',
  'Seamless integration with the plate',
  'Convincing water interaction',
  'Fix whatever comes up if possible',
  'Approved after review',
  'Everyone happy with the cut',
  'Delivered as discussed',
  'Cinematic look',
  'Ready',
  'Best effort on the crowd shots',
  'Cleaned up where possible',
];

const MEASURABLE = [
  'Frame range equals the cut list range',
  'Frames 1001-1096 present for every shot of sq010',
  'Every file is tagged ACEScg',
  'Color space is ACEScg for all EXR layers',
  'Rec.709 gamma 2.4 QuickTime for the editorial review',
  'Loudness -24 LUFS integrated, true peak below -2 dBTP',
  'Dialogue stem peaks below -10 dBFS',
  'MD5 checksums match the manifest for every file',
  'SHA-256 of each package is listed in checksums.txt',
  'Approved by the DI supervisor in the 2027-03-02 session',
  'Signed off by Amara Okafor in the 2027-03-22 grading session',
  'All 24 shots of sq010 delivered at v001 or later',
  'All 12 shots of sq010 have sim caches at v001 or later',
  'Resolution 4096x2160, 16-bit half float, PIZ compression',
  'Plates are 1001-based with 8 frames of handles each side',
  'The IMF package passes Photon validation with no errors',
  'Audio is 48 kHz, 24-bit WAV, one file per stem',
  'Stems: dx, mx, fx and mix, each 5.1 and 2.0',
  'Metadata shot and frame-range filled on every file',
  'File names match {show}_{shot}_comp_v{version:3}.{frame:4}.exr',
  'Published to vault://nightfall/to-comp/ with a manifest',
  'Polygon count under 150k for hero props',
  'Every texture path resolves inside the show vault',
  'Turntable rendered at 1920x1080, 120 frames',
  'Camera focal length and filmback match the layout scene',
  'Subtitles timed to the locked cut, max 42 characters per line',
  'LUT applied is show_v003.cube, checked on the DI projector',
  'Zero dropped frames reported by the QC tool',
  'Alpha premultiplied, checked in Nuke with the QC gizmo',
  'Every line of the script pages has one recorded take delivered as a 2.0 dialogue stem',
  'EDL event count equals the number of shots in the turnover sheet',
  'Render log shows no missing-texture warnings',
  'Deadline 2027-03-19 18:00 Vancouver time',
  'Version number raised on every resubmission',
  'Proxy files at half resolution beside each full-resolution file',
  'Scale is 1 unit = 1 cm, checked against the scale reference',
  'Caption file validates against the SCC specification',
  'Motion blur on, 180-degree shutter, as set in the shot template',
  'Clean plates delivered for shots 0040 and 0050',
  'Ready-to-render scenes load in under 60 seconds on a farm node',
  'Channel layout L R C LFE Ls Rs for the 5.1 mix',
  'Textures are ACEScg EXRs or sRGB PNGs, no JPEGs',
];

describe('vague-criterion on lines from real practice', () => {
  it(`flags at least 90% of ${VAGUE.length} vague lines and at most 5% of ${MEASURABLE.length} measurable ones`, () => {
    const missed = VAGUE.filter((line) => vaguePhrasesIn(line).length === 0);
    const falseAlarms = MEASURABLE.filter((line) => vaguePhrasesIn(line).length > 0);
    const flagged = VAGUE.length - missed.length;
    console.log(
      `      vague lines flagged: ${flagged} of ${VAGUE.length} (${((100 * flagged) / VAGUE.length).toFixed(1)}%); ` +
        `measurable lines flagged: ${falseAlarms.length} of ${MEASURABLE.length} (${((100 * falseAlarms.length) / MEASURABLE.length).toFixed(1)}%)`,
    );
    if (missed.length) console.log(`      missed: ${missed.join(' | ')}`);
    if (falseAlarms.length) console.log(`      false alarms: ${falseAlarms.map((line) => `${line} [${vaguePhrasesIn(line).join(', ')}]`).join(' | ')}`);
    assert.ok(VAGUE.length >= 40 && MEASURABLE.length >= 40);
    assert.ok(flagged / VAGUE.length >= 0.9, `only ${flagged} of ${VAGUE.length} vague lines flagged`);
    assert.ok(falseAlarms.length / MEASURABLE.length <= 0.05, `${falseAlarms.length} measurable lines flagged`);
  });

  it('names the phrase it found, whole-line forms without their punctuation', () => {
    assert.deepEqual(vaguePhrasesIn('Approved.'), ['Approved.']);
    assert.deepEqual(vaguePhrasesIn('Water feels right to the director'), ['feels right']);
    assert.deepEqual(vaguePhrasesIn('Client happy'), ['Client happy']);
    assert.deepEqual(vaguePhrasesIn('Approved by the DI supervisor in the 2027-03-02 session'), []);
  });
});
