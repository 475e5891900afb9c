import { createTestApp, TestContext } from './support/test-app';

describe('the audit trail', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records account actions in the same transaction, readable by staff with a hash chain', async () => {
    const seller = await t.given.seller();
    const clerk = await t.given.clerk();
    const res = await t.http
      .get(`/api/v1/audit?entityType=user&entityId=${seller.id}`)
      .set('Authorization', clerk.auth)
      .expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      action: 'user.registered',
      entityType: 'user',
      entityId: seller.id,
      actorId: seller.id,
    });
    expect(res.body.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const all = await t.http.get('/api/v1/audit?pageSize=100').set('Authorization', clerk.auth).expect(200);
    const items = all.body.items as { seq: number; hash: string; prevHash: string; action: string }[];
    expect(items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['user.bootstrap_admin', 'user.registered', 'user.created_by_admin']),
    );
    for (let i = 1; i < items.length; i++) {
      expect(items[i].seq).toBe(items[i - 1].seq + 1);
      expect(items[i].prevHash).toBe(items[i - 1].hash);
    }
  });

  it('supervisors and admins read it too; buyers do not', async () => {
    const supervisor = await t.given.supervisor();
    await t.http.get('/api/v1/audit').set('Authorization', supervisor.auth).expect(200);
    await t.http
      .get('/api/v1/audit/verify')
      .set('Authorization', (await t.given.admin()).auth)
      .expect(200);
    const buyer = await t.given.buyer();
    expect((await t.http.get('/api/v1/audit/verify').set('Authorization', buyer.auth).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
  });

  it('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    for (const sql of [
      `UPDATE audit_entries SET action = 'forged'`,
      `DELETE FROM audit_entries`,
      `TRUNCATE audit_entries`,
    ]) {
      await expect(t.db.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('GET /audit/verify passes on an intact chain and finds a row tampered with behind the triggers', async () => {
    const clerk = await t.given.clerk();
    const intact = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
    expect(intact.body.ok).toBe(true);
    expect(intact.body.checkedEntries).toBeGreaterThanOrEqual(5);
    expect(intact.body.firstBrokenId).toBeUndefined();

    const [victim] = await t.db.query(`SELECT id FROM audit_entries ORDER BY seq OFFSET 2 LIMIT 1`);
    await t.db.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update`);
    await t.db.query(`UPDATE audit_entries SET details = '{"roles":["admin"]}' WHERE id = $1`, [victim.id]);
    await t.db.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update`);

    const broken = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
    expect(broken.body).toEqual({ ok: false, checkedEntries: intact.body.checkedEntries, firstBrokenId: victim.id });
  });
});
