import { CategoryDefinition } from '../category.types';
import { boundariesAttribute } from './common-attributes';

/** 林权. */
export const FOREST_CATEGORY: CategoryDefinition = {
  code: 'FOREST',
  nameZh: '林权',
  nameEn: 'Forest rights',
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
      labelZh: '林权证号',
      labelEn: 'Forest right certificate No.',
    },
    { key: 'subCompartment', type: 'string', required: false, labelZh: '小班', labelEn: 'Sub-compartment' },
    boundariesAttribute(true),
    { key: 'treeSpecies', type: 'string[]', required: true, labelZh: '树种', labelEn: 'Tree species' },
    { key: 'ageClass', type: 'string', required: false, labelZh: '龄组', labelEn: 'Age class' },
    { key: 'standVolumeM3', type: 'number', unit: 'm3', required: false, labelZh: '蓄积量', labelEn: 'Stand volume' },
    {
      key: 'forestType',
      type: 'enum',
      required: true,
      enum: ['COMMERCIAL', 'PUBLIC_WELFARE'],
      labelZh: '森林类别（商品林/公益林）',
      labelEn: 'Forest type (commercial/public welfare)',
    },
    { key: 'rightEndsOn', type: 'date', required: true, labelZh: '林权终止日期', labelEn: 'Forest right ends on' },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: false,
    rightEndAttribute: 'rightEndsOn',
    announcementMinWorkingDays: 10,
    restrictedModes: [{ attribute: 'forestType', equals: 'PUBLIC_WELFARE', allowedModes: ['LEASE'] }],
    descriptionZh: '公益林只能出租经营权，不得转让；流转期限不得超过林权剩余期限。',
    descriptionEn:
      'Public-welfare forest: only a lease of the management right, never a transfer; term may not exceed the ' +
      'remaining right.',
  },
};
