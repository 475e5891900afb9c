import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '../config/runtime';
import { DivisionsModule } from '../divisions/divisions.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AccountStatusCache } from './account-status.cache';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';

@Module({
  imports: [
    PassportModule,
    DivisionsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: {
          algorithm: 'HS256',
          issuer: config.jwtIssuer,
          audience: config.jwtAudience,
          expiresIn: config.JWT_EXPIRES_IN_SECONDS,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: config.jwtIssuer, audience: config.jwtAudience },
      }),
    }),
  ],
  controllers: [AccountsController],
  providers: [AccountsService, AuthService, PasswordHasher, JwtStrategy, AccountStatusCache],
  exports: [AccountsService, AuthService, AccountStatusCache],
})
export class AccountsModule {}
