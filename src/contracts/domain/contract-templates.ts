/**
 * The contract templates (合同示范文本) of the 12 categories, as data: one entry per category with its title, the
 * two parties' role names, the laws it rests on, Chinese labels for its attributes (and their enum values), the
 * order and headings of its articles, and its category-specific clauses. `renderContract` assembles the text; the
 * clauses common to every contract (payment, fees, generic duties and breach, dispute, effect) live there.
 *
 * A clause list is either fixed text or a function of the `ClauseContext` (the attributes, the transfer mode, the
 * term, the 甲方/乙方 designations). Every function here is pure and deterministic.
 */
import {
  type AttributeRecord,
  type CategoryCode,
  TRANSFER_MODE_LABELS,
  type TransferMode,
} from '../../catalog/domain/category.types';
import type { ContractRole } from './contract.types';

/** The articles a contract may have, in the default order. */
export const SECTION_KINDS = [
  'PARTIES',
  'ASSET',
  'TERM',
  'USE',
  'PRICE_PAYMENT',
  'RIGHTS_DUTIES',
  'COMPENSATION',
  'BREACH',
  'MODE',
  'DISPUTE',
  'OTHER',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const DEFAULT_HEADINGS: Readonly<Record<SectionKind, string>> = {
  PARTIES: '合同当事人',
  ASSET: '交易标的',
  TERM: '期限和起止日期',
  USE: '用途',
  PRICE_PAYMENT: '成交价款及支付方式',
  RIGHTS_DUTIES: '双方的权利和义务',
  COMPENSATION: '征收、征用、占用时补偿费的归属',
  BREACH: '违约责任',
  MODE: '特别约定',
  DISPUTE: '争议解决',
  OTHER: '其他约定',
};

/** What a category's clauses may depend on. */
export interface ClauseContext {
  /** Always `甲方` (the lister). */
  a: string;
  /** Always `乙方` (the winner). */
  b: string;
  attrs: AttributeRecord;
  transferMode: TransferMode;
  /** The transfer mode in Chinese (出租, 转包, ...). */
  modeZh: string;
  /** The contract has a term (an end date). */
  hasTerm: boolean;
  /** What the term is called (流转期限, 租赁期限, ...). */
  termLabel: string;
  /** The handover date in Chinese (`2027年1月1日`). */
  startsOnZh: string;
  /** The end of the lister's right in Chinese (`2060年12月31日`), when the category has one and it is set. */
  rightEndsOnZh: string | null;
  centreName: string;
  /** `LAND_CONTRACT`: the issuing collective's name (发包方). */
  issuingCollective: string | null;
  /** The late fee per day of delay, in basis points. */
  lateFeeBpPerDay: number;
  /** The total price in figures and words (`人民币…元（¥…）`). */
  totalZh: string;
  /** A procurement's advance (%), retention (%), warranty (months) and performance bond (元, written). */
  procurement: { advancePercent: number; retentionPercent: string; warrantyMonths: number; bondZh: string } | null;
  /** Buyers are limited to the members of the collective unless its resolution admits outsiders. */
  allowOutsiders: boolean;
  /** The template is land-like (`ContractTemplate.landLike`). */
  landLike: boolean;
}

export type Clauses = readonly string[] | ((ctx: ClauseContext) => string[]);

export interface AttributeLabel {
  /** The label in the contract text. */
  label: string;
  /** Chinese names of enum values. */
  values?: Readonly<Record<string, string>>;
  /** Written when the (optional) attribute is absent; when not set, an absent attribute is left out. */
  whenMissing?: string;
}

/** `RIGHT`: the lister grants a right and is paid; `PROCUREMENT`: the lister buys works, goods or services. */
export type ContractKind = 'RIGHT' | 'PROCUREMENT';

export interface ContractTemplate {
  kind: ContractKind;
  /** The title, unless `titleByMode` names one for the transfer mode. */
  title: string;
  titleByMode?: Partial<Record<TransferMode, string>>;
  /** The lister's (甲方's) and the winner's (乙方's) role names where the category's differ from the mode's. */
  partyLabelsByMode?: Partial<Record<TransferMode, readonly [string, string]>>;
  /** The mode's special clauses where the category's differ from (or add to) `MODE_CLAUSES`. */
  modeClauses?: Partial<Record<TransferMode, Clauses>>;
  /** Land-like (land, forest, "four wastes", water surfaces): collateral and re-transfer follow the land law. */
  landLike?: boolean;
  /** The lister's role in the API: SELLER, except for procurement where the lister pays (BUYER). */
  listerRole: ContractRole;
  /** Laws cited in the preamble, each in 《》. */
  legalBasis: readonly string[];
  /** Chinese labels of every attribute of the category (a spec checks they match the catalog). */
  attributes: Readonly<Record<string, AttributeLabel>>;
  /** Article order; USE and COMPENSATION are left out when the template has no clauses for them. */
  sections?: readonly SectionKind[];
  headings?: Partial<Record<SectionKind, string>>;
  /** Labels of the asset's name, location and transfer mode lines. */
  nameLabel?: string;
  locationLabel?: string;
  modeLabel?: string;
  /** What the term is called (`流转期限`, `租赁期限`, ...). */
  termLabel?: string;
  /** What the end of the lister's right is called, for the clause that keeps the term within it. */
  rightEndLabel?: string;
  use?: Clauses;
  partyADuties?: Clauses;
  partyBDuties?: Clauses;
  compensation?: Clauses;
  breach?: Clauses;
  /** LAND: negotiation, mediation, then the rural land contracting arbitration body or a court (art. 55). */
  disputeRoute: 'LAND' | 'COURT';
  other?: Clauses;
  /** Another body that files a copy (e.g. 发包方), which adds one copy. */
  filedWith?: string;
}

/** A string attribute, or undefined. */
export function textAttr(attrs: AttributeRecord, key: string): string | undefined {
  const value = attrs[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function numberAttr(attrs: AttributeRecord, key: string): number | undefined {
  const value = attrs[key];
  return typeof value === 'number' ? value : undefined;
}

const BOUNDARIES_LABEL: AttributeLabel = { label: '四至' };
const FLOOR_AREA_LABEL: AttributeLabel = { label: '建筑面积' };
const LAND_LIKE_MODE_LABEL = '流转方式';

const MINSHI = '《中华人民共和国民法典》';
const LAND_CONTRACTING_LAW = '《中华人民共和国农村土地承包法》';
const COLLECTIVE_ORG_LAW = '《中华人民共和国农村集体经济组织法》';

/** Compensation when land-like assets are expropriated (征收), requisitioned (征用) or occupied (占用). */
const LAND_LIKE_COMPENSATION: Clauses = ({ a, b }) => [
  `合同期间，交易标的被依法征收、征用、占用的，本合同相应终止（部分被征收、征用、占用的，该部分相应终止），${a}应当按剩余期限返还${b}已支付的相应价款。`,
  `有关补偿费按照国家有关规定归属；其中${b}投入形成的地上附着物以及林木、青苗等的补偿费归${b}所有。`,
];

/** The term stays within the lister's remaining right. */
function withinRight(ctx: ClauseContext, what: string): string {
  return `${what}不得超过${ctx.a}剩余的权利期限${ctx.rightEndsOnZh ? `（至${ctx.rightEndsOnZh}届满）` : ''}，超过部分无效。`;
}

/** The parties' names as each transfer mode has them (甲方 the lister, 乙方 the winner). */
export const MODE_PARTY_LABELS: Readonly<Record<TransferMode, readonly [string, string]>> = {
  LEASE: ['出租方', '承租方'],
  SUBCONTRACT: ['转包方', '接包方'],
  SHARE: ['入股方', '接受入股方'],
  TRANSFER: ['转让方', '受让方'],
  SALE: ['出卖人', '买受人'],
  PROCUREMENT: ['采购人', '供应商'],
};

/** Every lease (出租, 转包): what happens at the end, renewal, collateral, late payment, subletting, return. */
const LEASE_CLAUSES: Clauses = (ctx) => {
  const { a, b, termLabel } = ctx;
  const land = ctx.landLike;
  return [
    `${termLabel}届满或者本合同解除时，${b}投资建设的地上附着物和设施，经${a}同意保留的，由${a}按届时评估价值给予合理补偿；${a}不同意保留的，由${b}在三个月内自行拆除并恢复原状（地上附着物的处置）。`,
    `${termLabel}届满，${a}继续${ctx.modeZh}的，在同等条件下${b}享有优先${ctx.transferMode === 'SUBCONTRACT' ? '接包' : '承租'}权；${b}应当在${termLabel}届满前三个月书面提出（优先承租）。`,
    land
      ? `${b}以本合同取得的土地经营权向金融机构融资担保的，须事先取得${a}的书面同意，并向发包方备案（农村土地承包法第四十七条）。`
      : `未经${a}书面同意，${b}不得以${ctx.modeZh}标的设定抵押或者其他担保。`,
    `${b}逾期支付租金的，自应付之日的次日起每日按未付租金的万分之${ctx.lateFeeBpPerDay}支付滞纳金，由${ctx.centreName}随该期租金一并结算给${a}；逾期超过六个月的，${a}可以解除本合同。`,
    land
      ? `${b}再流转土地经营权的，须经${a}书面同意，并向发包方备案（农村土地承包法第四十六条）。`
      : `未经${a}书面同意，${b}不得转租、转借。`,
    `${termLabel}届满或者本合同解除时，${b}应当按约定的状况将标的返还${a}${land ? '，并保持土地的耕作条件' : ''}（标的返还）。`,
  ];
};

/** The special clauses of each transfer mode (a category may replace or extend them: `modeClauses`). */
export const MODE_CLAUSES: Readonly<Record<TransferMode, Clauses>> = {
  LEASE: LEASE_CLAUSES,
  SUBCONTRACT: (ctx) => [
    `本次转包在同一集体经济组织的成员之间进行，${ctx.b}应当是本集体经济组织的成员；转包期间${ctx.a}与发包方的承包关系不变，${ctx.a}继续履行原承包合同规定的义务。`,
    ...clausesOf(LEASE_CLAUSES, ctx),
  ],
  SHARE: ({ a, b, landLike, totalZh, termLabel }) => [
    `${a}以标的的${landLike ? '土地经营权' : '使用权'}作价${totalZh}入股${b}，按其出资享有${b}相应的股份（出资份额），以${b}的成员（股东）名册记载为准。`,
    `${b}按本合同约定的价款按年向${a}支付保底收益，并按${a}所占份额参与${b}的盈余分配（保底收益加分红）。`,
    `${a}有权查阅${b}的章程、成员（股东）名册、财务会计报告和经营情况（知情权）。`,
    `${termLabel}届满、本合同解除或者${b}解散、破产的，${a}有权退出并收回标的${landLike ? '的土地经营权；入股的土地经营权不得用于清偿' + b + '的债务' : ''}；退出时${b}应当将标的按约定的状况返还${a}。`,
  ],
  TRANSFER: ({ a, b }) => [
    `本次转让后，标的的相应权利由${a}转移至${b}；${a}应当交付有关权属证书和资料，并协助${b}办理变更登记或者备案手续。`,
  ],
  SALE: ({ a, b, startsOnZh }) => [
    `${a}应当于${startsOnZh}将设施设备交付${b}，同时交付产品合格证、使用说明书等单证和资料（交付）。`,
    `${b}应当在交付时当场检验；发现数量、规格或者质量不符合约定的，应当在交付之日起七日内书面通知${a}，逾期未通知的视为合格（检验）。`,
    `${a}保证设施设备自交付之日起十二个月内能够正常使用；非因${b}使用、保管不当出现的质量问题，由${a}负责免费维修或者更换（质量保证）。`,
    `设施设备毁损、灭失的风险，自交付之日起由${b}承担（风险转移）。`,
  ],
  PROCUREMENT: ({ a, b, centreName, procurement, attrs }) => {
    const p = procurement ?? { advancePercent: 0, retentionPercent: '3', warrantyMonths: 12, bondZh: '' };
    const scope = textAttr(attrs, 'scope');
    return [
      `${b}应当按照采购内容及范围${scope ? `（${scope}）` : ''}完成交付，交付的工程、货物或者服务应当符合国家、行业有关质量标准和采购文件的要求（质量标准）。`,
      `${b}完成交付后，由${a}组织验收，并经${centreName}确认；验收不合格的，${b}应当在合理期限内整改，整改后重新验收（验收）。`,
      `自验收合格之日起${p.warrantyMonths}个月为质量保证期；期内出现的质量问题，由${b}负责免费修复（质量保证）。`,
      `结算余款时，由${centreName}扣留合同价款的${p.retentionPercent}%作为质量保证金（质保金）；质量保证期满无质量问题的，由${centreName}释放给${b}，有质量问题的，用于支付修复费用。`,
      `${b}已缴纳的交易保证金${p.bondZh}转作履约保证金，验收合格后退还；${b}不履行本合同的，履约保证金不予退还，归${a}所有（履约担保）。`,
      `${b}应当遵守安全生产法律法规，对施工（服务）期间的人员、财产和作业安全负责（安全生产）。`,
    ];
  },
};

/** The heading of the mode's article. */
export function modeHeading(mode: TransferMode): string {
  return mode === 'PROCUREMENT' ? '验收、质量保证和履约担保' : `${TRANSFER_MODE_LABELS[mode].zh}的特别约定`;
}

const FOREST_RIGHT: Readonly<Record<TransferMode, string>> = {
  LEASE: '林地经营权和林木使用权',
  SUBCONTRACT: '林地经营权和林木使用权',
  SHARE: '林地经营权和林木使用权',
  TRANSFER: '林地经营权和林木所有权',
  SALE: '林木所有权',
  PROCUREMENT: '',
};

/** Forest: which right passes, the trees at the end, and the logging quota, then the mode's own clauses. */
const FOREST_MODE: Clauses = (ctx) => [
  `本次${ctx.modeZh}的权利为${FOREST_RIGHT[ctx.transferMode]}${ctx.transferMode === 'TRANSFER' ? '，林地所有权不变' : '；林地所有权、林木所有权不因本次流转而改变'}。`,
  ...(ctx.hasTerm
    ? [
        `${ctx.termLabel}届满时，${ctx.b}营造、管护的林木，由${ctx.a}按届时评估价值收购，或者由${ctx.b}在届满前依法申请采伐；${ctx.a}原有的林木归${ctx.a}所有（林木的处置）。`,
      ]
    : []),
  `采伐林木的，应当依法申请林木采伐许可证，并遵守国家核定的年森林采伐限额。`,
  ...clausesOf(MODE_CLAUSES[ctx.transferMode], ctx),
];

/** Collective commercial construction land: term by use, commencement deadline, boundary markers, then the mode's. */
const CONSTRUCTION_LAND_MODE: Clauses = (ctx) => [
  `使用期限按照用途确定，不得超过同类用途国有建设用地使用权出让的最高年限（商业、旅游、娱乐用地四十年，工业用地五十年）。`,
  `${ctx.b}应当自${ctx.startsOnZh}起一年内动工建设，两年内竣工；未按期动工的，按照有关规定处理（动工期限）。`,
  `${ctx.a}应当在交付土地时会同${ctx.b}现场指认界址点、设置界桩；${ctx.b}应当妥善保护界桩，不得擅自移动（界址）。`,
  ...clausesOf(MODE_CLAUSES[ctx.transferMode], ctx),
];

/** The titles of a right's contract by mode: `农村土地经营权` → 农村土地经营权出租合同, ...转包合同, ...入股合同, .... */
function titlesByMode(
  stem: string,
  modes: readonly TransferMode[] = ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
): Partial<Record<TransferMode, string>> {
  const verbs: Partial<Record<TransferMode, string>> = {
    LEASE: '出租',
    SUBCONTRACT: '转包',
    SHARE: '入股',
    TRANSFER: '转让',
  };
  return Object.fromEntries(modes.map((mode) => [mode, `${stem}${verbs[mode]}合同`]));
}

export const CONTRACT_TEMPLATES: Readonly<Record<CategoryCode, ContractTemplate>> = {
  LAND_CONTRACT: {
    kind: 'RIGHT',
    title: '农村土地经营权流转合同',
    // a transfer (转让) passes the contracting right itself (土地承包经营权), not only the management right
    titleByMode: { ...titlesByMode('农村土地经营权'), TRANSFER: '农村土地承包经营权转让合同' },
    listerRole: 'SELLER',
    landLike: true,
    modeClauses: {
      TRANSFER: (ctx) => [
        `本次转让的是土地承包经营权（农村土地承包法第三十四条）：${ctx.b}应当是${ctx.issuingCollective ?? '发包方'}的农户；本次转让已经发包方${ctx.issuingCollective ? `（${ctx.issuingCollective}）` : ''}书面同意；转让后${ctx.a}与发包方在该土地上的承包关系即行终止，由${ctx.b}与发包方确立新的承包关系，承继原承包合同的权利和义务。`,
        ...clausesOf(MODE_CLAUSES.TRANSFER, ctx),
      ],
    },
    legalBasis: [MINSHI, LAND_CONTRACTING_LAW, '《农村土地经营权流转管理办法》'],
    attributes: {
      certificateNo: { label: '农村土地承包经营权证号' },
      parcelCodes: { label: '地块编码' },
      boundaries: BOUNDARIES_LABEL,
      landClass: { label: '地类', values: { IRRIGATED: '水浇地', DRY: '旱地', PADDY: '水田', OTHER: '其他' } },
      grade: { label: '质量等级', whenMissing: '未评定' },
      rightEndsOn: { label: '承包期届满日' },
      permittedUse: { label: '用途' },
    },
    // The order of art. 40 of the Rural Land Contracting Law: items (一) to (八) are articles 1 to 8.
    sections: [
      'PARTIES',
      'ASSET',
      'TERM',
      'USE',
      'RIGHTS_DUTIES',
      'PRICE_PAYMENT',
      'COMPENSATION',
      'BREACH',
      'MODE',
      'DISPUTE',
      'OTHER',
    ],
    headings: {
      PARTIES: '双方当事人的姓名、住所',
      ASSET: '流转土地的名称、坐落、面积、质量等级',
      TERM: '流转期限和起止日期',
      USE: '流转土地的用途',
      RIGHTS_DUTIES: '双方当事人的权利和义务',
      PRICE_PAYMENT: '流转价款及支付方式',
      COMPENSATION: '土地被依法征收、征用、占用时有关补偿费的归属',
      BREACH: '违约责任',
    },
    nameLabel: '名称',
    modeLabel: LAND_LIKE_MODE_LABEL,
    termLabel: '流转期限',
    rightEndLabel: '承包期',
    use: ({ a, b, attrs }) => [
      `流转土地用于${textAttr(attrs, 'permittedUse') ?? '农业生产'}等农业生产经营。`,
      `${b}不得改变土地所有权的性质和土地的农业用途，不得破坏农业综合生产能力和农业生态环境，不得给土地造成永久性损害（农村土地承包法第三十八条）。`,
      `${b}确需在流转土地上建设农业生产附属、配套设施的，应当经${a}同意并依法办理有关手续。`,
    ],
    partyADuties: ({ b }) => [
      `有权监督${b}合理利用、保护土地，制止${b}损害土地和农业资源的行为。`,
      `流转期限内不得擅自收回流转土地，不得干涉${b}依法进行的正常生产经营活动。`,
    ],
    partyBDuties: (ctx) => [
      '不得改变土地所有权的性质和土地的农业用途，不得破坏农业综合生产能力和农业生态环境。',
      '依法保护和合理利用土地，不得给土地造成永久性损害，不得弃耕抛荒。',
      `流转期限不得超过承包期的剩余期限${ctx.rightEndsOnZh ? `（承包期至${ctx.rightEndsOnZh}届满）` : ''}。`,
      `经${ctx.a}同意，可以依法投资改良土壤，建设农业生产附属、配套设施，并按照合同约定对其投资部分获得合理补偿（农村土地承包法第四十三条）。`,
      `经${ctx.a}书面同意并向本集体经济组织备案，可以再流转土地经营权（农村土地承包法第四十六条）。`,
    ],
    compensation: ({ a, b }) => [
      `流转期间，流转土地被依法征收、征用、占用的，本合同相应终止（部分土地被征收、征用、占用的，该部分相应终止），${a}应当按剩余流转期限返还${b}已支付的相应流转价款。`,
      `土地补偿费按照法律规定归发包方和承包方（${a}）所有；安置补助费按照国家有关规定归属；地上附着物和青苗补偿费归其所有者所有，其中${b}投入建设的地上附着物和种植的青苗的补偿费归${b}所有。`,
    ],
    breach: ({ a, b }) => [
      `${b}有下列情形之一的，${a}可以单方解除本合同：1. 擅自改变土地的农业用途；2. 弃耕抛荒连续两年以上；3. 给土地造成严重损害或者严重破坏土地生态环境；4. 其他严重违约行为（农村土地承包法第四十二条）。${b}给土地造成损害的，应当予以赔偿。`,
      `${a}擅自收回流转土地或者干涉${b}正常生产经营的，应当赔偿${b}因此遭受的损失。`,
    ],
    disputeRoute: 'LAND',
    other: ({ a }) => [`本合同签订后，${a}应当向发包方备案（农村土地承包法第三十六条）。`],
    filedWith: '发包方',
  },

  FOREST: {
    kind: 'RIGHT',
    title: '林权流转合同',
    titleByMode: titlesByMode('林权'),
    listerRole: 'SELLER',
    landLike: true,
    modeClauses: { LEASE: FOREST_MODE, SUBCONTRACT: FOREST_MODE, SHARE: FOREST_MODE, TRANSFER: FOREST_MODE },
    legalBasis: [MINSHI, '《中华人民共和国森林法》', LAND_CONTRACTING_LAW],
    attributes: {
      certificateNo: { label: '林权证号' },
      subCompartment: { label: '小班号' },
      boundaries: BOUNDARIES_LABEL,
      treeSpecies: { label: '树种' },
      ageClass: { label: '龄组' },
      standVolumeM3: { label: '蓄积量' },
      forestType: { label: '森林类别', values: { COMMERCIAL: '商品林', PUBLIC_WELFARE: '公益林' } },
      rightEndsOn: { label: '林权终止日期' },
    },
    headings: { ASSET: '流转林地（林木）的基本情况', TERM: '流转期限和起止日期' },
    nameLabel: '名称',
    modeLabel: LAND_LIKE_MODE_LABEL,
    termLabel: '流转期限',
    rightEndLabel: '林权期限',
    use: ({ b, attrs }) => [
      `流转林地（林木）用于林业生产经营，${b}不得擅自改变林地用途，不得将林地用于非林业建设。`,
      ...(attrs.forestType === 'PUBLIC_WELFARE'
        ? [
            `本合同标的为公益林，本次交易仅为公益林经营权的出租，不发生林地、林木所有权或者林权的转让；${b}不得改变公益林的性质，不得进行商业性采伐，应当按照公益林管理规定履行管护责任；森林生态效益补偿按照国家有关规定执行。`,
          ]
        : []),
    ],
    partyADuties: ({ b }) => [`协助${b}依法办理林权流转登记或者备案手续。`],
    partyBDuties: (ctx) => [
      '采伐林木的，应当依法申请林木采伐许可证，按许可证的规定进行采伐。',
      '做好森林防火、林业有害生物防治和林地保护工作。',
      withinRight(ctx, '流转期限'),
    ],
    compensation: LAND_LIKE_COMPENSATION,
    breach: ({ a, b }) => [
      `${b}擅自改变林地用途、违法采伐林木或者严重破坏森林资源的，${a}可以解除本合同，并要求${b}赔偿损失。`,
    ],
    disputeRoute: 'LAND',
    other: ['本合同签订后，双方应当依法办理林权流转登记或者备案。'],
  },

  FOUR_WASTES: {
    kind: 'RIGHT',
    title: '“四荒”使用权流转合同',
    titleByMode: titlesByMode('“四荒”使用权'),
    listerRole: 'SELLER',
    landLike: true,
    legalBasis: [MINSHI, LAND_CONTRACTING_LAW],
    attributes: {
      wasteType: { label: '类型', values: { HILL: '荒山', GULLY: '荒沟', MOUND: '荒丘', FLAT: '荒滩' } },
      boundaries: BOUNDARIES_LABEL,
      currentCondition: { label: '现状' },
      conservationDuty: { label: '水土保持与治理义务' },
    },
    headings: { ASSET: '流转“四荒”的基本情况', TERM: '流转期限和起止日期' },
    nameLabel: '名称',
    modeLabel: LAND_LIKE_MODE_LABEL,
    termLabel: '流转期限',
    use: ({ b, attrs }) => {
      const duty = textAttr(attrs, 'conservationDuty');
      return [
        `流转的“四荒”用于农、林、牧、渔业生产和生态治理开发；${b}不得改变土地所有权的性质和农业用途。`,
        `${b}应当采取措施防止水土流失，保护生态环境${duty ? `，并履行以下治理义务：${duty}` : ''}。`,
      ];
    },
    partyADuties: ({ b }) => [`协助${b}办理有关登记手续，协调处理与相邻集体和农户的地界关系。`],
    partyBDuties: ['按照治理开发规划进行治理，不得破坏植被，不得乱挖滥采。'],
    compensation: LAND_LIKE_COMPENSATION,
    disputeRoute: 'LAND',
  },

  COLLECTIVE_EQUITY: {
    kind: 'RIGHT',
    title: '农村集体资产股权转让合同',
    listerRole: 'SELLER',
    modeClauses: {
      TRANSFER: ({ a, b, attrs, allowOutsiders }) => {
        const org = textAttr(attrs, 'organizationName') ?? '该集体经济组织';
        return [
          `本次股权转让已取得${org}的同意；转让后由${org}变更成员（股东）名册和股权证书，自变更登记之日起${b}按所持股份享有收益分配等权利（股权登记变更）。`,
          allowOutsiders
            ? `经集体决议同意，本集体经济组织以外的受让方可以受让本股权。`
            : `受让方限于${org}的成员；${b}确认其为${org}的成员。`,
          `${a}应当交付股权证书，并协助${b}办理变更手续。`,
        ];
      },
    },
    legalBasis: [MINSHI, COLLECTIVE_ORG_LAW],
    attributes: {
      organizationName: { label: '集体经济组织名称' },
      certificateNo: { label: '股权证号' },
      shareCount: { label: '转让股份数' },
      shareType: { label: '股份类型', values: { MEMBER: '成员股', COLLECTIVE: '集体股', OTHER: '其他' } },
    },
    headings: { ASSET: '转让股权的基本情况', TERM: '股权交割' },
    nameLabel: '名称',
    locationLabel: '所在地',
    modeLabel: '转让方式',
    partyADuties: ({ b, attrs }) => [
      `协助${b}在${textAttr(attrs, 'organizationName') ?? '该集体经济组织'}办理股权变更登记。`,
    ],
    partyBDuties: ({ attrs }) => [
      `自股权变更登记之日起按所持股份享有收益分配等权利，并遵守${textAttr(attrs, 'organizationName') ?? '该集体经济组织'}的章程。`,
    ],
    disputeRoute: 'COURT',
    other: ['本次股权转让不改变集体资产所有权的性质。'],
  },

  PRODUCTION_FACILITY: {
    kind: 'RIGHT',
    title: '农村生产性设施设备使用权流转合同',
    titleByMode: {
      LEASE: '农村生产性设施设备租赁合同',
      SALE: '农村生产性设施设备转让合同',
      SHARE: '农村生产性设施设备使用权入股合同',
    },
    listerRole: 'SELLER',
    legalBasis: [MINSHI],
    attributes: {
      facilityType: {
        label: '设施设备类型',
        values: {
          GREENHOUSE: '温室大棚',
          LIVESTOCK_SHED: '畜禽圈舍',
          COLD_STORAGE: '冷库',
          MACHINERY: '农业机械',
          OTHER: '其他',
        },
      },
      model: { label: '规格型号' },
      quantity: { label: '数量' },
      builtYear: { label: '建成（购置）年份' },
      condition: { label: '使用状况' },
      floorAreaM2: FLOOR_AREA_LABEL,
    },
    headings: { ASSET: '设施设备的基本情况' },
    nameLabel: '名称',
    locationLabel: '所在地',
    partyADuties: ['按约定的状况交付设施设备，并提供必要的使用说明和权属资料。'],
    partyBDuties: ({ transferMode }) =>
      transferMode === 'SALE'
        ? ['自设施设备交付之日起承担其毁损、灭失的风险。']
        : [
            '妥善使用和维护保养设施设备，承担使用期间的日常维修费用和安全生产责任；期限届满时按交付时的状况（正常损耗除外）返还。',
          ],
    disputeRoute: 'COURT',
  },

  COLLECTIVE_OPERATING_ASSET: {
    kind: 'RIGHT',
    title: '农村集体经营性资产流转合同',
    titleByMode: {
      LEASE: '农村集体经营性资产租赁合同',
      TRANSFER: '农村集体经营性资产转让合同',
      SHARE: '农村集体经营性资产入股合同',
    },
    listerRole: 'SELLER',
    legalBasis: [MINSHI, COLLECTIVE_ORG_LAW],
    attributes: {
      assetName: { label: '资产名称' },
      floorAreaM2: FLOOR_AREA_LABEL,
      structure: { label: '结构' },
      appraisedValueFen: { label: '评估价值' },
    },
    headings: { ASSET: '资产的基本情况' },
    nameLabel: '名称',
    use: ({ a, b }) => [`${b}应当按照资产的设计用途合法使用，未经${a}书面同意不得改变资产的结构和用途。`],
    partyADuties: ['按约定交付资产并保证其符合安全使用条件。'],
    partyBDuties: ({ a }) => [
      `未经${a}书面同意，不得转租、转让或者改变资产结构；承担使用期间的安全、消防责任和水、电等费用。`,
    ],
    disputeRoute: 'COURT',
  },

  WATER_FACILITY: {
    kind: 'RIGHT',
    title: '小型水利设施使用权流转合同',
    titleByMode: titlesByMode('小型水利设施使用权', ['LEASE', 'SUBCONTRACT', 'SHARE']),
    listerRole: 'SELLER',
    legalBasis: [MINSHI, '《中华人民共和国水法》'],
    attributes: {
      facilityType: {
        label: '设施类型',
        values: { WELL: '机井', POND: '塘坝', CHANNEL: '渠道', PUMP_STATION: '泵站', OTHER: '其他' },
      },
      capacity: { label: '规模（容量）' },
      irrigatedAreaMu: { label: '灌溉面积' },
    },
    headings: { ASSET: '水利设施的基本情况' },
    nameLabel: '名称',
    modeLabel: LAND_LIKE_MODE_LABEL,
    termLabel: '流转期限',
    use: ({ b, attrs }) => {
      const area = numberAttr(attrs, 'irrigatedAreaMu');
      return [
        `本设施必须保持灌溉功能，用途不得改变；${b}应当按照有关规定为受益范围内的农户提供灌溉服务${area !== undefined ? `（灌溉面积${area}亩）` : ''}，服从防汛抗旱统一调度。`,
      ];
    },
    partyADuties: ['交付设施时提供设施的有关技术资料。'],
    partyBDuties: ['负责设施的日常管护和维修，保证设施完好和正常运行，承担安全责任。'],
    breach: ({ a, b }) => [`${b}改变设施用途或者致使其灌溉功能丧失的，${a}可以解除本合同，并要求${b}赔偿损失。`],
    disputeRoute: 'COURT',
  },

  AGRI_IP: {
    kind: 'RIGHT',
    title: '农业知识产权流转合同',
    titleByMode: {
      TRANSFER: '农业知识产权转让合同',
      LEASE: '农业知识产权实施许可合同',
      SHARE: '农业知识产权作价入股合同',
    },
    listerRole: 'SELLER',
    partyLabelsByMode: { LEASE: ['许可方', '被许可方'] },
    legalBasis: [MINSHI],
    attributes: {
      ipType: {
        label: '知识产权类型',
        values: { PLANT_VARIETY: '植物新品种权', PATENT: '专利权', TRADEMARK: '商标专用权', OTHER: '其他' },
      },
      registrationNo: { label: '登记（授权）号' },
      validUntil: { label: '权利有效期至' },
    },
    headings: { ASSET: '知识产权的基本情况' },
    nameLabel: '名称',
    locationLabel: '权利人所在地',
    termLabel: '许可（转让）期限',
    rightEndLabel: '权利有效期',
    partyADuties: ({ transferMode }) => [
      transferMode === 'TRANSFER'
        ? '保证转让的知识产权合法有效，并配合办理权利转让登记。'
        : '保证在本合同期限内该知识产权合法有效，按期缴纳维持费用；不得就同一权利作出与本合同相冲突的转让或者许可。',
    ],
    partyBDuties: (ctx) => [
      ctx.transferMode === 'TRANSFER'
        ? '自权利转让登记之日起成为权利人，承担此后的维持费用。'
        : `在约定的范围内实施该知识产权，未经${ctx.a}同意不得许可他人实施。`,
      withinRight(ctx, '许可（转让）期限'),
    ],
    disputeRoute: 'COURT',
    other: ['本合同涉及权利转让、许可备案或者变更登记的，双方应当依法向有关知识产权主管部门办理。'],
  },

  COLLECTIVE_CONSTRUCTION_LAND: {
    kind: 'RIGHT',
    title: '农村集体经营性建设用地使用权流转合同',
    titleByMode: {
      TRANSFER: '农村集体经营性建设用地使用权出让合同',
      LEASE: '农村集体经营性建设用地使用权出租合同',
      SHARE: '农村集体经营性建设用地使用权作价入股合同',
    },
    listerRole: 'SELLER',
    partyLabelsByMode: { TRANSFER: ['出让方', '受让方'] },
    modeClauses: { LEASE: CONSTRUCTION_LAND_MODE, TRANSFER: CONSTRUCTION_LAND_MODE, SHARE: CONSTRUCTION_LAND_MODE },
    legalBasis: [MINSHI, '《中华人民共和国土地管理法》'],
    attributes: {
      parcelCode: { label: '宗地代码' },
      boundaries: BOUNDARIES_LABEL,
      plannedUse: { label: '规划用途' },
      plotRatio: { label: '容积率' },
    },
    headings: { ASSET: '宗地的基本情况', TERM: '使用期限和起止日期' },
    nameLabel: '名称',
    termLabel: '使用期限',
    use: ({ b, attrs }) => {
      const ratio = numberAttr(attrs, 'plotRatio');
      return [
        `宗地规划用途为${textAttr(attrs, 'plannedUse') ?? '经营性用途'}${ratio !== undefined ? `，容积率${ratio}` : ''}；${b}应当按照国土空间规划确定的用途和规划条件开发利用，不得擅自改变用途，不得用于商品住宅开发。`,
      ];
    },
    partyADuties: ({ b }) => [`按约定的时间和条件交付土地，协助${b}依法办理不动产登记。`],
    partyBDuties: ['按照规划条件开发建设，依法办理建设用地规划许可、建设工程规划许可等手续。'],
    compensation: LAND_LIKE_COMPENSATION,
    disputeRoute: 'COURT',
    other: ['本合同签订后，双方应当依法向不动产登记机构申请办理集体经营性建设用地使用权登记。'],
  },

  RURAL_HOUSING: {
    kind: 'RIGHT',
    title: '农村房屋租赁合同',
    listerRole: 'SELLER',
    legalBasis: [MINSHI],
    attributes: {
      floorAreaM2: FLOOR_AREA_LABEL,
      structure: { label: '房屋结构' },
      homesteadCertificateNo: { label: '宅基地证号' },
    },
    headings: { ASSET: '租赁房屋的基本情况', TERM: '租赁期限和起止日期' },
    nameLabel: '名称',
    modeLabel: '交易方式',
    termLabel: '租赁期限',
    use: ({ a, b }) => [
      `${b}应当将房屋用于居住、民宿、乡村旅游等合法用途，不得擅自改变房屋主体结构，不得违法改建、扩建或者新建建筑物，不得利用房屋从事违法活动。`,
      `出租不改变宅基地所有权、${a}的宅基地资格权和房屋所有权。`,
    ],
    partyADuties: ['保证出租房屋安全、可以正常使用，承担房屋主体结构的维修责任。'],
    partyBDuties: ({ a }) => [
      `未经${a}书面同意不得转租；承担租赁期间的水、电、燃气等费用和安全责任；租赁期限届满按时返还房屋。`,
    ],
    breach: ({ a, b }) => [`${b}擅自改变房屋主体结构或者擅自转租的，${a}可以解除本合同，并要求${b}赔偿损失。`],
    disputeRoute: 'COURT',
  },

  AQUACULTURE_WATER: {
    kind: 'RIGHT',
    title: '养殖水面经营权流转合同',
    titleByMode: titlesByMode('养殖水面经营权'),
    listerRole: 'SELLER',
    landLike: true,
    legalBasis: [MINSHI, '《中华人民共和国渔业法》'],
    attributes: {
      waterType: { label: '水面类型', values: { POND: '池塘', RESERVOIR: '水库', RIVER: '河道', OTHER: '其他' } },
      boundaries: BOUNDARIES_LABEL,
      rightEndsOn: { label: '经营权届满日' },
    },
    headings: { ASSET: '养殖水面的基本情况', TERM: '流转期限和起止日期' },
    nameLabel: '名称',
    modeLabel: LAND_LIKE_MODE_LABEL,
    termLabel: '流转期限',
    rightEndLabel: '经营权期限',
    use: ({ b }) => [
      `流转水面用于水产养殖，${b}应当遵守渔业法律法规和禁渔期、禁渔区规定，科学投放，不得污染水体、破坏水生态环境。`,
    ],
    partyADuties: ({ b }) => [`协助${b}办理养殖证等有关手续。`],
    partyBDuties: (ctx) => ['服从防汛、抗旱统一调度，保护堤坝等水利设施。', withinRight(ctx, '流转期限')],
    compensation: LAND_LIKE_COMPENSATION,
    disputeRoute: 'COURT',
  },

  AGRI_PROJECT: {
    kind: 'PROCUREMENT',
    title: '涉农项目采购合同',
    listerRole: 'BUYER',
    legalBasis: [MINSHI],
    attributes: {
      projectType: { label: '项目类型', values: { WORKS: '工程', GOODS: '货物', SERVICES: '服务' } },
      scope: { label: '采购内容及范围' },
      budgetFen: { label: '项目预算' },
      deliveryDays: { label: '工期（交付期限）' },
      advancePercent: { label: '预付款比例' },
      warrantyMonths: { label: '质量保证期' },
    },
    headings: { ASSET: '采购项目', TERM: '工期（交付期限）', PRICE_PAYMENT: '合同价款及支付方式' },
    nameLabel: '项目名称',
    locationLabel: '项目地点',
    modeLabel: '采购方式',
    partyADuties: ({ b }) => [
      `为${b}履行本合同提供必要的场地、资料等条件。`,
      `按约定及时组织验收，对${b}的履约情况进行监督。`,
    ],
    partyBDuties: ({ attrs }) => [
      `按照采购内容及范围${textAttr(attrs, 'scope') ? `（${textAttr(attrs, 'scope')}）` : ''}和约定的质量标准，在约定期限内完成交付（竣工）。`,
      '不得将本项目转包，不得违法分包。',
      '对交付的工程、货物或者服务依法承担质量保证责任。',
    ],
    disputeRoute: 'COURT',
  },
};

/** The template of a category. */
export function contractTemplate(code: CategoryCode): ContractTemplate {
  const template = CONTRACT_TEMPLATES[code];
  if (!template) throw new RangeError(`no contract template for category ${String(code)}`);
  return template;
}

/** The contract title for a category and transfer mode. */
export function contractTitle(code: CategoryCode, transferMode: TransferMode): string {
  const template = contractTemplate(code);
  return template.titleByMode?.[transferMode] ?? template.title;
}

/** The lister's (甲方's) and the winner's (乙方's) names for a category and transfer mode (出租方/承租方, ...). */
export function partyLabels(code: CategoryCode, transferMode: TransferMode): readonly [string, string] {
  return contractTemplate(code).partyLabelsByMode?.[transferMode] ?? MODE_PARTY_LABELS[transferMode];
}

/** The special clauses of a category's transfer mode. */
export function modeClausesOf(code: CategoryCode, ctx: ClauseContext): string[] {
  const template = contractTemplate(code);
  return clausesOf(template.modeClauses?.[ctx.transferMode] ?? MODE_CLAUSES[ctx.transferMode], ctx);
}

/** A clause list evaluated in a context. */
export function clausesOf(clauses: Clauses | undefined, ctx: ClauseContext): string[] {
  if (clauses === undefined) return [];
  return typeof clauses === 'function' ? clauses(ctx) : [...clauses];
}
