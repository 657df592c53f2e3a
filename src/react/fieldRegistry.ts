/**
 * @internal The field identities of the uploaders mounted under one `<DocumentsProvider>`. An uploader's recovery
 * record is keyed by account, type and this identity, so two uploaders of one type must never hold the same one: the
 * second to claim an identity gets it with a suffix (`#2`, `#3`, …). Uploaders mount in tree order, so after a reload
 * the same field gets the same suffix again.
 */
export interface FieldRegistry {
  /** Claims `id` among the uploaders of `type`, or the first free `id#n` when it is taken; returns what was claimed. */
  claim(type: string, id: string): string;
  /** Gives a claimed identity back. */
  release(type: string, claimed: string): void;
}

/** @internal A registry of live field identities (one per provider). */
export function createFieldRegistry(): FieldRegistry {
  const live = new Set<string>();
  // JSON keeps any type and id apart (no separator can be forged).
  const key = (type: string, id: string): string => JSON.stringify([type, id]);
  return {
    claim(type, id) {
      let claimed = id;
      for (let n = 2; live.has(key(type, claimed)); n += 1) claimed = `${id}#${n}`;
      live.add(key(type, claimed));
      return claimed;
    },
    release(type, claimed) {
      live.delete(key(type, claimed));
    },
  };
}
