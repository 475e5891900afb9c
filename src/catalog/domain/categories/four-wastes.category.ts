import { CategoryDefinition } from '../category.types';
import { boundariesAttribute } from './common-attributes';

/** "四荒"使用权 (荒山、荒沟、荒丘、荒滩). */
export const FOUR_WASTES_CATEGORY: CategoryDefinition = {
  code: 'FOUR_WASTES',
  nameZh: '“四荒”使用权',
  nameEn: 'Use rights of barren hills, gullies, mounds and flats',
  listerTypes: ['COLLECTIVE'],
  transferModes: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  priceUnits: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: true,
  attributes: [
    {
      key: 'wasteType',
      type: 'enum',
      required: true,
      enum: ['HILL', 'GULLY', 'MOUND', 'FLAT'],
      labelZh: '类型（荒山/荒沟/荒丘/荒滩）',
      labelEn: 'Type (hill/gully/mound/flat)',
    },
    boundariesAttribute(true),
    { key: 'currentCondition', type: 'string', required: true, labelZh: '现状', labelEn: 'Current condition' },
    {
      key: 'conservationDuty',
      type: 'string',
      required: false,
      labelZh: '水土保持与治理义务',
      labelEn: 'Soil and water conservation duty',
    },
  ],
  rules: {
    resolutionRequired: true,
    priorityRight: true,
    maxTermYears: 50,
    announcementMinWorkingDays: 10,
    descriptionZh:
      '须经集体经济组织成员三分之二以上同意的决议；同等条件下本集体经济组织成员享有优先权；期限不超过50年。',
    descriptionEn:
      'A collective resolution (two thirds) is required; collective members have priority under equal conditions; ' +
      'term at most 50 years.',
  },
};
