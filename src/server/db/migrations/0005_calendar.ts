import { statements } from './statements.ts';

/**
 * The working-day calendar: explicit overrides of the default week (Mon–Fri working). The State Council
 * schedule is loaded at start-up from the `chinese-days` package, one year at a time (calendar_seeded_years
 * remembers which), so an administrator's edits and deletions survive restarts and package updates.
 */
export const calendar = statements([
  `CREATE TABLE calendar_days (
    day text PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind text NOT NULL CHECK (kind IN ('holiday','workday')),
    name text NOT NULL,
    source text NOT NULL CHECK (source IN ('chinese-days','admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE calendar_seeded_years (
    year integer PRIMARY KEY,
    source text NOT NULL,
    seeded_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE calendar_state (
    id integer PRIMARY KEY CHECK (id = 1),
    stamp text NOT NULL
  )`,
  `INSERT INTO calendar_state (id, stamp) VALUES (1, md5(random()::text || clock_timestamp()::text))`,
]);
