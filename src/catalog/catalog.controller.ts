import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { CATEGORIES } from './domain/category-registry';
import { CategoryDefinition } from './domain/category.types';

@ApiTags('reference data')
@Controller('categories')
export class CatalogController {
  @Public()
  @Get()
  @ApiDoc({
    zh: '12 类交易品种及其属性、规则',
    en: 'The 12 transaction categories, their attributes and rules',
    roles: ['public'],
  })
  list(): readonly CategoryDefinition[] {
    return CATEGORIES;
  }
}
