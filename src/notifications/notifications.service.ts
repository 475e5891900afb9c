import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { Notification, NotificationKind } from './notification.entity';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  listingId?: string | null;
  dealId?: string | null;
  contractId?: string | null;
  /** The same key twice sends once (a reminder stage of an instalment, say). */
  dedupeKey?: string | null;
}

/**
 * The in-app inbox (站内消息). Messages are written in the transaction of the change they tell of, so a rolled-back
 * change sends nothing; the channel (today the inbox, later SMS) is this service's concern only.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async notify(em: EntityManager, messages: NewNotification[]): Promise<void> {
    for (const m of messages) {
      await em.query(
        `INSERT INTO notifications (user_id, kind, title, body, listing_id, deal_id, contract_id, dedupe_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, platform_now())
         ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
        [
          m.userId,
          m.kind,
          m.title.slice(0, 200),
          m.body,
          m.listingId ?? null,
          m.dealId ?? null,
          m.contractId ?? null,
          m.dedupeKey ?? null,
        ],
      );
    }
  }

  /** The caller's messages, newest first. */
  async mine(caller: AuthUser, query: PageQueryDto): Promise<Page<Notification>> {
    const [items, total] = await this.dataSource.getRepository(Notification).findAndCount({
      where: { userId: caller.id },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /** Marks one of the caller's messages read (once: a second call keeps the first time); another's is 404. */
  async markRead(caller: AuthUser, id: string): Promise<Notification> {
    return this.dataSource.transaction(async (em) => {
      const found = await em.getRepository(Notification).findOneBy({ id, userId: caller.id });
      if (!found) throw new DomainError('NOT_FOUND');
      if (!found.readAt) {
        await em.query(`UPDATE notifications SET read_at = platform_now() WHERE id = $1 AND read_at IS NULL`, [id]);
      }
      return em.getRepository(Notification).findOneByOrFail({ id });
    });
  }
}
