import { CategoryDefinition } from '../category.types';

/** 农业类知识产权 (plant variety rights, patents, trademarks). */
export const AGRI_IP_CATEGORY: CategoryDefinition = {
  code: 'AGRI_IP',
  nameZh: '农业类知识产权',
  nameEn: 'Agricultural intellectual property',
  listerTypes: ['PERSON', 'ORGANIZATION', 'COLLECTIVE'],
  transferModes: ['TRANSFER', 'LEASE', 'SHARE'],
  priceUnits: ['TOTAL', 'PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: false,
  attributes: [
    {
      key: 'ipType',
      type: 'enum',
      required: true,
      enum: ['PLANT_VARIETY', 'PATENT', 'TRADEMARK', 'OTHER'],
      labelZh: '类型（植物新品种权/专利/商标/其他）',
      labelEn: 'Type (plant variety/patent/trademark/other)',
    },
    { key: 'registrationNo', type: 'string', required: true, labelZh: '登记（授权）号', labelEn: 'Registration No.' },
    { key: 'validUntil', type: 'date', required: true, labelZh: '有效期至', labelEn: 'Valid until' },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: false,
    rightEndAttribute: 'validUntil',
    announcementMinWorkingDays: 10,
    largeDealFlag: true,
    descriptionZh: '许可或转让期限不得超过权利有效期；大额交易可提交省级交易中心。',
    descriptionEn:
      'Term may not exceed the validity of the right; large deals may be flagged for the provincial centre.',
  },
};
