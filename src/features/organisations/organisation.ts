export const ORGANISATION_KINDS = ['trust', 'ics', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Readonly<Record<OrganisationKind, string>> = {
  trust: 'NHS trust',
  ics: 'Integrated care system',
  other: 'Other organisation',
};

export interface Organisation {
  id: string;
  odsCode: string;
  name: string;
  kind: OrganisationKind;
  /** An ICS for a trust, for example: a membership of the parent reaches its children. */
  parentId: string | null;
  createdAt: string;
}

/** The care group > directorate > department hierarchy inside an organisation. */
export const UNIT_LEVELS = ['care_group', 'directorate', 'department'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const UNIT_LEVEL_LABELS: Readonly<Record<UnitLevel, string>> = {
  care_group: 'Care group',
  directorate: 'Directorate',
  department: 'Department',
};

export interface OrgUnit {
  id: string;
  organisationId: string;
  parentId: string | null;
  level: UnitLevel;
  name: string;
  /** Names from the care group down, joined by " > ". */
  path: string;
}

export const PATH_SEPARATOR = ' > ';

/** ODS codes are 3 to 6 letters and digits, e.g. RXX, QE1, RXX01. */
export const ODS_CODE_PATTERN = /^[A-Z0-9]{3,6}$/;

export function normaliseOdsCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The ids of `rootIds` and every unit below them. */
export function unitSubtree(units: readonly OrgUnit[], rootIds: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const out = new Set<string>();
  const stack = [...rootIds];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

export interface UnitTreeNode {
  unit: OrgUnit;
  children: UnitTreeNode[];
}

/** Units as a tree, each level sorted by name; only units in `visible` (when given) and their ancestors. */
export function unitTree(units: readonly OrgUnit[], visible?: ReadonlySet<string>): UnitTreeNode[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const keep = new Set<string>();
  for (const u of units) {
    if (visible && !visible.has(u.id)) continue;
    let cur: OrgUnit | undefined = u;
    while (cur && !keep.has(cur.id)) {
      keep.add(cur.id);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
  }
  const nodes = new Map<string, UnitTreeNode>();
  for (const u of units) if (keep.has(u.id)) nodes.set(u.id, { unit: u, children: [] });
  const roots: UnitTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitTreeNode[]): void => {
    list.sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'en-GB'));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
