import { CategoryDefinition } from '../category.types';

/** 农村集体资产股权 (Rural Collective Economic Organization Law art. 27). */
export const COLLECTIVE_EQUITY_CATEGORY: CategoryDefinition = {
  code: 'COLLECTIVE_EQUITY',
  nameZh: '农村集体资产股权',
  nameEn: 'Shares in collective assets',
  listerTypes: ['PERSON', 'COLLECTIVE'],
  transferModes: ['TRANSFER'],
  priceUnits: ['TOTAL'],
  direction: 'ASCENDING',
  hasArea: false,
  attributes: [
    {
      key: 'organizationName',
      type: 'string',
      required: true,
      labelZh: '集体经济组织名称',
      labelEn: 'Collective economic organization',
    },
    { key: 'certificateNo', type: 'string', required: true, labelZh: '股权证号', labelEn: 'Equity certificate No.' },
    {
      key: 'shareCount',
      type: 'integer',
      unit: 'share',
      required: true,
      labelZh: '股份数',
      labelEn: 'Number of shares',
    },
    {
      key: 'shareType',
      type: 'enum',
      required: true,
      enum: ['MEMBER', 'COLLECTIVE', 'OTHER'],
      labelZh: '股份类型（成员股/集体股/其他）',
      labelEn: 'Share type (member/collective/other)',
    },
  ],
  rules: {
    resolutionRequired: false,
    priorityRight: true,
    announcementMinWorkingDays: 20,
    buyersLimitedToMembers: true,
    descriptionZh:
      '受让方限于本集体经济组织成员（决议允许外部受让的除外）；集体持有的股权须有集体决议；同等条件下成员享有优先权。',
    descriptionEn:
      'Buyers limited to members of the same collective organization unless the resolution allows outsiders; ' +
      'collective-held equity needs a resolution; members have priority under equal conditions.',
  },
};
