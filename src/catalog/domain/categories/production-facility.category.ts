import { CategoryDefinition } from '../category.types';
import { floorAreaAttribute } from './common-attributes';

/** 农村生产性设施设备使用权. */
export const PRODUCTION_FACILITY_CATEGORY: CategoryDefinition = {
  code: 'PRODUCTION_FACILITY',
  nameZh: '农村生产性设施设备使用权',
  nameEn: 'Use rights of agricultural production facilities and equipment',
  listerTypes: ['PERSON', 'COLLECTIVE', 'ORGANIZATION'],
  transferModes: ['LEASE', 'SALE', 'SHARE'],
  priceUnits: ['TOTAL', 'PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: false,
  attributes: [
    {
      key: 'facilityType',
      type: 'enum',
      required: true,
      enum: ['GREENHOUSE', 'LIVESTOCK_SHED', 'COLD_STORAGE', 'MACHINERY', 'OTHER'],
      labelZh: '设施类型（温室大棚/畜禽圈舍/冷库/农机/其他）',
      labelEn: 'Facility type (greenhouse/livestock shed/cold storage/machinery/other)',
    },
    { key: 'model', type: 'string', required: false, labelZh: '规格型号', labelEn: 'Model' },
    { key: 'quantity', type: 'integer', required: true, labelZh: '数量', labelEn: 'Quantity' },
    {
      key: 'builtYear',
      type: 'integer',
      unit: 'year',
      required: false,
      labelZh: '建成（购置）年份',
      labelEn: 'Year built',
    },
    { key: 'condition', type: 'string', required: true, labelZh: '使用状况', labelEn: 'Condition' },
    floorAreaAttribute(false),
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: false,
    announcementMinWorkingDays: 10,
    descriptionZh: '集体所有的设施设备须有集体决议。',
    descriptionEn: 'Collective-owned facilities need a collective resolution.',
  },
};
