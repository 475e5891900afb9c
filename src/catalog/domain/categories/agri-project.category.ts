import { CategoryDefinition } from '../category.types';

/** 涉农项目招标采购: a reverse auction, the lister buys and the lowest offer wins. */
export const AGRI_PROJECT_CATEGORY: CategoryDefinition = {
  code: 'AGRI_PROJECT',
  nameZh: '涉农项目招标采购',
  nameEn: 'Procurement of rural projects',
  listerTypes: ['COLLECTIVE'],
  transferModes: ['PROCUREMENT'],
  priceUnits: ['TOTAL'],
  direction: 'DESCENDING',
  hasArea: false,
  attributes: [
    {
      key: 'projectType',
      type: 'enum',
      required: true,
      enum: ['WORKS', 'GOODS', 'SERVICES'],
      labelZh: '项目类型（工程/货物/服务）',
      labelEn: 'Project type (works/goods/services)',
    },
    { key: 'scope', type: 'string', required: true, labelZh: '采购内容及范围', labelEn: 'Scope' },
    { key: 'budgetFen', type: 'integer', unit: 'fen', required: true, labelZh: '项目预算', labelEn: 'Budget' },
    {
      key: 'deliveryDays',
      type: 'integer',
      unit: 'day',
      required: true,
      labelZh: '工期（交付期限）',
      labelEn: 'Delivery days',
    },
    {
      key: 'advancePercent',
      type: 'integer',
      unit: 'percent',
      required: false,
      labelZh: '预付款比例（%，0-30，默认 0）',
      labelEn: 'Advance (percent of the price, 0-30, default 0)',
    },
    {
      key: 'warrantyMonths',
      type: 'integer',
      unit: 'month',
      required: false,
      labelZh: '质量保证期（月，默认 12）',
      labelEn: 'Warranty (months after acceptance, default 12)',
    },
  ],
  rules: {
    resolutionRequired: true,
    priorityRight: false,
    announcementMinWorkingDays: 10,
    descriptionZh: '反向竞价：采购方为挂牌方，底价为最高限价，竞买人从限价向下报价，最低价者中标；须有集体决议。',
    descriptionEn:
      'Reverse auction: the lister buys, the reserve is the ceiling, bidders offer prices going down and the lowest ' +
      'wins; a collective resolution is required.',
  },
};
