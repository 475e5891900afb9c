import { Module } from '@nestjs/common';
import { WebModule } from '../web.module';
import { HomeController } from './home.controller';
import { NotFoundController } from './not-found.controller';

/** The pages (server-rendered): each controller gathers data from the same services as the API and renders. */
@Module({
  imports: [WebModule],
  // NotFoundController last: it answers every page path the others do not
  controllers: [HomeController, NotFoundController],
})
export class PagesModule {}
