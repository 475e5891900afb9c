import { CategoryDefinition } from '../category.types';
import { floorAreaAttribute } from './common-attributes';

/** 农村房屋使用权 (闲置农房). */
export const RURAL_HOUSING_CATEGORY: CategoryDefinition = {
  code: 'RURAL_HOUSING',
  nameZh: '农村房屋使用权',
  nameEn: 'Use rights of idle farmhouses',
  listerTypes: ['PERSON'],
  transferModes: ['LEASE'],
  priceUnits: ['TOTAL', 'PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: false,
  attributes: [
    floorAreaAttribute(true),
    { key: 'structure', type: 'string', required: true, labelZh: '房屋结构', labelEn: 'Structure' },
    {
      key: 'homesteadCertificateNo',
      type: 'string',
      required: false,
      labelZh: '宅基地证号',
      labelEn: 'Homestead certificate No.',
    },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: false,
    maxTermYears: 20,
    announcementMinWorkingDays: 10,
    descriptionZh: '只能出租；租赁期限不超过20年。',
    descriptionEn: 'Lease only; term at most 20 years.',
  },
};
