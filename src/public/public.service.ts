import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { LIVE_DEAL_STATUSES } from '../deals/domain/deal-status';
import { Deal } from '../deals/entities/deal.entity';
import { Listing } from '../listings/entities/listing.entity';

/** Statuses on the announcement board (公告): open for registration, or being auctioned. */
// a suspended listing stays on the board (中止公告): bidders and villagers need to see that it stopped, and why
const ANNOUNCED_STATUSES = ['ANNOUNCED', 'BIDDING', 'SUSPENDED'] as const;

/** The public notice board (公示栏): announcements and results, for anyone without signing in. */
@Injectable()
export class PublicService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Listings in announcement or bidding, those closing soonest first. */
  async announcements(query: PageQueryDto): Promise<Page<Listing>> {
    const [items, total] = await this.dataSource.getRepository(Listing).findAndCount({
      where: { status: In([...ANNOUNCED_STATUSES]) },
      order: { announcementEndsAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /** Deals in publicity or done (confirmed, contracted, settled), newest first, with their listings. */
  async results(query: PageQueryDto): Promise<Page<{ deal: Deal; listing: Listing }>> {
    const [deals, total] = await this.dataSource.getRepository(Deal).findAndCount({
      where: { status: In([...LIVE_DEAL_STATUSES]) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    const ids = [...new Set(deals.map((d) => d.listingId))];
    const listings = ids.length ? await this.dataSource.getRepository(Listing).findBy({ id: In(ids) }) : [];
    const byId = new Map(listings.map((l) => [l.id, l]));
    return pageOf(
      deals.map((deal) => ({ deal, listing: byId.get(deal.listingId)! })),
      total,
      query,
    );
  }
}
