import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where, type Result } from '../../harness';

const RULE = 'incompatible-handoff';
const HANDOFFS = 'sq010.handoff.yaml';
const TEMPLATE = 'fx-elements.template.yaml';

/** A template that delivers ProRes in Rec.709. */
const SLAP = `template: slap
asset_type: fx-element
format: prores4444
color_space: rec709
naming: "{show}_{shot}_slap_v{version:3}.mov"
`;

/** The base fixture with the upstream handoff (fx-sim-sq010) on the slap template. */
function upstreamOnSlap(): Record<string, string> {
  return {
    'slap.template.yaml': SLAP,
    [HANDOFFS]: fixtureFiles()[HANDOFFS].replace('    template: fx-elements\n', '    template: slap\n'),
  };
}

function relatedOf(result: Result): string[] {
  return result.related.map((r) => `${r.file}:${r.line}:${r.column}`);
}

describe('rule incompatible-handoff', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a format and a color space the downstream template does not accept, at the depends_on entry', () => {
    const results = check(upstreamOnSlap());
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:28:18', 'sq010.handoff.yaml:28:18']);
    // Same place: ordered by message.
    const [colorSpace, format] = results.filter((r) => r.rule === RULE);
    assert.equal(
      format.message,
      "Upstream handoff 'fx-sim-sq010' delivers format 'prores4444' (template 'slap'), but template 'fx-elements' of 'fx-to-comp-sq010' accepts only exr; add 'prores4444' to its accepts.formats, or change the upstream template's format.",
    );
    assert.deepEqual(relatedOf(format), ['slap.template.yaml:3:9', 'fx-elements.template.yaml:10:21']);
    assert.equal(
      colorSpace.message,
      "Upstream handoff 'fx-sim-sq010' delivers color space 'rec709' (template 'slap'), but template 'fx-elements' of 'fx-to-comp-sq010' accepts only acescg; add 'rec709' to its accepts.color_spaces, or change the upstream template's color_space.",
    );
    assert.deepEqual(relatedOf(colorSpace), ['slap.template.yaml:4:14', 'fx-elements.template.yaml:10:42']);
    assert.equal(format.severity, 'error');
  });

  it('checks only the lists the template has', () => {
    const changes = { ...upstreamOnSlap(), ...edit(TEMPLATE, 'accepts: { formats: [exr], color_spaces: [acescg] }', 'accepts: { formats: [exr, prores4444] }') };
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('accepts anything when the template has no accepts', () => {
    const changes = { ...upstreamOnSlap(), ...edit(TEMPLATE, 'accepts: { formats: [exr], color_spaces: [acescg] }\n', '') };
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('reports against an empty accepts list', () => {
    const results = check(edit(TEMPLATE, 'accepts: { formats: [exr], color_spaces: [acescg] }', 'accepts: { formats: [] }'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:28:18']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /accepts nothing; add 'exr' to its accepts.formats/);
  });

  it('skips upstreams without a template or that are unknown', () => {
    const noTemplate = { ...upstreamOnSlap() };
    noTemplate[HANDOFFS] = noTemplate[HANDOFFS].replace('    template: slap\n', '');
    assert.deepEqual(where(check(noTemplate), RULE), []);
    assert.deepEqual(where(check(edit(HANDOFFS, 'depends_on: [fx-sim-sq010]', 'depends_on: [fx-sim-sq011]')), RULE), []);
  });
});
