// Numbers in messages: grouped by threes with commas, as toLocaleString('en')
// writes them, without loading the locale data.
import * as assert from 'node:assert/strict';
import { thousands } from '../../server/src/core/words';
import { omittedProblemsMessage } from '../../server/src/protocol';

describe('thousands', () => {
  it('puts a comma between each group of three digits, and none in a number under 1,000', () => {
    assert.equal(thousands(0), '0');
    assert.equal(thousands(999), '999');
    assert.equal(thousands(1000), '1,000');
    assert.equal(thousands(1506), '1,506');
    assert.equal(thousands(20000), '20,000');
    assert.equal(thousands(123456), '123,456');
    assert.equal(thousands(1234567), '1,234,567');
    assert.equal(thousands(-1234), '-1,234');
  });

  it('writes every count as toLocaleString does', () => {
    for (const n of [1, 12, 123, 1234, 12345, 999999, 1000000, 799000, 2051, -5, -99999]) assert.equal(thousands(n), n.toLocaleString('en'), String(n));
  });

  it('the message about problems left out counts with it', () => {
    assert.equal(
      omittedProblemsMessage({ total: 799000, errors: 1200, warnings: 797800 }),
      "799,000 more problems in this file are not shown from here on (1,200 errors, 797,800 warnings); run 'handoff check' to list them all.",
    );
  });
});
