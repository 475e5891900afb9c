import { createTestApp, TestContext } from './support/test-app';

interface AuditItem {
  id: string;
  seq: number;
  stream: number;
  streamSeq: number;
  hash: string;
  prevHash: string;
  action: string;
}

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
    const items = all.body.items as AuditItem[];
    expect(items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['user.bootstrap_admin', 'user.registered', 'user.created_by_admin']),
    );
    // the trail in `seq` order; each entry chained to the previous one of its stream (1, 2, 3... without gaps)
    const previous = new Map<number, AuditItem>();
    for (const item of items) {
      const before = previous.get(item.stream);
      if (before) {
        expect(item.streamSeq).toBe(before.streamSeq + 1);
        expect(item.prevHash).toBe(before.hash);
      }
      previous.set(item.stream, item);
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

    const [victim] = await t.db.query(`SELECT id, details FROM audit_entries ORDER BY seq OFFSET 2 LIMIT 1`);
    await t.db.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update`);
    await t.db.query(`UPDATE audit_entries SET details = '{"roles":["admin"]}' WHERE id = $1`, [victim.id]);
    await t.db.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update`);

    const broken = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
    expect(broken.body).toEqual({ ok: false, checkedEntries: intact.body.checkedEntries, firstBrokenId: victim.id });
    await t.db.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update`);
    await t.db.query(`UPDATE audit_entries SET details = $2 WHERE id = $1`, [victim.id, victim.details]);
    await t.db.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update`);
  });

  it('audited transactions do not queue on one head: one held open does not hold up the others (a server)', async () => {
    const clerk = await t.given.clerk();
    const holder = t.db.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      const [held] = await holder.query(
        `INSERT INTO audit_entries (actor_id, action, entity_type, entity_id, details)
         VALUES (NULL, 'test.held', 'test', 'held', '{}') RETURNING stream, stream_seq`,
      );
      if (t.database.embedded) {
        // the embedded database runs one transaction at a time (one session, the app's one connection): nothing else
        // can run beside the holder
        await holder.commitTransaction();
        await holder.release();
      }
      // five audited requests (registrations) while the holder's stream head stays locked: none waits for it
      let timer: NodeJS.Timeout | undefined;
      const sellers = await Promise.race([
        Promise.all(Array.from({ length: 5 }, () => t.given.seller())),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the audited writes waited for the held stream')), 10_000);
        }),
      ]).finally(() => clearTimeout(timer));
      const theirs: { stream: number }[] = await t.db.query(
        `SELECT stream FROM audit_entries WHERE action = 'user.registered' AND entity_id = ANY($1)`,
        [sellers.map((s) => s.id)],
      );
      expect(theirs).toHaveLength(5);
      if (!t.database.embedded) {
        expect(theirs.map((e) => e.stream)).not.toContain(held.stream);
        await holder.commitTransaction();
      }
    } finally {
      if (!holder.isReleased) {
        if (holder.isTransactionActive) await holder.rollbackTransaction();
        await holder.release();
      }
    }
    const verified = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('a rolled-back savepoint gives its stream position back: the stream stays gapless', async () => {
    const clerk = await t.given.clerk();
    const runner = t.db.createQueryRunner();
    await runner.connect();
    const insert = (label: string) =>
      runner.query(
        `INSERT INTO audit_entries (actor_id, action, entity_type, entity_id, details)
         VALUES (NULL, 'test.savepoint', 'test', $1, '{}') RETURNING stream, stream_seq::int AS "streamSeq"`,
        [label],
      );
    let entries: { stream: number; streamSeq: number }[];
    try {
      await runner.startTransaction();
      const [first] = await insert('first');
      await runner.query(`SAVEPOINT undone`);
      await insert('undone');
      await runner.query(`ROLLBACK TO SAVEPOINT undone`);
      const [second] = await insert('second');
      await runner.query(`SAVEPOINT kept`);
      const [third] = await insert('third');
      await runner.query(`RELEASE SAVEPOINT kept`);
      await runner.commitTransaction();
      entries = [first, second, third];
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    // one stream for the whole transaction, positions one after the other
    expect(entries.map((e) => e.stream)).toEqual([entries[0].stream, entries[0].stream, entries[0].stream]);
    expect(entries.map((e) => e.streamSeq)).toEqual([
      entries[0].streamSeq,
      entries[0].streamSeq + 1,
      entries[0].streamSeq + 2,
    ]);
    const stored = await t.db.query(`SELECT entity_id FROM audit_entries WHERE action = 'test.savepoint' ORDER BY seq`);
    expect(stored.map((r: { entity_id: string }) => r.entity_id)).toEqual(['first', 'second', 'third']);
    const verified = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  describe('tampering behind the triggers is found in every stream, at its middle and at its tail', () => {
    let clerk: Awaited<ReturnType<TestContext['given']['clerk']>>;
    /** A stream with at least three entries, in order. */
    let chain: AuditItem[];

    beforeAll(async () => {
      clerk = await t.given.clerk();
      // writes from several connections at once (spread over streams on a server)
      await Promise.all(Array.from({ length: 8 }, () => t.given.buyer()));
      await t.db.query(`CREATE TABLE audit_backup AS SELECT * FROM audit_entries`);
      await t.db.query(`CREATE TABLE audit_streams_backup AS SELECT * FROM audit_streams`);
      const [{ stream }] = await t.db.query(
        `SELECT stream FROM audit_entries GROUP BY stream HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 1`,
      );
      chain = (
        await t.db.query(
          `SELECT id, seq::int AS seq, stream, stream_seq::int AS "streamSeq", hash, prev_hash AS "prevHash", action
             FROM audit_entries WHERE stream = $1 ORDER BY stream_seq`,
          [stream],
        )
      ).map((row: AuditItem) => ({ ...row, seq: Number(row.seq), streamSeq: Number(row.streamSeq) }));
    });

    /** Runs `sql` with the triggers off, checks what `/audit/verify` says, and puts the trail back. */
    async function tampered(sql: string[], params: unknown[][] = []): Promise<Record<string, unknown>> {
      await t.db.query(`ALTER TABLE audit_entries DISABLE TRIGGER USER`);
      try {
        for (const [i, statement] of sql.entries()) await t.db.query(statement, params[i] ?? []);
        return (await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200)).body;
      } finally {
        await t.db.query(`DELETE FROM audit_entries`);
        await t.db.query(`INSERT INTO audit_entries SELECT * FROM audit_backup`);
        await t.db.query(`DELETE FROM audit_streams`);
        await t.db.query(`INSERT INTO audit_streams SELECT * FROM audit_streams_backup`);
        await t.db.query(`ALTER TABLE audit_entries ENABLE TRIGGER USER`);
        const restored = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
        expect(restored.body.ok).toBe(true);
      }
    }

    it('an edited entry, in the middle and at the tail', async () => {
      for (const victim of [chain[1], chain.at(-1) as AuditItem]) {
        const found = await tampered([`UPDATE audit_entries SET action = 'forged' WHERE id = $1`], [[victim.id]]);
        expect(found).toMatchObject({ ok: false, firstBrokenId: victim.id });
      }
    });

    it('a deleted entry: in the middle (its successor breaks), at the tail (the head no longer matches)', async () => {
      const middle = await tampered([`DELETE FROM audit_entries WHERE id = $1`], [[chain[1].id]]);
      expect(middle).toMatchObject({ ok: false, firstBrokenId: chain[2].id });
      const tail = await tampered([`DELETE FROM audit_entries WHERE id = $1`], [[(chain.at(-1) as AuditItem).id]]);
      expect(tail).toMatchObject({ ok: false, firstBrokenId: (chain.at(-2) as AuditItem).id });
    });

    it('reordered entries: two swapped in their stream, or one moved to another stream', async () => {
      const [a, b] = [chain[0], chain[1]];
      const swapped = await tampered(
        [
          `UPDATE audit_entries SET stream_seq = -stream_seq WHERE id IN ($1, $2)`,
          `UPDATE audit_entries SET stream_seq = CASE WHEN id = $1 THEN $3::bigint ELSE $4::bigint END WHERE id IN ($1, $2)`,
        ],
        [
          [a.id, b.id],
          [a.id, b.id, b.streamSeq, a.streamSeq],
        ],
      );
      expect(swapped).toMatchObject({ ok: false, firstBrokenId: b.id });
      // moved to a neighbouring stream: the first break in (stream, stream_seq) order is the original stream's gap
      // when the neighbour comes after it, else the moved entry itself at the neighbour's end
      const other = a.stream < 63 ? a.stream + 1 : a.stream - 1;
      const moved = await tampered(
        [`UPDATE audit_entries SET stream = $2, stream_seq = 1000000 WHERE id = $1`],
        [[chain[1].id, other]],
      );
      expect(moved).toMatchObject({ ok: false, firstBrokenId: other > a.stream ? chain[2].id : chain[1].id });
      // the trail's order (seq) swapped between two entries of a stream: seq no longer rises with stream_seq
      const reordered = await tampered(
        [
          `UPDATE audit_entries SET seq = -seq WHERE id IN ($1, $2)`,
          `UPDATE audit_entries SET seq = CASE WHEN id = $1 THEN $3::bigint ELSE $4::bigint END WHERE id IN ($1, $2)`,
        ],
        [
          [a.id, b.id],
          [a.id, b.id, b.seq, a.seq],
        ],
      );
      expect(reordered).toMatchObject({ ok: false, firstBrokenId: b.id });
    });

    it('a forged or removed stream head', async () => {
      const forged = await tampered(
        [`UPDATE audit_streams SET last_hash = repeat('f', 64) WHERE id = $1`],
        [[chain[0].stream]],
      );
      expect(forged).toMatchObject({ ok: false, firstBrokenId: (chain.at(-1) as AuditItem).id });
      const removed = await tampered([`DELETE FROM audit_streams WHERE id = $1`], [[chain[0].stream]]);
      const [first] = await t.db.query(`SELECT id FROM audit_entries ORDER BY stream, stream_seq LIMIT 1`);
      expect(removed).toMatchObject({ ok: false, firstBrokenId: first.id });
    });
  });
});
