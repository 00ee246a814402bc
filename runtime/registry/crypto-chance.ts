// Production's chance: tokens and secrets from the operating system's CSPRNG. The simulator
// uses SeededChance instead, so its runs replay; nothing else differs.
import { randomBytes, randomInt } from 'node:crypto';
import type { Chance } from '../../machines/random.ts';

export class CryptoChance implements Chance {
  next(): number {
    return randomInt(0, 2 ** 48) / 2 ** 48;
  }

  token(): string {
    return randomBytes(16).toString('hex');
  }
}
