import { CategoryDefinition } from '../category.types';
import { boundariesAttribute } from './common-attributes';

/** 养殖水面经营权. */
export const AQUACULTURE_WATER_CATEGORY: CategoryDefinition = {
  code: 'AQUACULTURE_WATER',
  nameZh: '养殖水面经营权',
  nameEn: 'Management rights of aquaculture water surfaces',
  listerTypes: ['PERSON', 'COLLECTIVE'],
  transferModes: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  priceUnits: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: true,
  attributes: [
    {
      key: 'waterType',
      type: 'enum',
      required: true,
      enum: ['POND', 'RESERVOIR', 'RIVER', 'OTHER'],
      labelZh: '水面类型（池塘/水库/河道/其他）',
      labelEn: 'Water type (pond/reservoir/river/other)',
    },
    boundariesAttribute(false),
    { key: 'rightEndsOn', type: 'date', required: true, labelZh: '经营权届满日', labelEn: 'Management right ends on' },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: false,
    rightEndAttribute: 'rightEndsOn',
    announcementMinWorkingDays: 10,
    descriptionZh: '流转期限不得超过经营权剩余期限。',
    descriptionEn: 'Term may not exceed the remaining right.',
  },
};
