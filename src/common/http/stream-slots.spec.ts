import { DomainError } from '../errors/domain-error';
import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('refuses a client past its limit with RATE_LIMITED, and takes it again once one is released', () => {
    const slots = new StreamSlots(2);
    const first = slots.acquire('10.0.0.1');
    slots.acquire('10.0.0.1');
    expect(() => slots.acquire('10.0.0.1')).toThrow(DomainError);
    expect(slots.acquire('10.0.0.2')).toEqual(expect.any(Function)); // other clients are not affected
    first();
    first(); // a second release of the same slot changes nothing
    expect(slots.count('10.0.0.1')).toBe(1);
    slots.acquire('10.0.0.1');
    expect(slots.count('10.0.0.1')).toBe(2);
  });
});
