import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

function toNotificationDto(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    createdAt: n.createdAt,
    readAt: n.readAt,
    listingId: n.listingId ?? undefined,
    dealId: n.dealId ?? undefined,
    contractId: n.contractId ?? undefined,
  };
}

@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiDoc({
    zh: '我的消息（最新的在前）',
    en: 'My notifications, newest first',
    roles: ['any'],
    errors: ['VALIDATION_FAILED'],
  })
  async mine(@Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    const page = await this.notifications.mine(caller, query);
    return { ...page, items: page.items.map(toNotificationDto) };
  }

  @Post(':id/read')
  @ApiDoc({
    zh: '标记消息已读',
    en: 'Mark a notification read',
    roles: ['its recipient'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async read(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return toNotificationDto(await this.notifications.markRead(caller, id));
  }
}
