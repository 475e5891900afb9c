/**
 * Types of the transaction-category registry (DOMAIN.md §1, API.md `GET /categories`).
 * Pure TypeScript: no framework imports, every value is plain JSON so the registry can be served as is.
 */

/** The 12 category codes, in the DOMAIN.md table order. */
export const CATEGORY_CODES = [
  'LAND_CONTRACT',
  'FOREST',
  'FOUR_WASTES',
  'COLLECTIVE_EQUITY',
  'PRODUCTION_FACILITY',
  'COLLECTIVE_OPERATING_ASSET',
  'WATER_FACILITY',
  'AGRI_IP',
  'COLLECTIVE_CONSTRUCTION_LAND',
  'RURAL_HOUSING',
  'AQUACULTURE_WATER',
  'AGRI_PROJECT',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export const PARTY_TYPES = ['PERSON', 'COLLECTIVE', 'ORGANIZATION'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

export const TRANSFER_MODES = ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER', 'SALE', 'PROCUREMENT'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export const PRICE_UNITS = ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export type AuctionDirection = 'ASCENDING' | 'DESCENDING';

/**
 * Value types of category attributes:
 * - `string`: a string (required ones must not be blank);
 * - `integer`: a safe integer >= 0 (money attributes, keys ending in `Fen`, are integers);
 * - `number`: a finite number >= 0 with at most 2 decimals;
 * - `date`: a real calendar date written `YYYY-MM-DD`;
 * - `enum`: one of the spec's `enum` values;
 * - `string[]`: an array of non-empty strings (non-empty when required);
 * - `boundaries`: `{ east, south, west, north }` (四至), each a non-empty string.
 */
export const ATTRIBUTE_TYPES = ['string', 'integer', 'number', 'date', 'enum', 'string[]', 'boundaries'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** 四至: what borders the asset on each side. */
export interface Boundaries {
  east: string;
  south: string;
  west: string;
  north: string;
}
export const BOUNDARY_SIDES = ['east', 'south', 'west', 'north'] as const;
export type BoundarySide = (typeof BOUNDARY_SIDES)[number];

/** A valid attribute value of any attribute type (dates and enum values are strings). */
export type AttributeValue = string | number | string[] | Boundaries;
/** A listing's `attributes` object once validated. */
export type AttributeRecord = Record<string, AttributeValue>;

export interface AttributeSpec {
  key: string;
  type: AttributeType;
  /** Unit of a numeric attribute: 'm2', 'm3', 'mu', 'fen', 'year', 'month', 'day', 'share', 'percent'. */
  unit?: string;
  required: boolean;
  /** Allowed values when `type` is 'enum'. */
  enum?: string[];
  labelZh: string;
  labelEn: string;
}

/**
 * "Only these transfer modes when attribute `attribute` equals `equals`",
 * e.g. FOREST with `forestType` PUBLIC_WELFARE allows only LEASE.
 */
export interface TransferModeRestriction {
  attribute: string;
  equals: string;
  allowedModes: TransferMode[];
}

/** The default (configurable) rules of a category. Numbers marked (cfg) in DOMAIN.md may be overridden by config. */
export interface CategoryRules {
  /**
   * A collective resolution (⅔ of those entitled) is needed whoever lists.
   * Listings by a COLLECTIVE always need one regardless of this flag (DOMAIN.md §1).
   */
  resolutionRequired: boolean;
  /** Members of the same collective have a priority right under equal conditions (优先权). */
  priorityRight: boolean;
  /** Maximum term in years (cfg). */
  maxTermYears?: number;
  /** Attribute holding the date the right ends; the term must not go beyond it (TERM_EXCEEDS_RIGHT). */
  rightEndAttribute?: 'rightEndsOn' | 'validUntil';
  /** Minimum announcement period in working days (cfg). */
  announcementMinWorkingDays: number;
  /** Reserve must be at least this share, in basis points, of `appraisedValueFen` when given (cfg). */
  minReserveOfAppraisalBp?: number;
  /** A TRANSFER (转让) needs the collective's CONSENT document. */
  consentRequiredForTransfer?: boolean;
  /** Transfer modes narrowed by an attribute value. */
  restrictedModes?: TransferModeRestriction[];
  /** Buyers must be members of the same collective organization unless the resolution allows outsiders. */
  buyersLimitedToMembers?: boolean;
  /** The land must stay in agricultural use. */
  agriculturalUseOnly?: boolean;
  /** The permitted use is fixed and cannot change with the trade (e.g. 'IRRIGATION'). */
  fixedPermittedUse?: string;
  /** Deals may be flagged for the provincial centre (large-deal rule). */
  largeDealFlag?: boolean;
  descriptionZh: string;
  descriptionEn: string;
}

export interface CategoryDefinition {
  code: CategoryCode;
  nameZh: string;
  nameEn: string;
  listerTypes: PartyType[];
  transferModes: TransferMode[];
  priceUnits: PriceUnit[];
  /** DESCENDING = reverse auction (the lister buys, lowest offer wins). */
  direction: AuctionDirection;
  /** The listing carries a top-level `areaMu` (never inside `attributes`). */
  hasArea: boolean;
  attributes: AttributeSpec[];
  rules: CategoryRules;
}

export interface Label {
  zh: string;
  en: string;
}

export const PARTY_TYPE_LABELS: Readonly<Record<PartyType, Label>> = {
  PERSON: { zh: '农户（自然人）', en: 'farmer household (person)' },
  COLLECTIVE: { zh: '农村集体经济组织', en: 'village collective economic organization' },
  ORGANIZATION: { zh: '企业、合作社或家庭农场', en: 'company, cooperative or family farm' },
};

export const TRANSFER_MODE_LABELS: Readonly<Record<TransferMode, Label>> = {
  LEASE: { zh: '出租', en: 'lease' },
  SUBCONTRACT: { zh: '转包', en: 'subcontract' },
  SHARE: { zh: '入股', en: 'contribution as shares' },
  TRANSFER: { zh: '转让', en: 'transfer' },
  SALE: { zh: '出售', en: 'sale' },
  PROCUREMENT: { zh: '招标采购', en: 'procurement' },
};

export const PRICE_UNIT_LABELS: Readonly<Record<PriceUnit, Label>> = {
  TOTAL: { zh: '总价', en: 'total' },
  PER_YEAR: { zh: '元/年', en: 'per year' },
  PER_MU_PER_YEAR: { zh: '元/亩/年', en: 'per mu per year' },
};
