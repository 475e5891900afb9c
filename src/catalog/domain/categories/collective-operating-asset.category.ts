import { CategoryDefinition } from '../category.types';
import { floorAreaAttribute } from './common-attributes';

/** 农村集体经营性资产 (buildings, shops, plants; not land). */
export const COLLECTIVE_OPERATING_ASSET_CATEGORY: CategoryDefinition = {
  code: 'COLLECTIVE_OPERATING_ASSET',
  nameZh: '农村集体经营性资产',
  nameEn: 'Collective operating assets',
  listerTypes: ['COLLECTIVE'],
  transferModes: ['LEASE', 'SHARE', 'TRANSFER'],
  priceUnits: ['TOTAL', 'PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: false,
  attributes: [
    { key: 'assetName', type: 'string', required: true, labelZh: '资产名称', labelEn: 'Asset name' },
    floorAreaAttribute(false),
    { key: 'structure', type: 'string', required: false, labelZh: '结构', labelEn: 'Structure' },
    {
      key: 'appraisedValueFen',
      type: 'integer',
      unit: 'fen',
      required: false,
      labelZh: '评估价值',
      labelEn: 'Appraised value',
    },
  ],
  rules: {
    resolutionRequired: true,
    priorityRight: false,
    announcementMinWorkingDays: 20,
    minReserveOfAppraisalBp: 9000,
    descriptionZh: '须有集体决议；有评估价值的，底价不得低于评估价值的90%。',
    descriptionEn:
      'A collective resolution is required; the reserve must be at least 90% of the appraised value when given.',
  },
};
