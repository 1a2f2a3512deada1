// Signed-out API tokens (engine/api/auth.ts): each token id is kept until the token would have expired
// anyway, so every API process refuses a token at once after its sign-out.
import type { Store } from '../store/types.js';

/** A signed-out token, kept until it would have expired anyway. */
export interface RevokedToken {
  _id: string;
  user: string;
  expiresAt: number;
}

export class RevokedTokens {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<RevokedToken>('revokedTokens');
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    return (await this.col.findOne({ _id: tokenId })) !== null;
  }

  /**
   * Records the sign-out of token `tokenId` of `user` (valid until `expiresAt`); a repeat changes nothing.
   * Also drops the records of tokens expired before `now`, which no check needs any more.
   */
  async revoke(tokenId: string, user: string, expiresAt: number, now: number): Promise<void> {
    await this.col.insertManyIgnoreDuplicates([{ _id: tokenId, user, expiresAt }]);
    await this.col.deleteMany({ expiresAt: { $lt: now } });
  }
}
