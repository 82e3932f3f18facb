import { statements } from './statements.ts';

/**
 * The items one terminal offers, when its manager narrows them (a terminal in a bank lobby offers social
 * insurance, one in a village the basic certificates); a terminal without a row offers every terminal
 * item of its center.
 */
export const terminalItems = statements([
  `CREATE TABLE terminal_items (
    device_id text PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    item_ids jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
]);
