import { AccountsService } from '../src/accounts/accounts.service';
import { User } from '../src/accounts/entities/user.entity';
import { AuthUser } from '../src/common/auth/auth.decorators';
import { PACKAGE_CALENDAR } from '../src/common/domain/working-days';
import { DocumentsService } from '../src/documents/documents.service';
import { NewListing } from '../src/listings/domain/listing-validation';
import { ListingsService } from '../src/listings/listings.service';
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
  {
    label: 'lender (bank)',
    phone: '13800000008',
    password: DEMO_PASSWORD,
    name: '怀安县农村信用合作联社',
    roles: ['lender'],
    partyType: 'ORGANIZATION',
    creditCode: creditCode('91130728MA0000008'),
  },
];

/** A one-page PDF standing in for a scanned certificate. */
const DEMO_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const asCaller = (user: User): AuthUser => ({ id: user.id, roles: user.roles });

/**
 * Two demo listings through the real services: the farmer's irrigated land, reviewed and announced (so anonymous
 * visitors find it), and the collective's barren-hill lease left as a draft. Only when the farmer has none yet.
 */
export async function seedDemoListings(
  accounts: AccountsService,
  listings: ListingsService,
  documents: DocumentsService,
  announcementMinWorkingDays: number,
): Promise<void> {
  const farmer = await accounts.findByPhone('13800000001');
  const collective = await accounts.findByPhone('13800000002');
  const clerk = await accounts.findByPhone('13800000005');
  if (!farmer || !collective || !clerk) return;
  const mine = await listings.search(asCaller(farmer), { page: 1, pageSize: 1 });
  if (mine.total > 0) return;

  const land: NewListing = {
    categoryCode: 'LAND_CONTRACT',
    title: '西沙洼村120亩水浇地经营权出租',
    villageCode: '130728100213',
    description: '地块集中连片，机井配套，适合规模化种植杂粮、蔬菜。',
    transferMode: 'LEASE',
    attributes: {
      certificateNo: '130728100213010001J',
      parcelCodes: ['1307281002130100001', '1307281002130100002'],
      boundaries: { east: '村道', south: '王家地', west: '洋河堤', north: '林带' },
      landClass: 'IRRIGATED',
      rightEndsOn: '2058-12-31',
      permittedUse: '种植业',
    },
    areaMu: 120,
    priceUnit: 'PER_MU_PER_YEAR',
    reservePriceFen: 80_000, // 800.00 元 per mu per year
    incrementFen: 1_000,
    depositFen: 1_920_000, // 20% of one year's rent, 96,000.00 元
    termYears: 10,
    tradingMethod: 'AUCTION',
  };
  const listing = await listings.create(asCaller(farmer), land);
  await documents.upload(asCaller(farmer), listing.id, 'OWNERSHIP_CERTIFICATE', {
    originalname: '土地承包经营权证.pdf',
    buffer: DEMO_PDF,
    size: DEMO_PDF.length,
  });
  await listings.submit(asCaller(farmer), listing.id);
  await listings.review(asCaller(clerk), listing.id, { decision: 'APPROVE' });
  // a fresh database has no official calendar entries yet: the package's calendar is the platform's
  const endsAt = new Date(PACKAGE_CALENDAR.addWorkingDays(new Date(), announcementMinWorkingDays).getTime() + 3600_000);
  await listings.publish(asCaller(clerk), listing.id, { announcementEndsAt: endsAt.toISOString() });

  await listings.create(asCaller(collective), {
    categoryCode: 'FOUR_WASTES',
    title: '西沙洼村北山荒山使用权出租（300亩）',
    villageCode: '130728100213',
    transferMode: 'LEASE',
    attributes: {
      wasteType: 'HILL',
      boundaries: { east: '沙沟', south: '村北路', west: '东沙洼村界', north: '山脊' },
      currentCondition: '荒坡，零星杏树',
      conservationDuty: '植树造林，防止水土流失',
    },
    areaMu: 300,
    priceUnit: 'PER_MU_PER_YEAR',
    reservePriceFen: 3_000, // 30.00 元 per mu per year
    incrementFen: 100,
    depositFen: 180_000, // 20% of one year's rent, 9,000.00 元
    termYears: 30,
    tradingMethod: 'AUCTION',
    collectiveResolution: { meetingDate: '2026-10-20', eligibleVoters: 186, attendees: 160, votesFor: 141 },
  });
}

/** Seeds the demo accounts through the real services (idempotent: an existing phone is left as it is). */
export async function seedDemoData(accounts: AccountsService): Promise<DemoAccount[]> {
  const out: DemoAccount[] = [];
  for (const { label, ...dto } of PARTIES) {
    if (!(await accounts.findByPhone(dto.phone))) await accounts.register(dto);
    out.push({ role: label, phone: dto.phone, name: dto.name });
  }
  for (const { label, ...dto } of STAFF) {
    if (!(await accounts.findByPhone(dto.phone))) await accounts.createStaff(dto, null, 'user.seeded');
    out.push({ role: label, phone: dto.phone, name: dto.name });
  }
  return out;
}
