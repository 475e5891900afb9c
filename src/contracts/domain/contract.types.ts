/**
 * What a contract (合同) is made from and what its structured terms hold. Pure types: the contracts service fills
 * `ContractInput` from the confirmed deal, its listing, the two parties' accounts and the deal's statement.
 *
 * Parties are named by their role in the API (API.md "Deals, contracts and settlement"): the BUYER pays and the
 * SELLER is paid. For every category but `AGRI_PROJECT` the SELLER is the lister (甲方, 出让方) and the BUYER the
 * winner (乙方, 受让方); for `AGRI_PROJECT` (a reverse auction, 涉农项目招标采购) the BUYER is the purchasing
 * collective that listed the project (甲方, 采购方) and the SELLER the supplier that won (乙方, 供应方). In the text
 * 甲方 is always the lister and 乙方 always the winner.
 */
import type {
  AttributeRecord,
  CategoryCode,
  PartyType,
  PriceUnit,
  TransferMode,
} from '../../catalog/domain/category.types';
import type { IsoDate } from '../../common/domain/calendar-date';
import type { CollectiveResolution } from '../../listings/domain/collective-resolution';
import type { TradingMethod } from '../../listings/domain/listing-validation';
import type { PlannedInstalment } from './instalments';

/** A party's role in the deal, as the API names it: the BUYER pays, the SELLER is paid. */
export type ContractRole = 'SELLER' | 'BUYER';

/** How the deal was made (the deal's `method`). */
export type ContractDealMethod = 'AUCTION' | 'SINGLE_BIDDER' | 'NEGOTIATED';

export interface ContractParty {
  role: ContractRole;
  /** A person's name or the registered name of a collective or organization. */
  name: string;
  partyType: PartyType;
  /** Resident identity number (居民身份证号码), for a PERSON. */
  idNumber?: string | null;
  /** Unified social credit code (统一社会信用代码), for a COLLECTIVE or ORGANIZATION. */
  creditCode?: string | null;
  /** Mainland mobile number. */
  phone: string;
  /** Domicile (住所); written as a blank to fill in at signing when absent. */
  address?: string | null;
  /** Legal representative or person in charge (法定代表人/负责人) of a COLLECTIVE or ORGANIZATION. */
  representative?: string | null;
}

/** The listing facts the contract repeats. */
export interface ContractListingFacts {
  listingNo: string;
  title: string;
  villageName: string;
  /** 12-digit statistical division code of the village. */
  villageCode: string;
  transferMode: TransferMode;
  priceUnit: PriceUnit;
  /** Area in mu (at most 2 decimals) for the categories that have one, else null. */
  areaMu: number | string | null;
  termYears: number | null;
  /** The category attributes as stored on the listing. */
  attributes: AttributeRecord;
  tradingMethod: TradingMethod;
  collectiveResolution?: CollectiveResolution | null;
  /** 委托流转: the households on whose written mandates the collective lists their land. */
  households?: { name: string; areaMu: number }[] | null;
}

export interface ContractDealFacts {
  method: ContractDealMethod;
  /** The price in the listing's price unit, in fen. */
  priceFen: number;
  totalPriceFen: number;
  /** The winner's bidder number (竞买号). */
  buyerBidderNo: string;
  /** `YYYY-MM-DD`, China time. */
  dealDate: IsoDate;
}

/** The money terms of the contract, all integer fen. */
export interface ContractMoney {
  /** The winner's deposit applied to the price (to the first instalment). */
  depositAppliedFen: number;
  buyerFeeFen: number;
  sellerFeeFen: number;
  /** The payment schedule (`planInstalments`): their amounts add up to the total, their fee shares to the fees. */
  instalments: readonly PlannedInstalment[];
  /** The late fee per day of delay, in basis points of the unpaid amount (LATE_FEE_BP_PER_DAY). */
  lateFeeBpPerDay: number;
  /** A procurement's advance, retention and warranty; its performance bond is the supplier's deposit. */
  procurement?: { advancePercent: number; retentionBp: number; warrantyMonths: number; bondFen: number };
}

/** A signature written into the text: who signed, where they live, and on which day (China time). */
export interface ContractSignature {
  role: ContractRole;
  name: string;
  address: string | null;
  signedOn: IsoDate;
}

export interface ContractInput {
  contractNo: string;
  categoryCode: CategoryCode;
  listing: ContractListingFacts;
  deal: ContractDealFacts;
  /** Exactly one SELLER and one BUYER, in any order. */
  parties: readonly ContractParty[];
  money: ContractMoney;
  /**
   * `startsOn` is the handover date (交付日); `endsOn` = the day before the `listing.termYears`-th anniversary
   * (`termEndDate`), or null when the listing has no term (e.g. a TOTAL-price sale or an `AGRI_PROJECT`).
   */
  term: { startsOn: IsoDate; endsOn: IsoDate | null };
  /** The last day both parties may sign (签约期限). */
  signingDeadline: IsoDate;
  /** `LAND_CONTRACT`: the issuing collective (发包方), the village collective the land belongs to. */
  issuingCollective?: { name: string; villageCode: string } | null;
  /** The signatures so far, written into the text. */
  signatures?: readonly ContractSignature[];
  /** The attesting trading centre (鉴证机构); default `农村产权交易中心`. */
  centreName?: string;
  /** The public copy masks ID numbers, credit codes and phone numbers. */
  publicCopy: boolean;
}

/** A party as the terms state it (masked in the public copy). */
export interface TermsParty {
  /** `甲方` (the lister) or `乙方` (the winner). */
  designation: '甲方' | '乙方';
  role: ContractRole;
  /** 出让方, 受让方, 出租方, 承租方, 采购方, 供应方. */
  roleZh: string;
  name: string;
  partyType: PartyType;
  partyTypeZh: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string;
  address: string | null;
  representative: string | null;
}

export interface TermsAttributeItem {
  key: string;
  labelZh: string;
  valueZh: string;
}

export interface TermsPaymentSchedule {
  /** Who pays into the centre's escrow (always the BUYER) and who is paid (the SELLER). */
  payer: ContractRole;
  payee: ContractRole;
  /** The winner's deposit, applied to the first instalment when it is settled. */
  depositApplied: { amountFen: number; when: 'AT_FIRST_SETTLEMENT' };
  /** The instalments, each settled on its own (its fees booked, the payee paid). */
  instalments: readonly PlannedInstalment[];
  /** The late fee per day, in basis points of the unpaid amount, paid to the payee. */
  lateFeeBpPerDay: number;
}

/** The structured content of a contract: what `textZh` says, as JSON. */
export interface ContractTerms {
  contractNo: string;
  titleZh: string;
  publicCopy: boolean;
  centreName: string;
  parties: { partyA: TermsParty; partyB: TermsParty };
  asset: {
    categoryCode: CategoryCode;
    categoryNameZh: string;
    listingNo: string;
    title: string;
    village: { code: string; name: string };
    areaMu: number | string | null;
    /** The attributes as stored (known keys, in catalog order). */
    attributes: AttributeRecord;
    /** The same in Chinese, as the text lists them. */
    attributeItems: TermsAttributeItem[];
  };
  deal: {
    method: ContractDealMethod;
    methodZh: string;
    tradingMethod: TradingMethod;
    buyerBidderNo: string;
    dealDate: IsoDate;
  };
  transferMode: TransferMode;
  transferModeZh: string;
  priceUnit: PriceUnit;
  priceUnitZh: string;
  unitPriceFen: number;
  totalPriceFen: number;
  term: { startsOn: IsoDate; endsOn: IsoDate | null; years: number | null };
  /** The handover date (the term's first day) and the term's last day (null without a term), as API.md names them. */
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  /** `LAND_CONTRACT`: the issuing collective (发包方). */
  issuingCollective: { name: string; villageCode: string } | null;
  /** A procurement's advance (percent of the total), retention (basis points) and warranty (months). */
  procurement: { advancePercent: number; retentionBp: number; warrantyMonths: number; bondFen: number } | null;
  /** `AGRI_PROJECT` only: delivery within `days` calendar days of the contract date, i.e. by `dueOn`. */
  delivery: { days: number; dueOn: IsoDate } | null;
  /** The end of the lister's right (`rightEndsOn` / `validUntil`) the term may not pass, when the category has one. */
  rightEndsOn: IsoDate | null;
  paymentSchedule: TermsPaymentSchedule;
  depositAppliedFen: number;
  fees: { buyerFeeFen: number; sellerFeeFen: number };
  collectiveResolution: {
    meetingDate: IsoDate;
    eligibleVoters: number;
    attendees: number;
    votesFor: number;
    allowOutsiders: boolean;
  } | null;
  rightsAndDuties: { partyA: string[]; partyB: string[] };
  breach: string[];
  disputeResolution: string;
  signingDeadline: IsoDate;
  signatures: ContractSignature[];
}

export interface RenderedContract {
  terms: ContractTerms;
  textZh: string;
}
