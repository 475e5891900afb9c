import { All, Controller, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { WebErrorFilter } from '../web-error.filter';

/** Any other page path: an HTML 404 (registered last, after every page controller). */
@ApiExcludeController()
@Public()
@UseFilters(WebErrorFilter)
@Controller('web')
export class NotFoundController {
  @All('{*path}')
  notFound(): never {
    throw new DomainError('NOT_FOUND');
  }
}
