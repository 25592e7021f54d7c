/**
 * Characteristic schemes: how records are grouped, which group is the reference and which the comparison
 * (protected) group. Unknown is always its own group, shown with its count and kept out of every ratio.
 *
 * | scheme            | groups (display order)                                      | reference     | comparison(s)        |
 * | ----------------- | ----------------------------------------------------------- | ------------- | -------------------- |
 * | wres              | WHITE, BME, UNKNOWN                                         | WHITE         | BME                  |
 * | wdes              | NON_DISABLED, DISABLED, UNKNOWN                             | NON_DISABLED  | DISABLED             |
 * | sex               | M, F, X, UNKNOWN                                            | M             | F                    |
 * | epg               | WHITE_BRITISH, ETHNIC_MINORITY, UNKNOWN                     | WHITE_BRITISH | ETHNIC_MINORITY      |
 * | ethnicityOns      | WHITE_BRITISH, WHITE_OTHER, MIXED, ASIAN, BLACK, OTHER, UNKNOWN | WHITE_BRITISH | every other group |
 * | ethnicityCategory | WHITE_BRITISH, then national categories B..S, UNKNOWN       | WHITE_BRITISH | every other category |
 * | ageBand           | the bands of `workforce.ageBands`, UNKNOWN                  | setting (none)  | every other band   |
 * | sexualOrientation | HETEROSEXUAL, GAY_LESBIAN, BISEXUAL, OTHER, UNDECIDED, NOT_STATED, UNKNOWN | setting | every other stated group |
 * | religion          | ATHEISM, BUDDHISM, CHRISTIANITY, ... OTHER, NOT_STATED, UNKNOWN | setting    | every other stated group |
 * | genderIdentity    | SAME_AS_BIRTH, DIFFERENT_FROM_BIRTH, NOT_STATED, UNKNOWN    | setting       | the other            |
 * | marriage          | MARRIED, CIVIL_PARTNERSHIP, SINGLE, SEPARATED, DIVORCED, WIDOWED, NOT_STATED, UNKNOWN | setting | every other stated group |
 * | pregnancy         | PREGNANT_OR_MATERNITY, NOT_PREGNANT_OR_MATERNITY, NOT_STATED, UNKNOWN | setting | the other  |
 * | none              | ALL                                                         | none          | none                 |
 *
 * The reference groups marked "setting" are `characteristics.referenceGroups`. NOT_STATED (prefer not to
 * say) and UNKNOWN (not recorded) are shown apart and, like unknown everywhere, kept out of every ratio.
 */
import {
  epgGroup,
  NATIONAL_CATEGORY_LETTERS,
  NATIONAL_ETHNIC_CATEGORIES,
  nationalCategory,
  onsBroadGroup,
  wresGroup,
} from '../classification/ethnicity.js';
import { wdesGroup } from '../classification/disability.js';
import {
  NOT_STATED,
  PROTECTED_CODE_LISTS,
  protectedGroups,
  type ProtectedField,
} from '../classification/protected.js';
import type { EngineSettings } from '../settings.js';
import {
  ageBandOf,
  disabilityOf,
  ethnicityOf,
  isWhiteBritish,
  protectedGroupOf,
  sexOf,
  type Subject,
} from './fields.js';
import type { CharacteristicScheme, CharacteristicSpec } from './types.js';

export const UNKNOWN = 'UNKNOWN';

/**
 * The group each standard compares with its reference group: BME staff (WRES), Disabled staff (WDES),
 * women (gender pay gap), ethnic minority staff (ethnicity pay gap). The one place this is said.
 */
export const COMPARISON_GROUP = {
  wres: 'BME',
  wdes: 'DISABLED',
  sex: 'F',
  epg: 'ETHNIC_MINORITY',
} as const satisfies Partial<Record<CharacteristicScheme, string>>;

/** The comparison group of a result's scheme (`COMPARISON_GROUP`), or null for a scheme without one. */
export function comparisonGroup(scheme: string): string | null {
  return Object.hasOwn(COMPARISON_GROUP, scheme)
    ? COMPARISON_GROUP[scheme as keyof typeof COMPARISON_GROUP]
    : null;
}

export interface GroupInfo {
  id: string;
  label: string;
}

export interface Scheme {
  scheme: CharacteristicScheme;
  groups: GroupInfo[];
  reference: string | null;
  /** The comparison groups of gaps; the first is the protected group of relative likelihoods. */
  comparisons: string[];
  /** The settings the grouping reads (white British codes, the Chinese broad group, age bands). */
  settings: EngineSettings;
}

const OTHER_ONS_GROUPS = ['WHITE_OTHER', 'MIXED', 'ASIAN', 'BLACK', 'OTHER'];

/** The schemes of the other protected characteristics, and the workforce record field each reads. */
export const PROTECTED_SCHEMES = {
  sexualOrientation: 'sexualOrientation',
  religion: 'religion',
  genderIdentity: 'genderIdentity',
  marriage: 'maritalStatus',
  pregnancy: 'pregnancyMaternity',
} as const satisfies Partial<Record<CharacteristicScheme, ProtectedField>>;
export type ProtectedScheme = keyof typeof PROTECTED_SCHEMES;

/** The schemes whose reference group is a setting (`characteristics.referenceGroups`). */
export const REFERENCE_SETTING_SCHEMES = [...Object.keys(PROTECTED_SCHEMES), 'ageBand'] as readonly (
  ProtectedScheme | 'ageBand'
)[];

/**
 * The group of a subject in a scheme. One function for every scheme, not a closure per scheme: the
 * evaluator calls it for every record, and a function made anew for each evaluation would be compiled
 * anew each time.
 */
export function groupOf(scheme: Scheme, s: Subject): string {
  const settings = scheme.settings;
  switch (scheme.scheme) {
    case 'wres':
      return wresGroup(ethnicityOf(s));
    case 'wdes':
      return wdesGroup(disabilityOf(s));
    case 'sex': {
      const x = sexOf(s);
      return x === 'U' ? UNKNOWN : x;
    }
    case 'epg':
      return epgGroup(ethnicityOf(s), settings['ethnicity.whiteBritishCodes']);
    case 'ethnicityOns': {
      const code = ethnicityOf(s);
      if (nationalCategory(code) === null) return UNKNOWN;
      if (isWhiteBritish(code, settings['ethnicity.whiteBritishCodes'])) return 'WHITE_BRITISH';
      const broad = onsBroadGroup(code, settings['ethnicity.chineseBroadGroup']);
      return broad === 'WHITE' ? 'WHITE_OTHER' : broad;
    }
    case 'ethnicityCategory': {
      const code = ethnicityOf(s);
      const letter = nationalCategory(code);
      if (letter === null) return UNKNOWN;
      return isWhiteBritish(code, settings['ethnicity.whiteBritishCodes']) ? 'WHITE_BRITISH' : letter;
    }
    case 'ageBand': {
      const a = s.record.age ?? s.person?.age ?? null;
      return ageBandOf(typeof a === 'number' ? a : null, settings['workforce.ageBands']);
    }
    case 'sexualOrientation':
    case 'religion':
    case 'genderIdentity':
    case 'marriage':
    case 'pregnancy':
      return protectedGroupOf(PROTECTED_SCHEMES[scheme.scheme], s);
    case 'none':
      return 'ALL';
  }
}

/** Groups every scheme can hold: unknown, and the small comparison groups a pay gap combines. */
const COMMON_LABELS: Readonly<Record<string, string>> = {
  UNKNOWN: 'Unknown / not stated',
  ALL: 'All',
  COMBINED_SMALL_GROUPS: 'Smaller groups combined',
};

/**
 * Each scheme's own group labels. A group id means something only within its scheme: "F" is women in
 * the sex scheme and "Mixed - White and Asian" in the ethnic category scheme, so a label is always looked
 * up through the scheme (a table per scheme, not one table of every id).
 */
const SCHEME_LABELS: { readonly [S in CharacteristicScheme]: Readonly<Record<string, string>> } = {
  wres: { WHITE: 'White', BME: 'BME' },
  wdes: { NON_DISABLED: 'Non-disabled', DISABLED: 'Disabled' },
  sex: { M: 'Men', F: 'Women', X: 'Other or indeterminate' },
  epg: { WHITE_BRITISH: 'White British', ETHNIC_MINORITY: 'Ethnic minorities (all except White British)' },
  ethnicityOns: {
    WHITE_BRITISH: 'White British',
    WHITE_OTHER: 'White minorities (White Irish, Gypsy, Irish Traveller, Roma, other White)',
    MIXED: 'Mixed or multiple ethnic groups',
    ASIAN: 'Asian or Asian British',
    BLACK: 'Black, Black British, Caribbean or African',
    OTHER: 'Other ethnic group',
  },
  ethnicityCategory: {
    WHITE_BRITISH: 'White British',
    ...Object.fromEntries(NATIONAL_CATEGORY_LETTERS.map((l) => [l, NATIONAL_ETHNIC_CATEGORIES[l]!])),
  },
  ageBand: { ALL_AGES: 'All ages' },
  sexualOrientation: PROTECTED_CODE_LISTS.sexualOrientation.labels,
  religion: PROTECTED_CODE_LISTS.religion.labels,
  genderIdentity: PROTECTED_CODE_LISTS.genderIdentity.labels,
  marriage: PROTECTED_CODE_LISTS.maritalStatus.labels,
  pregnancy: PROTECTED_CODE_LISTS.pregnancyMaternity.labels,
  none: {},
};

/**
 * The label of group `id` of a scheme. Example: groupLabel('sex', 'F') -> "Women";
 * groupLabel('ethnicityCategory', 'F') -> "Mixed - White and Asian"; groupLabel('ageBand', '25_34') ->
 * "25 to 34". An id the scheme does not know is returned as it is. There is no label of a bare id: one id
 * can mean different groups in different schemes ("F": Women, or ethnic category F).
 */
export function groupLabel(scheme: CharacteristicScheme, id: string): string {
  return schemeGroupLabel(scheme, id);
}

function schemeGroupLabel(scheme: CharacteristicScheme, id: string): string {
  const own = SCHEME_LABELS[scheme];
  if (Object.hasOwn(own, id)) return own[id]!;
  if (Object.hasOwn(COMMON_LABELS, id)) return COMMON_LABELS[id]!;
  if (scheme === 'ageBand') {
    const band = /^(\d+)_(\d+)$/.exec(id);
    if (band) return `${band[1]} to ${band[2]}`;
    const under = /^UNDER_(\d+)$/.exec(id);
    if (under) return `Under ${under[1]}`;
    const plus = /^(\d+)_PLUS$/.exec(id);
    if (plus) return `${plus[1]} and over`;
  }
  return id;
}

const info = (scheme: CharacteristicScheme, ids: string[]): GroupInfo[] =>
  ids.map((id) => ({ id, label: groupLabel(scheme, id) }));

function ageBandIds(bands: readonly number[]): string[] {
  const ids = bands.length === 0 ? ['ALL_AGES'] : [`UNDER_${bands[0]}`];
  for (let i = 0; i < bands.length; i++) ids.push(ageBandOf(bands[i]!, bands));
  return [...ids, UNKNOWN];
}

/** The scheme named by a definition, with the definition's reference and comparison when it names them. */
export function schemeFor(spec: CharacteristicSpec, settings: EngineSettings): Scheme {
  const name = typeof spec === 'string' ? spec : spec.scheme;
  const base = buildScheme(name, settings);
  if (typeof spec === 'string') return base;
  const reference = spec.reference ?? base.reference;
  const comparisons = spec.comparison
    ? [spec.comparison]
    : base.comparisons
        .filter((g) => g !== reference)
        .concat(
          spec.reference && base.reference && spec.reference !== base.reference ? [base.reference] : [],
        );
  return { ...base, reference, comparisons };
}

function buildScheme(name: CharacteristicScheme, settings: EngineSettings): Scheme {
  const scheme = (ids: string[], reference: string | null, comparisons: string[]): Scheme => ({
    scheme: name,
    groups: info(name, ids),
    reference,
    comparisons,
    settings,
  });
  switch (name) {
    case 'wres':
      return scheme(['WHITE', 'BME', UNKNOWN], 'WHITE', [COMPARISON_GROUP.wres]);
    case 'wdes':
      return scheme(['NON_DISABLED', 'DISABLED', UNKNOWN], 'NON_DISABLED', [COMPARISON_GROUP.wdes]);
    case 'sex':
      return scheme(['M', 'F', 'X', UNKNOWN], 'M', [COMPARISON_GROUP.sex]);
    case 'epg':
      return scheme(['WHITE_BRITISH', 'ETHNIC_MINORITY', UNKNOWN], 'WHITE_BRITISH', [COMPARISON_GROUP.epg]);
    case 'ethnicityOns':
      return scheme(['WHITE_BRITISH', ...OTHER_ONS_GROUPS, UNKNOWN], 'WHITE_BRITISH', [...OTHER_ONS_GROUPS]);
    case 'ethnicityCategory':
      return scheme(['WHITE_BRITISH', ...NATIONAL_CATEGORY_LETTERS, UNKNOWN], 'WHITE_BRITISH', [
        ...NATIONAL_CATEGORY_LETTERS,
      ]);
    case 'ageBand':
    case 'sexualOrientation':
    case 'religion':
    case 'genderIdentity':
    case 'marriage':
    case 'pregnancy': {
      const ids =
        name === 'ageBand'
          ? ageBandIds(settings['workforce.ageBands'])
          : protectedGroups(PROTECTED_SCHEMES[name]);
      // A reference the groups do not hold (an age band of other bands) is no reference.
      const chosen = settings['characteristics.referenceGroups'][name] ?? null;
      const reference = chosen !== null && ids.includes(chosen) && chosen !== UNKNOWN ? chosen : null;
      const stated = ids.filter((g) => g !== UNKNOWN && g !== NOT_STATED && g !== 'ALL_AGES');
      return scheme(ids, reference, reference === null ? [] : stated.filter((g) => g !== reference));
    }
    case 'none':
      return scheme(['ALL'], null, []);
  }
}
