import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from './domain/roles';

/** What the guard needs of an account: its current roles, and whether it may act at all. */
export interface AccountStatus {
  roles: Role[];
  disabled: boolean;
}

/** How long an instance trusts what it read of an account (the contract: at most 1 s). */
export const ACCOUNT_STATUS_TTL_MS = 1000;
/** Past this many cached accounts the cache starts over (it only saves lookups). */
const MAX_ENTRIES = 50_000;

interface Entry {
  at: number;
  status: Promise<AccountStatus | null>;
}

/**
 * Every authenticated request is checked against its account (a primary-key lookup), so a disabled account or a
 * removed role stops working within a second on every instance. Each instance keeps what it read for at most
 * ACCOUNT_STATUS_TTL_MS, and concurrent requests of one account share one lookup: the bid path pays for the
 * lookup about once a second per bidder.
 */
@Injectable()
export class AccountStatusCache {
  private readonly entries = new Map<string, Entry>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The account's current status; null when it does not exist. */
  get(userId: string): Promise<AccountStatus | null> {
    const now = Date.now();
    const cached = this.entries.get(userId);
    if (cached && now - cached.at < ACCOUNT_STATUS_TTL_MS) return cached.status;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const status = this.load(userId);
    const entry = { at: now, status };
    this.entries.set(userId, entry);
    // a failed lookup is not kept: the next request tries again
    status.catch(() => this.entries.get(userId) === entry && this.entries.delete(userId));
    return status;
  }

  /** Forgets what this instance read of an account (after its own change to it). */
  forget(userId: string): void {
    this.entries.delete(userId);
  }

  private async load(userId: string): Promise<AccountStatus | null> {
    const rows: { roles: Role[]; disabled: boolean }[] = await this.dataSource.query(
      `SELECT roles, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ? { roles: rows[0].roles, disabled: rows[0].disabled } : null;
  }
}
