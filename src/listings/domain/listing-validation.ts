/**
 * The whole rule check of a listing (DOMAIN.md §1, API.md `POST /listings`), run at create, at every edit and at
 * submit. Pure: it throws a DomainError with the contract's code and touches nothing.
 *
 * Order: malformed fields and attributes (400 VALIDATION_FAILED, every offending field at once), then the business
 * rules (422) in a fixed order, the first broken one answering.
 */
import { IsoDate } from '../../common/domain/calendar-date';
import { DomainError, FieldError } from '../../common/errors/domain-error';
import type { ErrorCode } from '../../common/errors/error-codes';
import { attributeNumber, validateAttributes } from '../../catalog/domain/attribute-validation';
import {
  allowedTransferModes,
  findCategory,
  resolutionRequiredFor,
  rightEndDate,
} from '../../catalog/domain/category-registry';
import { CategoryDefinition, PartyType, PriceUnit, TransferMode } from '../../catalog/domain/category.types';
import { CollectiveResolution, resolutionProblems } from './collective-resolution';
import { depositInRange, isLargeDeal, LargeDealThresholds, reserveMeetsAppraisal } from './listing-rules';
import { termExceedsLimit, termExceedsRight } from './term';
import { computeTotalValue } from './total-value';

export type TradingMethod = 'AUCTION' | 'NEGOTIATED';

/** A household whose land a collective lists on its written mandate (委托流转), and the area it contributes. */
export interface Household {
  name: string;
  areaMu: number;
}

/** The terms of a listing as the seller gives them. */
export interface ListingTerms {
  categoryCode: string;
  villageCode: string;
  transferMode: TransferMode;
  attributes: unknown;
  areaMu?: number | null;
  priceUnit: PriceUnit;
  reservePriceFen: number;
  incrementFen: number;
  depositFen: number;
  termYears?: number | null;
  tradingMethod: TradingMethod;
  collectiveResolution?: CollectiveResolution | null;
  /** 委托流转: a collective lists its households' land on their mandates; `households` then add up to `areaMu`. */
  onBehalfOfHouseholds?: boolean | null;
  households?: Household[] | null;
}

/** A new listing as the seller writes it: the terms plus its title and description. */
export type NewListing = ListingTerms & { title: string; description?: string | null };

export interface Lister {
  partyType: PartyType;
  villageCode: string | null;
}

export interface ListingRuleOptions {
  /** The China-time date the term is taken to start (today). */
  today: IsoDate;
  depositMinBp?: number;
  depositMaxBp?: number;
  largeDeal?: Partial<LargeDealThresholds>;
  /** The largest advance a procurement may set, in basis points (PROCUREMENT_ADVANCE_MAX_BP, default 30 %). */
  maxAdvanceBp?: number;
}

export interface CheckedListing {
  category: CategoryDefinition;
  totalReservePriceFen: number;
  largeDeal: boolean;
}

/** A procurement's largest advance unless configured (PROCUREMENT_ADVANCE_MAX_BP): 30 %. */
export const DEFAULT_MAX_ADVANCE_BP = 3000;

/** Modes that hand over use for a time: they need a term. */
const TERM_MODES: TransferMode[] = ['LEASE', 'SUBCONTRACT'];

/** Is a term (`termYears`) needed: for a per-year price, a lease or subcontract, or a category with a maximum term. */
export function termRequired(category: CategoryDefinition, terms: Pick<ListingTerms, 'priceUnit' | 'transferMode'>) {
  return terms.priceUnit !== 'TOTAL' || TERM_MODES.includes(terms.transferMode) || !!category.rules.maxTermYears;
}

/**
 * The malformed-field errors that depend on the category (attributes, area, term). Exported for the request DTO,
 * so a body with both shape errors and attribute errors is answered with all of them at once.
 */
export function listingFieldErrors(category: CategoryDefinition | undefined, terms: ListingTerms): FieldError[] {
  if (!category) return [{ field: 'categoryCode', message: `unknown category ${terms.categoryCode}` }];
  const errors = validateAttributes(category, terms.attributes);
  const area = terms.areaMu;
  if (category.hasArea && (area === undefined || area === null)) {
    errors.push({ field: 'areaMu', message: `areaMu is required for ${category.code}` });
  } else if (category.hasArea && !(typeof area === 'number' && area > 0)) {
    errors.push({ field: 'areaMu', message: 'areaMu must be greater than 0' });
  } else if (!category.hasArea && area !== undefined && area !== null) {
    errors.push({ field: 'areaMu', message: `${category.code} has no area: leave areaMu out` });
  }
  if (termRequired(category, terms) && (terms.termYears === undefined || terms.termYears === null)) {
    errors.push({
      field: 'termYears',
      message: 'termYears is required for this price unit, transfer mode or category',
    });
  }
  errors.push(...householdErrors(category, terms));
  return errors;
}

/**
 * 委托流转 (DOMAIN.md §1 `LAND_CONTRACT`): only land contracting rights are listed on households' mandates; the
 * households are then listed, each with a positive area, and their areas add up to the listing's `areaMu` exactly
 * (to the hundredth of a mu); without the flag there are no households.
 */
export function householdErrors(
  category: CategoryDefinition,
  terms: Pick<ListingTerms, 'onBehalfOfHouseholds' | 'households' | 'areaMu'>,
): FieldError[] {
  const households = terms.households ?? [];
  if (!terms.onBehalfOfHouseholds) {
    return households.length > 0
      ? [{ field: 'households', message: 'households are listed only with onBehalfOfHouseholds: true' }]
      : [];
  }
  if (category.code !== 'LAND_CONTRACT') {
    return [{ field: 'onBehalfOfHouseholds', message: "only LAND_CONTRACT is listed on households' mandates" }];
  }
  if (households.length === 0) {
    return [{ field: 'households', message: 'list the mandating households and their areas' }];
  }
  const hundredths = households.reduce((sum, h) => sum + Math.round(h.areaMu * 100), 0);
  const area = terms.areaMu;
  if (typeof area === 'number' && hundredths !== Math.round(area * 100)) {
    return [
      {
        field: 'households',
        message: `the households' areas add up to ${(hundredths / 100).toFixed(2)} mu, not areaMu ${area}`,
      },
    ];
  }
  return [];
}

const ruleError = (code: ErrorCode, params: Record<string, string | number> = {}, field?: string): DomainError =>
  new DomainError(code, params, field ? [{ field, message: code }] : []);

/** Checks a listing's terms against its category and lister; returns its total value, or throws the first error. */
export function checkListing(
  terms: ListingTerms,
  lister: Lister,
  options: ListingRuleOptions,
  knownFieldErrors: FieldError[] = [],
): CheckedListing {
  const category = findCategory(terms.categoryCode);
  const errors = [...knownFieldErrors, ...listingFieldErrors(category, terms)];
  if (errors.length > 0 || !category) throw new DomainError('VALIDATION_FAILED', {}, errors);

  if (!category.listerTypes.includes(lister.partyType)) {
    throw ruleError('LISTER_TYPE_NOT_ALLOWED', { partyType: lister.partyType, category: category.code });
  }
  if (!allowedTransferModes(category, terms.attributes).includes(terms.transferMode)) {
    throw ruleError('TRANSFER_MODE_NOT_ALLOWED', { mode: terms.transferMode, category: category.code }, 'transferMode');
  }
  if (!category.priceUnits.includes(terms.priceUnit)) {
    throw ruleError('PRICE_UNIT_NOT_ALLOWED', { unit: terms.priceUnit, category: category.code }, 'priceUnit');
  }
  if (terms.onBehalfOfHouseholds && lister.partyType !== 'COLLECTIVE') {
    throw new DomainError('VALIDATION_FAILED', {}, [
      { field: 'onBehalfOfHouseholds', message: "only a collective lists on its households' mandates" },
    ]);
  }
  if (lister.partyType === 'COLLECTIVE' && terms.villageCode !== lister.villageCode) {
    throw ruleError('VILLAGE_NOT_OWN', {}, 'villageCode');
  }
  const termYears = terms.termYears ?? undefined;
  const rightEndsOn = rightEndDate(category, terms.attributes);
  if (termYears !== undefined && rightEndsOn && termExceedsRight(options.today, termYears, rightEndsOn)) {
    throw ruleError('TERM_EXCEEDS_RIGHT', { rightEndsOn }, 'termYears');
  }
  if (termYears !== undefined && termExceedsLimit(termYears, category.rules.maxTermYears)) {
    throw ruleError('TERM_EXCEEDS_LIMIT', { maxTermYears: category.rules.maxTermYears ?? 0 }, 'termYears');
  }
  const resolution = terms.collectiveResolution ?? undefined;
  if (!resolution && resolutionRequiredFor(category, lister.partyType)) {
    throw ruleError('COLLECTIVE_RESOLUTION_REQUIRED', {}, 'collectiveResolution');
  }
  if (resolution) {
    const problems = resolutionProblems(resolution);
    if (problems.length > 0) {
      throw new DomainError(
        'COLLECTIVE_RESOLUTION_INVALID',
        {},
        problems.map((p) => ({ field: 'collectiveResolution', message: p })),
      );
    }
  }
  const total = computeTotalValue({
    priceUnit: terms.priceUnit,
    priceFen: terms.reservePriceFen,
    termYears,
    areaMu: terms.areaMu ?? undefined,
  });
  if (!total.ok) {
    const field = total.field === 'priceFen' ? 'reservePriceFen' : total.field;
    throw new DomainError('VALIDATION_FAILED', {}, [{ field, message: total.error }]);
  }
  if (total.totalFen < 1) {
    throw new DomainError('VALIDATION_FAILED', {}, [
      { field: 'reservePriceFen', message: 'the total reserve value rounds to 0 fen: raise the price' },
    ]);
  }
  const appraised = attributeNumber(terms.attributes, 'appraisedValueFen');
  const minBp = category.rules.minReserveOfAppraisalBp;
  if (minBp !== undefined && appraised !== undefined && !reserveMeetsAppraisal(total.totalFen, appraised, minBp)) {
    throw ruleError('RESERVE_BELOW_APPRAISAL', { percent: minBp / 100 }, 'reservePriceFen');
  }
  // the deposit is bounded by the total, or for a price per year by one year's value (a 30-year lease needs no
  // deposit of several years' rent)
  const depositBase =
    terms.priceUnit === 'TOTAL'
      ? total
      : computeTotalValue({
          priceUnit: terms.priceUnit,
          priceFen: terms.reservePriceFen,
          termYears: 1,
          areaMu: terms.areaMu ?? undefined,
        });
  const baseFen = depositBase.ok ? depositBase.totalFen : total.totalFen;
  if (!depositInRange(terms.depositFen, baseFen, options.depositMinBp, options.depositMaxBp)) {
    throw ruleError('DEPOSIT_OUT_OF_RANGE', { baseFen }, 'depositFen');
  }
  const advancePercent = attributeNumber(terms.attributes, 'advancePercent');
  const maxAdvanceBp = options.maxAdvanceBp ?? DEFAULT_MAX_ADVANCE_BP;
  if (advancePercent !== undefined && advancePercent * 100 > maxAdvanceBp) {
    throw new DomainError('VALIDATION_FAILED', {}, [
      { field: 'attributes.advancePercent', message: `the advance may be at most ${maxAdvanceBp / 100} %` },
    ]);
  }
  return {
    category,
    totalReservePriceFen: total.totalFen,
    largeDeal: isLargeDeal(total.totalFen, terms.areaMu ?? undefined, options.largeDeal),
  };
}
