import { creditCodeCheckChar, maskIdNumber, maskPhone, residentIdCheckChar } from '../../accounts/domain/identity';
import { allowedTransferModes, getCategory } from '../../catalog/domain/category-registry';
import { sampleAreaMu, sampleAttributes } from '../../catalog/domain/category-samples';
import { CATEGORY_CODES, type CategoryCode, type PartyType } from '../../catalog/domain/category.types';
import { addDays, addYears } from '../../common/domain/calendar-date';
import { totalValueFen } from '../../listings/domain/total-value';
import { amountInWords, formatYuan } from '../../common/domain/money-words';
import { contractTitle, MODE_PARTY_LABELS, partyLabels } from './contract-templates';
import type { ContractInput, ContractParty } from './contract.types';
import { planInstalments } from './instalments';
import { contractInputProblems, type ContractInputProblem, renderContract } from './render-contract';

const PERSON_ID = `13072819900101123${residentIdCheckChar('13072819900101123')}`;
const LISTER_CREDIT = `93130728MA0A1B2C3${creditCodeCheckChar('93130728MA0A1B2C3')}`;
const WINNER_CREDIT = `92130728MA0ABCDE1${creditCodeCheckChar('92130728MA0ABCDE1')}`;
const LISTER_PHONE = '13900000001';
const WINNER_PHONE = '13800000002';

function party(role: ContractParty['role'], partyType: PartyType, who: 'lister' | 'winner'): ContractParty {
  const names: Record<PartyType, string> = {
    PERSON: who === 'lister' ? '张三' : '王五',
    COLLECTIVE: '怀安县柴沟堡镇西沙洼村股份经济合作社',
    ORGANIZATION: who === 'lister' ? '怀安县丰收农机有限公司' : '怀安县李四家庭农场',
  };
  return {
    role,
    name: names[partyType],
    partyType,
    idNumber: partyType === 'PERSON' ? PERSON_ID : null,
    creditCode: partyType === 'PERSON' ? null : who === 'lister' ? LISTER_CREDIT : WINNER_CREDIT,
    phone: who === 'lister' ? LISTER_PHONE : WINNER_PHONE,
  };
}

const START = '2026-03-16';

/** The day before the `years`-th anniversary of START. */
const endOf = (years: number): string => addDays(addYears(START, years), -1);

/** The money of an input: the schedule `planInstalments` makes, a 5 bp/day late fee. */
function moneyOf(
  code: CategoryCode,
  listing: ContractInput['listing'],
  totalPriceFen: number,
  fees: { buyerFeeFen: number; sellerFeeFen: number },
): ContractInput['money'] {
  const procurement = code === 'AGRI_PROJECT';
  const instalments = planInstalments({
    totalFen: totalPriceFen,
    priceUnit: listing.priceUnit,
    termYears: listing.termYears,
    startsOn: START,
    ...fees,
    ...(procurement ? { procurement: { advancePercent: 30, retentionBp: 300 } } : {}),
  });
  return {
    depositAppliedFen: procurement ? 0 : Math.floor(instalments[0].amountFen / 10),
    ...fees,
    instalments,
    lateFeeBpPerDay: 5,
    ...(procurement
      ? { procurement: { advancePercent: 30, retentionBp: 300, warrantyMonths: 12, bondFen: 100_000 } }
      : {}),
  };
}

/** A consistent input for a category: the first lister type, the first allowed mode, PER_YEAR × 5 years if allowed. */
function inputFor(code: CategoryCode, over: Partial<ContractInput> = {}): ContractInput {
  const category = getCategory(code);
  const attributes = sampleAttributes(code);
  const listerType = category.listerTypes[0];
  const procurement = code === 'AGRI_PROJECT';
  const priceUnit = category.priceUnits.includes('PER_YEAR') ? 'PER_YEAR' : 'TOTAL';
  const termYears = priceUnit === 'PER_YEAR' ? 5 : null;
  const priceFen = 1_234_567;
  const areaMu = sampleAreaMu(code) ?? null;
  const totalPriceFen = totalValueFen({ priceUnit, priceFen, termYears, areaMu });
  const lister = party(procurement ? 'BUYER' : 'SELLER', listerType, 'lister');
  const winner = party(procurement ? 'SELLER' : 'BUYER', 'ORGANIZATION', 'winner');
  const listing: ContractInput['listing'] = {
    listingNo: 'HA-2026-000123',
    title: `${category.nameZh}挂牌项目`,
    villageName: '柴沟堡镇西沙洼村',
    villageCode: '130728100213',
    transferMode: allowedTransferModes(category, attributes)[0],
    priceUnit,
    areaMu,
    termYears,
    attributes,
    tradingMethod: 'AUCTION',
    collectiveResolution:
      listerType === 'COLLECTIVE'
        ? { meetingDate: '2026-01-10', eligibleVoters: 30, attendees: 25, votesFor: 21 }
        : null,
  };
  return {
    contractNo: 'HT-2026-000042',
    categoryCode: code,
    listing,
    deal: { method: 'AUCTION', priceFen, totalPriceFen, buyerBidderNo: 'K7Q2M9', dealDate: '2026-03-02' },
    parties: [lister, winner],
    money: moneyOf(code, listing, totalPriceFen, { buyerFeeFen: procurement ? 0 : 80_000, sellerFeeFen: 0 }),
    issuingCollective:
      code === 'LAND_CONTRACT' ? { name: '怀安县柴沟堡镇西沙洼村股份经济合作社', villageCode: '130728100213' } : null,
    term: { startsOn: START, endsOn: termYears ? endOf(termYears) : null },
    signingDeadline: '2026-03-23',
    publicCopy: false,
    ...over,
  };
}

/** `inputFor` with listing fields replaced and the money recomputed to stay consistent. */
function withListing(
  code: CategoryCode,
  listing: Partial<ContractInput['listing']>,
  priceFen: number,
  over: Partial<ContractInput> = {},
): ContractInput {
  const base = inputFor(code);
  const merged = { ...base.listing, ...listing };
  const totalPriceFen = totalValueFen({ ...merged, priceFen });
  return {
    ...base,
    listing: merged,
    deal: { ...base.deal, priceFen, totalPriceFen },
    money: moneyOf(code, merged, totalPriceFen, {
      buyerFeeFen: base.money.buyerFeeFen,
      sellerFeeFen: base.money.sellerFeeFen,
    }),
    term: { startsOn: START, endsOn: merged.termYears ? endOf(merged.termYears) : null },
    ...over,
  };
}

function articleHeadings(text: string): string[] {
  return [...text.matchAll(/^第([一二三四五六七八九十]+)条 (.+)$/gm)].map((m) => `第${m[1]}条 ${m[2]}`);
}

describe('renderContract', () => {
  describe.each(CATEGORY_CODES.map((c) => [c]))('%s', (code) => {
    const input = inputFor(code);
    const { terms, textZh } = renderContract(input);

    it('has the category title, the numbers and both parties', () => {
      expect(textZh.split('\n')[0]).toBe(contractTitle(code, input.listing.transferMode));
      expect(terms.titleZh).toBe(textZh.split('\n')[0]);
      expect(textZh).toContain('合同编号：HT-2026-000042');
      expect(textZh).toContain('挂牌编号：HA-2026-000123');
      for (const p of input.parties) expect(textZh).toContain(p.name);
      expect(terms.asset.categoryCode).toBe(code);
      expect(terms.asset.categoryNameZh).toBe(getCategory(code).nameZh);
    });

    it('lists every attribute with its Chinese label and value', () => {
      expect(terms.asset.attributeItems.length).toBeGreaterThan(0);
      for (const item of terms.asset.attributeItems) {
        expect(textZh).toContain(`${item.labelZh}：${item.valueZh}`);
        expect(item.valueZh).not.toMatch(/^[A-Z_]+$/); // enums are translated
      }
      expect(Object.keys(terms.asset.attributes)).toEqual(
        getCategory(code)
          .attributes.map((a) => a.key)
          .filter((k) => k in input.listing.attributes),
      );
    });

    it('states the total in figures and in words, and the payment schedule', () => {
      const total = input.deal.totalPriceFen;
      expect(textZh).toContain(`人民币${formatYuan(total)}元（大写：${amountInWords(total)}）`);
      expect(terms.totalPriceFen).toBe(total);
      expect(terms.unitPriceFen).toBe(input.deal.priceFen);
      expect(terms.paymentSchedule).toEqual({
        payer: 'BUYER',
        payee: 'SELLER',
        depositApplied: { amountFen: input.money.depositAppliedFen, when: 'AT_FIRST_SETTLEMENT' },
        instalments: input.money.instalments,
        lateFeeBpPerDay: 5,
      });
      for (const i of input.money.instalments) expect(textZh).toContain(`${formatYuan(i.amountFen)}元`);
      expect(textZh).toContain('每日按未付款项的万分之5计收滞纳金');
    });

    it('names the parties as its transfer mode does, with the handover date as the start', () => {
      const [aLabel, bLabel] = partyLabels(code, input.listing.transferMode);
      expect([terms.parties.partyA.roleZh, terms.parties.partyB.roleZh]).toEqual([aLabel, bLabel]);
      expect(textZh).toContain(`甲方（${aLabel}）：`);
      expect(textZh).toContain(`乙方（${bLabel}）：`);
      expect(terms.startsOn).toBe(START);
      expect(terms.endsOn).toBe(input.term.endsOn);
    });

    it('has rights and duties, breach, dispute resolution and signature blocks', () => {
      expect(terms.rightsAndDuties.partyA.length).toBeGreaterThanOrEqual(2);
      expect(terms.rightsAndDuties.partyB.length).toBeGreaterThanOrEqual(2);
      for (const duty of [...terms.rightsAndDuties.partyA, ...terms.rightsAndDuties.partyB, ...terms.breach]) {
        expect(textZh).toContain(duty);
      }
      expect(textZh).toContain(terms.disputeResolution);
      expect(textZh).toMatch(/违约责任/);
      expect(textZh).toMatch(/争议解决/);
      expect(textZh).toContain('签字（盖章）：');
      expect(textZh.endsWith('鉴证机构：农村产权交易中心（盖章）\n')).toBe(true);
    });

    it('numbers its articles consecutively', () => {
      const headings = articleHeadings(textZh);
      expect(headings.length).toBeGreaterThanOrEqual(8);
      const numbers = headings.map((h) => h.slice(0, h.indexOf(' ')));
      expect(numbers).toEqual(
        ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三']
          .slice(0, numbers.length)
          .map((n) => `第${n}条`),
      );
    });

    it('writes no placeholder or raw value', () => {
      expect(textZh).not.toMatch(/undefined|null|NaN|\[object Object\]|Infinity/);
    });

    it('is deterministic and its terms are plain JSON', () => {
      expect(renderContract(inputFor(code))).toEqual({ terms, textZh });
      expect(JSON.parse(JSON.stringify(terms))).toEqual(terms);
    });
  });

  describe('public copy', () => {
    const personal = (code: CategoryCode): ContractInput => inputFor(code);

    it.each(CATEGORY_CODES.map((c) => [c]))('%s: the full copy shows IDs and phones', (code) => {
      const input = personal(code);
      const { terms, textZh } = renderContract(input);
      for (const p of input.parties) {
        if (p.idNumber) expect(textZh).toContain(`身份证号码：${p.idNumber}`);
        if (p.creditCode) expect(textZh).toContain(`统一社会信用代码：${p.creditCode}`);
        expect(textZh).toContain(`联系电话：${p.phone}`);
      }
      expect(textZh).not.toContain('公开文本');
      expect([terms.parties.partyA.phone, terms.parties.partyB.phone].sort()).toEqual(
        [LISTER_PHONE, WINNER_PHONE].sort(),
      );
    });

    it.each(CATEGORY_CODES.map((c) => [c]))('%s: the public copy masks them', (code) => {
      const input = { ...personal(code), publicCopy: true };
      const { terms, textZh } = renderContract(input);
      expect(textZh.split('\n')[1]).toBe('（公开文本：当事人证件号码、联系电话和个人住所已作隐去处理）');
      for (const p of input.parties) {
        if (p.idNumber) {
          expect(textZh).not.toContain(p.idNumber);
          expect(textZh).toContain(`身份证号码：${maskIdNumber(p.idNumber)}`);
        }
        if (p.creditCode) {
          expect(textZh).not.toContain(p.creditCode);
          expect(textZh).toContain(`统一社会信用代码：${maskIdNumber(p.creditCode)}`);
        }
        expect(textZh).not.toContain(p.phone);
        expect(textZh).toContain(`联系电话：${maskPhone(p.phone)}`);
        expect(textZh).toContain(p.name); // names stay
      }
      const json = JSON.stringify(terms);
      for (const p of input.parties) {
        for (const secret of [p.idNumber, p.creditCode, p.phone]) if (secret) expect(json).not.toContain(secret);
      }
      expect(terms.publicCopy).toBe(true);
    });

    it('masks as first 6 + ******** + last 4 and 139****0001', () => {
      const input = { ...inputFor('LAND_CONTRACT'), publicCopy: true };
      const { terms } = renderContract(input);
      expect(terms.parties.partyA.idNumber).toBe(`130728********${PERSON_ID.slice(-4)}`);
      expect(terms.parties.partyA.phone).toBe('139****0001');
      expect(terms.parties.partyB.creditCode).toBe(`921307********${WINNER_CREDIT.slice(-4)}`);
      expect(terms.parties.partyB.phone).toBe('138****0002');
    });
  });

  describe('LAND_CONTRACT carries the content of art. 40 of the Rural Land Contracting Law', () => {
    const { terms, textZh } = renderContract(inputFor('LAND_CONTRACT'));

    it('as articles 1 to 8, in the statutory order', () => {
      expect(articleHeadings(textZh).slice(0, 8)).toEqual([
        '第一条 双方当事人的姓名、住所',
        '第二条 流转土地的名称、坐落、面积、质量等级',
        '第三条 流转期限和起止日期',
        '第四条 流转土地的用途',
        '第五条 双方当事人的权利和义务',
        '第六条 流转价款及支付方式',
        '第七条 土地被依法征收、征用、占用时有关补偿费的归属',
        '第八条 违约责任',
      ]);
    });

    it.each<[string, RegExp]>([
      ['(一) names and domiciles', /（一）甲方（出租方）：张三[\s\S]*住所：[\s\S]*（二）乙方（承租方）：/],
      [
        'the issuing collective',
        /（三）发包方：怀安县柴沟堡镇西沙洼村股份经济合作社（柴沟堡镇西沙洼村，行政区划代码：130728100213）/,
      ],
      [
        '(二) name, location, area, quality grade',
        /名称：[\s\S]*坐落：柴沟堡镇西沙洼村[\s\S]*面积：25\.5亩[\s\S]*质量等级：三等/,
      ],
      [
        '(三) term and its dates',
        /流转期限为5年，自2026年3月16日起至2031年3月15日止。甲方于2026年3月16日将交易标的交付乙方。/,
      ],
      ['(四) use', /流转土地用于种植玉米等农业生产经营。/],
      ['(五) rights and duties', /（一）甲方（出租方）的权利和义务：[\s\S]*（二）乙方（承租方）的权利和义务：/],
      [
        '(六) price and payment, year by year',
        /成交总价为[\s\S]*按年支付，先付后用，共5期[\s\S]*第5期：2030年3月16日前/,
      ],
      ['(七) compensation on expropriation', /土地补偿费按照法律规定归发包方和承包方（甲方）所有/],
      ['(八) breach', /农村土地承包法第四十二条/],
    ])('%s', (_label, pattern) => {
      expect(textZh).toMatch(pattern);
    });

    it('with the statutory duties: agricultural use, no change of ownership, term within the right', () => {
      expect(terms.rightsAndDuties.partyB).toContain(
        '不得改变土地所有权的性质和土地的农业用途，不得破坏农业综合生产能力和农业生态环境。',
      );
      expect(terms.rightsAndDuties.partyB).toContain(
        '流转期限不得超过承包期的剩余期限（承包期至2060年12月31日届满）。',
      );
      expect(textZh).toContain('流转期限不得超过甲方承包期的剩余期限（承包期至2060年12月31日届满），超过部分无效。');
      expect(terms.rightEndsOn).toBe('2060-12-31');
      expect(textZh).toContain('本合同签订后，甲方应当向发包方备案（农村土地承包法第三十六条）。');
      expect(textZh).toContain('本合同一式四份，甲、乙双方各执一份，农村产权交易中心存档一份，报发包方备案一份');
      expect(textZh).toContain('农村土地承包仲裁机构');
    });

    it('writes an absent quality grade as not yet assessed', () => {
      const attributes = sampleAttributes('LAND_CONTRACT');
      delete attributes.grade;
      const { terms: t, textZh: text } = renderContract(withListing('LAND_CONTRACT', { attributes }, 80_000));
      expect(text).toContain('质量等级：未评定');
      expect(t.asset.attributes).not.toHaveProperty('grade');
    });

    it('a lease: structures at the end, priority renewal, collateral only with consent (art. 47), late fees, subletting, return', () => {
      expect(articleHeadings(textZh)[8]).toBe('第九条 出租的特别约定');
      for (const clause of [
        '地上附着物的处置',
        '优先承租',
        '农村土地承包法第四十七条',
        '滞纳金',
        '农村土地承包法第四十六条',
        '标的返还',
      ]) {
        expect(textZh).toContain(clause);
      }
      expect(textZh).toContain('四至：'); // the parcel's boundaries
      expect(textZh).toContain('发包方：怀安县柴沟堡镇西沙洼村股份经济合作社');
      expect(terms.issuingCollective).toEqual({
        name: '怀安县柴沟堡镇西沙洼村股份经济合作社',
        villageCode: '130728100213',
      });
    });

    it('a TRANSFER (转让) of the contracting right: to a household of the collective, with its consent, ending the old contract', () => {
      expect(textZh).not.toContain('书面同意；转让后');
      const { terms: t, textZh: text } = renderContract(
        withListing('LAND_CONTRACT', { transferMode: 'TRANSFER' }, 80_000),
      );
      expect([t.parties.partyA.roleZh, t.parties.partyB.roleZh]).toEqual(['转让方', '受让方']);
      expect(text).toContain('本次转让的是土地承包经营权（农村土地承包法第三十四条）');
      expect(text).toContain('应当是怀安县柴沟堡镇西沙洼村股份经济合作社的农户');
      expect(text).toContain('已经发包方（怀安县柴沟堡镇西沙洼村股份经济合作社）书面同意');
      expect(text).toContain('承包关系即行终止');
      expect(text).not.toContain('优先承租');
    });
  });

  describe('委托流转: a collective listing its households’ land on their mandates', () => {
    it('names the mandating households and their areas among the parties', () => {
      const households = [
        { name: '王建国', areaMu: 12.5 },
        { name: '李秀英', areaMu: 20 },
      ];
      const { textZh } = renderContract(withListing('LAND_CONTRACT', { areaMu: 32.5, households }, 80_000));
      expect(textZh).toMatch(/委托流转：[\s\S]*王建国12\.5亩、李秀英20亩，合计32\.5亩/);
    });

    it('says nothing of mandates otherwise', () => {
      expect(renderContract(inputFor('LAND_CONTRACT')).textZh).not.toContain('委托流转');
    });
  });

  describe('AGRI_PROJECT: the lister buys', () => {
    const input = inputFor('AGRI_PROJECT');
    const purchaser = input.parties.find((p) => p.role === 'BUYER') as ContractParty;
    const supplier = input.parties.find((p) => p.role === 'SELLER') as ContractParty;
    const { terms, textZh } = renderContract(input);

    it('the purchasing collective (BUYER) is 甲方 (采购人) and the winning supplier (SELLER) 乙方 (供应商)', () => {
      expect(terms.parties.partyA).toMatchObject({
        designation: '甲方',
        role: 'BUYER',
        roleZh: '采购人',
        name: purchaser.name,
      });
      expect(terms.parties.partyB).toMatchObject({
        designation: '乙方',
        role: 'SELLER',
        roleZh: '供应商',
        name: supplier.name,
      });
      expect(textZh).toContain(`甲方（采购人）：${purchaser.name}`);
      expect(textZh).toContain(`乙方（供应商）：${supplier.name}`);
      expect(textZh).not.toMatch(/出让方|受让方/);
    });

    it('甲方 pays the advance, then the balance after acceptance less a 3 % retention; 乙方 is paid', () => {
      const [advance, balance] = input.money.instalments;
      expect(textZh).toContain(
        `预付款：本合同签订后，甲方（采购人）于2026年3月16日前（含当日）支付合同价款的30%，即人民币${formatYuan(advance.amountFen)}元`,
      );
      expect(textZh).toContain(
        `结算款：工程（货物、服务）经验收合格后，甲方（采购人）于验收合格之日支付其余合同价款人民币${formatYuan(balance.amountFen)}元`,
      );
      expect(textZh).toContain(`扣留合同价款的3%即${formatYuan(balance.retentionFen)}元作为质量保证金`);
      expect(textZh).toContain('支付给乙方（供应商）');
      expect(textZh).toContain('甲方（采购人）免收');
      expect(textZh).toContain('乙方已缴纳的交易保证金转作履约保证金，不转作合同价款。');
      expect(textZh).toContain('经网络反向竞价');
      expect(terms.procurement).toEqual({ advancePercent: 30, retentionBp: 300, warrantyMonths: 12, bondFen: 100_000 });
    });

    it('scope, quality standard, acceptance, warranty, retention, performance bond and safety', () => {
      expect(articleHeadings(textZh)).toContain('第七条 验收、质量保证和履约担保');
      for (const clause of [
        '（质量标准）',
        '（验收）',
        '12个月为质量保证期',
        '（质保金）',
        '转作履约保证金，验收合格后退还',
        '（安全生产）',
      ]) {
        expect(textZh).toContain(clause);
      }
    });

    it('has a delivery period instead of a term', () => {
      expect(terms.term).toEqual({ startsOn: START, endsOn: null, years: null });
      expect(terms.delivery).toEqual({ days: 90, dueOn: '2026-06-14' });
      expect(textZh).toContain('起90日内，即2026年6月14日前完成交付（竣工）');
      expect(terms.rightsAndDuties.partyB.join('')).toContain('不得将本项目转包');
    });
  });

  describe('one template per (category, transfer mode): the parties and the mode’s clauses', () => {
    const cases: [CategoryCode, string, [string, string], string[]][] = [];
    for (const code of CATEGORY_CODES) {
      for (const mode of getCategory(code).transferModes) {
        const clauses: Record<string, string[]> = {
          LEASE: ['地上附着物的处置', '优先承租', '滞纳金', '标的返还'],
          SUBCONTRACT: ['同一集体经济组织的成员之间', '优先接包', '滞纳金'],
          SHARE: ['入股乙方', '保底收益加分红', '知情权', '有权退出'],
          TRANSFER: ['变更登记'],
          SALE: ['（交付）', '（检验）', '（质量保证）', '（风险转移）'],
          PROCUREMENT: ['（验收）', '（质保金）', '（履约担保）'],
        };
        cases.push([code, mode, [...partyLabels(code, mode)] as [string, string], clauses[mode]]);
      }
    }

    it.each(cases)('%s %s: 甲方 %j, with its clauses', (code, mode, labels, clauses) => {
      const attributes = { ...sampleAttributes(code), ...(code === 'FOREST' ? { forestType: 'COMMERCIAL' } : {}) };
      const { terms, textZh } = renderContract(
        withListing(code, { transferMode: mode as never, attributes }, 1_234_567),
      );
      expect([terms.parties.partyA.roleZh, terms.parties.partyB.roleZh]).toEqual(labels);
      for (const clause of clauses) expect(textZh).toContain(clause);
      expect(textZh).not.toMatch(/undefined|null|NaN/);
    });

    it('the mode names its parties: 出租方/承租方, 转包方/接包方, 入股方/接受入股方, 转让方/受让方, 出卖人/买受人, 采购人/供应商', () => {
      expect(MODE_PARTY_LABELS).toEqual({
        LEASE: ['出租方', '承租方'],
        SUBCONTRACT: ['转包方', '接包方'],
        SHARE: ['入股方', '接受入股方'],
        TRANSFER: ['转让方', '受让方'],
        SALE: ['出卖人', '买受人'],
        PROCUREMENT: ['采购人', '供应商'],
      });
      expect(partyLabels('COLLECTIVE_CONSTRUCTION_LAND', 'TRANSFER')).toEqual(['出让方', '受让方']);
      expect(partyLabels('COLLECTIVE_CONSTRUCTION_LAND', 'LEASE')).toEqual(['出租方', '承租方']);
    });

    it('forest: which right passes, the trees at the end, the logging quota', () => {
      const attributes = { ...sampleAttributes('FOREST'), forestType: 'COMMERCIAL' };
      const lease = renderContract(withListing('FOREST', { transferMode: 'LEASE', attributes }, 50_000)).textZh;
      expect(lease).toContain('本次出租的权利为林地经营权和林木使用权');
      expect(lease).toContain('（林木的处置）');
      expect(lease).toContain('年森林采伐限额');
      const transfer = renderContract(withListing('FOREST', { transferMode: 'TRANSFER', attributes }, 50_000)).textZh;
      expect(transfer).toContain('本次转让的权利为林地经营权和林木所有权，林地所有权不变');
    });

    it('construction land: term by use, commencement deadline, boundary markers', () => {
      const { textZh } = renderContract(
        withListing('COLLECTIVE_CONSTRUCTION_LAND', { transferMode: 'TRANSFER' }, 500_000),
      );
      expect(textZh).toContain('商业、旅游、娱乐用地四十年，工业用地五十年');
      expect(textZh).toContain('（动工期限）');
      expect(textZh).toContain('（界址）');
      expect(textZh.split('\n')[0]).toBe('农村集体经营性建设用地使用权出让合同');
    });

    it('collective equity: the share register changed by the organization, its consent, members only', () => {
      const { textZh } = renderContract(inputFor('COLLECTIVE_EQUITY'));
      expect(textZh).toContain('（股权登记变更）');
      expect(textZh).toContain('本次股权转让已取得');
      expect(textZh).toMatch(/受让方限于.+的成员/);
    });
  });

  describe('signatures', () => {
    it('write the signer’s name, address and date into the text, and the address into the parties', () => {
      const base = inputFor('LAND_CONTRACT');
      const unsigned = renderContract(base).textZh;
      expect(unsigned).toContain('签订日期：　　　　年　　月　　日');
      const lister = base.parties.find((p) => p.role === 'SELLER') as ContractParty;
      const { terms, textZh } = renderContract({
        ...base,
        signatures: [
          { role: 'SELLER', name: lister.name, address: '怀安县柴沟堡镇西沙洼村12号', signedOn: '2026-03-18' },
        ],
      });
      expect(textZh).toContain(
        `签字（盖章）：${lister.name}\n住所：怀安县柴沟堡镇西沙洼村12号\n签订日期：2026年3月18日`,
      );
      expect(textZh).toContain('（一）甲方（出租方）：张三');
      expect(terms.parties.partyA.address).toBe('怀安县柴沟堡镇西沙洼村12号');
      expect(terms.signatures).toEqual([
        { role: 'SELLER', name: lister.name, address: '怀安县柴沟堡镇西沙洼村12号', signedOn: '2026-03-18' },
      ]);
      // the other party has not signed yet
      expect(textZh).toContain('签订日期：　　　　年　　月　　日');
    });

    it('the public copy keeps the signature and its date but withholds a person’s address', () => {
      const base = inputFor('LAND_CONTRACT');
      const lister = base.parties.find((p) => p.role === 'SELLER') as ContractParty;
      expect(lister.partyType).toBe('PERSON');
      const signatures = [
        { role: 'SELLER' as const, name: lister.name, address: '怀安县柴沟堡镇西沙洼村12号', signedOn: '2026-03-18' },
      ];
      const { terms, textZh } = renderContract({ ...base, signatures, publicCopy: true });
      expect(textZh).toContain(`签字（盖章）：${lister.name}\n住所：（已隐去）\n签订日期：2026年3月18日`);
      expect(JSON.stringify(terms)).not.toContain('西沙洼村12号');
      expect(textZh).not.toContain('西沙洼村12号');
    });
  });

  describe('price units', () => {
    it('PER_MU_PER_YEAR: unit price × area × years = total', () => {
      // 800.00 元/亩/年 × 25.5 亩 × 10 年 = 204,000.00 元
      const input = withListing('LAND_CONTRACT', { priceUnit: 'PER_MU_PER_YEAR', areaMu: 25.5, termYears: 10 }, 80_000);
      const { terms, textZh } = renderContract(input);
      expect(terms).toMatchObject({
        priceUnit: 'PER_MU_PER_YEAR',
        priceUnitZh: '元/亩/年',
        unitPriceFen: 80_000,
        totalPriceFen: 20_400_000,
        term: { startsOn: '2026-03-16', endsOn: '2036-03-15', years: 10 },
      });
      expect(terms.asset.areaMu).toBe(25.5);
      expect(textZh).toContain(
        '成交价格为每亩每年人民币800.00元（大写：捌佰元整）；面积25.5亩，流转期限10年，' +
          '成交总价为800.00元/亩/年 × 25.5亩 × 10年 = 人民币204,000.00元（大写：贰拾万肆仟元整）（计算至分，分以下四舍五入）。',
      );
      expect(textZh).toContain('流转期限为10年，自2026年3月16日起至2036年3月15日止。');
    });

    it('PER_MU_PER_YEAR rounds the total half up to the fen', () => {
      // 650.55 × 35.75 × 3 = 69,771.4875 → 69,771.49 元
      const input = withListing(
        'AQUACULTURE_WATER',
        { priceUnit: 'PER_MU_PER_YEAR', areaMu: 35.75, termYears: 3 },
        65_055,
      );
      const { terms, textZh } = renderContract(input);
      expect(terms.totalPriceFen).toBe(6_977_149);
      expect(textZh).toContain(
        '650.55元/亩/年 × 35.75亩 × 3年 = 人民币69,771.49元（大写：陆万玖仟柒佰柒拾壹元肆角玖分）',
      );
    });

    it('PER_YEAR: unit price × years', () => {
      const { textZh } = renderContract(inputFor('RURAL_HOUSING'));
      expect(textZh).toContain(
        '成交价格为每年人民币12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）；租赁期限5年，成交总价为12,345.67元/年 × 5年 = 人民币61,728.35元（大写：陆万壹仟柒佰贰拾捌元叁角伍分）。',
      );
      expect(textZh).toContain('租赁期限为5年，自2026年3月16日起至2031年3月15日止。');
    });

    it('TOTAL without a term: a one-off transfer', () => {
      const input = inputFor('COLLECTIVE_EQUITY');
      const { terms, textZh } = renderContract(input);
      expect(terms.term).toEqual({ startsOn: START, endsOn: null, years: null });
      expect(terms.priceUnitZh).toBe('总价');
      expect(textZh).toContain('经网络竞价确定的成交总价为人民币12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）。');
      expect(textZh).toContain('本次转让不约定期限；交易标的于2026年3月16日交付乙方。');
      expect(textZh).not.toMatch(/期限届满或者本合同解除时/);
      expect(input.money.instalments).toHaveLength(1);
      expect(textZh).toContain('付款：乙方（受让方）应当于2026年3月16日前（含当日）将成交价款12,345.67元');
    });

    it('TOTAL with a term', () => {
      const input = withListing('PRODUCTION_FACILITY', { priceUnit: 'TOTAL', termYears: 3 }, 3_000_000);
      const { terms, textZh } = renderContract(input);
      expect(terms.term).toEqual({ startsOn: START, endsOn: '2029-03-15', years: 3 });
      expect(textZh).toContain('期限为3年，自2026年3月16日起至2029年3月15日止。');
      expect(textZh).toContain('成交总价为人民币30,000.00元（大写：叁万元整）');
    });
  });

  describe('money clauses', () => {
    it('applies the deposit to the first instalment, charges fees progressively and shares them by instalment', () => {
      const base = inputFor('PRODUCTION_FACILITY'); // an ORGANIZATION lister pays a seller fee
      const input = withListing('PRODUCTION_FACILITY', {}, base.deal.priceFen);
      const money = moneyOf('PRODUCTION_FACILITY', input.listing, input.deal.totalPriceFen, {
        buyerFeeFen: 80_000,
        sellerFeeFen: 80_000,
      });
      const { terms, textZh } = renderContract({ ...input, money });
      expect(textZh).toContain(
        `乙方已缴纳的交易保证金人民币${formatYuan(money.depositAppliedFen)}元（大写：${amountInWords(money.depositAppliedFen)}），于第一期结算时由农村产权交易中心转作成交价款。`,
      );
      expect(textZh).toContain(
        '交易服务费：按农村产权交易中心收费标准（差额定率累进），甲方（出租方）应缴人民币800.00元（大写：捌佰元整）；乙方（承租方）应缴人民币800.00元（大写：捌佰元整）；分期支付的，交易服务费按各期款项占成交总价的比例分摊。',
      );
      // 5 years of 12,345.67 元 each, a fee of 160.00 元 a year
      expect(textZh).toContain(
        '第1期：2026年3月16日前（含当日）支付12,345.67元，另付交易服务费160.00元（已转作的交易保证金',
      );
      expect(textZh).toContain('第5期：2030年3月16日前（含当日）支付12,345.67元，另付交易服务费160.00元；');
      expect(textZh).toContain('将该期成交价款扣除甲方该期交易服务费后支付给甲方（出租方）');
      expect(terms.fees).toEqual({ buyerFeeFen: 80_000, sellerFeeFen: 80_000 });
    });

    it('says when a fee is not charged', () => {
      const { textZh } = renderContract(inputFor('LAND_CONTRACT'));
      expect(textZh).toContain('甲方（出租方）免收；乙方（承租方）应缴');
    });

    it('states the signing deadline and the centre name', () => {
      const input = {
        ...inputFor('LAND_CONTRACT'),
        signingDeadline: '2026-09-28',
        centreName: '怀安县农村产权交易中心',
      };
      const { terms, textZh } = renderContract(input);
      expect(textZh).toContain('双方应当于2026年9月28日前签订本合同');
      expect(terms.centreName).toBe('怀安县农村产权交易中心');
      expect(textZh).toContain('鉴证机构：怀安县农村产权交易中心（盖章）');
    });
  });

  describe('category notes', () => {
    it('FOREST PUBLIC_WELFARE: only a lease of the management right', () => {
      const attributes = { ...sampleAttributes('FOREST'), forestType: 'PUBLIC_WELFARE' };
      const { textZh } = renderContract(withListing('FOREST', { attributes, transferMode: 'LEASE' }, 50_000));
      expect(textZh).toContain('森林类别：公益林');
      expect(textZh).toContain('本次交易仅为公益林经营权的出租，不发生林地、林木所有权或者林权的转让');
      expect(renderContract(inputFor('FOREST')).textZh).not.toContain('公益林经营权的出租');
    });

    it('a COLLECTIVE lister: the resolution with its meeting date and votes', () => {
      const { terms, textZh } = renderContract(inputFor('FOUR_WASTES'));
      expect(terms.collectiveResolution).toEqual({
        meetingDate: '2026-01-10',
        eligibleVoters: 30,
        attendees: 25,
        votesFor: 21,
        allowOutsiders: false,
      });
      expect(textZh).toContain(
        '于2026年1月10日召开成员（代表）会议，应参加表决30人，实到25人，同意21人，同意人数达到应参加表决人数的三分之二以上。',
      );
    });

    it('a COLLECTIVE_EQUITY resolution that admits outsiders says so', () => {
      const base = inputFor('COLLECTIVE_EQUITY');
      const collective = { ...party('SELLER', 'COLLECTIVE', 'lister') };
      const input: ContractInput = {
        ...base,
        parties: [collective, base.parties[1]],
        listing: {
          ...base.listing,
          collectiveResolution: {
            meetingDate: '2026-01-10',
            eligibleVoters: 9,
            attendees: 9,
            votesFor: 6,
            allowOutsiders: true,
          },
        },
      };
      expect(renderContract(input).textZh).toContain('决议同意本集体经济组织以外的受让方参与受让。');
    });

    it('a PERSON lister in a category without a resolution rule: none is stated', () => {
      const base = inputFor('LAND_CONTRACT');
      const input = {
        ...base,
        listing: {
          ...base.listing,
          collectiveResolution: { meetingDate: '2026-01-10', eligibleVoters: 3, attendees: 3, votesFor: 3 },
        },
      };
      const { terms, textZh } = renderContract(input);
      expect(terms.collectiveResolution).toBeNull();
      expect(textZh).not.toContain('集体决议');
    });

    it('writes the domicile and representative when known, else a blank to fill in', () => {
      const base = inputFor('WATER_FACILITY');
      const [lister, winner] = base.parties;
      const input = {
        ...base,
        parties: [{ ...lister, address: '怀安县柴沟堡镇西沙洼村', representative: '赵六' }, winner],
      };
      const { terms, textZh } = renderContract(input);
      expect(textZh).toContain('住所：怀安县柴沟堡镇西沙洼村');
      expect(textZh).toContain('法定代表人（负责人）：赵六');
      expect(textZh).toContain('住所：＿＿＿＿＿＿＿＿（签约时填写）');
      expect(terms.parties.partyA.address).toBe('怀安县柴沟堡镇西沙洼村');
      expect(terms.parties.partyB.address).toBeNull();
    });
  });

  describe('inconsistent input', () => {
    const base = inputFor('LAND_CONTRACT');
    it.each<[string, ContractInput, ContractInputProblem]>([
      ['unknown category', { ...base, categoryCode: 'NOPE' as CategoryCode }, 'UNKNOWN_CATEGORY'],
      [
        'two sellers',
        { ...base, parties: [base.parties[0], { ...base.parties[1], role: 'SELLER' }] },
        'PARTIES_NOT_ONE_SELLER_ONE_BUYER',
      ],
      ['one party', { ...base, parties: [base.parties[0]] }, 'PARTIES_NOT_ONE_SELLER_ONE_BUYER'],
      [
        'mode of another category',
        { ...base, listing: { ...base.listing, transferMode: 'SALE' } },
        'TRANSFER_MODE_NOT_ALLOWED',
      ],
      [
        'unit of another category',
        inputFor('COLLECTIVE_EQUITY', { listing: { ...inputFor('COLLECTIVE_EQUITY').listing, priceUnit: 'PER_YEAR' } }),
        'PRICE_UNIT_NOT_ALLOWED',
      ],
      ['fractional fen', { ...base, deal: { ...base.deal, priceFen: 10.5 } }, 'INVALID_AMOUNT'],
      ['negative fee', { ...base, money: { ...base.money, buyerFeeFen: -1 } }, 'INVALID_AMOUNT'],
      [
        'total off by a fen',
        { ...base, deal: { ...base.deal, totalPriceFen: base.deal.totalPriceFen + 1 } },
        'TOTAL_MISMATCH',
      ],
      [
        'instalments that do not add up to the total',
        {
          ...base,
          money: {
            ...base.money,
            instalments: base.money.instalments.map((i) => (i.no === 2 ? { ...i, amountFen: i.amountFen + 1 } : i)),
          },
        },
        'INSTALMENTS_MISMATCH',
      ],
      [
        'fee shares that do not add up to the fee',
        { ...base, money: { ...base.money, buyerFeeFen: base.money.buyerFeeFen + 1 } },
        'INSTALMENTS_MISMATCH',
      ],
      [
        'deposit above the total',
        { ...base, money: { ...base.money, depositAppliedFen: base.deal.totalPriceFen + 1 } },
        'DEPOSIT_EXCEEDS_TOTAL',
      ],
      ['a negative late fee', { ...base, money: { ...base.money, lateFeeBpPerDay: -1 } }, 'INVALID_LATE_FEE'],
      ['bad date', { ...base, signingDeadline: '2026-02-30' }, 'INVALID_DATE'],
      [
        'end on the anniversary (a day too long)',
        { ...base, term: { startsOn: START, endsOn: '2031-03-16' } },
        'TERM_END_MISMATCH',
      ],
      ['no end with a term', { ...base, term: { startsOn: START, endsOn: null } }, 'TERM_END_MISMATCH'],
      [
        'an end without a term',
        { ...inputFor('COLLECTIVE_EQUITY'), term: { startsOn: START, endsOn: '2030-01-01' } },
        'TERM_END_MISMATCH',
      ],
    ])('%s', (_label, input, problem) => {
      expect(contractInputProblems(input)).toContain(problem);
      expect(() => renderContract(input)).toThrow(new RegExp(`CONTRACT_INPUT_INVALID: .*${problem}`));
    });

    it('a consistent input has no problem', () => {
      for (const code of CATEGORY_CODES) expect(contractInputProblems(inputFor(code))).toEqual([]);
    });
  });
});
