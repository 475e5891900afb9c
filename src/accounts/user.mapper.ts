import { maskIdNumber, maskPhone } from './domain/identity';
import { UserDto } from './dto/account.dto';
import { User } from './entities/user.entity';

/**
 * An account as shown to `viewer`: ID numbers and credit codes masked for everyone (API.md), the phone shown in
 * full only to the person and to staff.
 */
export function toUserDto(user: User, options: { showPhone: boolean }): UserDto {
  return {
    id: user.id,
    phone: options.showPhone ? user.phone : maskPhone(user.phone),
    name: user.name,
    partyType: user.partyType,
    idNumber: user.idNumber ? maskIdNumber(user.idNumber) : null,
    creditCode: user.creditCode ? maskIdNumber(user.creditCode) : null,
    villageCode: user.villageCode,
    roles: user.roles,
    address: user.address,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}
