import { CategoryDefinition } from '../category.types';
import { boundariesAttribute } from './common-attributes';

/** 农村承包土地经营权 (Rural Land Contracting Law arts. 36-53). */
export const LAND_CONTRACT_CATEGORY: CategoryDefinition = {
  code: 'LAND_CONTRACT',
  nameZh: '农村承包土地经营权',
  nameEn: 'Management rights of contracted rural land',
  listerTypes: ['PERSON', 'COLLECTIVE'],
  transferModes: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  priceUnits: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  direction: 'ASCENDING',
  hasArea: true,
  attributes: [
    {
      key: 'certificateNo',
      type: 'string',
      required: true,
      labelZh: '承包经营权证号',
      labelEn: 'Contract management right certificate No.',
    },
    { key: 'parcelCodes', type: 'string[]', required: true, labelZh: '地块编码', labelEn: 'Parcel codes' },
    boundariesAttribute(true),
    {
      key: 'landClass',
      type: 'enum',
      required: true,
      enum: ['IRRIGATED', 'DRY', 'PADDY', 'OTHER'],
      labelZh: '地类（水浇地/旱地/水田/其他）',
      labelEn: 'Land class (irrigated/dry/paddy/other)',
    },
    { key: 'grade', type: 'string', required: false, labelZh: '耕地等级', labelEn: 'Land grade' },
    { key: 'rightEndsOn', type: 'date', required: true, labelZh: '承包期届满日', labelEn: 'Contract right ends on' },
    { key: 'permittedUse', type: 'string', required: true, labelZh: '用途', labelEn: 'Permitted use' },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: true,
    rightEndAttribute: 'rightEndsOn',
    announcementMinWorkingDays: 10,
    consentRequiredForTransfer: true,
    agriculturalUseOnly: true,
    descriptionZh:
      '流转期限不得超过承包期剩余期限；不得改变土地农业用途；同等条件下本集体经济组织成员享有优先权；转让须经发包方同意。',
    descriptionEn:
      'Term may not exceed the remaining contract right; agricultural use only; collective members have priority ' +
      'under equal conditions; a transfer needs the collective’s consent document.',
  },
};
