/** Which single-server membership changes are allowed, and what they produce. */
import { describe, expect, it } from 'vitest';
import { applyConfChange, confChangeError, isConfChange } from './conf-change.js';

const conf = { voters: ['n1', 'n2'], learners: ['n3'] };

describe('membership changes', () => {
  it('adds, promotes, demotes and removes one server at a time', () => {
    expect(applyConfChange(conf, { type: 'add-voter', node: 'n4' })).toEqual({ voters: ['n1', 'n2', 'n4'], learners: ['n3'] });
    expect(applyConfChange(conf, { type: 'add-voter', node: 'n3' })).toEqual({ voters: ['n1', 'n2', 'n3'], learners: [] });
    expect(applyConfChange(conf, { type: 'add-learner', node: 'n2' })).toEqual({ voters: ['n1'], learners: ['n3', 'n2'] });
    expect(applyConfChange(conf, { type: 'remove-node', node: 'n3' })).toEqual({ voters: ['n1', 'n2'], learners: [] });
  });

  it('refuses changes that make no sense or leave no voter', () => {
    expect(confChangeError(conf, { type: 'add-voter', node: 'n1' })).toBe('n1 is already a voter');
    expect(confChangeError(conf, { type: 'add-learner', node: 'n3' })).toBe('n3 is already a learner');
    expect(confChangeError(conf, { type: 'remove-node', node: 'n9' })).toBe('n9 is not a member');
    expect(confChangeError({ voters: ['n1'], learners: [] }, { type: 'remove-node', node: 'n1' })).toBe('n1 is the only voter');
    expect(confChangeError(conf, { type: 'remove-node', node: 'n2' })).toBeNull();
  });

  it('recognises a change in an entry’s data', () => {
    expect(isConfChange({ type: 'add-voter', node: 'n4' })).toBe(true);
    expect(isConfChange({ type: 'add-voter' })).toBe(false);
    expect(isConfChange('add n4')).toBe(false);
  });
});
