import type { Collection, Model } from 'mongoose';

/**
 * The driver's collection behind a model, typed by its record (the same collection object mongoose
 * keeps for the model). Persistence writes through it where a mongoose model call would not do: an
 * insert that must fail on a duplicate `_id` (mongoose's `create` builds and validates a document
 * first), and writes that store the record exactly as given (mongoose casts and would add defaults).
 * With it, those writes are type-checked against the record instead of cast to `never`.
 */
export function collectionOf<TRecord extends { _id: string }>(model: Model<TRecord>): Collection<TRecord> {
  return model.db.collection<TRecord>(model.collection.collectionName);
}
