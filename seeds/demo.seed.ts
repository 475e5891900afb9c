import { AccountsService } from '../src/accounts/accounts.service';
import { creditCodeCheckChar, residentIdCheckChar } from '../src/accounts/domain/identity';
import { CreateStaffDto, RegisterDto } from '../src/accounts/dto/account.dto';

/** Every demo account shares this password (demo only: the embedded quick start). */
export const DEMO_PASSWORD = 'Nongjiao@2026';

const residentId = (first17: string): string => first17 + residentIdCheckChar(first17);
const creditCode = (first17: string): string => first17 + creditCodeCheckChar(first17);

export interface DemoAccount {
  role: string;
  phone: string;
  name: string;
}

const PARTIES: (RegisterDto & { label: string })[] = [
  {
    label: 'seller (farmer household)',
    phone: '13800000001',
    password: DEMO_PASSWORD,
    name: '王建国',
    partyType: 'PERSON',
    idNumber: residentId('13072819700315123'),
    villageCode: '130728100213',
    roles: ['seller'],
  },
  {
    label: 'seller (village collective)',
    phone: '13800000002',
    password: DEMO_PASSWORD,
    name: '西沙洼村股份经济合作社',
    partyType: 'COLLECTIVE',
    creditCode: creditCode('N213072800002130A'),
    villageCode: '130728100213',
    roles: ['seller'],
  },
  {
    label: 'buyer (family farm)',
    phone: '13800000003',
    password: DEMO_PASSWORD,
    name: '怀安县丰收家庭农场',
    partyType: 'ORGANIZATION',
    creditCode: creditCode('92130728MA0000001'),
    roles: ['buyer'],
  },
  {
    label: 'buyer (farmer)',
    phone: '13800000004',
    password: DEMO_PASSWORD,
    name: '李春生',
    partyType: 'PERSON',
    idNumber: residentId('13072819850620456'),
    villageCode: '130728100214',
    roles: ['buyer', 'seller'],
  },
];

const STAFF: (CreateStaffDto & { label: string })[] = [
  { label: 'clerk', phone: '13800000005', password: DEMO_PASSWORD, name: '赵敏（交易中心）', roles: ['clerk'] },
  {
    label: 'clerk (second)',
    phone: '13800000006',
    password: DEMO_PASSWORD,
    name: '孙磊（交易中心）',
    roles: ['clerk'],
  },
  {
    label: 'supervisor',
    phone: '13800000007',
    password: DEMO_PASSWORD,
    name: '周华（农业农村局）',
    roles: ['supervisor'],
  },
  { label: 'admin', phone: '13800000000', password: DEMO_PASSWORD, name: '演示管理员', roles: ['admin'] },
];

/** Seeds the demo accounts through the real services (idempotent: an existing phone is left as it is). */
export async function seedDemoData(accounts: AccountsService): Promise<DemoAccount[]> {
  const out: DemoAccount[] = [];
  for (const { label, ...dto } of PARTIES) {
    if (!(await accounts.findByPhone(dto.phone))) await accounts.register(dto);
    out.push({ role: label, phone: dto.phone, name: dto.name });
  }
  for (const { label, ...dto } of STAFF) {
    if (!(await accounts.findByPhone(dto.phone))) await accounts.createStaff(dto, null);
    out.push({ role: label, phone: dto.phone, name: dto.name });
  }
  return out;
}
