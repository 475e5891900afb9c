import { CategoryDefinition } from '../category.types';

/** 小型水利设施使用权. */
export const WATER_FACILITY_CATEGORY: CategoryDefinition = {
  code: 'WATER_FACILITY',
  nameZh: '小型水利设施使用权',
  nameEn: 'Use rights of small water-conservancy works',
  listerTypes: ['COLLECTIVE', 'ORGANIZATION'],
  transferModes: ['LEASE', 'SUBCONTRACT', 'SHARE'],
  priceUnits: ['TOTAL', 'PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: false,
  attributes: [
    {
      key: 'facilityType',
      type: 'enum',
      required: true,
      enum: ['WELL', 'POND', 'CHANNEL', 'PUMP_STATION', 'OTHER'],
      labelZh: '设施类型（机井/塘坝/渠道/泵站/其他）',
      labelEn: 'Facility type (well/pond/channel/pump station/other)',
    },
    { key: 'capacity', type: 'string', required: false, labelZh: '规模（容量）', labelEn: 'Capacity' },
    {
      key: 'irrigatedAreaMu',
      type: 'number',
      unit: 'mu',
      required: false,
      labelZh: '灌溉面积',
      labelEn: 'Irrigated area',
    },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: false,
    announcementMinWorkingDays: 10,
    fixedPermittedUse: 'IRRIGATION',
    descriptionZh: '须保持灌溉功能，不得改变用途。',
    descriptionEn: 'Must keep its irrigation function; the permitted use is fixed.',
  },
};
