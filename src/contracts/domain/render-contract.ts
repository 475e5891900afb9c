/**
 * Renders a contract (合同) from its category's template (`CONTRACT_TEMPLATES`): the structured `terms` and the full
 * Simplified Chinese text `textZh`, which says the same. Pure and deterministic: the same input gives the same
 * output, byte for byte, so a contract can be stored and compared.
 *
 * 甲方 is always the lister and 乙方 the winner. For every category but `AGRI_PROJECT` the lister is the SELLER
 * (出让方, 出租方) and is paid; for `AGRI_PROJECT` the lister is the purchasing collective, the BUYER (采购方), who
 * pays, and the winning supplier is the SELLER (供应方). Money is written from integer fen, in figures and in words.
 */
import { addDays, isValidIsoDate } from '../../common/domain/calendar-date';
import { isNonNegativeFen } from '../../common/domain/money';
import { maskIdNumber, maskPhone } from '../../accounts/domain/identity';
import {
  getCategory,
  isCategoryCode,
  resolutionRequiredFor,
  rightEndDate,
} from '../../catalog/domain/category-registry';
import {
  type AttributeRecord,
  type CategoryDefinition,
  PRICE_UNIT_LABELS,
  type PartyType,
  TRANSFER_MODE_LABELS,
} from '../../catalog/domain/category.types';
import { computeTotalValue } from '../../listings/domain/total-value';
import { termEndDate } from '../../listings/domain/term';
import { formatYuan, moneyClause } from '../../common/domain/money-words';
import {
  articleNumber,
  chineseNumber,
  formatAttributeValue,
  formatDateZh,
  formatDecimal,
  itemNumber,
} from './contract-format';
import {
  type ClauseContext,
  clausesOf,
  contractTemplate,
  contractTitle,
  type ContractKind,
  type ContractTemplate,
  DEFAULT_HEADINGS,
  modeClausesOf,
  modeHeading,
  partyLabels,
  SECTION_KINDS,
  type SectionKind,
} from './contract-templates';
import type {
  ContractDealMethod,
  ContractInput,
  ContractParty,
  ContractRole,
  ContractTerms,
  RenderedContract,
  TermsAttributeItem,
  TermsParty,
} from './contract.types';
import type { PlannedInstalment } from './instalments';

export const DEFAULT_CENTRE_NAME = '农村产权交易中心';

const PARTY_TYPE_ZH: Readonly<Record<PartyType, string>> = {
  PERSON: '自然人',
  COLLECTIVE: '农村集体经济组织',
  ORGANIZATION: '企业、农民专业合作社、家庭农场等组织',
};

const METHOD_ZH: Readonly<Record<ContractKind, Readonly<Record<ContractDealMethod, string>>>> = {
  RIGHT: { AUCTION: '网络竞价', SINGLE_BIDDER: '协议转让', NEGOTIATED: '协商议价' },
  PROCUREMENT: { AUCTION: '网络反向竞价', SINGLE_BIDDER: '协议采购', NEGOTIATED: '协商议价' },
};

/** Why an input cannot be rendered. */
export type ContractInputProblem =
  | 'UNKNOWN_CATEGORY'
  | 'PARTIES_NOT_ONE_SELLER_ONE_BUYER'
  | 'TRANSFER_MODE_NOT_ALLOWED'
  | 'PRICE_UNIT_NOT_ALLOWED'
  | 'INVALID_AMOUNT'
  | 'TOTAL_MISMATCH'
  | 'DEPOSIT_EXCEEDS_TOTAL'
  | 'SELLER_FEE_EXCEEDS_TOTAL'
  | 'INSTALMENTS_MISMATCH'
  | 'INVALID_DATE'
  | 'TERM_END_MISMATCH'
  | 'INVALID_LATE_FEE';

/**
 * Every reason `input` cannot be rendered (empty when it can). Never throws. Checks that the figures agree with each
 * other: the total is the price in its unit (`computeTotalValue`), the instalments add up to the total and their fee
 * shares to the fees, and the term ends the day before its `termYears`-th anniversary (or has no end when the
 * listing has no term).
 */
export function contractInputProblems(input: ContractInput): ContractInputProblem[] {
  const problems: ContractInputProblem[] = [];
  if (!isCategoryCode(input.categoryCode)) return ['UNKNOWN_CATEGORY'];
  const category = getCategory(input.categoryCode);
  const { listing, deal, money, term } = input;

  const roles = input.parties.map((p) => p.role);
  if (roles.length !== 2 || !roles.includes('SELLER') || !roles.includes('BUYER')) {
    problems.push('PARTIES_NOT_ONE_SELLER_ONE_BUYER');
  }
  if (!category.transferModes.includes(listing.transferMode)) problems.push('TRANSFER_MODE_NOT_ALLOWED');
  if (!category.priceUnits.includes(listing.priceUnit)) problems.push('PRICE_UNIT_NOT_ALLOWED');

  const amounts = [deal.priceFen, deal.totalPriceFen, money.depositAppliedFen, money.buyerFeeFen, money.sellerFeeFen];
  if (!amounts.every(isNonNegativeFen)) {
    problems.push('INVALID_AMOUNT');
  } else {
    const total = computeTotalValue({
      priceUnit: listing.priceUnit,
      priceFen: deal.priceFen,
      termYears: listing.termYears,
      areaMu: listing.areaMu,
    });
    if (!total.ok || total.totalFen !== deal.totalPriceFen) problems.push('TOTAL_MISMATCH');
    if (money.depositAppliedFen > deal.totalPriceFen) problems.push('DEPOSIT_EXCEEDS_TOTAL');
    if (money.sellerFeeFen > deal.totalPriceFen) problems.push('SELLER_FEE_EXCEEDS_TOTAL');
    const parts = money.instalments;
    const sum = (pick: (i: PlannedInstalment) => number): number => parts.reduce((acc, i) => acc + pick(i), 0);
    if (
      parts.length === 0 ||
      !parts.every((i, n) => i.no === n + 1 && isNonNegativeFen(i.amountFen) && i.amountFen > 0) ||
      sum((i) => i.amountFen) !== deal.totalPriceFen ||
      sum((i) => i.buyerFeeFen) !== money.buyerFeeFen ||
      sum((i) => i.sellerFeeFen) !== money.sellerFeeFen ||
      money.depositAppliedFen > parts[0].amountFen
    ) {
      problems.push('INSTALMENTS_MISMATCH');
    }
  }
  if (!Number.isSafeInteger(money.lateFeeBpPerDay) || money.lateFeeBpPerDay < 0 || money.lateFeeBpPerDay > 10_000) {
    problems.push('INVALID_LATE_FEE');
  }

  const dates = [
    deal.dealDate,
    term.startsOn,
    input.signingDeadline,
    ...(term.endsOn === null ? [] : [term.endsOn]),
    ...money.instalments.flatMap((i) => (i.dueOn === null ? [] : [i.dueOn])),
    ...(input.signatures ?? []).map((sig) => sig.signedOn),
  ];
  if (!dates.every((d) => isValidIsoDate(d))) {
    problems.push('INVALID_DATE');
  } else {
    const years = listing.termYears;
    const hasYears = years !== null && years !== undefined;
    if (hasYears !== (term.endsOn !== null)) {
      problems.push('TERM_END_MISMATCH');
    } else if (hasYears) {
      const validYears = Number.isSafeInteger(years) && years > 0;
      if (!validYears || termEndDate(term.startsOn, years) !== term.endsOn) problems.push('TERM_END_MISMATCH');
    }
  }
  return problems;
}

function termsParty(
  party: ContractParty,
  designation: '甲方' | '乙方',
  roleZh: string,
  publicCopy: boolean,
): TermsParty {
  const idNumber = party.idNumber ? party.idNumber : null;
  const creditCode = party.creditCode ? party.creditCode : null;
  return {
    designation,
    role: party.role,
    roleZh,
    name: party.name,
    partyType: party.partyType,
    partyTypeZh: PARTY_TYPE_ZH[party.partyType],
    idNumber: idNumber && publicCopy ? maskIdNumber(idNumber) : idNumber,
    creditCode: creditCode && publicCopy ? maskIdNumber(creditCode) : creditCode,
    phone: publicCopy ? maskPhone(party.phone) : party.phone,
    // a person's home is personal data: the public copy says only that it is withheld
    address: party.address ? (publicCopy && party.partyType === 'PERSON' ? WITHHELD : party.address) : null,
    representative: party.representative ? party.representative : null,
  };
}

function attributeItems(
  category: CategoryDefinition,
  template: ContractTemplate,
  attrs: AttributeRecord,
): { stored: AttributeRecord; items: TermsAttributeItem[] } {
  const stored: AttributeRecord = {};
  const items: TermsAttributeItem[] = [];
  for (const spec of category.attributes) {
    const label = template.attributes[spec.key];
    const labelZh = label?.label ?? spec.labelZh;
    const value = attrs[spec.key];
    if (value !== undefined && value !== null) {
      stored[spec.key] = structuredClone(value);
      items.push({ key: spec.key, labelZh, valueZh: formatAttributeValue(spec, value, label?.values) });
    } else if (label?.whenMissing !== undefined) {
      items.push({ key: spec.key, labelZh, valueZh: label.whenMissing });
    }
  }
  return { stored, items };
}

/** What the public copy prints in place of a person's address. */
const WITHHELD = '（已隐去）';

/** A blank to fill in at signing, for what the records do not hold (e.g. an unknown domicile). */
const BLANK = '＿＿＿＿＿＿＿＿（签约时填写）';
const INDENT = '    ';

function partyBlock(p: TermsParty, n: number): string {
  const lines = [`${itemNumber(n)}${p.designation}（${p.roleZh}）：${p.name}`, `${INDENT}主体类型：${p.partyTypeZh}`];
  if (p.idNumber) lines.push(`${INDENT}身份证号码：${p.idNumber}`);
  if (p.creditCode) lines.push(`${INDENT}统一社会信用代码：${p.creditCode}`);
  if (p.representative) lines.push(`${INDENT}法定代表人（负责人）：${p.representative}`);
  lines.push(`${INDENT}住所：${p.address ?? BLANK}`, `${INDENT}联系电话：${p.phone}`);
  return lines.join('\n');
}

function numbered(items: readonly string[]): string[] {
  if (items.length === 1) return [...items];
  return items.map((item, i) => `${itemNumber(i + 1)}${item}`);
}

function dutiesBlock(n: number, who: string, duties: readonly string[]): string {
  return [`${itemNumber(n)}${who}的权利和义务：`, ...duties.map((d, i) => `${INDENT}${i + 1}. ${d}`)].join('\n');
}

/** `3%` or `2.5%` from basis points. */
function percentOfBp(bp: number): string {
  return formatDecimal(bp / 100);
}

/**
 * The contract of a confirmed deal: `terms` (structured) and `textZh` (the full text). Throws a `RangeError`
 * (`CONTRACT_INPUT_INVALID: ...` naming every problem of `contractInputProblems`) when the input does not add up.
 */
export function renderContract(input: ContractInput): RenderedContract {
  const problems = contractInputProblems(input);
  if (problems.length > 0) throw new RangeError(`CONTRACT_INPUT_INVALID: ${problems.join(', ')}`);

  const code = input.categoryCode;
  const category = getCategory(code);
  const template = contractTemplate(code);
  const { listing, deal, money, term, publicCopy } = input;
  const centre = input.centreName?.trim() ? input.centreName.trim() : DEFAULT_CENTRE_NAME;
  const kind = template.kind;
  const signatures = [...(input.signatures ?? [])];

  // Parties: 甲方 is the lister, 乙方 the winner, named as the transfer mode names them; the BUYER pays and the
  // SELLER is paid. A signature's address (住所) replaces what the records held.
  const byRole = (role: ContractRole): ContractParty => {
    const party = input.parties.find((p) => p.role === role) as ContractParty;
    const signed = signatures.find((sig) => sig.role === role);
    return signed?.address ? { ...party, address: signed.address } : party;
  };
  const [aRole, bRole] = partyLabels(code, listing.transferMode);
  const winnerRole: ContractRole = template.listerRole === 'SELLER' ? 'BUYER' : 'SELLER';
  const partyA = termsParty(byRole(template.listerRole), '甲方', aRole, publicCopy);
  const partyB = termsParty(byRole(winnerRole), '乙方', bRole, publicCopy);
  const a = '甲方';
  const b = '乙方';
  const payer = template.listerRole === 'BUYER' ? partyA : partyB;
  const payee = payer === partyA ? partyB : partyA;
  const desig = (p: TermsParty): string => `${p.designation}（${p.roleZh}）`;

  const title = contractTitle(code, listing.transferMode);
  const modeZh = TRANSFER_MODE_LABELS[listing.transferMode].zh;
  const methodZh = METHOD_ZH[kind][deal.method];
  const termLabel = template.termLabel ?? '期限';
  const rightEndsOn = rightEndDate(category, listing.attributes) ?? null;
  const hasTerm = term.endsOn !== null;
  const years = hasTerm ? listing.termYears : null;
  const startZh = formatDateZh(term.startsOn);
  const total = deal.totalPriceFen;
  const procurement = money.procurement ?? null;
  const issuing = code === 'LAND_CONTRACT' ? (input.issuingCollective ?? null) : null;
  const resolutionParty = input.parties.find((p) => p.role === template.listerRole);
  const resolution =
    resolutionParty && resolutionRequiredFor(category, resolutionParty.partyType)
      ? (listing.collectiveResolution ?? null)
      : null;
  const ctx: ClauseContext = {
    a,
    b,
    attrs: listing.attributes,
    transferMode: listing.transferMode,
    modeZh,
    hasTerm,
    termLabel,
    startsOnZh: startZh,
    rightEndsOnZh: rightEndsOn && isValidIsoDate(rightEndsOn) ? formatDateZh(rightEndsOn) : null,
    centreName: centre,
    issuingCollective: issuing?.name ?? null,
    lateFeeBpPerDay: money.lateFeeBpPerDay,
    totalZh: moneyClause(total),
    procurement: procurement
      ? {
          advancePercent: procurement.advancePercent,
          retentionPercent: percentOfBp(procurement.retentionBp),
          warrantyMonths: procurement.warrantyMonths,
          bondZh: moneyClause(procurement.bondFen),
        }
      : null,
    allowOutsiders: listing.collectiveResolution?.allowOutsiders === true,
    landLike: template.landLike === true,
  };
  const { stored, items: attrItems } = attributeItems(category, template, listing.attributes);

  // Delivery of a procurement.
  const deliveryDays = listing.attributes.deliveryDays;
  const delivery =
    kind === 'PROCUREMENT' && typeof deliveryDays === 'number' && Number.isSafeInteger(deliveryDays)
      ? { days: deliveryDays, dueOn: addDays(term.startsOn, deliveryDays) }
      : null;

  // Rights and duties, breach, dispute: the generic clauses of the kind, then the category's.
  const partyADuties =
    kind === 'RIGHT'
      ? [
          '按照本合同约定收取成交价款。',
          `保证对交易标的依法享有处分权，标的权属清晰，不存在未如实披露的抵押、查封等权利限制；因权属瑕疵给${b}造成损失的，依法承担赔偿责任。`,
          `于${startZh}按照约定的状况将交易标的交付${b}，并协助${b}办理有关登记、备案手续。`,
          ...clausesOf(template.partyADuties, ctx),
        ]
      : ['按照本合同约定的期限和方式足额支付合同价款。', ...clausesOf(template.partyADuties, ctx)];
  const partyBDuties =
    kind === 'RIGHT'
      ? [
          '按照本合同约定的期限和方式足额支付成交价款和交易服务费。',
          hasTerm ? `在${termLabel}内依法占有、使用交易标的并取得收益。` : '依法取得交易标的的相应权利。',
          '遵守法律法规，合理利用和保护交易标的，不得从事违法活动。',
          ...clausesOf(template.partyBDuties, ctx),
        ]
      : ['按照本合同约定取得合同价款。', ...clausesOf(template.partyBDuties, ctx)];

  const breach =
    kind === 'RIGHT'
      ? [
          `${b}未在规定期限内签订本合同或者未按期足额支付第一期款项的，构成违约，其已缴纳的交易保证金不予退还，按${centre}交易规则处理；给${a}造成的损失超过保证金的，还应当赔偿超出部分。`,
          `${a}未按约定交付交易标的，或者因交易标的权属瑕疵致使本合同不能履行的，应当退还${b}已支付的款项，并赔偿${b}因此遭受的损失。`,
        ]
      : [
          `${b}中标后未在规定期限内签订本合同的，其已缴纳的交易保证金不予退还，按${centre}交易规则处理。`,
          `${b}未按约定的范围、质量标准和期限完成交付的，应当采取补救措施并赔偿${a}因此遭受的损失；经催告后在合理期限内仍未履行的，${a}可以解除本合同，${b}的履约保证金不予退还。`,
          `${a}未按期足额支付应付款项的，应当继续履行付款义务，并按本合同约定支付滞纳金。`,
        ];
  breach.push(
    ...clausesOf(template.breach, ctx),
    '任何一方违反本合同约定的，应当依法承担继续履行、采取补救措施或者赔偿损失等违约责任。',
  );

  const disputeResolution =
    template.disputeRoute === 'LAND'
      ? '因本合同发生纠纷的，双方可以协商解决，也可以请求村民委员会、乡（镇）人民政府等调解解决；当事人不愿协商、调解或者协商、调解不成的，可以向农村土地承包仲裁机构申请仲裁，也可以直接向人民法院起诉。'
      : `因本合同发生争议的，双方应当协商解决；协商不成的，可以申请${centre}或者标的所在地乡（镇）人民政府调解；不愿调解或者调解不成的，任何一方可以依法向有管辖权的人民法院提起诉讼。`;

  const collectiveResolution = resolution
    ? {
        meetingDate: resolution.meetingDate,
        eligibleVoters: resolution.eligibleVoters,
        attendees: resolution.attendees,
        votesFor: resolution.votesFor,
        allowOutsiders: resolution.allowOutsiders === true,
      }
    : null;

  const terms: ContractTerms = {
    contractNo: input.contractNo,
    titleZh: title,
    publicCopy,
    centreName: centre,
    parties: { partyA, partyB },
    issuingCollective: issuing ? { name: issuing.name, villageCode: issuing.villageCode } : null,
    asset: {
      categoryCode: code,
      categoryNameZh: category.nameZh,
      listingNo: listing.listingNo,
      title: listing.title,
      village: { code: listing.villageCode, name: listing.villageName },
      areaMu: listing.areaMu,
      attributes: stored,
      attributeItems: attrItems,
    },
    deal: {
      method: deal.method,
      methodZh,
      tradingMethod: listing.tradingMethod,
      buyerBidderNo: deal.buyerBidderNo,
      dealDate: deal.dealDate,
    },
    transferMode: listing.transferMode,
    transferModeZh: modeZh,
    priceUnit: listing.priceUnit,
    priceUnitZh: PRICE_UNIT_LABELS[listing.priceUnit].zh,
    unitPriceFen: deal.priceFen,
    totalPriceFen: total,
    term: { startsOn: term.startsOn, endsOn: term.endsOn, years },
    startsOn: term.startsOn,
    endsOn: term.endsOn,
    delivery,
    rightEndsOn,
    paymentSchedule: {
      payer: 'BUYER',
      payee: 'SELLER',
      depositApplied: { amountFen: money.depositAppliedFen, when: 'AT_FIRST_SETTLEMENT' },
      instalments: money.instalments.map((i) => ({ ...i })),
      lateFeeBpPerDay: money.lateFeeBpPerDay,
    },
    depositAppliedFen: money.depositAppliedFen,
    fees: { buyerFeeFen: money.buyerFeeFen, sellerFeeFen: money.sellerFeeFen },
    procurement: procurement ? { ...procurement } : null,
    collectiveResolution,
    rightsAndDuties: { partyA: partyADuties, partyB: partyBDuties },
    breach,
    disputeResolution,
    signingDeadline: input.signingDeadline,
    signatures: signatures.map((sig) => {
      const person = input.parties.find((p) => p.role === sig.role)?.partyType === 'PERSON';
      return publicCopy && person && sig.address ? { ...sig, address: WITHHELD } : { ...sig };
    }),
  };

  // The payment clauses.
  const priceLabel = kind === 'PROCUREMENT' ? '合同价款' : '成交价款';
  const paymentLines = (): string[] => {
    const parts = money.instalments;
    const fee = (i: PlannedInstalment): string =>
      i.buyerFeeFen > 0 ? `，另付交易服务费${formatYuan(i.buyerFeeFen)}元` : '';
    if (kind === 'PROCUREMENT' && procurement) {
      const lines = parts.map((i) =>
        i.kind === 'ADVANCE'
          ? `预付款：本合同签订后，${desig(payer)}于${formatDateZh(i.dueOn as string)}前（含当日）支付合同价款的${procurement.advancePercent}%，即${moneyClause(i.amountFen)}${fee(i)}。`
          : `结算款：工程（货物、服务）经验收合格后，${desig(payer)}于验收合格之日支付${parts.length > 1 ? '其余' : '全部'}合同价款${moneyClause(i.amountFen)}${fee(i)}；结算时由${centre}扣留合同价款的${percentOfBp(procurement.retentionBp)}%即${formatYuan(i.retentionFen)}元作为质量保证金，质量保证期（${procurement.warrantyMonths}个月）满后释放给${desig(payee)}。`,
      );
      return lines;
    }
    if (parts.length === 1) {
      const [only] = parts;
      const net = only.amountFen - money.depositAppliedFen;
      return [
        `付款：${desig(payer)}应当于${formatDateZh(only.dueOn as string)}前（含当日）将${priceLabel}${formatYuan(only.amountFen)}元${fee(only)}支付至${centre}资金监管账户${money.depositAppliedFen > 0 ? `；已转作${priceLabel}的交易保证金从中扣除，实际应付${formatYuan(net + only.buyerFeeFen)}元` : ''}。`,
      ];
    }
    const rentWord = listing.priceUnit === 'TOTAL' ? '价款' : '租金（流转价款）';
    return [
      `付款：${rentWord}按年支付，先付后用，共${parts.length}期，由${desig(payer)}支付至${centre}资金监管账户：`,
      ...parts.map(
        (i) =>
          `${INDENT}第${i.no}期：${formatDateZh(i.dueOn as string)}前（含当日）支付${formatYuan(i.amountFen)}元${fee(i)}${i.no === 1 && money.depositAppliedFen > 0 ? `（已转作的交易保证金${formatYuan(money.depositAppliedFen)}元从中扣除）` : ''}；`,
      ),
      `${INDENT}每期款项可自应付之日前三十日起支付，每期付清后由${centre}单独结算。`,
    ];
  };

  // The articles.
  const sectionBody: Record<SectionKind, () => string[]> = {
    PARTIES: () => {
      const blocks = [partyBlock(partyA, 1), partyBlock(partyB, 2)];
      if (issuing) {
        blocks.push(
          `${itemNumber(blocks.length + 1)}发包方：${issuing.name}（${listing.villageName}，行政区划代码：${issuing.villageCode}）。流转土地为其发包的集体所有的土地。`,
        );
      }
      const households = code === 'LAND_CONTRACT' ? (listing.households ?? []) : [];
      if (households.length > 0) {
        const list = households.map((h) => `${h.name}${formatDecimal(h.areaMu)}亩`).join('、');
        blocks.push(
          `${itemNumber(blocks.length + 1)}委托流转：${a}受本集体经济组织下列承包农户书面委托（委托书存交易中心备查）流转其承包土地的经营权：${list}，合计${formatDecimal(households.reduce((s, h) => s + Math.round(h.areaMu * 100), 0) / 100)}亩。`,
        );
      }
      if (collectiveResolution) {
        const r = collectiveResolution;
        const twoThirds = BigInt(r.votesFor) * 3n >= BigInt(r.eligibleVoters) * 2n;
        blocks.push(
          `${itemNumber(blocks.length + 1)}集体决议：${a}（挂牌方）已就本次交易形成集体决议，于${formatDateZh(r.meetingDate)}召开成员（代表）会议，应参加表决${r.eligibleVoters}人，实到${r.attendees}人，同意${r.votesFor}人${twoThirds ? '，同意人数达到应参加表决人数的三分之二以上' : ''}。${r.allowOutsiders ? '决议同意本集体经济组织以外的受让方参与受让。' : ''}`,
        );
      }
      return blocks;
    },
    ASSET: () =>
      numbered([
        `${template.nameLabel ?? '标的名称'}：${listing.title}`,
        `交易品种：${category.nameZh}（挂牌编号：${listing.listingNo}）`,
        `${template.locationLabel ?? '坐落'}：${listing.villageName}（行政区划代码：${listing.villageCode}）`,
        ...(listing.areaMu !== null ? [`面积：${formatDecimal(listing.areaMu)}亩`] : []),
        `${template.modeLabel ?? '交易方式'}：${modeZh}`,
        ...attrItems.map((item) => `${item.labelZh}：${item.valueZh}`),
      ]),
    TERM: () => {
      const lines: string[] = [];
      if (hasTerm && term.endsOn !== null) {
        lines.push(
          `${termLabel}为${years}年，自${startZh}起至${formatDateZh(term.endsOn)}止。${a}于${startZh}将交易标的交付${b}。`,
        );
        if (template.rightEndLabel && ctx.rightEndsOnZh) {
          lines.push(
            `${termLabel}不得超过${a}${template.rightEndLabel}的剩余期限（${template.rightEndLabel}至${ctx.rightEndsOnZh}届满），超过部分无效。`,
          );
        }
      } else if (kind === 'PROCUREMENT') {
        lines.push(
          delivery
            ? `${b}应当自${startZh}起${delivery.days}日内，即${formatDateZh(delivery.dueOn)}前完成交付（竣工），并经${a}验收。`
            : `${b}应当按照采购文件约定的期限完成交付（竣工），并经${a}验收。`,
        );
      } else {
        lines.push(`本次${modeZh}不约定期限；交易标的于${startZh}交付${b}。`);
      }
      return numbered(lines);
    },
    USE: () => numbered(clausesOf(template.use, ctx)),
    PRICE_PAYMENT: () => {
      let price: string;
      if (listing.priceUnit === 'TOTAL') {
        price =
          kind === 'PROCUREMENT'
            ? `本项目经${methodZh}确定的中标价即合同总价为${moneyClause(total)}，包括完成本项目全部内容所需的费用。`
            : `经${methodZh}确定的成交总价为${moneyClause(total)}。`;
      } else if (listing.priceUnit === 'PER_YEAR') {
        price =
          `经${methodZh}确定的成交价格为每年${moneyClause(deal.priceFen)}；${termLabel}${years}年，成交总价为` +
          `${formatYuan(deal.priceFen)}元/年 × ${years}年 = ${moneyClause(total)}。`;
      } else {
        const area = formatDecimal(listing.areaMu ?? 0);
        price =
          `经${methodZh}确定的成交价格为每亩每年${moneyClause(deal.priceFen)}；面积${area}亩，${termLabel}${years}年，` +
          `成交总价为${formatYuan(deal.priceFen)}元/亩/年 × ${area}亩 × ${years}年 = ${moneyClause(total)}` +
          '（计算至分，分以下四舍五入）。';
      }
      const deposit =
        money.depositAppliedFen > 0
          ? `交易保证金：${b}已缴纳的交易保证金${moneyClause(money.depositAppliedFen)}，于第一期结算时由${centre}转作${priceLabel}。`
          : kind === 'PROCUREMENT'
            ? `交易保证金：${b}已缴纳的交易保证金转作履约保证金，不转作${priceLabel}。`
            : `交易保证金：本合同无转作${priceLabel}的交易保证金。`;
      const feeText = (p: TermsParty): string => {
        const fee = p.role === 'BUYER' ? money.buyerFeeFen : money.sellerFeeFen;
        return fee > 0 ? `${desig(p)}应缴${moneyClause(fee)}` : `${desig(p)}免收`;
      };
      const fees = `交易服务费：按${centre}收费标准（差额定率累进），${feeText(partyA)}；${feeText(partyB)}${money.instalments.length > 1 ? '；分期支付的，交易服务费按各期款项占成交总价的比例分摊' : ''}。`;
      const late = `逾期付款的，自应付之日的次日起每日按未付款项的万分之${money.lateFeeBpPerDay}计收滞纳金，随该期款项一并结算给${desig(payee)}。`;
      const settlement = `结算：每期款项付清后，由${centre}办理该期结算，将该期${priceLabel}扣除${payee.designation}该期交易服务费后支付给${desig(payee)}；第一期结算完成后，由${centre}出具交易鉴证书。`;
      return numbered([
        price,
        deposit,
        fees,
        paymentLines().join('\n'),
        late,
        settlement,
        `本合同项下款项均通过${centre}资金监管账户结算，双方不得私下收付。`,
      ]);
    },
    RIGHTS_DUTIES: () => [dutiesBlock(1, desig(partyA), partyADuties), dutiesBlock(2, desig(partyB), partyBDuties)],
    COMPENSATION: () => numbered(clausesOf(template.compensation, ctx)),
    BREACH: () => numbered(breach),
    MODE: () => numbered(modeClausesOf(code, ctx)),
    DISPUTE: () => [disputeResolution],
    OTHER: () =>
      numbered([
        `本合同自甲乙双方签字（盖章）之日起成立，经${centre}鉴证后生效。双方应当于${formatDateZh(input.signingDeadline)}前签订本合同；逾期未签订的，按${centre}交易规则处理。`,
        '本合同未尽事宜，双方可以协商签订补充协议，补充协议与本合同具有同等法律效力，但不得变更经公开交易确定的成交价格、期限等实质性内容。',
        ...clausesOf(template.other, ctx),
        `本合同一式${chineseNumber(template.filedWith ? 4 : 3)}份，甲、乙双方各执一份，${centre}存档一份${template.filedWith ? `，报${template.filedWith}备案一份` : ''}，具有同等法律效力。`,
      ]),
  };

  const order = template.sections ?? SECTION_KINDS;
  const articles: string[] = [];
  for (const kindOfSection of order) {
    if (kindOfSection === 'USE' && template.use === undefined) continue;
    if (kindOfSection === 'COMPENSATION' && template.compensation === undefined) continue;
    const heading =
      kindOfSection === 'MODE'
        ? modeHeading(listing.transferMode)
        : (template.headings?.[kindOfSection] ?? DEFAULT_HEADINGS[kindOfSection]);
    const body = sectionBody[kindOfSection]();
    if (body.length === 0) continue;
    articles.push([`${articleNumber(articles.length + 1)} ${heading}`, ...body].join('\n'));
  }

  const basis = template.legalBasis.join('');
  const preamble =
    kind === 'PROCUREMENT'
      ? `${INDENT}根据${basis}等法律法规和${centre}交易规则，${a}就“${listing.title}”通过${centre}公开挂牌采购（挂牌编号：${listing.listingNo}），${b}（竞买号：${deal.buyerBidderNo}）经${methodZh}于${formatDateZh(deal.dealDate)}中标。为明确双方的权利和义务，甲乙双方本着平等、自愿、公平、诚信的原则，经协商一致，订立本合同。`
      : `${INDENT}根据${basis}等法律法规和${centre}交易规则，${a}将其${category.nameZh}“${listing.title}”通过${centre}公开挂牌${modeZh}（挂牌编号：${listing.listingNo}），${b}（竞买号：${deal.buyerBidderNo}）经${methodZh}于${formatDateZh(deal.dealDate)}成交。为明确双方的权利和义务，甲乙双方本着平等、自愿、公平、诚信的原则，经协商一致，订立本合同。`;

  const signature = (p: TermsParty): string[] => {
    const signed = signatures.find((sig) => sig.role === p.role);
    return [
      `${desig(p)}：${p.name}`,
      `签字（盖章）：${signed ? signed.name : ''}`,
      ...(p.partyType === 'PERSON' ? [] : ['法定代表人（负责人）签字：']),
      ...(signed ? [`住所：${p.address ?? BLANK}`] : []),
      `签订日期：${signed ? formatDateZh(signed.signedOn) : '　　　　年　　月　　日'}`,
    ];
  };

  const header = [
    title,
    ...(publicCopy ? ['（公开文本：当事人证件号码、联系电话和个人住所已作隐去处理）'] : []),
    '',
    `合同编号：${input.contractNo}`,
    `挂牌编号：${listing.listingNo}`,
    `交易品种：${category.nameZh}`,
    `流转（交易）方式：${modeZh}`,
    `成交方式：${methodZh}`,
    `成交日期：${formatDateZh(deal.dealDate)}`,
    `鉴证机构：${centre}`,
    '',
    `${desig(partyA)}：${partyA.name}`,
    `${desig(partyB)}：${partyB.name}`,
    ...(issuing ? [`发包方：${issuing.name}`] : []),
  ];

  const textZh = [
    header.join('\n'),
    preamble,
    ...articles,
    '（以下无正文）',
    signature(partyA).join('\n'),
    signature(partyB).join('\n'),
    `鉴证机构：${centre}（盖章）`,
  ].join('\n\n');

  return { terms, textZh: `${textZh}\n` };
}
