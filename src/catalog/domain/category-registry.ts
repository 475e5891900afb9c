import { AGRI_IP_CATEGORY } from './categories/agri-ip.category';
import { AGRI_PROJECT_CATEGORY } from './categories/agri-project.category';
import { AQUACULTURE_WATER_CATEGORY } from './categories/aquaculture-water.category';
import { COLLECTIVE_CONSTRUCTION_LAND_CATEGORY } from './categories/collective-construction-land.category';
import { COLLECTIVE_EQUITY_CATEGORY } from './categories/collective-equity.category';
import { COLLECTIVE_OPERATING_ASSET_CATEGORY } from './categories/collective-operating-asset.category';
import { FOREST_CATEGORY } from './categories/forest.category';
import { FOUR_WASTES_CATEGORY } from './categories/four-wastes.category';
import { LAND_CONTRACT_CATEGORY } from './categories/land-contract.category';
import { PRODUCTION_FACILITY_CATEGORY } from './categories/production-facility.category';
import { RURAL_HOUSING_CATEGORY } from './categories/rural-housing.category';
import { WATER_FACILITY_CATEGORY } from './categories/water-facility.category';
import {
  AttributeSpec,
  CATEGORY_CODES,
  CategoryCode,
  CategoryDefinition,
  PartyType,
  TransferMode,
} from './category.types';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The 12 transaction categories in DOMAIN.md table order (deeply frozen: copy before changing anything). */
export const CATEGORIES: readonly CategoryDefinition[] = deepFreeze([
  LAND_CONTRACT_CATEGORY,
  FOREST_CATEGORY,
  FOUR_WASTES_CATEGORY,
  COLLECTIVE_EQUITY_CATEGORY,
  PRODUCTION_FACILITY_CATEGORY,
  COLLECTIVE_OPERATING_ASSET_CATEGORY,
  WATER_FACILITY_CATEGORY,
  AGRI_IP_CATEGORY,
  COLLECTIVE_CONSTRUCTION_LAND_CATEGORY,
  RURAL_HOUSING_CATEGORY,
  AQUACULTURE_WATER_CATEGORY,
  AGRI_PROJECT_CATEGORY,
]);

const BY_CODE: ReadonlyMap<string, CategoryDefinition> = new Map(CATEGORIES.map((c) => [c.code, c]));

export function isCategoryCode(code: string): code is CategoryCode {
  return (CATEGORY_CODES as readonly string[]).includes(code);
}

export function findCategory(code: string): CategoryDefinition | undefined {
  return BY_CODE.get(code);
}

/** The category of a known code (throws only if the registry is inconsistent). */
export function getCategory(code: CategoryCode): CategoryDefinition {
  const category = BY_CODE.get(code);
  if (!category) throw new Error(`category ${code} missing from the registry`);
  return category;
}

export function findAttributeSpec(category: CategoryDefinition, key: string): AttributeSpec | undefined {
  return category.attributes.find((a) => a.key === key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The transfer modes a listing of `category` may use given its attributes: the category's modes narrowed by every
 * matching `rules.restrictedModes` entry (e.g. PUBLIC_WELFARE forest → LEASE only). Order follows `transferModes`.
 */
export function allowedTransferModes(category: CategoryDefinition, attributes: unknown): TransferMode[] {
  let modes = [...category.transferModes];
  const attrs = isRecord(attributes) ? attributes : {};
  for (const restriction of category.rules.restrictedModes ?? []) {
    if (attrs[restriction.attribute] === restriction.equals) {
      modes = modes.filter((m) => restriction.allowedModes.includes(m));
    }
  }
  return modes;
}

/** Whether a listing by `listerType` needs a collective resolution: always for a COLLECTIVE, else per the rules. */
export function resolutionRequiredFor(category: CategoryDefinition, listerType: PartyType): boolean {
  return listerType === 'COLLECTIVE' || category.rules.resolutionRequired;
}

/** Whether the listing needs the collective's CONSENT document (LAND_CONTRACT TRANSFER). */
export function consentRequiredFor(category: CategoryDefinition, transferMode: TransferMode): boolean {
  return transferMode === 'TRANSFER' && category.rules.consentRequiredForTransfer === true;
}

/** The `YYYY-MM-DD` date the right ends (`rules.rightEndAttribute`), if the category has one and it is set. */
export function rightEndDate(category: CategoryDefinition, attributes: unknown): string | undefined {
  const key = category.rules.rightEndAttribute;
  if (!key || !isRecord(attributes)) return undefined;
  const value = attributes[key];
  return typeof value === 'string' ? value : undefined;
}
