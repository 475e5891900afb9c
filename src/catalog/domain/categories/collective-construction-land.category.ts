import { CategoryDefinition } from '../category.types';
import { boundariesAttribute } from './common-attributes';

/** 农村集体经营性建设用地使用权 (Land Administration Law art. 63). */
export const COLLECTIVE_CONSTRUCTION_LAND_CATEGORY: CategoryDefinition = {
  code: 'COLLECTIVE_CONSTRUCTION_LAND',
  nameZh: '农村集体经营性建设用地使用权',
  nameEn: 'Use rights of collective commercial construction land',
  listerTypes: ['COLLECTIVE'],
  transferModes: ['LEASE', 'TRANSFER', 'SHARE'],
  priceUnits: ['TOTAL', 'PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: true,
  attributes: [
    { key: 'parcelCode', type: 'string', required: true, labelZh: '宗地代码', labelEn: 'Parcel code' },
    boundariesAttribute(true),
    { key: 'plannedUse', type: 'string', required: true, labelZh: '规划用途', labelEn: 'Planned use' },
    { key: 'plotRatio', type: 'number', required: false, labelZh: '容积率', labelEn: 'Plot ratio' },
  ],
  rules: {
    resolutionRequired: true,
    priorityRight: false,
    maxTermYears: 50,
    announcementMinWorkingDays: 20,
    descriptionZh: '须经村民会议三分之二以上成员或者三分之二以上村民代表同意（土地管理法第六十三条）；期限不超过50年。',
    descriptionEn:
      'A collective resolution (two thirds, Land Administration Law art. 63) is required; term at most 50 years.',
  },
};
