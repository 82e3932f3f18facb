import { statements } from './statements.ts';

export const appointments = statements([
  `CREATE TABLE appointment_settings (
    center_id text PRIMARY KEY REFERENCES centers(id) ON DELETE CASCADE,
    settings jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE appointments (
    id text PRIMARY KEY,
    code text NOT NULL UNIQUE,
    center_id text NOT NULL REFERENCES centers(id),
    category_id text NOT NULL REFERENCES queue_categories(id),
    slot_date text NOT NULL,
    slot_start timestamptz NOT NULL,
    slot_end timestamptz NOT NULL,
    name text NOT NULL,
    id_number text NOT NULL,
    id_hash text NOT NULL,
    phone text NOT NULL,
    item_id text,
    form_data jsonb,
    status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked','checked_in','cancelled')),
    ticket_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    checked_in_at timestamptz,
    cancelled_at timestamptz
  )`,
  `CREATE INDEX appointments_slot_idx ON appointments (category_id, slot_start) WHERE status <> 'cancelled'`,
  `CREATE INDEX appointments_person_idx ON appointments (id_hash, slot_start)`,
  `CREATE INDEX appointments_center_day_idx ON appointments (center_id, slot_date)`,
  // Messages to send (SMS reminders, notices), delivered by whichever node holds the sender's lock.
  `CREATE TABLE outbox_messages (
    id text PRIMARY KEY,
    channel text NOT NULL CHECK (channel IN ('sms')),
    recipient text NOT NULL,
    body text NOT NULL,
    reference text,
    due_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed','cancelled')),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX outbox_due_idx ON outbox_messages (due_at) WHERE status = 'pending'`,
  `CREATE INDEX outbox_reference_idx ON outbox_messages (reference)`,
]);
