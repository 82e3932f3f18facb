import type { ColumnType, Generated } from 'kysely';
import { inTransaction } from '../db/transaction.ts';
import type { Executor } from '../db/types.ts';
import { newId } from './ids.ts';
import { maskPersonalData } from './masking.ts';
import type { CreatedAt } from './tables.ts';
import { currentTime } from './clock.ts';

/**
 * Messages to people (SMS reminders, notices) are written to an outbox in the transaction of the change
 * that causes them, and delivered afterwards by a sender: a gateway in production, the log by default.
 */

export interface OutboxMessagesTable {
  id: string;
  channel: 'sms';
  recipient: string;
  body: string;
  /** What the message is about ('appointment:<id>'), so it can be cancelled with it. */
  reference: string | null;
  due_at: ColumnType<Date, Date, Date>;
  status: Generated<'pending' | 'sent' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface OutboxTables {
  outbox_messages: OutboxMessagesTable;
}

export interface MessageSender {
  send(message: { channel: 'sms'; recipient: string; body: string }): Promise<void>;
}

/** The default sender: writes each message to the log (phone masked) instead of an SMS gateway. */
export function logSender(log: (line: string) => void): MessageSender {
  return {
    async send(message) {
      log(maskPersonalData(`[短信] ${message.recipient}：${message.body}`));
    },
  };
}

export async function enqueueMessage(executor: Executor, message: { recipient: string; body: string; reference?: string; dueAt?: Date }): Promise<void> {
  await executor
    .insertInto('outbox_messages')
    .values({ id: newId(), channel: 'sms', recipient: message.recipient, body: message.body, reference: message.reference ?? null, due_at: message.dueAt ?? currentTime() })
    .execute();
}

/** Withdraws the messages about something not yet sent (a cancelled booking's reminder). */
export async function cancelMessages(executor: Executor, reference: string): Promise<void> {
  await executor.updateTable('outbox_messages').set({ status: 'cancelled' }).where('reference', '=', reference).where('status', '=', 'pending').execute();
}

const maxAttempts = 5;

/**
 * Sends what is due, a batch at a time. Rows are locked with SKIP LOCKED, so several nodes may run this
 * at once without sending a message twice; a failure is retried later, up to five attempts.
 */
export async function deliverDueMessages(executor: Executor, sender: MessageSender, now = currentTime(), batch = 50): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await inTransaction(executor, async (trx) => {
    const due = await trx.selectFrom('outbox_messages').selectAll().where('status', '=', 'pending').where('due_at', '<=', now).orderBy('due_at').limit(batch).forUpdate().skipLocked().execute();
    for (const message of due) {
      try {
        await sender.send({ channel: message.channel, recipient: message.recipient, body: message.body });
        await trx.updateTable('outbox_messages').set({ status: 'sent', sent_at: now, attempts: message.attempts + 1 }).where('id', '=', message.id).execute();
        sent++;
      } catch (error) {
        const attempts = message.attempts + 1;
        await trx
          .updateTable('outbox_messages')
          .set({ attempts, last_error: String(error).slice(0, 500), status: attempts >= maxAttempts ? 'failed' : 'pending', due_at: new Date(now.getTime() + 2 ** attempts * 60_000) })
          .where('id', '=', message.id)
          .execute();
        failed++;
      }
    }
  });
  return { sent, failed };
}
