import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { runStatement } from '../common/database/affected-rows';
import { DomainError } from '../common/errors/domain-error';

export interface ClockState {
  /** The platform clock now. */
  now: Date;
  /** How far it runs ahead of the database clock. */
  offsetSeconds: number;
}

/**
 * The test clock (`TEST_CLOCK=true` only): moves the platform clock forward by keeping an offset in the database
 * (`platform_offset`), so every instance follows and it survives a restart. Never backwards: deadlines already
 * passed stay passed.
 */
@Injectable()
export class ClockService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async moveTo(actorId: string, target: Date): Promise<ClockState> {
    return this.dataSource.transaction(async (em) => {
      const { records } = await runStatement<{ offset_seconds: number }>(
        em,
        `UPDATE platform_offset
            SET offset_seconds = extract(epoch FROM ($1::timestamptz - clock_timestamp())), updated_at = now()
          WHERE id = 1 AND $1::timestamptz >= clock_timestamp() + make_interval(secs => offset_seconds)
          RETURNING offset_seconds`,
        [target.toISOString()],
      );
      if (records.length !== 1) throw new DomainError('CLOCK_BACKWARDS');
      const offsetSeconds = Number(records[0].offset_seconds);
      await this.audit.record(em, {
        actorId,
        action: 'clock.moved',
        entityType: 'clock',
        entityId: 'platform',
        details: { now: target.toISOString(), offsetSeconds },
      });
      return { now: target, offsetSeconds };
    });
  }

  async state(): Promise<ClockState> {
    const [row] = (await this.dataSource.query(
      `SELECT platform_clock() AS now, offset_seconds FROM platform_offset WHERE id = 1`,
    )) as { now: Date; offset_seconds: number }[];
    return { now: new Date(row.now), offsetSeconds: Number(row.offset_seconds) };
  }
}
