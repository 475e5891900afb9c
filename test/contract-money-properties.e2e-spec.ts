import { CategoryCode } from '../src/catalog/domain/category.types';
import { TestClock, singleBidderDeal } from './support/clock';
import { DealFixture, signers } from './support/deals';
import { Actor } from './support/given';
import {
  balancesOf,
  buyerExempt,
  buyerFunds,
  depositBaseFen,
  entryLine,
  EntryView,
  ExpectedInstalment,
  expectedFeeFen,
  expectedInstalments,
  expectedTotalFen,
  LedgerModel,
  Meter,
  retentionHeld,
  Rng,
  sellerExempt,
  sellerPayable,
  TradeJournal,
  TradeLog,
  Unit,
} from './support/random-trades';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Property test of contract money over the years (DOMAIN.md §2 step 9, §3), under the test clock: random leases
 * priced per year (2-6 years, per year or per mu per year, with or without an offer above the reserve), sales priced
 * in total, and procurements (advance 0-30 %, warranty 3-24 months), each paid at random times: early in its window,
 * on the due date, late, late in two parts, or the amount on time and the late fee later. The clock walks through
 * every day something happens; after each payment the instalment (its late fee, what was paid, its status) is checked
 * against a model written again from the text (test/support/random-trades.ts and the late-fee rule below); each
 * instalment is settled once paid, a procurement's works are accepted (the performance bond released) and its
 * retention released when the warranty is over (refused the day before). At the end every deal's journal is exactly
 * the entries DOMAIN.md §3 prescribes, its statement adds up, its contract is COMPLETED and `GET /ledger/verify` is
 * clean.
 *
 * Seeded like the ledger property test: `PROPERTY_SEED` (default fixed), `PROPERTY_CONTRACTS` (default 12).
 */

const DEFAULT_SEED = 20261206;
const SEED = Number(process.env.PROPERTY_SEED ?? DEFAULT_SEED);
const CONTRACTS = Number(process.env.PROPERTY_CONTRACTS ?? 12);
const LATE_FEE_BP_PER_DAY = 5;
const RETENTION_BP = 300;

// ---------------------------------------------------------------------------------------------------------------
// Calendar dates, written again (not imported from src)

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => iso(ms(d) + n * DAY);
const daysFrom = (a: string, b: string) => Math.round((ms(b) - ms(a)) / DAY);
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
function plusMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(day, lastDay(ty, tm))).padStart(2, '0')}`;
}
const plusYears = (d: string, n: number) => plusMonths(d, 12 * n);

/**
 * The late fee of an instalment through `through`: for each day after `dueOn`, the amount still unpaid at the start
 * of that day (a payment made on a day counts from the next), × 5 ÷ 10,000; summed, rounded half up once.
 */
function modelLateFee(
  amountFen: number,
  dueOn: string | null,
  payments: { on: string; fen: number }[],
  through: string,
) {
  if (!dueOn || through <= dueOn) return 0;
  let fenDays = 0n;
  for (let day = plusDays(dueOn, 1); day <= through; day = plusDays(day, 1)) {
    const unpaid = amountFen - payments.filter((p) => p.on < day).reduce((s, p) => s + p.fen, 0);
    if (unpaid <= 0) break;
    fenDays += BigInt(unpaid);
  }
  const times = fenDays * BigInt(LATE_FEE_BP_PER_DAY);
  return Number((times * 2n + 10_000n) / 20_000n);
}

type Behaviour = 'EARLY' | 'ON_DUE' | 'LATE' | 'LATE_IN_PARTS' | 'LATE_FEE_LATER';

interface Instalment extends ExpectedInstalment {
  no: number;
  dueOn: string | null;
  payableFrom: string | null;
  /** Payments of the amount (principal), with the day they came in (the deposit first). */
  principal: { on: string; fen: number }[];
  feePaid: number;
  latePaid: number;
  settledLateFee: number | null;
}

interface Lot {
  i: number;
  rng: Rng;
  log: TradeLog;
  journal: TradeJournal;
  code: CategoryCode;
  unit: Unit;
  termYears: number;
  areaHundredths: number | null;
  reserveFen: number;
  depositFen: number;
  offerFen?: number;
  procurement: boolean;
  advancePercent: number;
  warrantyMonths: number;
  f: DealFixture;
  payer: Actor;
  payee: Actor;
  contractId: string;
  totalFen: number;
  depositApplied: number;
  instalments: Instalment[];
  events: { on: string; what: string; run: () => Promise<void> }[];
  paidIn: number;
  paidOut: number;
  completed: boolean;
}

describe(`contract money over the years: ${CONTRACTS} random contracts under the test clock (seed ${SEED})`, () => {
  let t: TestContext;
  let clock: TestClock;
  let today = '2027-01-04';
  const meter = new Meter();
  const model = new LedgerModel();
  const lots: Lot[] = [];
  const behaviours = new Map<string, number>();

  beforeAll(async () => {
    console.log(`contract money properties: seed ${SEED} (replay with PROPERTY_SEED=${SEED}), ${CONTRACTS} contracts`);
    t = await createTestApp({ TEST_CLOCK: 'true', AUCTION_EXTENSION_SECONDS: '1' });
    clock = new TestClock(t, await t.given.admin());
    await clock.moveTo(today);
  }, 60_000);
  afterAll(async () => {
    console.log(
      `contract money properties: seed ${SEED}, ${lots.length} contracts, ${meter.requests} requests, ` +
        `payments ${[...behaviours.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    await t?.close();
  });

  async function moveTo(date: string): Promise<void> {
    if (date <= today) return;
    today = date;
    await clock.moveTo(TestClock.china(date, '10:00:00'));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The model of one contract

  const dueOf = (x: Instalment, on: string) => x.amountFen + x.buyerFeeFen + lateFeeOf(x, on);
  const paidOf = (x: Instalment) => x.principal.reduce((s, p) => s + p.fen, 0) + x.feePaid + x.latePaid;
  const lateFeeOf = (x: Instalment, on: string) =>
    x.settledLateFee ?? modelLateFee(x.amountFen, x.dueOn, x.principal, on);

  function statusOf(x: Instalment, on: string): string {
    if (x.settledLateFee !== null) return 'SETTLED';
    if (paidOf(x) >= dueOf(x, on)) return 'PAID';
    if (!x.dueOn || on < x.dueOn) return 'PENDING';
    return on === x.dueOn ? 'DUE' : 'OVERDUE';
  }

  /** A payment on `on`, filled into the oldest open instalment: its amount, its buyer fee, its late fee so far. */
  function credit(lot: Lot, on: string, fen: number): void {
    let left = fen;
    for (const x of lot.instalments) {
      const principalLeft = x.amountFen - x.principal.reduce((s, p) => s + p.fen, 0);
      const toPrincipal = Math.min(left, principalLeft);
      if (toPrincipal > 0) {
        x.principal.push({ on, fen: toPrincipal });
        left -= toPrincipal;
      }
      const toFee = Math.min(left, x.buyerFeeFen - x.feePaid);
      x.feePaid += Math.max(toFee, 0);
      left -= Math.max(toFee, 0);
      const toLate = Math.min(left, lateFeeOf(x, on) - x.latePaid);
      x.latePaid += Math.max(toLate, 0);
      left -= Math.max(toLate, 0);
      if (left === 0) return;
    }
    lot.log.fail(`model: ${left} fen of a payment on ${on} fit no instalment`);
  }

  async function expectInstalment(lot: Lot, x: Instalment): Promise<void> {
    const res = await lot.log.send(
      { method: 'GET', path: `/contracts/${lot.contractId}/instalments`, actor: lot.payer },
      {
        status: 200,
      },
    );
    const got = res.body[x.no - 1];
    lot.log.equal(
      `instalment ${x.no} on ${today} (dueOn, late fee, paid, status)`,
      [got.dueOn, got.lateFeeFen, got.paidFen, got.status],
      [x.dueOn, lateFeeOf(x, today), paidOf(x), statusOf(x, today)],
    );
  }

  async function pay(lot: Lot, x: Instalment, fen: number): Promise<void> {
    const path = `/contracts/${lot.contractId}/payments`;
    if (lot.rng.chance(0.1)) {
      const owed = lot.instalments.reduce(
        (s, y) => s + (y.payableFrom !== null && y.payableFrom <= today ? dueOf(y, today) - paidOf(y) : 0),
        0,
      );
      await lot.log.send(
        { method: 'POST', path, actor: lot.f.clerk, body: { amountFen: owed + 1, bankRef: `OVER-${lot.i}` } },
        { status: 422, code: 'OVERPAYMENT' },
      );
    }
    await lot.log.send(
      { method: 'POST', path, actor: lot.f.clerk, body: { amountFen: fen, bankRef: `PAY-${lot.i}-${x.no}-${today}` } },
      { status: 201 },
    );
    credit(lot, today, fen);
    model.paymentReceived(lot.journal, lot.f.deal.id, fen);
    lot.paidIn += fen;
    await expectInstalment(lot, x);
  }

  async function settle(lot: Lot, x: Instalment): Promise<void> {
    const d = lot.f.deal.id;
    const path =
      x.no === 1 ? `/contracts/${lot.contractId}/settle` : `/contracts/${lot.contractId}/instalments/${x.no}/settle`;
    const res = await lot.log.send(
      { method: 'POST', path, actor: lot.f.clerk, body: { bankRef: `OUT-${lot.i}-${x.no}` } },
      { status: 200 },
    );
    const late = lateFeeOf(x, today);
    if (x.no === 1 && lot.depositApplied > 0) {
      model.depositApplied(lot.journal, lot.f.winner.registrationId, d, lot.depositApplied);
    }
    model.settlement(lot.journal, d, { ...x, lateFeeFen: late });
    const out = x.amountFen - x.sellerFeeFen - x.retentionFen + late;
    model.payout(lot.journal, d, out);
    lot.paidOut += out;
    x.settledLateFee = late;
    const last = x.no === lot.instalments.length;
    const done = last && x.retentionFen === 0;
    lot.log.equal(`the contract after settling instalment ${x.no}`, res.body.status, done ? 'COMPLETED' : 'IN_FORCE');
    lot.completed = done;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Planning

  function planLot(
    i: number,
    rng: Rng,
  ): Omit<Lot, 'f' | 'payer' | 'payee' | 'contractId' | 'totalFen' | 'depositApplied' | 'instalments'> {
    const code = rng.weighted<CategoryCode>([
      ['LAND_CONTRACT', 4],
      ['FOREST', 1],
      ['AQUACULTURE_WATER', 1],
      ['AGRI_PROJECT', 4],
      ['PRODUCTION_FACILITY', 1],
    ]);
    const procurement = code === 'AGRI_PROJECT';
    const unit: Unit =
      procurement || code === 'PRODUCTION_FACILITY'
        ? 'TOTAL'
        : rng.pick<Unit>(code === 'LAND_CONTRACT' ? ['PER_YEAR', 'PER_MU_PER_YEAR'] : ['PER_YEAR']);
    const termYears = unit === 'TOTAL' ? rng.int(1, 3) : rng.int(2, 6);
    const areaHundredths = unit === 'PER_MU_PER_YEAR' ? rng.int(150, 30_000) : code === 'LAND_CONTRACT' ? 2_550 : null;
    const reserveFen =
      unit === 'PER_MU_PER_YEAR'
        ? rng.int(5_000, 150_000)
        : unit === 'PER_YEAR'
          ? rng.logInt(50_000, 5_000_000)
          : rng.logInt(500_000, 300_000_000);
    const base = depositBaseFen(unit, reserveFen, termYears, areaHundredths);
    const depositFen = rng.int(Math.floor((base + 9) / 10), Math.floor((base * 3) / 10));
    const offerFen = rng.chance(0.5)
      ? procurement
        ? reserveFen - rng.int(0, Math.floor(reserveFen / 5))
        : reserveFen + rng.int(0, Math.floor(reserveFen / 5))
      : undefined;
    const header = `seed ${SEED}, contract #${i}: ${code}, ${unit} ${reserveFen} × ${termYears}y${areaHundredths ? ` × ${areaHundredths / 100} mu` : ''}, deposit ${depositFen}${offerFen ? `, offer ${offerFen}` : ''}\n(replay: PROPERTY_SEED=${SEED} PROPERTY_CONTRACTS=${CONTRACTS})`;
    return {
      i,
      rng,
      log: new TradeLog(header, t.http, meter),
      journal: new TradeJournal(),
      code,
      unit,
      termYears,
      areaHundredths,
      reserveFen,
      depositFen,
      offerFen,
      procurement,
      advancePercent: procurement ? rng.pick([0, 10, 30]) : 0,
      warrantyMonths: procurement ? rng.pick([3, 6, 12, 24]) : 0,
      events: [],
      paidIn: 0,
      paidOut: 0,
      completed: false,
    };
  }

  /** The days one instalment is paid on and how much each time, by a random behaviour. */
  function paymentPlan(lot: Lot, x: Instalment, dueOn: string, payableFrom: string): void {
    const rng = lot.rng;
    const behaviour = rng.weighted<Behaviour>([
      ['EARLY', 2],
      ['ON_DUE', 2],
      ['LATE', 3],
      ['LATE_IN_PARTS', 2],
      ['LATE_FEE_LATER', 2],
    ]);
    behaviours.set(behaviour, (behaviours.get(behaviour) ?? 0) + 1);
    const rest = () => dueOf(x, today) - paidOf(x);
    const add = (on: string, what: string, run: () => Promise<void>) => lot.events.push({ on, what, run });
    const settleOn = (on: string) => add(on, `settle ${x.no}`, () => settle(lot, x));
    if (behaviour === 'EARLY' || behaviour === 'ON_DUE') {
      const on =
        behaviour === 'ON_DUE'
          ? dueOn
          : plusDays(payableFrom, rng.int(0, Math.max(0, daysFrom(payableFrom, dueOn) - 1)));
      add(on, `pay ${x.no} ${behaviour}`, () => pay(lot, x, rest()));
      settleOn(plusDays(on, rng.int(0, 3)));
    } else if (behaviour === 'LATE') {
      const on = plusDays(dueOn, rng.int(1, 45));
      add(on, `pay ${x.no} late`, async () => {
        await expectInstalment(lot, x); // OVERDUE with its late fee so far
        await pay(lot, x, rest());
      });
      settleOn(on);
    } else if (behaviour === 'LATE_IN_PARTS') {
      const first = plusDays(dueOn, rng.int(1, 20));
      const second = plusDays(first, rng.int(1, 25));
      add(first, `pay ${x.no} part`, () =>
        pay(lot, x, Math.max(1, Math.floor((x.amountFen - x.principal.reduce((s, p) => s + p.fen, 0)) * rng.next()))),
      );
      add(second, `pay ${x.no} rest`, () => pay(lot, x, rest()));
      settleOn(plusDays(second, rng.int(0, 2)));
    } else {
      const first = plusDays(dueOn, rng.int(0, 10));
      const second = plusDays(first, rng.int(1, 30));
      add(first, `pay ${x.no} without the late fee`, () =>
        pay(lot, x, x.amountFen + x.buyerFeeFen - x.principal.reduce((s, p) => s + p.fen, 0) - x.feePaid),
      );
      add(second, `pay ${x.no} the late fee`, async () => {
        if (rest() > 0) {
          await lot.log.send(
            {
              method: 'POST',
              path: `/contracts/${lot.contractId}/${x.no === 1 ? 'settle' : `instalments/${x.no}/settle`}`,
              actor: lot.f.clerk,
              body: { bankRef: 'EARLY' },
            },
            { status: 409, code: 'NOT_FULLY_PAID' },
          );
          await pay(lot, x, rest());
        }
      });
      settleOn(second);
    }
  }

  /** Everything that happens to one contract after the signing, as dated events. */
  function planEvents(lot: Lot, signedOn: string): void {
    const rng = lot.rng;
    for (const x of lot.instalments) {
      if (x.dueOn !== null) {
        const payableFrom = x.no === 1 ? signedOn : plusDays(x.dueOn, -30);
        paymentPlan(lot, x, x.dueOn, payableFrom);
        continue;
      }
      // a procurement's balance: the works accepted first, then due that day
      const lastEvent = lot.events.reduce((m, e) => (e.on > m ? e.on : m), signedOn);
      const purchaserOn = plusDays(lastEvent, rng.int(10, 120));
      const clerkOn = plusDays(purchaserOn, rng.int(0, 5));
      const accept = (who: Actor) =>
        lot.log.send(
          {
            method: 'POST',
            path: `/contracts/${lot.contractId}/acceptance`,
            actor: who,
            body: { accepted: true, note: '验收合格' },
          },
          { status: 200 },
        );
      lot.events.push({
        on: purchaserOn,
        what: 'accepted by the purchaser',
        run: async () => void (await accept(lot.payer)),
      });
      lot.events.push({
        on: clerkOn,
        what: 'accepted by a clerk',
        run: async () => {
          await accept(lot.f.clerk);
          model.depositReleased(lot.journal, lot.f.winner.registrationId, lot.depositFen); // the performance bond
          x.dueOn = clerkOn;
          x.payableFrom = clerkOn;
          await expectInstalment(lot, x);
        },
      });
      // planned now from the clerk's acceptance day (the instalment's own dueOn is set when it happens)
      paymentPlan(lot, x, clerkOn, clerkOn);
      const warrantyEnds = plusMonths(clerkOn, lot.warrantyMonths);
      const release = (expected: { status: number; code?: string }) =>
        lot.log.send(
          {
            method: 'POST',
            path: `/contracts/${lot.contractId}/retention/release`,
            actor: lot.f.clerk,
            body: { bankRef: `RET-${lot.i}` },
          },
          expected,
        );
      lot.events.push({
        on: plusDays(warrantyEnds, -1),
        what: 'retention released too early',
        run: async () => void (await release({ status: 409, code: 'WARRANTY_NOT_OVER' })),
      });
      const releaseOn = plusDays(warrantyEnds, rng.int(0, 20));
      lot.events.push({
        on: releaseOn,
        what: 'retention released',
        run: async () => {
          const res = await release({ status: 200 });
          model.retentionReleased(lot.journal, lot.f.deal.id, x.retentionFen);
          model.payout(lot.journal, lot.f.deal.id, x.retentionFen);
          lot.paidOut += x.retentionFen;
          lot.log.equal('the contract after the retention', res.body.status, 'COMPLETED');
          lot.completed = true;
        },
      });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  it('every instalment, late fee, milestone and retention is booked as computed by hand', async () => {
    const root = new Rng(SEED);
    // 1. the deals: one a day, each a single bidder's (with its offer, if any)
    for (let i = 0; i < CONTRACTS; i++) {
      const plan = planLot(i, root.fork());
      const announcementEndsAt = TestClock.china(plusDays(today, 1), '10:00:00');
      const attributes =
        plan.code === 'AGRI_PROJECT'
          ? {
              projectType: 'WORKS',
              scope: '村内道路硬化工程',
              budgetFen: plan.reserveFen,
              deliveryDays: 90,
              advancePercent: plan.advancePercent,
              warrantyMonths: plan.warrantyMonths,
            }
          : undefined;
      const f = await singleBidderDeal(t, clock, {
        code: plan.code,
        overrides: {
          priceUnit: plan.unit,
          reservePriceFen: plan.reserveFen,
          incrementFen: Math.max(1, Math.floor(plan.reserveFen / 100)),
          depositFen: plan.depositFen,
          termYears: plan.termYears,
          ...(plan.areaHundredths !== null ? { areaMu: plan.areaHundredths / 100 } : {}),
          ...(attributes ? { attributes } : {}),
        },
        buyerType: plan.rng.pick(['PERSON', 'ORGANIZATION'] as const),
        offerFen: plan.offerFen,
        announcementEndsAt,
      });
      today = plusDays(today, 1);
      const priceFen =
        plan.offerFen === undefined
          ? plan.reserveFen
          : plan.procurement
            ? Math.min(plan.reserveFen, plan.offerFen)
            : Math.max(plan.reserveFen, plan.offerFen);
      const totalFen = expectedTotalFen(plan.unit, priceFen, plan.termYears, plan.areaHundredths);
      plan.log.equal(
        'the single bidder’s deal (price, total)',
        [f.deal.priceFen, f.deal.totalPriceFen],
        [priceFen, totalFen],
      );
      lots.push({
        ...plan,
        f,
        payer: f.seller,
        payee: f.seller,
        contractId: '',
        totalFen,
        depositApplied: 0,
        instalments: [],
      });
    }

    // 2. confirmed, contracts generated (handed over within two months), signed by both
    for (const lot of lots) {
      const { f } = lot;
      const d = f.deal.id;
      model.depositRecorded(lot.journal, f.winner.registrationId, lot.depositFen);
      await lot.log.send({ method: 'POST', path: `/deals/${d}/confirm`, actor: f.clerk }, { status: 200 });
      const handoverOn = plusDays(today, lot.rng.int(1, 60));
      const contract = (
        await lot.log.send(
          { method: 'POST', path: `/deals/${d}/contract`, actor: f.clerk, body: { handoverOn } },
          { status: 201 },
        )
      ).body;
      lot.contractId = contract.id;
      const parties = signers(f, contract);
      lot.payer = parties.buyer;
      lot.payee = parties.seller;
      const fee = expectedFeeFen(lot.totalFen);
      const payeeUser = (await lot.log.send({ method: 'GET', path: '/me', actor: lot.payee }, { status: 200 })).body;
      const payerUser = (await lot.log.send({ method: 'GET', path: '/me', actor: lot.payer }, { status: 200 })).body;
      const fees = {
        buyerFeeFen: buyerExempt(payerUser.partyType, lot.procurement) ? 0 : fee,
        sellerFeeFen: sellerExempt(payeeUser.partyType) ? 0 : fee,
      };
      const planned = expectedInstalments(
        lot.unit,
        lot.termYears,
        lot.totalFen,
        fees,
        lot.procurement ? { advancePercent: lot.advancePercent, retentionBp: RETENTION_BP } : undefined,
      );
      lot.instalments = planned.map((p, k) => {
        const balance = lot.procurement && k === planned.length - 1;
        return {
          ...p,
          no: k + 1,
          dueOn: balance ? null : lot.unit === 'TOTAL' || lot.procurement ? handoverOn : plusYears(handoverOn, k),
          payableFrom: null,
          principal: [],
          feePaid: 0,
          latePaid: 0,
          settledLateFee: null,
        };
      });
      lot.depositApplied = lot.procurement ? 0 : Math.min(lot.depositFen, planned[0].amountFen);
      if (lot.depositApplied > 0) lot.instalments[0].principal.push({ on: today, fen: lot.depositApplied });
      lot.log.equal(
        'the contract (fees, deposit applied, term)',
        [contract.buyerFeeFen, contract.sellerFeeFen, contract.depositAppliedFen, contract.startsOn],
        [fees.buyerFeeFen, fees.sellerFeeFen, lot.depositApplied, handoverOn],
      );
      const got = (
        await lot.log.send(
          { method: 'GET', path: `/contracts/${lot.contractId}/instalments`, actor: lot.payee },
          {
            status: 200,
          },
        )
      ).body as { amountFen: number; buyerFeeFen: number; sellerFeeFen: number; retentionFen: number; dueOn: string }[];
      lot.log.equal(
        'the instalments (amount, fees, retention, due date)',
        got.map((x) => [x.amountFen, x.buyerFeeFen, x.sellerFeeFen, x.retentionFen, x.dueOn]),
        lot.instalments.map((x) => [x.amountFen, x.buyerFeeFen, x.sellerFeeFen, x.retentionFen, x.dueOn]),
      );
      for (const who of lot.rng.shuffle([lot.payer, lot.payee])) {
        await lot.log.send({ method: 'POST', path: `/contracts/${lot.contractId}/sign`, actor: who }, { status: 200 });
      }
      for (const x of lot.instalments) {
        x.payableFrom = x.dueOn === null ? null : x.no === 1 ? today : plusDays(x.dueOn, -30);
      }
      planEvents(lot, today);
    }

    // 3. the clock walks through every day something happens
    const events = lots
      .flatMap((lot) => lot.events.map((e, seq) => ({ ...e, lot, seq })))
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.lot.i - b.lot.i || a.seq - b.seq));
    for (const e of events) {
      await moveTo(e.on);
      e.lot.log.note(`${today}: ${e.what}`);
      await e.run();
    }

    // 4. the end: every contract completed, its journal and statement as computed, the ledger sound
    for (const lot of lots) {
      const d = lot.f.deal.id;
      lot.log.check(lot.completed, 'the contract did not complete');
      const contract = (
        await lot.log.send({ method: 'GET', path: `/contracts/${lot.contractId}`, actor: lot.f.clerk }, { status: 200 })
      ).body;
      lot.log.equal('the contract at the end', contract.status, 'COMPLETED');
      const entries = new Map<string, EntryView>();
      for (const q of [`dealId=${d}`, `registrationId=${lot.f.winner.registrationId}`]) {
        const page = (
          await lot.log.send(
            { method: 'GET', path: `/ledger/entries?${q}&pageSize=100`, actor: lot.f.clerk },
            {
              status: 200,
            },
          )
        ).body;
        for (const e of page.items as EntryView[]) entries.set(e.id!, e);
      }
      lot.log.equal(
        "the deal's journal against DOMAIN.md §3",
        [...entries.values()].map(entryLine).sort(),
        lot.journal.entries.map(entryLine).sort(),
      );
      const balances = balancesOf([...entries.values()]);
      lot.log.equal(
        'BUYER_FUNDS, SELLER_PAYABLE, RETENTION_HELD at the end',
        [buyerFunds(d), sellerPayable(d), retentionHeld(d)].map((a) => balances.get(a) ?? 0),
        [0, 0, 0],
      );
      const late = lot.instalments.reduce((s, x) => s + (x.settledLateFee ?? 0), 0);
      const fees = lot.instalments.reduce((s, x) => s + x.buyerFeeFen, 0);
      const sellerFees = lot.instalments.reduce((s, x) => s + x.sellerFeeFen, 0);
      const { instalments: _i, ...statement } = (
        await lot.log.send(
          { method: 'GET', path: `/contracts/${lot.contractId}/statement`, actor: lot.payer },
          {
            status: 200,
          },
        )
      ).body;
      lot.log.equal('the statement at the end', statement, {
        totalPriceFen: lot.totalFen,
        depositAppliedFen: lot.depositApplied,
        buyerFeeFen: fees,
        sellerFeeFen: sellerFees,
        amountDueFen: lot.totalFen + fees + late - lot.depositApplied,
        paidFen: lot.paidIn,
        outstandingFen: 0,
        disbursedToSellerFen: lot.paidOut,
      });
      lot.log.equal(
        'paid out: the price less the seller’s fee, plus the late fees',
        lot.paidOut,
        lot.totalFen - sellerFees + late,
      );
    }
    const verify = (await t.http.get('/api/v1/ledger/verify').set('Authorization', lots[0].f.clerk.auth).expect(200))
      .body;
    expect({ ok: verify.ok, violations: verify.violations }).toEqual({ ok: true, violations: [] });
    // the default seed draws every behaviour at least once (another seed may not)
    if (SEED === DEFAULT_SEED) {
      expect([...behaviours.keys()].sort()).toEqual(['EARLY', 'LATE', 'LATE_FEE_LATER', 'LATE_IN_PARTS', 'ON_DUE']);
    }
  }, 600_000);
});
