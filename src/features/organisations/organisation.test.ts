import { describe, expect, it } from 'vitest';
import { unitSubtree, unitTree, type OrgUnit } from './organisation.js';

const unit = (id: string, parentId: string | null, name: string): OrgUnit => ({
  id,
  organisationId: 'o',
  parentId,
  level: parentId === null ? 'care_group' : 'directorate',
  name,
  path: name,
});
const units = [
  unit('med', null, 'Medicine'),
  unit('surg', null, 'Surgery'),
  unit('em', 'med', 'Emergency'),
  unit('ac', 'med', 'Acute'),
  unit('ed', 'em', 'ED'),
  unit('th', 'surg', 'Theatres'),
];

describe('organisation units', () => {
  it('expands granted units to everything below them', () => {
    expect([...unitSubtree(units, ['med'])].sort()).toEqual(['ac', 'ed', 'em', 'med']);
    expect([...unitSubtree(units, ['em', 'th'])].sort()).toEqual(['ed', 'em', 'th']);
    expect(unitSubtree(units, []).size).toBe(0);
  });

  it('builds a sorted tree, keeping the ancestors of visible units', () => {
    const tree = unitTree(units);
    expect(tree.map((n) => n.unit.name)).toEqual(['Medicine', 'Surgery']);
    expect(tree[0]!.children.map((n) => n.unit.name)).toEqual(['Acute', 'Emergency']);
    const limited = unitTree(units, new Set(['ed']));
    expect(limited.map((n) => n.unit.name)).toEqual(['Medicine']);
    expect(limited[0]!.children.map((n) => n.unit.name)).toEqual(['Emergency']);
    expect(limited[0]!.children[0]!.children.map((n) => n.unit.name)).toEqual(['ED']);
  });
});
