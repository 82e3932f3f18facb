import { statements } from './statements.ts';

/**
 * The statistics sweep reads the callbacks (rectification.changed) of the last minutes again, by time, so
 * a callback whose transaction committed after a sweep had read past its event number is not lost. Only
 * those events are indexed: they are few, and event_log takes every other event of the hall.
 */
export const callbackEvents = statements([`CREATE INDEX event_log_rectification_at_idx ON event_log (at) WHERE type = 'rectification.changed'`]);
